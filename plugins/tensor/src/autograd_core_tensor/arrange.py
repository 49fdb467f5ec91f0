"""Arranging elements: stack, split, expand_dims, squeeze, flatten, flip and pad.

Each is linear in its input, so each backward is another of these functions (or a
reshape, concatenate or get_item) applied to `gy`, and second derivatives are zero.
Results are fresh arrays, never views of an input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias, cast

import numpy as np

from autograd_core import Array, Function, Scalar, Variable
from autograd_core_tensor._axes import check_axis, is_int, normalize, normalize_all, size_of
from autograd_core_tensor.shape import Concatenate, GetItem, Reshape

PadWidth: TypeAlias = int | Sequence[int] | Sequence[Sequence[int]]
"""numpy's `pad_width`: one int for every side, one (before, after) pair, or one per axis."""


def _int_param(fn: str, name: str, value: object) -> int:
    if not is_int(value):
        raise TypeError(f"{fn}: {name} must be an int, got {value!r}")
    return int(value)


class Stack(Function):
    """Inputs of one shape joined along a new `axis` (numpy's and PyTorch's `stack`)."""

    def __init__(self, axis: int = 0) -> None:
        super().__init__()
        self.axis = _int_param("stack", "axis", axis)

    def forward(self, *xs: Array) -> Array:
        if not xs:
            raise ValueError("stack: needs at least one input")
        first = xs[0].shape
        for i, x in enumerate(xs):
            if x.shape != first:
                raise ValueError(
                    f"stack: input {i} has shape {x.shape}, input 0 has shape {first}; "
                    "every input needs the same shape"
                )
        self.axis = normalize("stack", self.axis, (*first, len(xs)))
        return np.stack(xs, axis=self.axis)

    def backward(self, gy: Variable) -> tuple[Variable, ...]:
        before = (slice(None),) * self.axis
        return tuple(GetItem(index=(*before, i))(gy) for i in range(len(self.inputs)))


class Split(Function[tuple[Variable, ...]]):
    """`x` cut along `axis` into `sections` equal parts (numpy's `split` with an int).

    Always returns a tuple, also for `sections=1`. The gradient is the parts' gradients
    concatenated (zeros for a part that received none).
    """

    def __init__(self, sections: int, axis: int = 0) -> None:
        super().__init__()
        self.sections = _int_param("split", "sections", sections)
        if self.sections < 1:
            raise ValueError(f"split: sections must be at least 1, got {sections!r}")
        self.axis = _int_param("split", "axis", axis)

    def __call__(self, *inputs: Variable | Array | Scalar) -> tuple[Variable, ...]:
        # The core hands back a single output unwrapped; split's result is always a tuple.
        out = cast("Variable | tuple[Variable, ...]", super().__call__(*inputs))
        return out if isinstance(out, tuple) else (out,)

    def forward(self, x: Array) -> tuple[Array, ...]:
        if x.ndim == 0:
            raise ValueError("split: cannot split a 0-d input")
        self.axis = normalize("split", self.axis, x.shape)
        n = x.shape[self.axis]
        if n % self.sections:
            raise ValueError(
                f"split: axis {self.axis} of length {n} (input shape {x.shape}) does not "
                f"divide into {self.sections} equal parts"
            )
        return tuple(part.copy() for part in np.split(x, self.sections, axis=self.axis))

    def backward(self, *gys: Variable) -> Variable:
        gx: Variable = Concatenate(axis=self.axis)(*gys)
        return gx


class ExpandDims(Function):
    """`x` with a new axis of length 1 at `axis` (several for a tuple), as numpy's."""

    def __init__(self, axis: int | tuple[int, ...]) -> None:
        super().__init__()
        checked = check_axis("expand_dims", axis)
        if checked is None:
            raise TypeError("expand_dims: axis must be an int or a tuple of ints, got None")
        self.axis = checked

    def forward(self, x: Array) -> Array:
        given = (self.axis,) if isinstance(self.axis, int) else self.axis
        ndim = x.ndim + len(given)
        if not all(-ndim <= a < ndim for a in given):
            raise ValueError(
                f"expand_dims: axis {self.axis!r} is out of range for an input of shape "
                f"{x.shape} (the result has {ndim} axes)"
            )
        axes = {a % ndim for a in given}
        if len(axes) != len(given):
            raise ValueError(f"expand_dims: axis {self.axis!r} names an axis twice")
        it = iter(x.shape)
        return x.reshape([1 if d in axes else next(it) for d in range(ndim)]).copy()

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        gx: Variable = Reshape(shape=x.shape)(gy)
        return gx


