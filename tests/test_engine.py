"""The backward engine: the seed examples, order and count of backward calls, deep chains,
gradient accumulation without sharing or mutation, retain_grad and seeds."""

from __future__ import annotations

import itertools
import math
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from user_functions import Cos, Exp, Scale, Sin, SinCos, Square, gradient

from autograd_core import Array, Function, Variable, numerical_diff

# ---------------------------------------------------------------- the seed examples


def test_square_of_exp_of_square() -> None:
    x = Variable(np.array(0.5))
    y = Square()(Exp()(Square()(x)))  # exp(x^2)^2 = exp(2 x^2)
    y.backward()
    closed_form = 4 * 0.5 * math.exp(2 * 0.5**2)  # d/dx exp(2x^2) = 4x exp(2x^2)
    np.testing.assert_allclose(gradient(x), closed_form, rtol=1e-12)
    numerical = numerical_diff(lambda v: Square()(Exp()(Square()(v))), x)
    np.testing.assert_allclose(gradient(x), numerical, rtol=1e-6)


def test_a_variable_used_twice_and_cleargrad() -> None:
    x = Variable(np.array(3.0))
    (x + x).backward()
    assert gradient(x) == 2.0
    x.cleargrad()
    ((x + x) + x).backward()
    assert gradient(x) == 3.0


def test_a_second_backward_accumulates_without_cleargrad() -> None:
    x = Variable(np.array(3.0))
    (x + x).backward()
    ((x + x) + x).backward()
    assert gradient(x) == 2.0 + 3.0


def test_second_derivative_through_create_graph() -> None:
    x = Variable(np.array(2.0))
    y = x**4 - 2 * x**2
    y.backward(create_graph=True)
    assert gradient(x) == 4 * 2.0**3 - 4 * 2.0  # 24
    gx = x.grad
    assert gx is not None
    assert gx.creator is not None
    x.cleargrad()
    gx.backward()
    assert gradient(x) == 12 * 2.0**2 - 4  # 44


def test_newtons_method_with_second_derivatives_finds_the_minimiser() -> None:
    def f(x: Variable) -> Variable:
        return x**4 - 2 * x**2  # minima at x = +-1

    x = Variable(np.array(2.0))
    for _ in range(10):
        x.cleargrad()
        f(x).backward(create_graph=True)
        gx = x.grad
        assert gx is not None
        x.cleargrad()
        gx.backward()
        x.data -= gx.data / gradient(x)
    np.testing.assert_allclose(x.data, 1.0, rtol=1e-12)


def test_newtons_method_on_a_function_of_sin_and_exp() -> None:
    """Minimise f(x) = exp(x) - 2 sin(x) near 0.5: f'(x) = exp(x) - 2 cos(x) = 0."""
    x = Variable(np.array(0.5))
    for _ in range(8):
        x.cleargrad()
        (Exp()(x) - 2 * Sin()(x)).backward(create_graph=True)
        gx = x.grad
        assert gx is not None
        x.cleargrad()
        gx.backward()
        x.data -= gx.data / gradient(x)
    root = float(x.data)
    assert abs(math.exp(root) - 2 * math.cos(root)) < 1e-12
    assert math.exp(root) + 2 * math.sin(root) > 0  # a minimum: f'' > 0


# ---------------------------------------------------------------- order and count


class Trace:
    """The functions created and the order of their backward calls."""

    def __init__(self) -> None:
        self.created: list[Function[Any]] = []
        self.calls: list[Function[Any]] = []

    def check(self) -> None:
        """Every function ran once, after every function that consumed its outputs."""
        assert sorted(map(id, self.calls)) == sorted(map(id, self.created))
        position = {id(fn): i for i, fn in enumerate(self.calls)}
        for fn in self.calls:
            for x in fn.inputs:
                if x.creator is not None and id(x.creator) in position:
                    assert position[id(x.creator)] > position[id(fn)], (
                        f"{type(x.creator).__name__} ran before its consumer {type(fn).__name__}"
                    )


