"""sum, mean, max and min: values against numpy, closed-form gradients, ties, errors."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_core import Array, Variable, grad, gradgradcheck
from autograd_core_tensor.reduce import Max, Mean, Min, Sum

rng = np.random.default_rng(3)
AXES: list[int | tuple[int, ...] | None] = [None, 0, 1, -1, (0, 2), (-1, 0), ()]


def normal(*shape: int) -> Array:
    return np.asarray(rng.standard_normal(shape))


@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_sum_and_mean_values_match_numpy(
    axis: int | tuple[int, ...] | None, keepdims: bool
) -> None:
    x = normal(2, 3, 4)
    s = Sum(axis=axis, keepdims=keepdims)(Variable(x))
    m = Mean(axis=axis, keepdims=keepdims)(Variable(x))
    np.testing.assert_allclose(s.data, np.sum(x, axis=axis, keepdims=keepdims))
    np.testing.assert_allclose(m.data, np.mean(x, axis=axis, keepdims=keepdims))


@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_max_and_min_values_match_numpy(
    axis: int | tuple[int, ...] | None, keepdims: bool
) -> None:
    x = normal(2, 3, 4)
    hi = Max(axis=axis, keepdims=keepdims)(Variable(x))
    lo = Min(axis=axis, keepdims=keepdims)(Variable(x))
    np.testing.assert_array_equal(hi.data, np.max(x, axis=axis, keepdims=keepdims))
    np.testing.assert_array_equal(lo.data, np.min(x, axis=axis, keepdims=keepdims))


def test_sum_gradient_is_ones_times_the_cotangent() -> None:
    x = Variable(normal(2, 3, 4))
    (gx,) = grad(Sum()(x), x)
    np.testing.assert_array_equal(gx.data, np.ones((2, 3, 4)))
    gy = normal(2, 4)  # sum over axis 1: gx[i, j, k] = gy[i, k]
    (gx,) = grad(Sum(axis=1)(x), x, grad_outputs=gy)
    np.testing.assert_array_equal(gx.data, np.repeat(gy[:, None, :], 3, axis=1))


def test_mean_gradient_is_one_over_the_count() -> None:
    x = Variable(normal(2, 3, 4))
    (gx,) = grad(Mean()(x), x)
    np.testing.assert_allclose(gx.data, np.full((2, 3, 4), 1 / 24))
    gy = normal(1, 3, 1)  # mean over axes 0 and 2 (8 elements each), keepdims
    (gx,) = grad(Mean(axis=(0, -1), keepdims=True)(x), x, grad_outputs=gy)
    np.testing.assert_allclose(gx.data, np.broadcast_to(gy / 8, (2, 3, 4)))


def test_max_gradient_goes_to_the_argmax() -> None:
    x = Variable(np.array([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]]))
    (gx,) = grad(Max(axis=1)(x), x, grad_outputs=np.array([10.0, 20.0]))
    np.testing.assert_array_equal(gx.data, [[0.0, 10.0, 0.0], [20.0, 0.0, 0.0]])
    (gx,) = grad(Min()(x), x)
    np.testing.assert_array_equal(gx.data, [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def test_tied_maxima_share_the_gradient_equally() -> None:
    x = Variable(np.array([3.0, 1.0, 3.0]))
    (gx,) = grad(Max()(x), x)
    np.testing.assert_array_equal(gx.data, [0.5, 0.0, 0.5])
    x = Variable(np.array([[2.0, 2.0, 2.0], [1.0, 4.0, 1.0]]))
    (gx,) = grad(Min(axis=1)(x), x, grad_outputs=np.array([3.0, 6.0]))
    np.testing.assert_array_equal(gx.data, [[1.0, 1.0, 1.0], [3.0, 0.0, 3.0]])


def test_max_of_float32_keeps_float32_gradients() -> None:
    x = Variable(np.array([1.0, 2.0], dtype=np.float32))
    (gx,) = grad(Max()(x), x)
    assert gx.dtype == np.float32


def test_max_of_integers_has_float64_gradients_that_share_ties() -> None:
    x = Variable(np.array([1, 3, 3]))
    (gx,) = grad(Max()(x), x)
    assert gx.dtype == np.float64
    np.testing.assert_array_equal(gx.data, [0.0, 0.5, 0.5])


def test_second_derivatives_through_reductions() -> None:
    def f(x: Variable) -> Variable:
        m = Mean(axis=0)(x * x)
        return Sum()(m * m) + Max(axis=1)(x * x * x)

    assert gradgradcheck(f, normal(3, 2))


@pytest.mark.parametrize("cls", [Sum, Mean, Max, Min])
def test_axis_out_of_range_names_the_function_axis_and_shape(
    cls: type[Sum | Mean | Max | Min],
) -> None:
    name = cls.__name__.lower()
    x = np.ones((2, 3))
    with pytest.raises(ValueError, match=rf"{name}: axis 2 is out of range .* shape \(2, 3\)"):
        cls(axis=(0, 2))(Variable(x))
    with pytest.raises(ValueError, match=rf"{name}: axis -3 is out of range .* shape \(2, 3\)"):
        cls(axis=-3)(Variable(x))
    with pytest.raises(ValueError, match=rf"{name}: axis \(1, -1\) names an axis twice"):
        cls(axis=(1, -1))(Variable(x))
    with pytest.raises(TypeError, match=rf"{name}: axis must be None, an int or a tuple"):
        cls(axis=[0])  # type: ignore[arg-type]  # the wrong type is the point
    with pytest.raises(TypeError, match=rf"{name}: keepdims must be a bool"):
        cls(keepdims=1)  # type: ignore[arg-type]  # the wrong type is the point
    np.testing.assert_array_equal(x, np.ones((2, 3)))


@pytest.mark.parametrize("cls", [Max, Min])
def test_reducing_an_empty_axis_is_an_error(cls: type[Max | Min]) -> None:  # the mean is NaN
    with pytest.raises(ValueError, match=rf"{cls.__name__.lower()}: .* empty axis .* \(0, 3\)"):
        cls(axis=0)(Variable(np.ones((0, 3))))
