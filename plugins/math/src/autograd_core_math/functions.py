"""Typed calling forms of the math plugin's functions: `from autograd_core_math import gelu`.

Each stub's parameters are the function's inputs (positional-only) then its parameters;
`typed` binds it to the registered class, and the project's tests check they agree.
"""

from __future__ import annotations

from autograd_core.extend import Input, Variable, typed
from autograd_core_math.more import Expm1, Log1p, Maximum, Minimum, Tan
from autograd_core_math.special import ELU, GELU, LeakyReLU, Softplus

__all__ = [
    "elu",
    "expm1",
    "gelu",
    "leaky_relu",
    "log1p",
    "maximum",
    "minimum",
    "softplus",
    "tan",
]


@typed(Tan)
def tan(x: Input, /) -> Variable:
    """The tangent (radians)."""
    raise NotImplementedError


@typed(Log1p)
def log1p(x: Input, /) -> Variable:
    """`log(1 + x)`, accurate for small |x|."""
    raise NotImplementedError


@typed(Expm1)
def expm1(x: Input, /) -> Variable:
    """`exp(x) - 1`, accurate for small |x|."""
    raise NotImplementedError


@typed(LeakyReLU)
def leaky_relu(x: Input, /, slope: float = 0.01) -> Variable:
    """`x` where `x > 0`, `slope * x` elsewhere; the gradient at 0 is `slope` (as PyTorch)."""
    raise NotImplementedError


@typed(ELU)
def elu(x: Input, /, alpha: float = 1.0) -> Variable:
    """`x` where `x > 0`, `alpha * (exp(x) - 1)` elsewhere; the gradient at 0 is `alpha`."""
    raise NotImplementedError


@typed(GELU)
def gelu(x: Input, /) -> Variable:
    """`x * Phi(x)`, Phi the standard normal distribution function (PyTorch's exact gelu)."""
    raise NotImplementedError


@typed(Softplus)
def softplus(x: Input, /, beta: float = 1.0) -> Variable:
    """`log(1 + exp(beta * x)) / beta`, stable for any x, with no linear threshold."""
    raise NotImplementedError


@typed(Maximum)
def maximum(a: Input, b: Input, /) -> Variable:
    """The elementwise larger of `a` and `b` (broadcasting); ties share the gradient equally."""
    raise NotImplementedError


@typed(Minimum)
def minimum(a: Input, b: Input, /) -> Variable:
    """The elementwise smaller of `a` and `b` (broadcasting); ties share the gradient equally."""
    raise NotImplementedError
