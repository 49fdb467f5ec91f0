"""The core's own arithmetic: what the Variable operators build.

These eight functions are registered under the names add, sub, mul, div, neg, pow,
sum_to and broadcast_to by the built-in plugin (`builtin.py`), which cannot be disabled.
Binary operators follow numpy broadcasting, and each input's gradient is summed back
to that input's own shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core._typing import Array, Scalar, Shape
from autograd_core.function import Function
from autograd_core.variable import Variable


def sum_to(gy: Variable, shape: Shape) -> Variable:
    """`gy` summed down to `shape` (itself when the shapes already agree)."""
    return gy if gy.shape == shape else SumTo(shape=shape)(gy)


def _check_shape(shape: object, fn: str) -> Shape:
    if not isinstance(shape, tuple) or not all(isinstance(n, int | np.integer) for n in shape):
        raise TypeError(f"{fn}: shape must be a tuple of ints, got {shape!r}")
    return tuple(int(n) for n in shape)


class Add(Function):
    def forward(self, x0: Array, x1: Array) -> Array:
        return x0 + x1

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        x0, x1 = self.inputs
        return sum_to(gy, x0.shape), sum_to(gy, x1.shape)


class Sub(Function):
    def forward(self, x0: Array, x1: Array) -> Array:
        return x0 - x1

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        x0, x1 = self.inputs
        return sum_to(gy, x0.shape), sum_to(-gy, x1.shape)


class Mul(Function):
    def forward(self, x0: Array, x1: Array) -> Array:
        return x0 * x1

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        x0, x1 = self.inputs
        return sum_to(gy * x1, x0.shape), sum_to(gy * x0, x1.shape)


class Div(Function):
    def forward(self, x0: Array, x1: Array) -> Array:
        return x0 / x1

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        x0, x1 = self.inputs
        gx0 = gy / x1
        return sum_to(gx0, x0.shape), sum_to(-gx0 * x0 / x1, x1.shape)


class Neg(Function):
    def forward(self, x: Array) -> Array:
        return -x

    def backward(self, gy: Variable) -> Variable:
        return -gy


class Pow(Function):
    """`x ** exponent` for a constant exponent."""

    def __init__(self, exponent: Scalar) -> None:
        super().__init__()
        if isinstance(exponent, bool) or not isinstance(
            exponent, int | float | np.integer | np.floating
        ):
            raise TypeError(
                f"pow: the exponent must be a constant number, got {type(exponent).__name__}"
            )
        self.exponent = exponent

    def forward(self, x: Array) -> Array:
        return x**self.exponent

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        c = self.exponent
        if c == 0:
            return gy * 0.0
        return gy * c * x ** (c - 1)


class SumTo(Function):
    """Sum `x` down to `shape`, the reverse of numpy broadcasting."""

    def __init__(self, shape: Shape) -> None:
        super().__init__()
        self.shape = _check_shape(shape, "sum_to")

    def forward(self, x: Array) -> Array:
        if np.broadcast_shapes(self.shape, x.shape) != x.shape:
            raise ValueError(f"sum_to: cannot sum shape {x.shape} to shape {self.shape}")
        lead = x.ndim - len(self.shape)
        lead_axes = tuple(range(lead))
        ones = tuple(i + lead for i, n in enumerate(self.shape) if n == 1)
        y: Array = x.sum(axis=lead_axes + ones, keepdims=True)
        return y.reshape(self.shape)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return BroadcastTo(shape=x.shape)(gy)


class BroadcastTo(Function):
    """`x` broadcast to `shape`, as a fresh array (never a read-only view)."""

    def __init__(self, shape: Shape) -> None:
        super().__init__()
        self.shape = _check_shape(shape, "broadcast_to")

    def forward(self, x: Array) -> Array:
        try:
            y: Array = np.broadcast_to(x, self.shape)
        except ValueError as exc:
            raise ValueError(
                f"broadcast_to: cannot broadcast shape {x.shape} to shape {self.shape}"
            ) from exc
        return y.copy()

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return sum_to(gy, x.shape)


class Copy(Function):
    """An identity that copies: the engine's way to hand out unshared gradient arrays."""

    def forward(self, x: Array) -> Array:
        return x.copy()

    def backward(self, gy: Variable) -> Variable:
        return gy


CORE_FUNCTIONS: dict[str, type[Function[Any]]] = {
    "add": Add,
    "sub": Sub,
    "mul": Mul,
    "div": Div,
    "neg": Neg,
    "pow": Pow,
    "sum_to": SumTo,
    "broadcast_to": BroadcastTo,
}
