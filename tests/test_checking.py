"""numerical_diff, gradcheck and gradgradcheck: right backwards pass, wrong ones are caught."""

from __future__ import annotations

import math

import numpy as np
import pytest
from user_functions import Exp, Sin, SinCos, Square, Tanh, gradient

from autograd_core import (
    Array,
    Function,
    GradcheckError,
    Variable,
    gradcheck,
    gradgradcheck,
    numerical_diff,
)
from autograd_core._core.arithmetic import sum_to

# ---------------------------------------------------------------- numerical_diff


def test_numerical_diff_of_a_scalar_is_the_central_difference() -> None:
    eps = 1e-4
    d = numerical_diff(lambda v: Exp()(v), Variable(np.array(0.3)), eps=eps)
    assert d.shape == ()
    assert d == (math.exp(0.3 + eps) - math.exp(0.3 - eps)) / (2 * eps)
    np.testing.assert_allclose(d, math.exp(0.3), rtol=1e-8)


def test_numerical_diff_has_the_shape_of_x_and_differentiates_the_sum() -> None:
    data = np.array([[0.5, -1.0, 2.0], [0.1, 0.2, 0.3]])
    w = np.array([1.0, -2.0, 3.0])
    d = numerical_diff(lambda v: Square()(v) * w, Variable(data))
    assert d.shape == (2, 3)
    np.testing.assert_allclose(d, 2 * data * w, rtol=1e-7)


def test_numerical_diff_of_a_function_mixing_the_elements() -> None:
    data = np.array([[1.0, 2.0], [3.0, -4.0]])
    d = numerical_diff(lambda v: Square()(sum_to(v, ())), Variable(data))  # (sum x)^2
    np.testing.assert_allclose(d, np.full((2, 2), 2 * 2.0), rtol=1e-8)


def test_numerical_diff_of_integer_data_is_float() -> None:
    d = numerical_diff(lambda v: Square()(v), Variable(np.array([1, 2, 3])))
    assert d.dtype == np.float64
    np.testing.assert_allclose(d, [2.0, 4.0, 6.0])


# ---------------------------------------------------------------- gradcheck passes


def test_gradcheck_passes_right_backwards() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 3)), rng.standard_normal(3)
    assert gradcheck(lambda v: Square()(v), a) is True
    assert gradcheck(lambda v: Exp()(v), a) is True
    assert gradcheck(lambda v: Tanh()(Sin()(v)), a) is True
    assert gradcheck(lambda v: SinCos()(v), a) is True  # two outputs, two cotangents
    assert gradcheck(lambda u, v: u * v + u / (1 + v * v), a, b) is True


def test_gradcheck_works_in_float64_for_float32_inputs() -> None:
    x = np.array([0.3, 0.7], dtype=np.float32)
    assert gradcheck(lambda v: Sin()(v) * v, x) is True
    assert x.dtype == np.float32  # the caller's input is left alone


# ---------------------------------------------------------------- gradcheck catches bugs


class OffInOneElement(Function):
    """Square whose gradient is 1.5 times too large at (1, 2)."""

    def forward(self, x: Array) -> Array:
        return x**2

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        factor = np.ones(x.shape)
        factor[1, 2] = 1.5
        return 2 * x * gy * factor


def test_gradcheck_names_the_input_the_element_and_both_values() -> None:
    x = np.arange(1.0, 7.0).reshape(2, 3)
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda v: OffInOneElement()(v), x)
    err = info.value
    assert (err.input_index, err.element) == (0, (1, 2))
    assert err.analytical == pytest.approx(1.5 * err.numerical, rel=1e-6)
    assert f"input 0, element (1, 2): analytical {err.analytical!r}" in str(err)
    assert f"numerical {err.numerical!r}" in str(err)


def test_gradcheck_names_the_second_input() -> None:
    x = np.ones((2, 3))
    w = np.arange(1.0, 7.0).reshape(2, 3)
    with pytest.raises(GradcheckError, match=r"input 1, element \(1, 2\)") as info:
        gradcheck(lambda a, b: a + OffInOneElement()(b), x, w)
    assert info.value.input_index == 1


class IgnoresTheCotangent(Function):
    """Square whose backward returns 2x whatever gy is: right only when gy is all ones."""

    def forward(self, x: Array) -> Array:
        return x**2

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return 2 * x


def test_gradcheck_uses_a_random_cotangent() -> None:
    data = np.array([0.5, -1.5, 2.0])
    x = Variable(data)
    IgnoresTheCotangent()(x).backward()  # seeded with ones it looks right...
    np.testing.assert_allclose(gradient(x), numerical_diff(lambda v: Square()(v), x), rtol=1e-7)
    with pytest.raises(GradcheckError):  # ...but not with a random cotangent
        gradcheck(lambda v: IgnoresTheCotangent()(v), data)


class ConstantSlope(Function):
    """Square whose gradient `2x` is a constant, not a function of x: right at first order
    only, because its own derivative with respect to x is lost."""

    def forward(self, x: Array) -> Array:
        return x**2

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return Variable(2 * x.data) * gy


def test_gradgradcheck_catches_a_wrong_second_derivative() -> None:
    data = np.array([0.5, -1.5, 2.0])
    assert gradcheck(lambda v: ConstantSlope()(v), data) is True
    with pytest.raises(GradcheckError, match=r"input 0, element \(\d,\)"):
        gradgradcheck(lambda v: ConstantSlope()(v), data)


def test_gradgradcheck_passes_right_second_derivatives() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((2, 3)), rng.standard_normal(3)
    assert gradgradcheck(lambda v: Square()(v), a) is True
    assert gradgradcheck(lambda v: Tanh()(Exp()(v)), a) is True
    assert gradgradcheck(lambda v: SinCos()(v), a) is True
    assert gradgradcheck(lambda u, v: u * v + u / (1 + v * v), a, b) is True


def test_gradcheck_refuses_a_function_that_returns_no_variable() -> None:
    with pytest.raises(TypeError, match="must return Variables, got ndarray"):
        gradcheck(lambda v: v.data, np.ones(2))
