"""softmax_cross_entropy and mean_squared_error against hand computations and closed forms."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from autograd_core import Array, Variable, grad, gradcheck, gradgradcheck
from autograd_core_nn import MeanSquaredError, SoftmaxCrossEntropy


def softmax_rows(x: Array) -> Array:
    e = np.exp(x)
    out: Array = e / e.sum(axis=1, keepdims=True)
    return out


def test_cross_entropy_of_a_2x3_example_computed_by_hand() -> None:
    x = Variable(np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]))
    t = np.array([2, 0])
    # row 0: -log(e^3 / (e^1 + e^2 + e^3)) = log(1 + e^-1 + e^-2); row 1: -log(1/3) = log 3
    expected = (math.log(1 + math.exp(-1) + math.exp(-2)) + math.log(3)) / 2
    loss = SoftmaxCrossEntropy()(x, t)
    assert loss.shape == ()
    assert loss.data == pytest.approx(expected, rel=1e-12)
    assert loss.data == pytest.approx(0.7531091, abs=1e-7)


def test_cross_entropy_gradient_is_softmax_minus_onehot_over_n() -> None:
    rng = np.random.default_rng(0)
    x = Variable(rng.standard_normal((4, 3)))
    t = Variable(np.array([0, 2, 1, 2]))  # labels may come as a Variable too
    SoftmaxCrossEntropy()(x, t).backward()
    onehot = np.eye(3)[[0, 2, 1, 2]]
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, (softmax_rows(x.data) - onehot) / 4, rtol=1e-12)
    assert t.grad is None  # labels get no gradient


def test_cross_entropy_hessian_is_diag_p_minus_p_pt_over_n() -> None:
    x = Variable(np.array([[0.3, -1.2, 0.5, 2.0]]))
    p = softmax_rows(x.data)[0]
    hessian = np.diag(p) - np.outer(p, p)
    (gx,) = grad(SoftmaxCrossEntropy()(x, np.array([1])), x, create_graph=True)
    for j in range(4):
        (row,) = grad(gx, x, grad_outputs=np.eye(4)[None, j])
        np.testing.assert_allclose(row.data[0], hessian[j], rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("n,c", [(4, 3), (1, 5), (3, 2)])
def test_cross_entropy_matches_central_differences(n: int, c: int) -> None:
    rng = np.random.default_rng(n * c)
    x, t = rng.standard_normal((n, c)), rng.integers(0, c, size=n)
    assert gradcheck(lambda v, u: SoftmaxCrossEntropy()(v, u), x, t)
    assert gradgradcheck(lambda v, u: SoftmaxCrossEntropy()(v, u), x, t)


def test_cross_entropy_of_huge_logits_is_finite_without_warnings() -> None:
    x = Variable(np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0]]))
    t = np.array([1, 0])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        loss = SoftmaxCrossEntropy()(x, t)
        loss.backward()
    # row 0: 1000 - (-1000) = 2000; row 1: 1000 + log 2 - (-1000)
    assert loss.data == pytest.approx((2000.0 + 2000.0 + math.log(2)) / 2, rel=1e-12)
    assert x.grad is not None
    expected = (np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]]) - np.eye(3)[[1, 0]]) / 2
    np.testing.assert_allclose(x.grad.data, expected, atol=1e-12)


@pytest.mark.parametrize(
    "labels,error,pattern",
    [
        (np.array([0, 3]), ValueError, r"t\[1\] = 3 is out of range \[0, 3\).*\(2, 3\).*\(2,\)"),
        (np.array([-1, 0]), ValueError, r"label t\[0\] = -1 is out of range \[0, 3\)"),
        (np.array([0, 1, 2]), ValueError, r"shape \(2,\) for logits x of shape \(2, 3\).*\(3,\)"),
        (np.array([[0], [1]]), ValueError, r"shape \(2,\) .*\(2, 3\), got shape \(2, 1\)"),
        (np.array([0.0, 1.0]), TypeError, r"integer dtype, got float64 .*\(2,\).*\(2, 3\)"),
    ],
)
def test_bad_labels_raise_and_leave_every_input_unchanged(
    labels: Array, error: type[Exception], pattern: str
) -> None:
    x = Variable(np.array([[1.0, 2.0, 3.0], [0.5, 0.0, -0.5]]))
    old_grad = Variable(np.full((2, 3), 7.0))
    x.grad = old_grad
    t = Variable(labels)
    before_x, before_t = x.data.copy(), t.data.copy()
    with pytest.raises(error, match="softmax_cross_entropy: .*" + pattern):
        SoftmaxCrossEntropy()(x, t)
    np.testing.assert_array_equal(x.data, before_x)
    np.testing.assert_array_equal(t.data, before_t)
    assert x.grad is old_grad
    np.testing.assert_array_equal(old_grad.data, 7.0)
    assert t.grad is None
    assert x.creator is None and t.creator is None


def test_logits_must_be_a_matrix() -> None:  # an empty batch: tests/test_empty_arrays.py
    with pytest.raises(ValueError, match=r"softmax_cross_entropy: logits x .*\(N, C\).*\(3,\)"):
        SoftmaxCrossEntropy()(np.zeros(3), np.array([0, 1, 2]))


def test_mse_by_hand_with_gradients_for_both_inputs() -> None:
    a, b = Variable(np.array([1.0, 2.0, 3.0])), Variable(np.array([1.0, 0.0, 5.0]))
    loss = MeanSquaredError()(a, b)
    assert loss.data == pytest.approx((0.0 + 4.0 + 4.0) / 3, rel=1e-15)  # squares 0, 4, 4
    loss.backward()
    assert a.grad is not None and b.grad is not None
    np.testing.assert_allclose(a.grad.data, [0.0, 4 / 3, -4 / 3], rtol=1e-15)  # 2 (a - b) / 3
    np.testing.assert_allclose(b.grad.data, [0.0, -4 / 3, 4 / 3], rtol=1e-15)


def test_mse_second_derivative_is_two_over_size() -> None:
    a, b = Variable(np.array([[1.0, -2.0], [0.5, 3.0]])), Variable(np.zeros((2, 2)))
    ga, _ = grad(MeanSquaredError()(a, b), [a, b], create_graph=True)
    (hessian_diagonal,) = grad(ga, a, grad_outputs=np.ones((2, 2)))
    np.testing.assert_allclose(hessian_diagonal.data, np.full((2, 2), 2 / 4), rtol=1e-15)


@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_mse_matches_central_differences(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(len(shape))
    a, b = rng.standard_normal(shape), rng.standard_normal(shape)
    assert gradcheck(lambda u, v: MeanSquaredError()(u, v), a, b)
    assert gradgradcheck(lambda u, v: MeanSquaredError()(u, v), a, b)


def test_mse_refuses_shapes_that_would_only_broadcast() -> None:
    pattern = r"mean_squared_error: .*same shape, got \(3, 1\) and \(3,\)"
    with pytest.raises(ValueError, match=pattern):
        MeanSquaredError()(np.zeros((3, 1)), np.zeros(3))
