"""Sample inputs for the conformance checks of `more` and `special`: float64, away from kinks."""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Sample

SHAPES: tuple[tuple[int, ...], ...] = ((), (3,), (2, 3))
MARGIN = 0.1
"""The smallest distance between a sample and a kink or a tie."""


def _array(x: object) -> Array:
    return np.asarray(x, dtype=np.float64)


def _nonzero(rng: np.random.Generator, shape: tuple[int, ...]) -> Array:
    sign = rng.choice([-1.0, 1.0], size=shape)
    return _array(sign * rng.uniform(MARGIN, 2.0, size=shape))


def tan(rng: np.random.Generator) -> list[Sample]:
    """Inputs in (-1.2, 1.2), well inside (-pi/2, pi/2)."""
    return [((_array(rng.uniform(-1.2, 1.2, size=shape)),), {}) for shape in SHAPES]


def log1p(rng: np.random.Generator) -> list[Sample]:
    """Inputs in (-0.8, 2), where 1 + x > 0.2."""
    return [((_array(rng.uniform(-0.8, 2.0, size=shape)),), {}) for shape in SHAPES]


def real(rng: np.random.Generator) -> list[Sample]:
    """Standard normal inputs, for expm1 and gelu (smooth everywhere)."""
    return [((_array(rng.standard_normal(shape)),), {}) for shape in SHAPES]


def leaky_relu(rng: np.random.Generator) -> list[Sample]:
    """Both signs, MARGIN away from 0; the default slope and two others."""
    slopes: list[dict[str, object]] = [{}, {"slope": 0.2}, {"slope": -0.5}]
    return [((_nonzero(rng, s),), p) for s, p in zip(SHAPES, slopes, strict=True)]


def elu(rng: np.random.Generator) -> list[Sample]:
    """Both signs, MARGIN away from 0 (where the second derivative jumps)."""
    alphas: list[dict[str, object]] = [{}, {"alpha": 0.5}, {"alpha": 2.0}]
    return [((_nonzero(rng, s),), p) for s, p in zip(SHAPES, alphas, strict=True)]


def softplus(rng: np.random.Generator) -> list[Sample]:
    """Normal inputs with the default beta and two others."""
    betas: list[dict[str, object]] = [{}, {"beta": 2.0}, {"beta": 0.5}]
    return [((_array(3 * rng.standard_normal(s)),), p) for s, p in zip(SHAPES, betas, strict=True)]


def binary(rng: np.random.Generator) -> list[Sample]:
    """Pairs at least MARGIN apart everywhere, equal shapes and broadcasting ones."""
    pairs: list[tuple[tuple[int, ...], tuple[int, ...]]] = [
        ((), ()),
        ((3,), (3,)),
        ((2, 3), (3,)),
        ((2, 1), (1, 3)),
        ((), (2, 3)),
    ]
    out: list[Sample] = []
    for sa, sb in pairs:
        a = _array(rng.standard_normal(sa))
        b = _array(rng.standard_normal(sb))
        while np.any(np.abs(a - b) < MARGIN):  # redraw until no pair is close to a tie
            b = _array(rng.standard_normal(sb))
        out.append(((a, b), {}))
    return out
