"""The math plugin at its edges: the seed example, large inputs, kinks, bad parameters."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Variable, enable_grad, grad, numerical_diff
from autograd_core_math import Clip, Sigmoid, Tanh

SEED_GRADIENT = 0.09112821805819912
"""d/dx sigmoid(tanh(x)) at x = 1, as the project's seed example states it."""


def _sigmoid(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))


def test_seed_example_sigmoid_of_tanh() -> None:
    x = Variable(np.array(1.0))
    F.sigmoid(F.tanh(x)).backward()
    t = np.tanh(1.0)
    s = _sigmoid(t)
    closed_form = s * (1 - s) * (1 - t * t)
    assert x.grad is not None
    assert float(x.grad.data) == pytest.approx(closed_form, rel=1e-14)
    assert float(x.grad.data) == pytest.approx(SEED_GRADIENT, rel=1e-14)


def test_seed_example_through_the_classes() -> None:
    x = Variable(np.array(1.0))
    y: Variable = Sigmoid()(Tanh()(x))
    (gx,) = grad(y, x)
    assert float(gx.data) == pytest.approx(SEED_GRADIENT, rel=1e-14)


def test_seed_example_second_derivative() -> None:
    x = Variable(np.array(1.0))
    (gx,) = grad(F.sigmoid(F.tanh(x)), x, create_graph=True)
    (ggx,) = grad(gx, x)
    t = np.tanh(1.0)
    s = _sigmoid(t)
    closed_form = s * (1 - s) * ((1 - 2 * s) * (1 - t * t) ** 2 - 2 * t * (1 - t * t))
    assert float(ggx.data) == pytest.approx(closed_form, rel=1e-13)

    def first(v: Variable) -> Variable:
        with enable_grad():  # numerical_diff evaluates under no_grad
            (g,) = grad(F.sigmoid(F.tanh(v)), v)
        return g

    assert float(ggx.data) == pytest.approx(float(numerical_diff(first, x)), rel=1e-6)


def test_sigmoid_and_tanh_are_stable_for_large_inputs() -> None:
    data = np.array([-1000.0, -700.0, -30.0, 30.0, 1000.0])
    expected = np.array([0.0, np.exp(-700.0), np.exp(-30.0) / (1 + np.exp(-30.0)), 0.0, 1.0])
    expected[3] = 1 / (1 + np.exp(-30.0))
    x = Variable(data)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        s = F.sigmoid(x)
        (gs,) = grad(s, x)
        t = F.tanh(x)
        (gt,) = grad(t, x)
    assert s.data[0] == 0.0 and s.data[-1] == 1.0  # the limits, exactly
    np.testing.assert_allclose(s.data, expected, rtol=1e-14, atol=0)
    np.testing.assert_allclose(gs.data, expected * (1 - expected), rtol=1e-14, atol=0)
    assert gs.data[0] == 0.0 and gs.data[-1] == 0.0
    np.testing.assert_array_equal(t.data[[0, -1]], [-1.0, 1.0])
    np.testing.assert_array_equal(gt.data[[0, -1]], [0.0, 0.0])


def test_log_and_sqrt_outside_their_domain_behave_like_numpy() -> None:
    data = np.array([-1.0, 0.0, 4.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        expected_log, expected_sqrt = np.log(data), np.sqrt(data)
    with pytest.warns(RuntimeWarning):
        y = F.log(Variable(data))
    np.testing.assert_array_equal(y.data, expected_log)  # nan, -inf, log 4
    with pytest.warns(RuntimeWarning):
        r = F.sqrt(Variable(data))
    np.testing.assert_array_equal(r.data, expected_sqrt)  # nan, 0, 2


def test_gradients_at_the_kinks_follow_pytorch() -> None:
    x = Variable(np.array([-1.0, 0.0, 2.0]))
    y = F.relu(x)
    np.testing.assert_array_equal(y.data, [0.0, 0.0, 2.0])
    np.testing.assert_array_equal(grad(y, x)[0].data, [0.0, 0.0, 1.0])

    x = Variable(np.array([-2.0, 0.0, 3.0]))
    y = F.abs(x)
    np.testing.assert_array_equal(y.data, [2.0, 0.0, 3.0])
    np.testing.assert_array_equal(grad(y, x)[0].data, [-1.0, 0.0, 1.0])

    x = Variable(np.array([-2.0, -1.0, 0.0, 1.0, 2.0]))
    y = F.clip(x, low=-1.0, high=1.0)
    np.testing.assert_array_equal(y.data, [-1.0, -1.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(grad(y, x)[0].data, [0.0, 1.0, 1.0, 1.0, 0.0])


def test_clip_with_equal_bounds_passes_the_gradient_only_at_the_bound() -> None:
    x = Variable(np.array([0.0, 1.0, 2.0]))
    y = F.clip(x, low=1, high=1)
    np.testing.assert_array_equal(y.data, [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(grad(y, x)[0].data, [0.0, 1.0, 0.0])


@pytest.mark.parametrize("name", ["relu", "abs"])
def test_second_derivative_is_zero_even_at_the_kink(name: str) -> None:
    x = Variable(np.array([-1.0, 0.0, 1.0]))
    (gx,) = grad(getattr(F, name)(x), x, create_graph=True)
    (ggx,) = grad(gx, x)
    np.testing.assert_array_equal(ggx.data, [0.0, 0.0, 0.0])


def test_clip_with_low_above_high_raises_and_changes_nothing() -> None:
    x = Variable(np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"clip.*low=1\.5.*high=0\.5"):
        F.clip(x, low=1.5, high=0.5)
    with pytest.raises(ValueError, match=r"clip.*low=2.*high=1"):
        Clip(low=2, high=1)
    np.testing.assert_array_equal(x.data, [0.0, 1.0])
    assert x.grad is None and x.creator is None


def test_clip_rejects_nan_and_non_numbers() -> None:
    x = Variable(np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"clip.*low=nan"):
        F.clip(x, low=float("nan"), high=1.0)
    text: Any = "1"  # ill-typed on purpose (mypy rejects it as written): the run-time check
    none: Any = None
    with pytest.raises(TypeError, match=r"clip: high must be a number, got str"):
        F.clip(x, low=0.0, high=text)
    with pytest.raises(TypeError, match=r"clip: low must be a number, got NoneType"):
        F.clip(x, low=none, high=1.0)


def test_clip_with_numpy_scalar_bounds_keeps_the_dtype() -> None:
    x = Variable(np.array([-2.0, 0.25, 2.0], dtype=np.float32))
    y = F.clip(x, low=np.float64(-0.5), high=np.float64(0.5))
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y.data, np.array([-0.5, 0.25, 0.5], dtype=np.float32))


@pytest.mark.parametrize("name", ["exp", "sqrt", "tanh", "sigmoid"])
def test_backward_through_the_output_works_after_the_caller_drops_it(name: str) -> None:
    data = np.array([0.5, 1.5])
    x = Variable(data)
    z = getattr(F, name)(x) * 3.0  # only Mul holds the output now
    z.backward()
    assert x.grad is not None
    f = getattr(F, name)
    np.testing.assert_allclose(
        x.grad.data, 3.0 * numerical_diff(lambda v: f(v), x, eps=1e-6), rtol=1e-6
    )
