"""Smooth elementwise math: square, exp, log, sqrt, sin and cos.

Each backward is written with Variable arithmetic and these same classes, so it can be
differentiated again. Exp and Sqrt reuse their output `y`, which carries the graph back to
`x`. Outside a function's domain (log or sqrt of a negative number) the values are
numpy's: nan or -inf, with numpy's RuntimeWarning.
"""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Variable
from autograd_core.extend import output_of


class Square(Function):
    """`x ** 2`."""

    def forward(self, x: Array) -> Array:
        return np.square(x)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * 2 * x


class Exp(Function):
    """`e ** x`; its derivative is its own output."""

    def forward(self, x: Array) -> Array:
        return np.exp(x)

    def backward(self, gy: Variable) -> Variable:
        return gy * output_of(self)


class Log(Function):
    """The natural logarithm."""

    def forward(self, x: Array) -> Array:
        return np.log(x)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy / x


class Sqrt(Function):
    """The square root; the derivative `1 / (2 sqrt(x))` reuses the output."""

    def forward(self, x: Array) -> Array:
        return np.sqrt(x)

    def backward(self, gy: Variable) -> Variable:
        return gy / (2 * output_of(self))


class Sin(Function):
    """The sine (radians)."""

    def forward(self, x: Array) -> Array:
        return np.sin(x)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * Cos()(x)


class Cos(Function):
    """The cosine (radians)."""

    def forward(self, x: Array) -> Array:
        return np.cos(x)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * -Sin()(x)
