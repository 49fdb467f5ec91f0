"""Typed calling forms of this plugin's functions: `from autograd_core_math import tanh`.

Each stub gives mypy the signature of `F.<name>`; `typed` makes calling it call the class
(the body never runs). `autograd_core.functions` re-exports these for type checkers.
"""

from __future__ import annotations

from autograd_core import Scalar
from autograd_core.extend import Input, Variable, typed
from autograd_core_math.activations import Abs, Clip, ReLU, Sigmoid, Tanh
from autograd_core_math.elementwise import Cos, Exp, Log, Sin, Sqrt, Square

__all__ = [
    "abs",
    "clip",
    "cos",
    "exp",
    "log",
    "relu",
    "sigmoid",
    "sin",
    "sqrt",
    "square",
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
