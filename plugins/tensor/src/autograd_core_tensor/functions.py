"""Typed calling forms of this plugin's functions: `from autograd_core_tensor import sum`.

Each stub gives mypy the signature of `F.<name>`; `typed` makes calling it call the class
(the body never runs). `autograd_core.functions` re-exports these for type checkers.
"""

from __future__ import annotations

from autograd_core.extend import Input, Variable, typed
from autograd_core_tensor.arrange import (
    ExpandDims,
    Flatten,
    Flip,
    Pad,
    PadWidth,
    Split,
    Squeeze,
    Stack,
)
from autograd_core_tensor.einsum import Einsum
from autograd_core_tensor.linalg import MatMul
from autograd_core_tensor.reduce import Max, Mean, Min, Sum
from autograd_core_tensor.shape import Concatenate, GetItem, Index, Reshape, Transpose
from autograd_core_tensor.stats import Cumsum, LogSumExp, Prod, Std, Var

__all__ = [
    "concatenate",
    "cumsum",
    "einsum",
    "expand_dims",
    "flatten",
    "flip",
    "get_item",
    "logsumexp",
    "matmul",
    "max",
    "mean",
    "min",
    "pad",
    "prod",
    "reshape",
    "split",
    "squeeze",
    "stack",
    "std",
    "sum",
    "transpose",
    "var",
]


@typed(Reshape)
def reshape(x: Input, /, shape: int | tuple[int, ...]) -> Variable:
    """`x` with a new shape of the same size; one entry may be -1 (inferred)."""
    raise NotImplementedError


@typed(Transpose)
def transpose(x: Input, /, axes: tuple[int, ...] | list[int] | None = None) -> Variable:
    """`x` with its axes permuted by `axes`; None reverses them (`x.T`)."""
    raise NotImplementedError


@typed(GetItem)
def get_item(x: Input, /, index: Index) -> Variable:
    """`x[index]`: ints, slices, Ellipsis, None and integer arrays, as numpy indexes."""
    raise NotImplementedError


@typed(Concatenate)
def concatenate(*xs: Input, axis: int = 0) -> Variable:
    """The inputs joined along an existing `axis`."""
    raise NotImplementedError


@typed(Sum)
def sum(x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:
    """The sum of the elements along `axis` (all of them for None)."""
    raise NotImplementedError


@typed(Mean)
def mean(
    x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Variable:
    """The mean of the elements along `axis` (all of them for None)."""
    raise NotImplementedError


@typed(Max)
def max(x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:
    """The largest element along `axis` (all of them for None); ties share the gradient."""
    raise NotImplementedError


@typed(Min)
def min(x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:
    """The smallest element along `axis` (all of them for None); ties share the gradient."""
    raise NotImplementedError


@typed(MatMul)
def matmul(a: Input, b: Input, /) -> Variable:
    """`a @ b` as numpy's: 1-D operands are vectors, leading (batch) axes broadcast."""
    raise NotImplementedError


@typed(Prod)
def prod(
    x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Variable:
    """The product of the elements along `axis` (all for None); exact gradients with zeros."""
    raise NotImplementedError


@typed(Var)
def var(
    x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False, ddof: int = 0
) -> Variable:
    """The variance along `axis`, divided by `N - ddof` (numpy's default ddof=0)."""
    raise NotImplementedError


@typed(Std)
def std(
    x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False, ddof: int = 0
) -> Variable:
    """The standard deviation along `axis`; gradient 0 where it is 0."""
    raise NotImplementedError


@typed(LogSumExp)
def logsumexp(
    x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> Variable:
    """`log(sum(exp(x)))` along `axis`, stable for any finite input."""
    raise NotImplementedError


@typed(Cumsum)
def cumsum(x: Input, /, axis: int | None) -> Variable:
    """The running sum along `axis`; None runs over the flattened input (numpy's)."""
    raise NotImplementedError


@typed(Stack)
def stack(*xs: Input, axis: int = 0) -> Variable:
    """Inputs of one shape joined along a new `axis`."""
    raise NotImplementedError


@typed(Split)
def split(x: Input, /, sections: int, axis: int = 0) -> tuple[Variable, ...]:
    """`x` cut along `axis` into `sections` equal parts; always a tuple."""
    raise NotImplementedError


@typed(ExpandDims)
def expand_dims(x: Input, /, axis: int | tuple[int, ...]) -> Variable:
    """`x` with a new axis of length 1 at `axis` (several for a tuple)."""
    raise NotImplementedError


@typed(Squeeze)
def squeeze(x: Input, /, axis: int | tuple[int, ...] | None = None) -> Variable:
    """`x` without its axes of length 1 (all of them for None; naming another is an error)."""
    raise NotImplementedError


@typed(Flatten)
def flatten(x: Input, /, start_axis: int = 1) -> Variable:
    """`x` with the axes from `start_axis` on merged into one."""
    raise NotImplementedError


@typed(Flip)
def flip(x: Input, /, axis: int | tuple[int, ...] | None = None) -> Variable:
    """`x` reversed along `axis` (every axis for None)."""
    raise NotImplementedError


@typed(Pad)
def pad(x: Input, /, pad_width: PadWidth, value: float = 0.0) -> Variable:
    """`x` padded with the constant `value`; `pad_width` as numpy's."""
    raise NotImplementedError


@typed(Einsum)
def einsum(*operands: Input, subscripts: str) -> Variable:
    """numpy's `einsum(subscripts, *operands)`; each operand's gradient is an einsum."""
    raise NotImplementedError
