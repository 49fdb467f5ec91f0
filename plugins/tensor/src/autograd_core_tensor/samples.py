"""Sample calls for the conformance checks: float64 inputs, several shapes and parameters."""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Sample, Shape


def _normal(rng: np.random.Generator, shape: Shape) -> Array:
    """Standard normal float64 values; an ndarray even for shape `()` (numpy gives a scalar)."""
    return np.asarray(rng.standard_normal(shape))


def _uniform(rng: np.random.Generator, shape: Shape) -> Array:
    return np.asarray(rng.random(shape))


def reshape(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, tuple[int, ...]]] = [
        ((2, 3), (3, 2)),
        ((2, 3), (-1,)),
        ((2, 3, 4), (4, -1)),
        ((), (1, 1)),
        ((6,), (2, 1, 3)),
    ]
    return [((_normal(rng, src),), {"shape": dst}) for src, dst in cases]


def transpose(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, tuple[int, ...] | None]] = [
        ((2, 3), None),
        ((2, 3, 4), None),
        ((2, 3, 4), (1, 0, 2)),
        ((2, 3, 4), (-1, 0, 1)),
        ((3,), None),
    ]
    return [((_normal(rng, shape),), {"axes": axes}) for shape, axes in cases]


def reduction(rng: np.random.Generator) -> list[Sample]:
    """For sum and mean: every axis, one, a negative one, several, with and without keepdims."""
    cases: list[tuple[Shape, int | tuple[int, ...] | None, bool]] = [
        ((2, 3, 4), None, False),
        ((2, 3, 4), 0, False),
        ((2, 3, 4), -1, True),
        ((2, 3, 4), (0, 2), False),
        ((2, 3, 4), (2, 0), True),
        ((2, 3), None, True),
        ((), None, False),
        ((4,), 0, False),
    ]
    return [
        ((_normal(rng, shape),), {"axis": axis, "keepdims": keepdims})
        for shape, axis, keepdims in cases
    ]


def extremum(rng: np.random.Generator) -> list[Sample]:
    """For max and min: as `reduction`, on distinct values at least 0.9 apart (no ties)."""
    out: list[Sample] = []
    for (x,), params in reduction(rng):
        ranks = rng.permutation(x.size).reshape(x.shape)
        out.append(((np.asarray(ranks + 0.1 * _uniform(rng, x.shape)),), params))
    return out


def matmul(rng: np.random.Generator) -> list[Sample]:
    shapes: list[tuple[Shape, Shape]] = [
        ((2, 3), (3, 4)),
        ((3,), (3, 2)),
        ((2, 3), (3,)),
        ((3,), (3,)),
        ((2, 1, 2, 3), (3, 3, 2)),
        ((4,), (2, 4, 3)),
    ]
    return [((_normal(rng, a), _normal(rng, b)), {}) for a, b in shapes]


def get_item(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, object]] = [
        ((4, 3), slice(1, 3)),
        ((5,), np.array([0, 2, 2, 4])),
        ((4, 3), -1),
        ((4, 3), (-1, 2)),
        ((3, 4), (Ellipsis, None, np.array([1, 1, 0]))),
        ((2, 3, 4), (slice(None), 1, slice(None, None, -2))),
        ((4, 3), (np.array([0, 3, 0]), np.array([1, 2, 1]))),
    ]
    return [((_normal(rng, shape),), {"index": index}) for shape, index in cases]


def concatenate(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[list[Shape], int]] = [
        ([(2, 3), (1, 3), (4, 3)], 0),
        ([(2, 1), (2, 3), (2, 2)], 1),
        ([(2, 2, 1), (2, 2, 3)], -1),
        ([(3,)], 0),
    ]
    return [
        (tuple(_normal(rng, s) for s in shapes), {"axis": axis}) for shapes, axis in cases
    ]