TRACE = Trace()


@pytest.fixture
def trace() -> Iterator[Trace]:
    TRACE.created.clear()
    TRACE.calls.clear()
    yield TRACE


class Elementwise(Function):
    """`f` forward and `gy * df(x)` backward, recording itself in TRACE."""

    def __init__(
        self, f: Callable[[Array], Array], df: Callable[[Variable], Variable]
    ) -> None:
        super().__init__()
        self.f, self.df = f, df
        TRACE.created.append(self)

    def forward(self, x: Array) -> Array:
        return self.f(x)

    def backward(self, gy: Variable) -> Variable:
        TRACE.calls.append(self)
        (x,) = self.inputs
        return gy * self.df(x)


def tsquare(x: Variable) -> Variable:
    return Elementwise(np.square, lambda v: 2 * v)(x)


def tsin(x: Variable) -> Variable:
    return Elementwise(np.sin, lambda v: Cos()(v))(x)


def texp(x: Variable) -> Variable:
    return Elementwise(np.exp, lambda v: Exp()(v))(x)


class TMul(Function):
    def __init__(self) -> None:
        super().__init__()
        TRACE.created.append(self)

    def forward(self, x0: Array, x1: Array) -> Array:
        return x0 * x1

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        TRACE.calls.append(self)
        x0, x1 = self.inputs
        return gy * x1, gy * x0


class TSinCos(SinCos):
    def __init__(self) -> None:
        super().__init__()
        TRACE.created.append(self)

    def backward(self, gs: Variable, gc: Variable) -> Variable:
        TRACE.calls.append(self)
        return super().backward(gs, gc)


def diamond(x: Variable) -> Variable:
    a = tsquare(x)
    return TMul()(tsin(a), texp(a))


def shared_variable(x: Variable) -> Variable:
    return TMul()(TMul()(tsquare(x), x), tsin(x))


def long_and_short_branch(x: Variable) -> Variable:
    h = tsin(tsquare(x))
    z = h
    for _ in range(5):
        z = tsin(z)
    return TMul()(z, h)  # h's creator must wait for the whole long branch


def shared_subgraph(x: Variable) -> Variable:
    h = tsin(TMul()(x, x))
    left = TMul()(texp(h), h)
    right = tsquare(tsin(h))
    return TMul()(left, TMul()(right, tsquare(h)))


def with_two_outputs(x: Variable) -> Variable:
    h = tsquare(x)
    s, c = TSinCos()(h)
    return TMul()(TMul()(s, c), tsin(h))


GRAPHS = [diamond, shared_variable, long_and_short_branch, shared_subgraph, with_two_outputs]


@pytest.mark.parametrize("graph", GRAPHS, ids=lambda g: g.__name__)
def test_each_function_runs_once_in_reverse_topological_order(
    graph: Callable[[Variable], Variable], trace: Trace
) -> None:
    data = np.array([0.3, -0.8, 1.1])
    x = Variable(data)
    y = graph(x)
    y.backward()
    trace.check()
    numerical = numerical_diff(graph, Variable(data))
    np.testing.assert_allclose(gradient(x), numerical, rtol=1e-5, atol=1e-7)

    calls = len(trace.calls)
    y.backward()  # a second pass runs every function once more, and accumulates
    assert len(trace.calls) == 2 * calls
    np.testing.assert_allclose(gradient(x), 2 * numerical, rtol=1e-5, atol=1e-7)


def test_the_diamond_in_closed_form() -> None:
    x = Variable(np.array(0.7))
    y = diamond(x)  # sin(x^2) exp(x^2)
    y.backward()
    u = 0.7**2
    expected = 2 * 0.7 * (math.cos(u) * math.exp(u) + math.sin(u) * math.exp(u))
    np.testing.assert_allclose(gradient(x), expected, rtol=1e-12)


# ---------------------------------------------------------------- deep graphs




