"""Typed calling forms of this plugin's functions: `from autograd_core_math import tanh`.

Each stub gives mypy the signature of `F.<name>`; `typed` makes calling it call the class
(the body never runs). `autograd_core.functions` re-exports these for type checkers.
"""

from __future__ import annotations

from autograd_core import Scalar
from autograd_core.extend import Input, Variable, typed
from autograd_core_math.activations import Abs, Clip, ReLU, Sigmoid, Tanh
from autograd_core_math.elementwise import Cos, Exp, Log, Sin, Sqrt, Square
from autograd_core_math.more import Expm1, Log1p, Maximum, Minimum, Tan
from autograd_core_math.special import ELU, GELU, LeakyReLU, Softplus

__all__ = [
    "abs",
    "clip",
    "cos",
    "elu",
    "exp",
    "expm1",
    "gelu",
    "leaky_relu",
    "log",
    "log1p",
    "maximum",
    "minimum",
    "relu",
    "sigmoid",
    "sin",
    "softplus",
    "sqrt",
    "square",
    "tan",
    "tanh",
]


@typed(Square)
def square(x: Input, /) -> Variable:
    """`x ** 2`, elementwise."""
    raise NotImplementedError


@typed(Exp)
def exp(x: Input, /) -> Variable:
    """`e ** x`, elementwise."""
    raise NotImplementedError


@typed(Log)
def log(x: Input, /) -> Variable:
    """The natural logarithm, elementwise (nan below 0, as numpy)."""
    raise NotImplementedError


@typed(Sqrt)
def sqrt(x: Input, /) -> Variable:
    """The square root, elementwise (nan below 0, as numpy)."""
    raise NotImplementedError


@typed(Sin)
def sin(x: Input, /) -> Variable:
    """The sine (radians), elementwise."""
    raise NotImplementedError


@typed(Cos)
def cos(x: Input, /) -> Variable:
    """The cosine (radians), elementwise."""
    raise NotImplementedError


@typed(Tanh)
def tanh(x: Input, /) -> Variable:
    """The hyperbolic tangent, elementwise."""
    raise NotImplementedError


@typed(Sigmoid)
def sigmoid(x: Input, /) -> Variable:
    """The logistic function `1 / (1 + exp(-x))`, elementwise."""
    raise NotImplementedError


@typed(ReLU)
def relu(x: Input, /) -> Variable:
    """`max(x, 0)`, elementwise; the gradient at 0 is 0 (as PyTorch)."""
    raise NotImplementedError


@typed(Abs)
def abs(x: Input, /) -> Variable:
    """`|x|`, elementwise; the gradient at 0 is 0 (as PyTorch)."""
    raise NotImplementedError


@typed(Clip)
def clip(x: Input, /, low: Scalar, high: Scalar) -> Variable:
    """`x` limited to `[low, high]` (`low <= high`); the gradient passes inside."""
    raise NotImplementedError


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
