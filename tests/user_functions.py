"""Small Functions written the way a user writes them, shared by the core's tests.

They use only the core (no plugin), and each backward is built from Variable arithmetic
and other Functions, so second derivatives work through them.
"""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Variable


def output(fn: Function[Variable]) -> Variable:
    """The (still alive) output of a single-output Function, from its weak reference."""
    y = fn.outputs[0]()
    assert y is not None, f"the output of {type(fn).__name__} is gone"
    return y


def gradient(v: Variable) -> Array:
    """The data of `v.grad`, which must be there."""
    assert v.grad is not None, f"{v!r} has no gradient"
    return v.grad.data


class Square(Function):
    def forward(self, x: Array) -> Array:
        return x**2

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return 2 * x * gy


class Exp(Function):
    def forward(self, x: Array) -> Array:
        return np.exp(x)

    def backward(self, gy: Variable) -> Variable:
        return gy * output(self)


class Sin(Function):
    def forward(self, x: Array) -> Array:
        return np.sin(x)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * Cos()(x)


class Cos(Function):
    def forward(self, x: Array) -> Array:
        return np.cos(x)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return -gy * Sin()(x)


class Tanh(Function):
    def forward(self, x: Array) -> Array:
        return np.tanh(x)

    def backward(self, gy: Variable) -> Variable:
        y = output(self)
        return gy * (1 - y * y)


class SinCos(Function[tuple[Variable, ...]]):
    """Two outputs, `(sin x, cos x)`: the multi-output case."""

    def forward(self, x: Array) -> tuple[Array, Array]:
        return np.sin(x), np.cos(x)

    def backward(self, gs: Variable, gc: Variable) -> Variable:
        (x,) = self.inputs
        return gs * Cos()(x) - gc * Sin()(x)


class Scale(Function):
    """A Function with a parameter."""

    def __init__(self, factor: float) -> None:
        super().__init__()
        self.factor = factor

    def forward(self, x: Array) -> Array:
        return x * self.factor

    def backward(self, gy: Variable) -> Variable:
        return gy * self.factor


class Cube(Function):
    """`x ** 3`, written the way the README shows a plugin's function."""

    def forward(self, x: Array) -> Array:
        return x**3

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * 3 * x**2