def test_a_chain_of_100000_functions_at_the_default_recursion_limit() -> None:
    limit = sys.getrecursionlimit()
    assert limit == 1000, "this test is about Python's default recursion limit"
    n, factor = 100_000, 1 + 1e-5
    start = time.perf_counter()
    x = Variable(np.array([1.0, 2.0]))
    y = x
    for _ in range(n):
        y = Scale(factor=factor)(y)
    y.backward()
    del y  # freeing the chain must not recurse either
    elapsed = time.perf_counter() - start
    assert sys.getrecursionlimit() == limit
    np.testing.assert_allclose(gradient(x), [factor**n, factor**n], rtol=1e-9)
    assert elapsed < 15, f"100,000 functions took {elapsed:.1f} s"


def test_second_derivative_of_a_deep_chain() -> None:
    """y = sin(sin(...sin(x))) n times; with y_0 = x, y_k+1 = sin(y_k) and D_k = dy_k/dx:
    dy/dx = D_n = prod cos(y_k), and d2y/dx2 = D_n * sum_k -tan(y_k) D_k."""
    n = 5_000
    x = Variable(np.array(0.7))
    y = x
    for _ in range(n):
        y = Sin()(y)
    y.backward(create_graph=True)
    gx = x.grad
    assert gx is not None
    x.cleargrad()
    gx.backward()

    ys, ds = [0.7], [1.0]
    for _ in range(n):
        ds.append(ds[-1] * math.cos(ys[-1]))
        ys.append(math.sin(ys[-1]))
    second = ds[n] * sum(-math.tan(yk) * dk for yk, dk in zip(ys[:n], ds[:n], strict=True))
    np.testing.assert_allclose(gx.data, ds[n], rtol=1e-10)
    np.testing.assert_allclose(gradient(x), second, rtol=1e-8)


# ---------------------------------------------------------------- accumulation and sharing


def test_a_held_gradient_never_changes() -> None:
    x = Variable(np.array([1.0, -2.0]))
    y = Square()(x) + Cos()(x)
    y.backward()
    first = x.grad
    assert first is not None
    first_data = first.data.copy()
    y.backward()
    np.testing.assert_array_equal(first.data, first_data)
    assert x.grad is not first
    np.testing.assert_allclose(gradient(x), 2 * first_data)
    np.testing.assert_allclose(first_data, 2 * x.data - np.sin(x.data))


def _pairs_share_memory(vs: list[Variable], extra: list[Array]) -> list[tuple[int, int]]:
    arrays = [gradient(v) for v in vs] + extra
    return [
        (i, j)
        for i, j in itertools.combinations(range(len(arrays)), 2)
        if np.shares_memory(arrays[i], arrays[j])
    ]


class Identity(Function):
    """Hands its output gradient straight back: the case most likely to alias arrays."""

    def forward(self, x: Array) -> Array:
        return x.copy()

    def backward(self, gy: Variable) -> Variable:
        return gy


SHARING_GRAPHS: list[tuple[str, Callable[[Variable, Variable], Variable]]] = [
    ("a+b", lambda a, b: a + b),
    ("a+b+a", lambda a, b: a + b + a),
    ("a-b", lambda a, b: a - b),
    ("identity", lambda a, b: Identity()(a) + Identity()(Identity()(b))),
    ("a+a*b", lambda a, b: Identity()(a) + a * b),
]


