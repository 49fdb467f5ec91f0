"""Reductions: sum, mean, max and min over all axes, one axis or several."""

from __future__ import annotations

from abc import abstractmethod

import numpy as np

from autograd_core import Array, Function, Shape, Variable
from autograd_core.extend import broadcast_to
from autograd_core_tensor._axes import (
    check_axis,
    check_bool,
    kept_shape,
    normalize_all,
    size_of,
)
from autograd_core_tensor.shape import reshape


class _Reduction(Function):
    """What the reductions share: the `axis`/`keepdims` parameters and spreading `gy` back."""

    name = "reduction"

    def __init__(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> None:
        super().__init__()
        self.axis = check_axis(self.name, axis)
        self.keepdims = check_bool(self.name, "keepdims", keepdims)
        self.axes: tuple[int, ...] = ()

    def _prepare(self, x: Array) -> tuple[int, ...]:
        """Check the axes against `x`'s shape and remember them for backward."""
        self.axes = normalize_all(self.name, self.axis, x.shape)
        return self.axes

    def _count(self, shape: Shape) -> int:
        """How many elements each result element reduces (once `_prepare` has run)."""
        return size_of(tuple(shape[a] for a in self.axes))

    def _spread(self, gy: Variable) -> Variable:
        """A result-shaped `gy` broadcast back to the input's shape (differentiably)."""
        (x,) = self.inputs
        gy = reshape(gy, kept_shape(x.shape, self.axes))
        return broadcast_to(gy, x.shape)


class Sum(_Reduction):
    """The sum of the elements along `axis` (all of them for None)."""

    name = "sum"

    def forward(self, x: Array) -> Array:
        y: Array = np.sum(x, axis=self._prepare(x), keepdims=self.keepdims)
        return y

    def backward(self, gy: Variable) -> Variable:
        return self._spread(gy)


class Mean(_Reduction):
    """The mean of the elements along `axis` (all of them for None).

    The mean of no elements (an empty axis) is NaN, as in PyTorch and numpy.
    """

    name = "mean"

    def forward(self, x: Array) -> Array:
        axes = self._prepare(x)
        with np.errstate(invalid="ignore", divide="ignore"):  # NaN for an empty axis, silently
            y: Array = np.sum(x, axis=axes, keepdims=self.keepdims) / self._count(x.shape)
        return np.asarray(y, dtype=np.result_type(x.dtype, np.float16))

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        # an empty axis leaves nothing to spread over: any count > 0 gives the empty gradient
        return self._spread(gy) / max(self._count(x.shape), 1)


class _Extremum(_Reduction):
    """Max or min; see `Max` for how ties share the gradient."""

    @abstractmethod
    def _reduce(self, x: Array, keepdims: bool) -> Array:
        """np.max or np.min over the checked axes."""

    def forward(self, x: Array) -> Array:
        self._prepare(x)
        if self._count(x.shape) == 0:
            raise ValueError(f"{self.name}: cannot reduce over an empty axis of shape {x.shape}")
        return self._reduce(x, self.keepdims)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        dtype = gy.dtype if gy.dtype.kind == "f" else np.dtype(np.float64)
        hit = (x.data == self._reduce(x.data, True)).astype(dtype)
        with np.errstate(invalid="ignore"):  # a NaN maximum matches nothing: NaN gradients
            weight: Array = hit / hit.sum(axis=self.axes, keepdims=True)
        return self._spread(gy) * weight  # weight is a constant, so second derivatives are 0


class Max(_Extremum):
    """The largest element along `axis` (all of them for None).

    Ties share the gradient: when k elements equal the maximum, each gets `gy / k`, as
    PyTorch's `amax` does. The derivative is undefined there; this choice keeps the
    gradient's sum equal to `gy` and is symmetric in the tied elements.
    """

    name = "max"

    def _reduce(self, x: Array, keepdims: bool) -> Array:
        y: Array = np.max(x, axis=self.axes, keepdims=keepdims)
        return y


class Min(_Extremum):
    """The smallest element along `axis` (all of them for None).

    Ties share the gradient equally, exactly as for `Max` (PyTorch's `amin`).
    """

    name = "min"

    def _reduce(self, x: Array, keepdims: bool) -> Array:
        y: Array = np.min(x, axis=self.axes, keepdims=keepdims)
        return y
