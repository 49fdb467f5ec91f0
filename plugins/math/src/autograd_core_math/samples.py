"""Sample inputs for the conformance checks, one factory per domain.

Every factory returns float64 inputs of shapes (), (3,) and (2, 3), kept away from the
points where a function is not differentiable or not defined: central differences mean
nothing there.
"""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Sample

SHAPES: tuple[tuple[int, ...], ...] = ((), (3,), (2, 3))
MARGIN = 0.1
"""The smallest distance between a sample and a kink (relu, abs, clip)."""


def _array(x: object) -> Array:
    """A float64 ndarray: numpy arithmetic on 0-d arrays returns numpy scalars."""
    return np.asarray(x, dtype=np.float64)


def real(rng: np.random.Generator) -> list[Sample]:
    """Standard normal inputs, for functions smooth everywhere."""
    return [((rng.standard_normal(shape),), {}) for shape in SHAPES]


def positive(rng: np.random.Generator) -> list[Sample]:
    """Inputs in [0.2, 2.2), for log and sqrt."""
    return [((_array(0.2 + 2 * rng.random(shape)),), {}) for shape in SHAPES]


def nonzero(rng: np.random.Generator) -> list[Sample]:
    """Inputs of either sign at least MARGIN away from 0, for relu and abs."""
    out: list[Sample] = []
    for shape in SHAPES:
        sign = rng.choice([-1.0, 1.0], size=shape)
        out.append(((_array(sign * rng.uniform(MARGIN, 2.0, size=shape)),), {}))
    return out


def clip(rng: np.random.Generator) -> list[Sample]:
    """Inputs below, inside and above `[low, high]`, at least MARGIN away from both bounds."""
    out: list[Sample] = []
    for shape, (low, high) in zip(SHAPES, [(-0.5, 0.5), (0.0, 1.0), (-1.0, 2.0)], strict=True):
        below = low - rng.uniform(MARGIN, 1.0, size=shape)
        inside = rng.uniform(low + MARGIN, high - MARGIN, size=shape)
        above = high + rng.uniform(MARGIN, 1.0, size=shape)
        region = rng.integers(0, 3, size=shape)
        x = np.choose(region, [below, inside, above])
        out.append(((_array(x),), {"low": low, "high": high}))
    return out
