"""Activations beyond DeZero's: leaky_relu, elu, gelu (erf form) and softplus.

Every backward is built from Variable arithmetic and Functions whose own backward is
differentiable, so second derivatives work; leaky_relu is piecewise linear and has a zero
second derivative. At a kink the gradient follows PyTorch (see each class).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd_core import Array, Function, Variable
from autograd_core.extend import constant_mask, output_of
from autograd_core_math._erf import erfc
from autograd_core_math.activations import Sigmoid
from autograd_core_math.elementwise import Exp

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)


def _number(fn: str, name: str, value: object) -> float:
    """`value` as a float, if it is a real number (not a bool); TypeError naming `fn` else."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{fn}: {name} must be a real number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{fn}: {name} must be finite, got {value!r}")
    return number


def _floating(x: Array) -> np.dtype[Any]:
    """The dtype a result of `x` is computed in: its own when floating, float64 otherwise."""
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


class LeakyReLU(Function):
    """`x` where `x > 0`, `slope * x` elsewhere; the gradient at 0 is `slope` (as PyTorch)."""

    def __init__(self, slope: float = 0.01) -> None:
        super().__init__()
        self.slope = _number("leaky_relu", "slope", slope)

    def forward(self, x: Array) -> Array:
        y: Array = np.where(x > 0, x, x * np.asarray(self.slope, dtype=_floating(x)))
        return y

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * constant_mask(np.where(x.data > 0, 1.0, self.slope), gy)


class ELU(Function):
    """`x` where `x > 0`, `alpha * (exp(x) - 1)` elsewhere (PyTorch's `elu`).

    The gradient is 1 for `x > 0` and `alpha * exp(x)` for `x <= 0`, so `alpha` at 0, as
    PyTorch; it is computed from the output (`alpha * exp(x) = y + alpha` there), which
    never overflows.
    """

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = _number("elu", "alpha", alpha)

    def forward(self, x: Array) -> Array:
        alpha = np.asarray(self.alpha, dtype=_floating(x))
        y: Array = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
        return y

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        positive = constant_mask(x.data > 0, gy)
        return gy * (positive + (1 - positive) * (output_of(self) + self.alpha))


class _NormalCdf(Function):
    """The standard normal distribution function `Phi(x) = erfc(-x / sqrt 2) / 2`.

    `erfc` (W. J. Cody's rational approximations, vectorised: `_erf`) is accurate to a
    few units in the last place of float64 and keeps the tail accurate (no `1 + erf`
    cancellation). Its derivative is the normal density `exp(-x**2 / 2) / sqrt(2 pi)`,
    built from `exp`, so it differentiates again.
    """

    def forward(self, x: Array) -> Array:
        tail = erfc(-_SQRT_HALF * x.astype(np.float64))
        tail *= 0.5
        y: Array = tail.astype(_floating(x), copy=False)
        return y

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * _density(x)


def _density(x: Variable) -> Variable:
    """The standard normal density at `x`, as a differentiable Variable."""
    result: Variable = Exp()(x * x * -0.5) * _INV_SQRT_2PI
    return result


class GELU(Function):
    """`x * Phi(x)`, with `Phi` the standard normal distribution function (erf form).

    This is PyTorch's `gelu(x)` with its default `approximate='none'`. The derivative is
    `Phi(x) + x * phi(x)` (phi the normal density); it is smooth everywhere.
    """

    def forward(self, x: Array) -> Array:
        phi = _NormalCdf().forward(x)
        y: Array = x * phi
        return y.astype(_floating(x), copy=False)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * (_NormalCdf()(x) + x * _density(x))


class Softplus(Function):
    """`log(1 + exp(beta * x)) / beta`, a smooth relu; its derivative is `sigmoid(beta * x)`.

    Computed as `max(beta x, 0) / beta + log1p(exp(-|beta x|)) / beta`, which never
    overflows: softplus(1000) is 1000.0 and softplus(-1000) is 0.0 (exp underflows to 0,
    as intended). Unlike PyTorch, there is no `threshold` above which the result is
    replaced by `x`: the formula is exact everywhere (PyTorch's linear regime for
    `beta * x > 20` differs from it by less than 2.1e-9 / beta, and its gradient by less
    than 2.1e-9), so the function stays smooth. `beta` is any nonzero real number.
    """

    def __init__(self, beta: float = 1.0) -> None:
        super().__init__()
        self.beta = _number("softplus", "beta", beta)
        if self.beta == 0:
            raise ValueError("softplus: beta must be nonzero, got 0")

    def forward(self, x: Array) -> Array:
        beta = np.asarray(self.beta, dtype=_floating(x))
        z = beta * x
        with np.errstate(under="ignore"):
            y: Array = (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))) / beta
        return y

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        s: Variable = Sigmoid()(x * self.beta)
        return gy * s
