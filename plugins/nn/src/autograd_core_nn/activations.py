"""Softmax and log-softmax along one axis, both shifted by the maximum so they never overflow."""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Sample, Shape, Variable
from autograd_core.extend import sum_to


def check_axis(fn: str, axis: object) -> int:
    """`axis` if it is an int (bools are not), else a TypeError naming `fn`."""
    if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
        raise TypeError(f"{fn}: axis must be an int, got {axis!r}")
    return int(axis)


def normalize_axis(fn: str, axis: int, shape: Shape) -> int:
    """`axis` as a non-negative index into `shape`; a ValueError naming `fn` when out of range."""
    if not -len(shape) <= axis < len(shape):
        raise ValueError(f"{fn}: axis {axis} is out of range for an input of shape {shape}")
    return axis % len(shape)


def kept_shape(shape: Shape, axis: int) -> Shape:
    """`shape` with `axis` reduced to 1, as `keepdims=True` leaves it."""
    return (*shape[:axis], 1, *shape[axis + 1 :])


def stable_log_softmax(x: Array, axis: int) -> Array:
    """`x - logsumexp(x)` along `axis`, computed after subtracting the maximum."""
    if x.size == 0:  # nothing to normalise (numpy has no maximum of an empty axis)
        return np.exp(x)
    z = x - x.max(axis=axis, keepdims=True)
    out: Array = z - np.log(np.exp(z).sum(axis=axis, keepdims=True))
    return out


class Softmax(Function):
    """`exp(x) / sum(exp(x))` along `axis`; the backward is `y * (gy - sum(gy * y))`."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = check_axis("softmax", axis)

    def forward(self, x: Array) -> Array:
        axis = normalize_axis("softmax", self.axis, x.shape)
        if x.size == 0:  # nothing to normalise (numpy has no maximum of an empty axis)
            return np.exp(x)
        e = np.exp(x - x.max(axis=axis, keepdims=True))
        out: Array = e / e.sum(axis=axis, keepdims=True)
        return out

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        y = self.outputs[0]()
        if y is None:  # the output is gone; recompute it, as a node of the graph
            y = Softmax(axis=self.axis)(x)
        gyy = gy * y
        return gyy - y * sum_to(gyy, kept_shape(x.shape, self.axis % x.ndim))


class LogSoftmax(Function):
    """`x - logsumexp(x)` along `axis`; the backward is `gy - softmax(x) * sum(gy)`."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = check_axis("log_softmax", axis)

    def forward(self, x: Array) -> Array:
        return stable_log_softmax(x, normalize_axis("log_softmax", self.axis, x.shape))

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        p = Softmax(axis=self.axis)(x)
        return gy - p * sum_to(gy, kept_shape(x.shape, self.axis % x.ndim))


def softmax_samples(rng: np.random.Generator) -> list[Sample]:
    """Rows and columns of a matrix, a vector, and a 3-d array along its middle axis."""
    cases: list[tuple[Shape, int]] = [((2, 3), -1), ((2, 3), 0), ((4,), -1), ((2, 3, 2), 1)]
    return [((rng.standard_normal(shape),), {"axis": axis}) for shape, axis in cases]