class Squeeze(Function):
    """`x` without axes of length 1: all of them for None, else those named (numpy's).

    Naming an axis whose length is not 1 is an error (PyTorch would leave it).
    """

    def __init__(self, axis: int | tuple[int, ...] | None = None) -> None:
        super().__init__()
        self.axis = check_axis("squeeze", axis)

    def forward(self, x: Array) -> Array:
        if self.axis is None:
            axes = tuple(d for d, n in enumerate(x.shape) if n == 1)
        else:
            axes = normalize_all("squeeze", self.axis, x.shape)
            wrong = [d for d in axes if x.shape[d] != 1]
            if wrong:
                raise ValueError(
                    f"squeeze: axis {wrong[0]} of an input of shape {x.shape} has length "
                    f"{x.shape[wrong[0]]}, not 1"
                )
        return np.squeeze(x, axis=axes).copy()

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        gx: Variable = Reshape(shape=x.shape)(gy)
        return gx


class Flatten(Function):
    """`x` with the axes from `start_axis` on merged into one (PyTorch's `flatten`).

    The default `start_axis=1` keeps a batch axis, as `torch.nn.Flatten`; `start_axis=0`
    flattens everything. A 0-d input becomes shape (1,) for start_axis 0 or -1.
    """

    def __init__(self, start_axis: int = 1) -> None:
        super().__init__()
        self.start_axis = _int_param("flatten", "start_axis", start_axis)

    def forward(self, x: Array) -> Array:
        if x.ndim == 0 and self.start_axis in (0, -1):
            return x.reshape(1).copy()
        start = normalize("flatten", self.start_axis, x.shape)
        return x.reshape((*x.shape[:start], size_of(x.shape[start:]))).copy()

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        gx: Variable = Reshape(shape=x.shape)(gy)
        return gx


class Flip(Function):
    """`x` with the order of its elements reversed along `axis` (every axis for None)."""

    def __init__(self, axis: int | tuple[int, ...] | None = None) -> None:
        super().__init__()
        self.axis = check_axis("flip", axis)

    def forward(self, x: Array) -> Array:
        axes = normalize_all("flip", self.axis, x.shape)
        return np.flip(x, axis=axes).copy()

    def backward(self, gy: Variable) -> Variable:
        gx: Variable = Flip(axis=self.axis)(gy)
        return gx


def _check_pad_width(pad_width: object) -> Array:
    """`pad_width` as an int array of (before, after) pairs that numpy can broadcast."""
    try:
        widths = np.asarray(pad_width)
    except ValueError:
        widths = np.asarray([], dtype=object)
    if widths.dtype.kind not in "iu" or widths.ndim > 2 or widths.size == 0:
        raise TypeError(
            "pad: pad_width must be an int, a (before, after) pair of ints or one pair per "
            f"axis, got {pad_width!r}"
        )
    if np.any(widths < 0):
        raise ValueError(f"pad: pad_width must not be negative, got {pad_width!r}")
    return widths.astype(np.intp)


class Pad(Function):
    """`x` surrounded by `value` as numpy's `pad(x, pad_width, constant_values=value)`.

    `pad_width` is numpy's: an int for every side of every axis, one (before, after) pair
    for every axis, or one pair per axis. The gradient is `gy` without the padding.
    """

    def __init__(self, pad_width: PadWidth, value: float = 0.0) -> None:
        super().__init__()
        self.pad_width = _check_pad_width(pad_width)
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise TypeError(f"pad: value must be a real number, got {value!r}")
        self.value = value
        self.widths = np.zeros((0, 2), dtype=np.intp)

    def forward(self, x: Array) -> Array:
        try:
            self.widths = np.broadcast_to(self.pad_width, (x.ndim, 2))
        except ValueError:
            raise ValueError(
                f"pad: pad_width {self.pad_width.tolist()} does not fit an input of shape "
                f"{x.shape}; give one (before, after) pair per axis"
            ) from None
        pairs = [(int(b), int(a)) for b, a in self.widths]
        return np.pad(x, pairs, mode="constant", constant_values=self.value)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        index = tuple(
            slice(int(b), int(b) + n) for (b, _), n in zip(self.widths, x.shape, strict=True)
        )
        gx: Variable = GetItem(index=index)(gy)
        return gx
