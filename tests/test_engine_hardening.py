"""The engine at its edges (issue 13): threads, mixed precision, weak scalars, error notes,
and a backward that hands back one of its inputs."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Array, BackwardError, Function, Variable, grad

# ---------------------------------------------------------------- threads


def test_backward_from_several_threads_into_one_leaf_loses_no_update() -> None:
    x = Variable(np.array(0.0))
    passes, threads = 2_000, 4
    start = threading.Barrier(threads)

    def work() -> None:
        start.wait()
        for _ in range(passes):
            F.sum(x * 1.0).backward()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so races show
    try:
        pool = [threading.Thread(target=work) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert x.grad is not None
    assert x.grad.data == passes * threads  # each pass adds exactly 1


# ---------------------------------------------------------------- mixed precision


def _f32(*shape: int) -> Variable:
    return Variable(np.arange(1.0, 1.0 + np.prod(shape)).reshape(shape).astype(np.float32))


def _f64(*shape: int) -> Variable:
    return Variable(np.linspace(-1.0, 2.0, int(np.prod(shape))).reshape(shape))


def test_each_leaf_gets_a_gradient_of_its_own_dtype_through_mul() -> None:
    a, b = _f32(3), _f64(3)
    F.sum(a * b).backward()
    assert a.grad is not None and b.grad is not None
    assert (a.grad.dtype, b.grad.dtype) == (np.dtype(np.float32), np.dtype(np.float64))
    np.testing.assert_allclose(a.grad.data, b.data, rtol=1e-7)  # d(a*b)/da = b
    np.testing.assert_array_equal(b.grad.data, a.data.astype(np.float64))


def test_mixed_precision_through_mean_squared_error() -> None:
    a, b = _f32(2, 3), _f64(2, 3)
    F.mean_squared_error(a, b).backward()
    assert a.grad is not None and b.grad is not None
    assert (a.grad.dtype, b.grad.dtype) == (np.dtype(np.float32), np.dtype(np.float64))
    expected = 2 * (a.data.astype(np.float64) - b.data) / 6
    np.testing.assert_allclose(a.grad.data, expected, rtol=1e-6)
    np.testing.assert_allclose(b.grad.data, -expected)


def test_mixed_precision_through_matmul() -> None:
    a, b = _f32(2, 3), _f64(3, 4)
    F.sum(F.matmul(a, b)).backward()
    assert a.grad is not None and b.grad is not None
    assert (a.grad.dtype, b.grad.dtype) == (np.dtype(np.float32), np.dtype(np.float64))
    np.testing.assert_allclose(a.grad.data, np.ones((2, 4)) @ b.data.T, rtol=1e-6)
    np.testing.assert_allclose(b.grad.data, a.data.T.astype(np.float64) @ np.ones((2, 4)))


def test_mixed_precision_through_concatenate() -> None:
    a, b = _f32(2), _f64(3)
    w = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    F.sum(F.concatenate(a, b) * w).backward()
    assert a.grad is not None and b.grad is not None
    assert (a.grad.dtype, b.grad.dtype) == (np.dtype(np.float32), np.dtype(np.float64))
    np.testing.assert_array_equal(a.grad.data, [1.0, 2.0])
    np.testing.assert_array_equal(b.grad.data, [3.0, 4.0, 5.0])


def test_mixed_precision_second_derivative_keeps_each_dtype() -> None:
    a, b = _f32(3), _f64(3)
    (ga,) = grad(F.sum(a * a * b), a, create_graph=True)
    assert ga.dtype == np.float32
    (gb,) = grad(F.sum(ga), b)
    assert gb.dtype == np.float64
    np.testing.assert_allclose(gb.data, 2 * a.data.astype(np.float64))  # d/db sum(2ab)


class IntegerGradient(Function):
    """A (wrong) backward that hands a floating input an integer gradient."""

    def forward(self, x: Array) -> Array:
        return x * 2

    def backward(self, gy: Variable) -> Variable:
        return Variable(np.full(gy.shape, 2, dtype=np.int64))


def test_an_integer_gradient_for_a_floating_input_is_refused_naming_the_function() -> None:
    x = Variable(np.ones(3))
    y = IntegerGradient()(x)
    with pytest.raises(BackwardError, match=r"IntegerGradient.*dtype int64.*input 0.*float64"):
        y.backward()
    assert x.grad is None


def test_an_integer_leaf_keeps_a_floating_gradient() -> None:
    """Documented choice: an integer leaf's gradient is not cast to int (that would lose
    everything); it stays as the backward computed it, as autograd-core always did."""
    n = Variable(np.array([1, 2, 3]))
    F.sum(n * 0.5).backward()
    assert n.grad is not None and n.grad.dtype == np.float64
    np.testing.assert_array_equal(n.grad.data, [0.5, 0.5, 0.5])


# ---------------------------------------------------------------- weak scalars


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.int32, np.int64])
@pytest.mark.parametrize("number", [2.0, 3])
def test_python_numbers_are_weak_beside_ndarrays_as_in_numpy(
    dtype: type[np.generic], number: float
) -> None:
    data = np.ones(3, dtype=dtype)
    assert F.add(data, number).dtype == (data + number).dtype
    assert F.mul(number, data).dtype == (number * data).dtype
    assert F.add(Variable(data), number).dtype == (data + number).dtype


def test_add_of_a_float32_array_and_a_float_is_float32() -> None:
    assert F.add(np.ones(3, np.float32), 2.0).dtype == np.float32
    assert F.add(np.ones(3, np.float32), np.float64(2.0)).dtype == np.float64  # numpy scalar


# ---------------------------------------------------------------- errors name the function


class Returns(Function):
    """A forward returning whatever it was built with."""

    def __init__(self, value: object) -> None:
        super().__init__()
        self.value = value

    def forward(self, x: Array) -> Array:
        return self.value  # type: ignore[return-value]  # the point is the run-time check

    def backward(self, gy: Variable) -> Variable:
        return gy


@pytest.mark.parametrize(
    "value",
    [np.array([True]), np.array([1j]), np.array([object()]), 1.5, [1.0]],
    ids=["bool", "complex", "object", "float", "list"],
)
def test_a_forward_returning_a_non_numeric_result_is_named(value: object) -> None:
    with pytest.raises(TypeError) as info:
        Returns(value)(Variable(np.ones(1)))
    notes = getattr(info.value, "__notes__", [])
    assert any("while running Returns.forward" in n for n in notes), notes


class Fails(Function):
    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def forward(self, x: Array) -> Array:
        if self.where == "forward":
            raise ZeroDivisionError("boom")
        return x.copy()

    def backward(self, gy: Variable) -> Variable:
        raise KeyError("bang")


@pytest.mark.parametrize("where", ["forward", "backward"])
def test_any_error_in_forward_or_backward_carries_the_note(where: str) -> None:
    x = Variable(np.ones(2))
    with pytest.raises((ZeroDivisionError, KeyError)) as info:
        Fails(where)(x).backward()
    assert f"while running Fails.{where}" in "".join(getattr(info.value, "__notes__", []))


def test_an_error_in_a_registered_function_names_its_plugin() -> None:
    with pytest.raises(ValueError) as info:
        F.matmul(Variable(np.ones((2, 3))), Variable(np.ones((2, 3))))
    assert "plugin 'tensor'" in "".join(getattr(info.value, "__notes__", []))


def test_an_operator_error_names_the_core_function() -> None:
    with pytest.raises(ValueError) as info:
        Variable(np.ones(2)) + Variable(np.ones(3))
    assert "while running Add" in "".join(getattr(info.value, "__notes__", []))


# ---------------------------------------------------------------- inputs as gradients


class HalfSquare(Function):
    """x**2 / 2, whose lazy backward returns its input (right only for a seed of ones)."""

    def forward(self, x: Array) -> Array:
        return x * x / 2

    def backward(self, gy: Variable) -> Variable:
        return self.inputs[0]


class Swap(Function):
    """x * y whose lazy backward returns the other input (right for a seed of ones)."""

    def forward(self, x: Array, y: Array) -> Array:
        return x * y

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        x, y = self.inputs
        return y, x


@pytest.mark.parametrize("create_graph", [False, True])
def test_a_backward_returning_its_input_never_makes_it_its_own_gradient(
    create_graph: bool,
) -> None:
    x = Variable(np.array([1.0, -2.0]))
    HalfSquare()(x).backward(create_graph=create_graph)
    assert x.grad is not None and x.grad is not x
    assert not np.shares_memory(x.grad.data, x.data)
    np.testing.assert_array_equal(x.grad.data, [1.0, -2.0])
    x.data[0] = 10.0  # the gradient does not move with the input
    np.testing.assert_array_equal(x.grad.data, [1.0, -2.0])


def test_a_backward_returning_the_other_input_copies_it() -> None:
    a, b = Variable(np.array([2.0])), Variable(np.array([3.0]))
    Swap()(a, b).backward()
    assert a.grad is not None and b.grad is not None
    assert a.grad is not b and b.grad is not a
    assert not np.shares_memory(a.grad.data, b.data)
    np.testing.assert_array_equal(a.grad.data, [3.0])
    np.testing.assert_array_equal(b.grad.data, [2.0])


def test_a_seed_that_is_the_output_itself_is_not_its_own_gradient() -> None:
    x = Variable(np.array([1.0, 2.0]))
    y = x * 1.0
    y.backward(grad=y, retain_grad=True)
    assert y.grad is not None and y.grad is not y and x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [1.0, 2.0])
