"""linear against numpy's matrix product and the closed-form gradients of x @ W + b."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_core import Variable, grad, gradcheck, gradgradcheck
from autograd_core_nn import Linear


def test_values_and_gradients_with_bias() -> None:
    rng = np.random.default_rng(0)
    x, w, b = (Variable(rng.standard_normal(s)) for s in [(4, 3), (3, 2), (2,)])
    gy = rng.standard_normal((4, 2))
    y = Linear()(x, w, b)
    np.testing.assert_allclose(y.data, x.data @ w.data + b.data, rtol=1e-12)
    gx, gw, gb = grad(y, [x, w, b], grad_outputs=gy)
    np.testing.assert_allclose(gx.data, gy @ w.data.T, rtol=1e-12)
    np.testing.assert_allclose(gw.data, x.data.T @ gy, rtol=1e-12)
    np.testing.assert_allclose(gb.data, gy.sum(axis=0), rtol=1e-12)


@pytest.mark.parametrize("args", ["two", "none"])
def test_no_bias_with_two_inputs_or_a_none(args: str) -> None:
    rng = np.random.default_rng(1)
    x, w = Variable(rng.standard_normal((5, 3))), Variable(rng.standard_normal((3, 4)))
    y = Linear()(x, w) if args == "two" else Linear()(x, w, None)
    np.testing.assert_allclose(y.data, x.data @ w.data, rtol=1e-12)
    y.backward()
    assert x.grad is not None and w.grad is not None
    np.testing.assert_allclose(x.grad.data, np.ones((5, 4)) @ w.data.T, rtol=1e-12)
    np.testing.assert_allclose(w.grad.data, x.data.T @ np.ones((5, 4)), rtol=1e-12)


def test_a_single_vector_and_a_batch_of_sequences() -> None:
    rng = np.random.default_rng(2)
    w, b = Variable(rng.standard_normal((3, 2))), Variable(rng.standard_normal(2))
    v = Variable(rng.standard_normal(3))
    gy = rng.standard_normal(2)
    gv, gw, gb = grad(Linear()(v, w, b), [v, w, b], grad_outputs=gy)
    np.testing.assert_allclose(gv.data, w.data @ gy, rtol=1e-12)
    np.testing.assert_allclose(gw.data, np.outer(v.data, gy), rtol=1e-12)
    np.testing.assert_allclose(gb.data, gy, rtol=1e-12)

    s = Variable(rng.standard_normal((2, 5, 3)))
    g3 = rng.standard_normal((2, 5, 2))
    y = Linear()(s, w)
    np.testing.assert_allclose(y.data, s.data @ w.data, rtol=1e-12)
    gs, gw = grad(y, [s, w], grad_outputs=g3)
    np.testing.assert_allclose(gs.data, g3 @ w.data.T, rtol=1e-12)
    np.testing.assert_allclose(gw.data, np.einsum("bti,bto->io", s.data, g3), rtol=1e-12)


def test_second_derivative_of_a_squared_output() -> None:
    # f(W) = sum((x @ W) ** 2) / 2 has Hessian-vector product x.T @ x @ V for direction V
    rng = np.random.default_rng(3)
    x, w = Variable(rng.standard_normal((4, 3))), Variable(rng.standard_normal((3, 2)))
    direction = rng.standard_normal((3, 2))
    y = Linear()(x, w)
    (gw,) = grad(y * y / 2.0, w, create_graph=True)
    np.testing.assert_allclose(gw.data, x.data.T @ (x.data @ w.data), rtol=1e-12)
    (hv,) = grad(gw, w, grad_outputs=direction)
    np.testing.assert_allclose(hv.data, x.data.T @ x.data @ direction, rtol=1e-12)


@pytest.mark.parametrize(
    "shapes", [[(4, 3), (3, 2), (2,)], [(4, 3), (3, 2)], [(3,), (3, 2), (2,)], [(2, 2, 3), (3, 2)]]
)
def test_first_and_second_derivatives_match_central_differences(
    shapes: list[tuple[int, ...]],
) -> None:
    rng = np.random.default_rng(len(shapes))
    inputs = [rng.standard_normal(s) for s in shapes]
    assert gradcheck(lambda *vs: Linear()(*vs), *inputs)
    assert gradgradcheck(lambda *vs: Linear()(*vs), *inputs)


@pytest.mark.parametrize(
    "shapes,pattern",
    [
        ([(4, 3), (2, 2)], r"x of shape \(4, 3\) does not match W of shape \(2, 2\)"),
        ([(4, 3), (3,)], r"W must have shape \(in, out\), got \(3,\)"),
        ([(4, 3), (3, 2), (3,)], r"b must have shape \(2,\), got \(3,\)"),
        ([(4, 3), (3, 2), (1, 2)], r"b must have shape \(2,\), got \(1, 2\)"),
    ],
)
def test_mismatched_shapes_name_the_function_and_the_shapes(
    shapes: list[tuple[int, ...]], pattern: str
) -> None:
    inputs = [Variable(np.ones(s)) for s in shapes]
    with pytest.raises(ValueError, match="linear: " + pattern):
        Linear()(*inputs)
    assert all(v.creator is None and v.grad is None for v in inputs)


@pytest.mark.parametrize("count", [1, 4])
def test_only_two_or_three_inputs_and_only_the_bias_may_be_none(count: int) -> None:
    with pytest.raises(TypeError, match="linear takes x, W and an optional b"):
        Linear()(np.ones((2, 3)), None)
    with pytest.raises(TypeError, match="linear takes x, W and an optional b"):
        Linear()(*[np.ones((3, 3))] * count)
