"""softmax and log_softmax against closed forms written here, and against central differences."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from autograd_core import Array, Variable, grad, gradcheck, gradgradcheck
from autograd_core_nn import LogSoftmax, Softmax


def naive_softmax(x: Array, axis: int) -> Array:
    """exp(x) / sum(exp(x)): fine for moderate x, which is all these tests feed it."""
    e = np.exp(x)
    out: Array = e / e.sum(axis=axis, keepdims=True)
    return out


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_is_exp_over_sum_and_rows_sum_to_one(axis: int) -> None:
    x = np.random.default_rng(0).standard_normal((3, 4))
    y = Softmax(axis=axis)(x).data
    np.testing.assert_allclose(y, naive_softmax(x, axis), rtol=1e-12)
    np.testing.assert_allclose(y.sum(axis=axis), 1.0, rtol=1e-12)


@pytest.mark.parametrize("axis", [-1, 0])
def test_log_softmax_is_x_minus_logsumexp(axis: int) -> None:
    x = np.random.default_rng(1).standard_normal((3, 4))
    expected = x - np.log(np.exp(x).sum(axis=axis, keepdims=True))
    np.testing.assert_allclose(LogSoftmax(axis=axis)(x).data, expected, rtol=1e-12)


def test_softmax_gradient_is_the_jacobian_diag_p_minus_p_pt() -> None:
    rng = np.random.default_rng(2)
    x, gy = Variable(rng.standard_normal(4)), rng.standard_normal(4)
    p = naive_softmax(x.data, 0)
    jacobian = np.diag(p) - np.outer(p, p)
    (gx,) = grad(Softmax()(x), x, grad_outputs=gy)
    np.testing.assert_allclose(gx.data, jacobian.T @ gy, rtol=1e-10, atol=1e-14)


def test_log_softmax_gradient_is_identity_minus_p() -> None:
    rng = np.random.default_rng(3)
    x, gy = Variable(rng.standard_normal(5)), rng.standard_normal(5)
    p = naive_softmax(x.data, 0)
    jacobian = np.eye(5) - p[None, :]  # d log p_i / d x_j = delta_ij - p_j
    (gx,) = grad(LogSoftmax()(x), x, grad_outputs=gy)
    np.testing.assert_allclose(gx.data, jacobian.T @ gy, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("cls", [Softmax, LogSoftmax])
@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_first_and_second_derivatives_match_central_differences(
    cls: type[Softmax] | type[LogSoftmax], axis: int
) -> None:
    x = np.random.default_rng(4).standard_normal((2, 3))
    assert gradcheck(lambda v: cls(axis=axis)(v), x)
    assert gradgradcheck(lambda v: cls(axis=axis)(v), x)


def test_huge_logits_give_finite_values_and_gradients_without_warnings() -> None:
    x = Variable(np.array([[1000.0, -1000.0, 0.0], [1000.0, 1000.0, -1000.0]]))
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        p = Softmax()(x)
        log_p = LogSoftmax()(x)
        (gp,) = grad(p, x, grad_outputs=np.ones((2, 3)))
        (glog,) = grad(log_p, x, grad_outputs=np.ones((2, 3)))
    np.testing.assert_allclose(p.data, [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]], atol=1e-300)
    # shifted by the row maximum: [0, -2000, -1000] and [0, 0, -2000] minus log(1) or log(2)
    expected = np.array([[0.0, -2000.0, -1000.0], [-np.log(2), -np.log(2), -2000.0 - np.log(2)]])
    np.testing.assert_allclose(log_p.data, expected, rtol=1e-12)
    for g in (gp, glog):
        assert np.all(np.isfinite(g.data))
    np.testing.assert_allclose(glog.data, 1.0 - 3.0 * p.data, atol=1e-12)  # gy - p * sum(gy)


@pytest.mark.parametrize("cls", [Softmax, LogSoftmax])
def test_bad_axis_names_the_function_and_the_shape(cls: type[Softmax] | type[LogSoftmax]) -> None:
    name = "softmax" if cls is Softmax else "log_softmax"
    with pytest.raises(ValueError, match=rf"{name}: axis 2 is out of range .* shape \(2, 3\)"):
        cls(axis=2)(np.zeros((2, 3)))
    with pytest.raises(TypeError, match=rf"{name}: axis must be an int, got 1.5"):
        cls(axis=1.5)  # type: ignore[arg-type]  # a wrong type on purpose
