"""Typed calling forms of this plugin's functions: `from autograd_core_tensor import sum`.

Each stub gives mypy the signature of `F.<name>`; `typed` makes calling it call the class
(the body never runs). `autograd_core.functions` re-exports these for type checkers.
"""

from __future__ import annotations

from autograd_core.extend import Input, Variable, typed
from autograd_core_tensor.linalg import MatMul
from autograd_core_tensor.reduce import Max, Mean, Min, Sum
from autograd_core_tensor.shape import Concatenate, GetItem, Index, Reshape, Transpose

__all__ = [
    "concatenate",
    "get_item",
    "matmul",
    "max",
    "mean",
    "min",
    "reshape",
    "sum",
    "transpose",
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
