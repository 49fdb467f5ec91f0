"""Checking and normalizing axis parameters, with errors that name the function."""

from __future__ import annotations

from typing import Any, TypeAlias, TypeGuard

import numpy as np

from autograd_core import Shape

Axis: TypeAlias = int | tuple[int, ...] | None
"""What the reductions take: every axis (None), one axis, or several; negatives count back."""


def is_int(value: object) -> TypeGuard[int | np.integer[Any]]:
    """An int or numpy integer, but not a bool (numpy would read True as 1)."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def check_axis(fn: str, axis: object) -> Axis:
    """`axis` as given if it is None, an int or a tuple of ints; else TypeError."""
    if axis is None:
        return None
    if is_int(axis):
        return int(axis)
    if isinstance(axis, tuple):
        axes = tuple(int(a) for a in axis if is_int(a))
        if len(axes) == len(axis):
            return axes
    raise TypeError(f"{fn}: axis must be None, an int or a tuple of ints, got {axis!r}")


def check_bool(fn: str, name: str, value: object) -> bool:
    """`value` if it is a bool (so `keepdims=1` or `keepdims="no"` is an error, not a guess)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{fn}: {name} must be a bool, got {value!r}")
    return bool(value)


def normalize(fn: str, axis: int, shape: Shape) -> int:
    """`axis` as a non-negative index into `shape`; ValueError when it is out of range."""
    ndim = len(shape)
    if not -ndim <= axis < ndim:
        raise ValueError(f"{fn}: axis {axis} is out of range for an input of shape {shape}")
    return axis % ndim


def normalize_all(fn: str, axis: Axis, shape: Shape) -> tuple[int, ...]:
    """The sorted, non-negative axes that `axis` names (all of them for None)."""
    if axis is None:
        return tuple(range(len(shape)))
    given = (axis,) if isinstance(axis, int) else axis
    axes = tuple(normalize(fn, a, shape) for a in given)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{fn}: axis {axis!r} names an axis twice (input shape {shape})")
    return tuple(sorted(axes))


def kept_shape(shape: Shape, axes: tuple[int, ...]) -> Shape:
    """`shape` with the reduced `axes` set to 1: the result's shape under keepdims=True."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def size_of(shape: Shape) -> int:
    """The number of elements of an array of this shape (1 for `()`)."""
    return int(np.prod(shape, dtype=np.int64))


