"""Function: the abstract base, calls, multiple outputs, and how bad backwards are reported."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from user_functions import Exp, SinCos, Square, gradient

from autograd_core import Array, BackwardError, Function, Variable, gradcheck

# ---------------------------------------------------------------- the base class


def test_a_function_without_backward_or_forward_cannot_be_instantiated() -> None:
    class NoBackward(Function):
        def forward(self, x: Array) -> Array:
            return x

    class NoForward(Function):
        def backward(self, gy: Variable) -> Variable:
            return gy

    with pytest.raises(TypeError, match="abstract"):
        NoBackward()  # type: ignore[abstract]  # the point is the run-time check
    with pytest.raises(TypeError, match="abstract"):
        NoForward()  # type: ignore[abstract]  # the point is the run-time check


def test_a_call_wraps_ndarrays_and_numbers_and_records_the_graph() -> None:
    f = Square()
    x = Variable(np.array([1.0, -3.0]))
    y = f(x)
    assert isinstance(y, Variable)
    np.testing.assert_array_equal(y.data, [1.0, 9.0])
    assert y.creator is f and y.requires_grad
    assert f.inputs == (x,)
    assert f.outputs[0]() is y
    # ndarrays and numbers are constants: their result needs no gradient, nothing is recorded
    g = Square()
    c = g(np.array([1.0, -3.0]))
    np.testing.assert_array_equal(c.data, [1.0, 9.0])
    assert c.creator is None and not c.requires_grad and g.inputs == ()
    assert Square()(3).data == 9


def test_a_0d_result_is_an_ndarray_even_when_numpy_returns_a_scalar() -> None:
    y = Exp()(Variable(np.array(0.0)))
    assert type(y.data) is np.ndarray
    assert y.shape == ()
    assert y.data == 1.0


def test_forward_must_return_ndarrays() -> None:
    class ReturnsList(Function):
        def forward(self, x: Array) -> Any:
            return [1.0]

        def backward(self, gy: Variable) -> Variable:
            return gy

    with pytest.raises(TypeError, match=r"ReturnsList\.forward must return ndarrays, got list"):
        ReturnsList()(Variable(np.ones(1)))


def test_an_instance_is_single_use() -> None:
    f = Square()
    x = Variable(np.array(2.0))
    f(x)
    with pytest.raises(RuntimeError, match="Square instance was already called"):
        f(x)


def test_an_init_that_forgets_super_init_is_named() -> None:
    class Scale(Function):
        def __init__(self, factor: float) -> None:  # no super().__init__()
            self.factor = factor

        def forward(self, x: Array) -> Array:
            return x * self.factor

        def backward(self, gy: Variable) -> Variable:
            return gy * self.factor

    with pytest.raises(TypeError, match=r"Scale\.__init__ must call super\(\)\.__init__\(\)"):
        Scale(2.0)(Variable(np.ones(2)))


def test_inputs_of_the_wrong_type_are_named_with_their_index() -> None:
    with pytest.raises(TypeError, match=r"Square input 0 takes .* got str"):
        Square()("x")  # type: ignore[arg-type]  # the point is the run-time check


# ---------------------------------------------------------------- several outputs


def test_multiple_outputs_are_a_tuple_of_variables_with_gradients() -> None:
    data = np.array([0.3, 1.1, -2.0])
    x = Variable(data)
    s, c = SinCos()(x)
    np.testing.assert_allclose(s.data, np.sin(data))
    np.testing.assert_allclose(c.data, np.cos(data))
    assert s.creator is c.creator
    (s * c).backward()
    np.testing.assert_allclose(gradient(x), np.cos(2 * data))  # d(sin x cos x) = cos 2x


class RecordingSinCos(SinCos):
    """SinCos that keeps the output gradients its backward received."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[Array] = []

    def backward(self, gs: Variable, gc: Variable) -> Variable:
        self.received = [gs.data, gc.data]
        return super().backward(gs, gc)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("keep_unused", [True, False], ids=["unused-alive", "unused-dropped"])
def test_an_output_that_gets_no_gradient_receives_zeros(
    dtype: type[np.floating[Any]], keep_unused: bool
) -> None:
    data = np.array([[0.5, 1.0, 2.0]], dtype=dtype)
    x = Variable(data)
    f = RecordingSinCos()
    outputs = f(x)
    s = outputs[0]
    if not keep_unused:
        del outputs  # the cosine output dies: only its shape and dtype are left
    (3.0 * s).backward()
    gs, gc = f.received
    np.testing.assert_array_equal(gs, np.full((1, 3), 3.0))
    np.testing.assert_array_equal(gc, np.zeros((1, 3)))
    assert gc.dtype == dtype
    np.testing.assert_allclose(gradient(x), 3.0 * np.cos(data), rtol=1e-6)