@pytest.mark.parametrize("seed", ["ones", "ndarray", "variable"])
@pytest.mark.parametrize("b_shape", [(2, 3), (3,)], ids=str)
@pytest.mark.parametrize(("name", "graph"), SHARING_GRAPHS, ids=[n for n, _ in SHARING_GRAPHS])
def test_no_two_variables_share_a_gradient_array(
    name: str, graph: Callable[[Variable, Variable], Variable], b_shape: tuple[int, ...], seed: str
) -> None:
    a = Variable(np.arange(6.0).reshape(2, 3))
    b = Variable(np.full(b_shape, 2.0))
    y = graph(a, b)
    g = np.full(y.shape, 1.5)
    seeds = {"ones": None, "ndarray": g, "variable": Variable(g)}
    y.backward(seeds[seed], retain_grad=True)
    involved = [a, b, y]
    if y.creator is not None:
        involved += [x for x in y.creator.inputs if x.creator is not None]
    assert _pairs_share_memory(involved, [g]) == []
    before = [gradient(v).copy() for v in involved]
    g[...] = 100.0  # the caller's seed array is theirs to change
    for v, old in zip(involved, before, strict=True):
        np.testing.assert_array_equal(gradient(v), old)

    y.backward(retain_grad=True)  # accumulate a second pass: still nothing shared
    assert _pairs_share_memory(involved, []) == []


def test_a_leaf_that_is_the_output_gets_a_copy_of_the_seed() -> None:
    x = Variable(np.array([1.0, 2.0]))
    seed = np.array([3.0, 4.0])
    x.backward(seed)
    np.testing.assert_array_equal(gradient(x), [3.0, 4.0])
    assert not np.shares_memory(gradient(x), seed)


# ---------------------------------------------------------------- retain_grad and seeds


def test_only_leaves_keep_grads_by_default() -> None:
    data = np.array([0.2, -0.4])
    x = Variable(data)
    h = Exp()(x)
    y = Square()(h)
    y.backward()
    assert h.grad is None
    assert y.grad is None
    np.testing.assert_allclose(gradient(x), 2 * np.exp(2 * data))


def test_retain_grad_keeps_every_grad() -> None:
    data = np.array([0.2, -0.4])
    x = Variable(data)
    h = Exp()(x)
    y = Square()(h)
    y.backward(retain_grad=True)
    np.testing.assert_array_equal(gradient(y), [1.0, 1.0])
    np.testing.assert_allclose(gradient(h), 2 * np.exp(data))
    np.testing.assert_allclose(gradient(x), 2 * np.exp(2 * data))


def test_create_graph_decides_whether_grads_have_a_creator() -> None:
    x = Variable(np.array(1.5))
    Square()(x).backward()
    first = x.grad
    x.cleargrad()
    Square()(x).backward(create_graph=True)
    second = x.grad
    assert first is not None and first.creator is None
    assert second is not None and second.creator is not None


@pytest.mark.parametrize("wrap", [False, True], ids=["ndarray", "Variable"])
def test_backward_with_a_seed(wrap: bool) -> None:
    data = np.array([1.0, -2.0, 3.0])
    x = Variable(data)
    y = Sin()(x)
    g = np.array([0.5, 2.0, -1.0])
    y.backward(Variable(g) if wrap else g)
    np.testing.assert_allclose(gradient(x), g * np.cos(data))


def test_a_seed_of_the_wrong_shape_or_type_is_refused_and_changes_nothing() -> None:
    x = Variable(np.array([1.0, 2.0, 3.0]))
    y = Square()(x)
    y.backward()
    old = x.grad
    with pytest.raises(ValueError, match=r"seed has shape \(2,\), the output \(3,\)"):
        y.backward(np.ones(2))
    with pytest.raises(ValueError, match=r"seed has shape \(3, 1\)"):
        y.backward(Variable(np.ones((3, 1))))
    with pytest.raises(TypeError, match=r"grad takes a numpy\.ndarray, got list"):
        y.backward([1.0, 1.0, 1.0])  # type: ignore[arg-type]  # the point is the run-time check
    assert x.grad is old
    np.testing.assert_array_equal(gradient(x), 2 * x.data)


def test_gradients_from_two_outputs_accumulate() -> None:
    x = Variable(np.array(0.4))
    Sin()(x).backward()
    Exp()(x).backward()
    np.testing.assert_allclose(gradient(x), math.cos(0.4) + math.exp(0.4), rtol=1e-12)
