"""The core's own arithmetic: what the Variable operators build.

These eight functions are registered under the names add, sub, mul, div, neg, pow,
sum_to and broadcast_to by the built-in plugin (`builtin.py`), which cannot be disabled.
Binary operators follow numpy broadcasting, and each input's gradient is summed back
to that input's own shape.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

import numpy as np

from autograd_core import config
from autograd_core._typing import Array, Scalar, Shape
from autograd_core.function import Function, describe_class
from autograd_core.variable import Variable


def sum_to(gy: Variable, shape: Shape) -> Variable:
    """`gy` summed down to `shape` (itself when the shapes already agree)."""
    return gy if gy.shape == shape else SumTo(shape=shape)(gy)


def broadcast_to(x: Variable, shape: Shape) -> Variable:
    """`x` broadcast to `shape` (itself when the shapes already agree)."""
    return x if x.shape == shape else BroadcastTo(shape=shape)(x)


def _check_shape(shape: object, fn: str) -> Shape:
    if not isinstance(shape, tuple) or not all(isinstance(n, int | np.integer) for n in shape):
        raise TypeError(f"{fn}: shape must be a tuple of ints, got {shape!r}")
    return tuple(int(n) for n in shape)


class _Binary(Function):
    """An elementwise binary numpy ufunc, broadcasting as numpy does."""

    ufunc: ClassVar[np.ufunc]

    def forward(self, x0: Array, x1: Array) -> Array:
        y: Array = self.ufunc(x0, x1)
        return y


class Add(_Binary):
    ufunc = np.add

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        x0, x1 = self.inputs
        return sum_to(gy, x0.shape), sum_to(gy, x1.shape)


class Sub(_Binary):
    ufunc = np.subtract

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        x0, x1 = self.inputs
        return sum_to(gy, x0.shape), sum_to(-gy, x1.shape)


class Mul(_Binary):
    ufunc = np.multiply

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        x0, x1 = self.inputs
        return sum_to(gy * x1, x0.shape), sum_to(gy * x0, x1.shape)


class Div(_Binary):
    ufunc = np.true_divide

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        x0, x1 = self.inputs
        gx0 = gy / x1
        return sum_to(gx0, x0.shape), sum_to(-gx0 * x0 / x1, x1.shape)


def binary(
    cls: type[_Binary], x0: Variable | Array | Scalar, x1: Variable | Array | Scalar
) -> Variable:
    """`cls()(x0, x1)`, what the operators call.

    When no graph is recorded (inside `no_grad()`, so in every backward pass without
    `create_graph`) a Function node would be thrown away at once: with Variables and Python
    numbers, go straight to the ufunc instead, which follows the same numpy rules.
    """
    if not config._mode.enabled:
        a = x0._data if isinstance(x0, Variable) else x0 if type(x0) in _WEAK else None
        b = x1._data if isinstance(x1, Variable) else x1 if type(x1) in _WEAK else None
        if a is not None and b is not None:
            try:
                y = cls.ufunc(a, b)
            except Exception as exc:
                exc.add_note(f"while running {describe_class(cls)}.forward")
                raise
            return Variable(y if type(y) is np.ndarray else np.asarray(y))
    return cls()(x0, x1)


_WEAK: Final = (int, float)


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
