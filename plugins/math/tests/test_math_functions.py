"""Every function of the math plugin against closed forms and central differences.

Inputs are the samples each function registers (so the conformance inputs are checked
too). Values, first and second derivatives are compared with closed forms written here;
gradcheck and gradgradcheck compare the backward passes with central differences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Array, Variable, grad, gradcheck, gradgradcheck


def _sigmoid(x: Array) -> Array:
    s: Array = 1 / (1 + np.exp(-x))
    return s


def _inside(x: Array, low: float, high: float) -> Array:
    return ((x >= low) & (x <= high)).astype(np.float64)


@dataclass(frozen=True)
class Case:
    """Closed forms of a function and of its first two derivatives (params as keywords)."""

    value: Callable[..., Array]
    d1: Callable[..., Array]
    d2: Callable[..., Array]


CASES: dict[str, Case] = {
    "square": Case(lambda x: x * x, lambda x: 2 * x, lambda x: np.full_like(x, 2.0)),
    "exp": Case(np.exp, np.exp, np.exp),
    "log": Case(np.log, lambda x: 1 / x, lambda x: -1 / x**2),
    "sqrt": Case(np.sqrt, lambda x: 0.5 / np.sqrt(x), lambda x: -0.25 * x**-1.5),
    "sin": Case(np.sin, np.cos, lambda x: -np.sin(x)),
    "cos": Case(np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x)),
    "tanh": Case(
        np.tanh,
        lambda x: 1 - np.tanh(x) ** 2,
        lambda x: -2 * np.tanh(x) * (1 - np.tanh(x) ** 2),
    ),
    "sigmoid": Case(
        _sigmoid,
        lambda x: _sigmoid(x) * (1 - _sigmoid(x)),
        lambda x: _sigmoid(x) * (1 - _sigmoid(x)) * (1 - 2 * _sigmoid(x)),
    ),
    "relu": Case(
        lambda x: np.where(x > 0, x, 0.0),
        lambda x: (x > 0).astype(np.float64),
        np.zeros_like,
    ),
    "abs": Case(
        lambda x: np.where(x < 0, -x, x),
        lambda x: np.where(x < 0, -1.0, 1.0),
        np.zeros_like,
    ),
    "clip": Case(
        lambda x, low, high: np.minimum(np.maximum(x, low), high),
        _inside,
        lambda x, low, high: np.zeros_like(x),
    ),
}

NAMES = sorted(CASES)


def samples(name: str, seed: int = 0) -> list[tuple[Array, dict[str, Any]]]:
    """The registered samples of `name` (one input each: every function here is unary)."""
    factory = F.registry.info(name).samples
    assert factory is not None, f"{name} registers no samples"
    out = []
    for inputs, params in factory(np.random.default_rng(seed)):
        (x,) = inputs
        out.append((x, params))
    return out


def call(name: str, params: dict[str, Any]) -> Callable[[Variable], Variable]:
    fn = getattr(F, name)

    def f(x: Variable) -> Variable:
        y: Variable = fn(x, **params)
        return y

    return f


def derivative(f: Callable[[Variable], Variable], x: Array, order: int) -> Array:
    """The `order`-th derivative of an elementwise `f` at `x`, by repeated `grad`."""
    xv = Variable(x)
    y = f(xv)
    for _ in range(order):
        (y,) = grad(y, xv, grad_outputs=np.ones_like(x), create_graph=True)
    return y.data


def test_every_registered_function_has_a_case() -> None:
    assert set(NAMES) <= set(F.registry)
    assert set(F.registry.functions_of("math")) == set(NAMES) | ISSUE_10


ISSUE_10 = {"tan", "log1p", "expm1", "leaky_relu", "elu", "gelu", "softplus", "maximum", "minimum"}
"""The functions checked against PyTorch in test_math_more.py instead."""


@pytest.mark.parametrize("name", NAMES)
def test_values_match_the_closed_form(name: str) -> None:
    for x, params in samples(name):
        y = call(name, params)(Variable(x))
        assert y.shape == x.shape
        assert y.dtype == np.float64
        np.testing.assert_allclose(y.data, CASES[name].value(x, **params), rtol=1e-13, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_first_derivative_matches_the_closed_form(name: str) -> None:
    rng = np.random.default_rng(1)
    for x, params in samples(name):
        xv = Variable(x)
        v = rng.standard_normal(x.shape)
        (gx,) = grad(call(name, params)(xv), xv, grad_outputs=v)
        expected = v * CASES[name].d1(x, **params)
        np.testing.assert_allclose(gx.data, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_backward_accumulates_into_grad(name: str) -> None:
    for x, params in samples(name, seed=2):
        xv = Variable(x)
        call(name, params)(xv).backward()
        call(name, params)(xv).backward()
        assert xv.grad is not None
        np.testing.assert_allclose(xv.grad.data, 2 * CASES[name].d1(x, **params), rtol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_second_derivative_matches_the_closed_form(name: str) -> None:
    for x, params in samples(name, seed=3):
        d2 = derivative(call(name, params), x, order=2)
        assert d2.shape == x.shape
        np.testing.assert_allclose(d2, CASES[name].d2(x, **params), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_gradcheck_on_the_samples(name: str) -> None:
    for x, params in samples(name, seed=4):
        assert gradcheck(call(name, params), x)


@pytest.mark.parametrize("name", NAMES)
def test_gradgradcheck_on_the_samples(name: str) -> None:
    for x, params in samples(name, seed=5):
        assert gradgradcheck(call(name, params), x)


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32(name: str) -> None:
    for x, params in samples(name, seed=6):
        xv = Variable(x.astype(np.float32))
        y = call(name, params)(xv)
        y.backward()
        assert y.dtype == np.float32
        assert xv.grad is not None and xv.grad.dtype == np.float32
        np.testing.assert_allclose(y.data, CASES[name].value(x, **params), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(
            xv.grad.data, CASES[name].d1(x, **params), rtol=1e-5, atol=1e-6
        )


def test_higher_derivatives_of_sin_cycle() -> None:
    x = np.linspace(-2.0, 2.0, 5)
    expected = [np.sin(x), np.cos(x), -np.sin(x), -np.cos(x), np.sin(x)]
    for order, want in enumerate(expected):
        np.testing.assert_allclose(derivative(F.sin, x, order), want, rtol=1e-12, atol=1e-15)


def test_third_derivative_of_tanh() -> None:
    x = np.linspace(-2.0, 2.0, 5)
    t = np.tanh(x)
    expected = -2 * (1 - t**2) * (1 - 3 * t**2)
    np.testing.assert_allclose(derivative(F.tanh, x, 3), expected, rtol=1e-12, atol=1e-15)


def test_third_derivative_of_exp_and_log() -> None:
    x = np.array([0.3, 1.0, 2.5])
    np.testing.assert_allclose(derivative(F.exp, x, 3), np.exp(x), rtol=1e-13)
    np.testing.assert_allclose(derivative(F.log, x, 3), 2 / x**3, rtol=1e-13)
