"""Activations: tanh, sigmoid, relu, abs and clip.

Tanh and Sigmoid differentiate through their output `y`. ReLU, Abs and Clip are
piecewise linear: their backward multiplies `gy` by a constant mask, so their second
derivative is zero. At a kink the gradient follows PyTorch: relu'(0) = 0, abs'(0) =
sign(0) = 0, and clip passes the gradient wherever `low <= x <= high`, bounds included.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core import Array, Function, Scalar, Variable, is_grad_enabled
from autograd_core.extend import constant_mask, output_of


class Tanh(Function):
    """The hyperbolic tangent; tanh' = 1 - y**2."""

    def forward(self, x: Array) -> Array:
        return np.tanh(x)

    def backward(self, gy: Variable) -> Variable:
        y = output_of(self)
        if not is_grad_enabled():  # nothing is recorded: the same formula on bare arrays
            gx = _tanh_grad(gy.data, y.data)
            return Variable(gx if type(gx) is np.ndarray else np.asarray(gx), requires_grad=False)
        return _TanhGrad()(gy, y)


def _tanh_grad(gy: Array, y: Array) -> Array:
    """tanh's derivative times `gy`, from its output: the one copy of the formula. The 1 is
    a 0-d array of y's dtype: array with array is numpy's fast path for small arrays (a
    Python number costs a conversion per call), and it keeps float32 float32."""
    one = _ONES.get(y.dtype)
    if one is None:
        one = np.ones((), dtype=y.dtype)
        one.flags.writeable = False
        _ONES[y.dtype] = one
    gx: Array = gy * (one - y * y)
    return gx


_ONES: dict[np.dtype[Any], Array] = {}


class _TanhGrad(Function):
    """`gy * (1 - y**2)` as one node, as PyTorch's `tanh_backward`: fewer nodes per derivative
    at higher orders. Its first derivative is checked through `Tanh`'s gradient check (which
    runs on bare arrays), its own derivative through `Tanh`'s second-derivative check."""

    def forward(self, gy: Array, y: Array) -> Array:
        return _tanh_grad(gy, y)

    def backward(self, gz: Variable) -> tuple[Variable | None, Variable | None]:
        gy, y = self.inputs
        need_gy, need_y = self.needs_input_grad
        return (
            _TanhGrad()(gz, y) if need_gy else None,
            gz * gy * y * -2.0 if need_y else None,
        )


class Sigmoid(Function):
    """The logistic function `1 / (1 + exp(-x))`; sigmoid' = y (1 - y).

    Computed from `exp(-|x|)`, which never overflows: sigmoid(-1000) is exactly 0.0 and
    sigmoid(1000) exactly 1.0, with no warning (the exp's underflow to 0 is intended).
    """

    def forward(self, x: Array) -> Array:
        with np.errstate(under="ignore"):
            e = np.exp(-np.abs(x))
            y: Array = np.asarray(1 / (1 + e))  # sigmoid(|x|); e sigmoid(|x|) for x < 0
            np.multiply(y, e, out=y, where=x < 0)
        return y

    def backward(self, gy: Variable) -> Variable:
        y = output_of(self)
        return gy * y * (1 - y)


class ReLU(Function):
    """`max(x, 0)`, with gradient 0 at x = 0 (as PyTorch)."""

    def forward(self, x: Array) -> Array:
        return np.maximum(x, 0)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * constant_mask(x.data > 0, x)


class Abs(Function):
    """`|x|`, with gradient sign(x), hence 0 at x = 0 (as PyTorch)."""

    def forward(self, x: Array) -> Array:
        return np.abs(x)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * constant_mask(np.sign(x.data), x)


def _bound(value: object, what: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"clip: {what} must be a number, got {type(value).__name__}")
    return value.item() if isinstance(value, np.generic) else value


class Clip(Function):
    """`x` limited to `[low, high]`; the gradient passes where `low <= x <= high` (as PyTorch).

    Raises ValueError unless `low <= high`.
    """

    def __init__(self, low: Scalar, high: Scalar) -> None:
        super().__init__()
        self.low = _bound(low, "low")
        self.high = _bound(high, "high")
        if not self.low <= self.high:  # also rejects nan
            raise ValueError(f"clip: needs low <= high, got low={self.low!r}, high={self.high!r}")

    def forward(self, x: Array) -> Array:
        return np.clip(x, self.low, self.high)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        inside = (x.data >= self.low) & (x.data <= self.high)
        return gy * constant_mask(inside, x)
