"""Shape functions: reshape, transpose, get_item (indexing) and concatenate.

Every forward returns a fresh array, never a view of an input: writing into a result's
`data` can never change an input (the engine itself never writes in place either).
"""

from __future__ import annotations

from types import EllipsisType
from typing import Any, TypeAlias

import numpy as np

from autograd_core import Array, Function, Shape, Variable
from autograd_core_tensor._axes import is_int, normalize, size_of

IndexItem: TypeAlias = int | np.integer[Any] | slice | EllipsisType | Array | list[Any] | None
Index: TypeAlias = IndexItem | tuple[IndexItem, ...]
"""What get_item takes: basic indexing (ints, slices, Ellipsis, None) and integer arrays."""


def reshape(x: Variable, shape: Shape) -> Variable:
    """`x` reshaped to `shape`, or `x` itself when it already has that shape."""
    return x if x.shape == shape else Reshape(shape=shape)(x)


class Reshape(Function):
    """`x` with a new shape of the same size; one entry may be -1 (inferred)."""

    def __init__(self, shape: int | tuple[int, ...]) -> None:
        super().__init__()
        given = (shape,) if is_int(shape) else shape
        if not isinstance(given, tuple) or not all(is_int(n) for n in given):
            raise TypeError(f"reshape: shape must be an int or a tuple of ints, got {shape!r}")
        if any(n < -1 for n in given):
            raise ValueError(f"reshape: shape {shape!r} has a negative size other than -1")
        if sum(n == -1 for n in given) > 1:
            raise ValueError(f"reshape: shape {shape!r} has more than one -1")
        self.shape: Shape = tuple(int(n) for n in given)

    def forward(self, x: Array) -> Array:
        known = size_of(tuple(n for n in self.shape if n != -1))
        if -1 in self.shape:
            fits = known != 0 and x.size % known == 0
        else:
            fits = x.size == known
        if not fits:
            raise ValueError(
                f"reshape: cannot reshape an input of shape {x.shape} (size {x.size}) "
                f"to shape {self.shape}"
            )
        return x.reshape(self.shape).copy()

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return Reshape(shape=x.shape)(gy)


class Transpose(Function):
    """`x` with its axes permuted by `axes`; None reverses them (`x.T`)."""

    def __init__(self, axes: tuple[int, ...] | list[int] | None = None) -> None:
        super().__init__()
        given: object = axes  # callers pass anything at run time: check what they did pass
        if given is not None and not (
            isinstance(given, tuple | list) and all(is_int(a) for a in given)
        ):
            raise TypeError(f"transpose: axes must be None or a tuple of ints, got {axes!r}")
        self.axes = None if axes is None else tuple(int(a) for a in axes)

    def forward(self, x: Array) -> Array:
        if self.axes is not None:
            axes = tuple(normalize("transpose", a, x.shape) for a in self.axes)
            if sorted(axes) != list(range(x.ndim)):
                raise ValueError(
                    f"transpose: axes {self.axes} are not a permutation of the axes of "
                    f"an input of shape {x.shape}"
                )
            self.axes = axes
        return np.transpose(x, self.axes).copy()

    def backward(self, gy: Variable) -> Variable:
        inverse = None if self.axes is None else tuple(int(a) for a in np.argsort(self.axes))
        return Transpose(axes=inverse)(gy)


def check_index(index: object) -> tuple[IndexItem, ...]:
    """`index` as a tuple of checked items; TypeError naming get_item for anything else."""
    items = index if isinstance(index, tuple) else (index,)
    return tuple(_check_item(item, index) for item in items)


def _check_item(item: object, index: object) -> IndexItem:
    """One element of an index, checked; arrays copied so the caller may reuse theirs."""
    if item is None or isinstance(item, EllipsisType):
        return item
    if is_int(item):
        return int(item)
    if isinstance(item, slice):
        parts = (item.start, item.stop, item.step)
        if all(p is None or is_int(p) for p in parts):
            return item
    elif isinstance(item, np.ndarray | list):
        array = np.array(item)
        if array.size == 0:
            array = array.astype(np.intp)
        if array.dtype.kind in "iub":
            return array
    raise TypeError(
        "get_item: an index is made of ints, slices, Ellipsis, None and integer arrays; "
        f"got {type(item).__name__} in {index!r}"
    )


class GetItem(Function):
    """`x[index]` for basic and integer-array indexing, as a fresh array.

    The gradient scatters `gy` into zeros of `x`'s shape, adding up where an index repeats.
    """

    def __init__(self, index: Index) -> None:
        super().__init__()
        self.index = check_index(index)

    def forward(self, x: Array) -> Array:
        try:
            y = x[self.index]
        except IndexError as exc:
            raise IndexError(
                f"get_item: index {_show(self.index)} does not fit an input of shape "
                f"{x.shape} ({exc})"
            ) from exc
        return np.array(y, copy=True)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return GetItemGrad(index=self.index, shape=x.shape)(gy)


class GetItemGrad(Function):
    """The gradient of `get_item`: `gy` added into zeros of `shape` at `index`.

    Its own gradient is `get_item` again, so second derivatives of indexing work.
    """

    def __init__(self, index: Index, shape: Shape) -> None:
        super().__init__()
        self.index = check_index(index)
        self.shape = tuple(int(n) for n in shape)

    def forward(self, gy: Array) -> Array:
        gx = np.zeros(self.shape, dtype=gy.dtype)
        where: Any = self.index  # numpy's stubs for ufunc.at know integer arrays, not slices
        np.add.at(gx, where, gy)
        return gx

    def backward(self, ggx: Variable) -> Variable:
        return GetItem(index=self.index)(ggx)


def _show(index: tuple[IndexItem, ...]) -> str:
    """An index as one would type it: `[1:3, ..., [0 2 2]]`."""
    parts = []
    for item in index:
        if isinstance(item, slice):
            step = "" if item.step is None else f":{item.step}"
            start = "" if item.start is None else item.start
            stop = "" if item.stop is None else item.stop
            parts.append(f"{start}:{stop}{step}")
        else:
            parts.append("..." if isinstance(item, EllipsisType) else str(item))
    return "[" + ", ".join(parts) + "]"


class Concatenate(Function):
    """Any number of inputs joined along an existing `axis`."""

    def __init__(self, axis: int = 0) -> None:
        super().__init__()
        if not is_int(axis):
            raise TypeError(f"concatenate: axis must be an int, got {axis!r}")
        self.axis = int(axis)

    def forward(self, *xs: Array) -> Array:
        if not xs:
            raise ValueError("concatenate: needs at least one input")
        first = xs[0].shape
        axis = normalize("concatenate", self.axis, first) if first else self.axis
        for i, x in enumerate(xs):
            if x.ndim == 0:
                raise ValueError(f"concatenate: input {i} is 0-d; every input needs an axis")
            if x.ndim != len(first) or any(
                a != b for d, (a, b) in enumerate(zip(x.shape, first, strict=True)) if d != axis
            ):
                raise ValueError(
                    f"concatenate: input {i} of shape {x.shape} does not match input 0 of "
                    f"shape {first} outside axis {self.axis}"
                )
        self.axis = axis
        return np.concatenate(xs, axis=axis)

    def backward(self, gy: Variable) -> tuple[Variable, ...]:
        before = (slice(None),) * self.axis
        ends = np.cumsum([x.shape[self.axis] for x in self.inputs])
        return tuple(
            GetItem(index=(*before, slice(int(end - x.shape[self.axis]), int(end))))(gy)
            for x, end in zip(self.inputs, ends, strict=True)
        )