def test_a_function_with_an_integer_input_gives_it_no_gradient() -> None:
    class SquaredErrorToLabel(Function):
        """`(x - t) ** 2` against integer labels `t`, which get no gradient."""

        def forward(self, x: Array, t: Array) -> Array:
            return (x - t) ** 2

        def backward(self, gy: Variable) -> tuple[Variable, None]:
            x, t = self.inputs
            return gy * 2 * (x - t), None

    x = Variable(np.array([0.5, 2.0, -1.0]))
    t = Variable(np.array([1, 2, 0]))
    y = SquaredErrorToLabel()(x, t)
    np.testing.assert_allclose(y.data, [0.25, 0.0, 1.0])
    y.backward()
    np.testing.assert_allclose(gradient(x), [-1.0, 0.0, -2.0])
    assert t.grad is None
    assert gradcheck(lambda a, b: SquaredErrorToLabel()(a, b), x, t.data)


# ---------------------------------------------------------------- bad backwards


class Combine(Function):
    """`x0 * x1` with broadcasting; subclasses break its backward in one way each."""

    def forward(self, x0: Array, x1: Array) -> Array:
        return x0 * x1

    def backward(self, gy: Variable) -> Any:
        raise NotImplementedError


class WrongCount(Combine):
    def backward(self, gy: Variable) -> Any:
        (x0, _) = self.inputs
        return gy * x0


class WrongShape(Combine):
    def backward(self, gy: Variable) -> Any:
        x0, x1 = self.inputs
        return gy * x1, gy * x0  # not summed back to x1's shape (3,)


class NotAVariable(Combine):
    def backward(self, gy: Variable) -> Any:
        x0, x1 = self.inputs
        return (gy * x1).data, gy * x0


class Raises(Combine):
    def backward(self, gy: Variable) -> Any:
        raise FloatingPointError("bad backward")


BAD_BACKWARDS: list[tuple[type[Combine], type[Exception], str]] = [
    (WrongCount, BackwardError, r"WrongCount\.backward returned 1 gradient\(s\) for 2 input\(s\)"),
    (
        WrongShape,
        BackwardError,
        r"WrongShape\.backward returned a gradient of shape \(2, 3\) for input 1 of shape \(3,\)",
    ),
    (NotAVariable, BackwardError, r"NotAVariable\.backward returned ndarray for input 0"),
    (Raises, FloatingPointError, r"bad backward"),
]


@pytest.mark.parametrize("first", [True, False], ids=["bad-first", "bad-last"])
@pytest.mark.parametrize("retain_grad", [False, True])
@pytest.mark.parametrize(
    ("bad", "error", "message"), BAD_BACKWARDS, ids=[bad.__name__ for bad, _, _ in BAD_BACKWARDS]
)
def test_a_bad_backward_is_named_and_leaves_every_grad_unchanged(
    bad: type[Combine], error: type[Exception], message: str, retain_grad: bool, first: bool
) -> None:
    a = Variable(np.arange(6.0).reshape(2, 3))
    w = Variable(np.array([1.0, 2.0, 3.0]))
    Square()(a).backward()  # a.grad = 2a, before the failing pass
    old = a.grad
    assert old is not None
    before = old.data.copy()

    h = Square()(a)
    y = bad()(h, w) + h if first else h + bad()(h, w)
    with pytest.raises(error, match=message) as info:
        y.backward(retain_grad=retain_grad)

    if error is not BackwardError:  # the engine's own errors name the function in the message
        assert info.value.__notes__ == [f"while running {bad.__name__}.backward"]
    assert a.grad is old
    np.testing.assert_array_equal(old.data, before)
    assert w.grad is None
    assert h.grad is None
    assert y.grad is None


def test_an_exception_in_forward_carries_a_note_naming_the_function() -> None:
    class Log(Function):
        def forward(self, x: Array) -> Array:
            if (x <= 0).any():
                raise ValueError("log of a non-positive number")
            return np.log(x)

        def backward(self, gy: Variable) -> Variable:
            (x,) = self.inputs
            return gy / x

    with pytest.raises(ValueError, match="non-positive") as info:
        Log()(Variable(np.array([1.0, -1.0])))
    assert info.value.__notes__ == ["while running Log.forward"]
    y = Log()(Variable(np.array(math.e)))
    np.testing.assert_allclose(y.data, 1.0)
