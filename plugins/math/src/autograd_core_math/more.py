"""More elementwise math: tan, log1p, expm1, and the binary maximum and minimum.

Tan and Expm1 differentiate through their output `y` (tan' = 1 + y**2, expm1' = y + 1),
which carries the graph back to `x`, so second derivatives work. Maximum and minimum
broadcast as numpy does and sum each input's gradient back to its own shape; where the
two inputs tie, each gets half of the gradient (PyTorch's rule), and their second
derivative is zero (they are piecewise linear).
"""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Variable
from autograd_core.extend import constant_mask, output_of, sum_to


class Tan(Function):
    """The tangent (radians); tan' = 1 + tan**2, from the output."""

    def forward(self, x: Array) -> Array:
        return np.tan(x)

    def backward(self, gy: Variable) -> Variable:
        y = output_of(self)
        return gy * (1 + y * y)


class Log1p(Function):
    """`log(1 + x)`, accurate for small |x|; log1p' = 1 / (1 + x)."""

    def forward(self, x: Array) -> Array:
        return np.log1p(x)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy / (1 + x)


class Expm1(Function):
    """`exp(x) - 1`, accurate for small |x|; expm1' = exp(x) = y + 1, from the output."""

    def forward(self, x: Array) -> Array:
        return np.expm1(x)

    def backward(self, gy: Variable) -> Variable:
        return gy * (output_of(self) + 1)


def _share(a: Array, b: Array, a_loses: Array, x: Variable) -> Variable:
    """The constant share of the gradient `a` gets: 1 where it wins, 1/2 on ties, 0 else.

    As PyTorch: a NaN on either side wins nothing and loses nothing, so both get 1.
    """
    share = np.where(a == b, 0.5, np.where(a_loses, 0.0, 1.0))
    return constant_mask(share, x)


class Maximum(Function):
    """The elementwise larger of `a` and `b`, broadcasting as numpy (NaN propagates).

    Where `a == b` each input gets half of the gradient, as in PyTorch's `maximum`: the
    derivative is undefined there, and sharing keeps the sum of the gradients equal to
    `gy` and treats the inputs symmetrically.
    """

    def forward(self, a: Array, b: Array) -> Array:
        return np.maximum(a, b)

    def backward(self, gy: Variable) -> tuple[Variable | None, Variable | None]:
        a, b = self.inputs
        needs = getattr(self, "needs_input_grad", None) or (True, True)
        ga = gb = None
        if needs[0]:
            ga = sum_to(gy * _share(a.data, b.data, a.data < b.data, gy), a.shape)
        if needs[1]:
            gb = sum_to(gy * _share(b.data, a.data, b.data < a.data, gy), b.shape)
        return ga, gb


class Minimum(Function):
    """The elementwise smaller of `a` and `b`, broadcasting as numpy (NaN propagates).

    Where `a == b` each input gets half of the gradient, exactly as for `maximum`.
    """

    def forward(self, a: Array, b: Array) -> Array:
        return np.minimum(a, b)

    def backward(self, gy: Variable) -> tuple[Variable | None, Variable | None]:
        a, b = self.inputs
        needs = getattr(self, "needs_input_grad", None) or (True, True)
        ga = gb = None
        if needs[0]:
            ga = sum_to(gy * _share(a.data, b.data, a.data > b.data, gy), a.shape)
        if needs[1]:
            gb = sum_to(gy * _share(b.data, a.data, b.data > a.data, gy), b.shape)
        return ga, gb
