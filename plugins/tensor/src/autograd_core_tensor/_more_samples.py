"""Sample calls for the conformance checks of `stats`, `arrange` and `einsum` (float64)."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core import Array, Sample, Shape


def _normal(rng: np.random.Generator, shape: Shape) -> Array:
    return np.asarray(rng.standard_normal(shape))


_REDUCTIONS: list[tuple[Shape, int | tuple[int, ...] | None, bool]] = [
    ((2, 3, 4), None, False),
    ((2, 3, 4), 1, False),
    ((2, 3, 4), -1, True),
    ((2, 3, 4), (0, 2), False),
    ((2, 3), None, True),
    ((), None, False),
    ((4,), 0, False),
]


def prod(rng: np.random.Generator) -> list[Sample]:
    """As the other reductions, plus inputs with one and with two zeros along the axis."""
    out: list[Sample] = []
    for shape, axis, keepdims in _REDUCTIONS:
        x = 0.5 + rng.random(shape)  # (0.5, 1.5): products neither vanish nor blow up
        x = x * rng.choice([-1.0, 1.0], size=shape)
        out.append(((np.asarray(x),), {"axis": axis, "keepdims": keepdims}))
    one_zero = 0.5 + rng.random((3, 4))
    one_zero[1, 2] = 0.0
    two_zeros = 0.5 + rng.random((3, 4))
    two_zeros[0, [0, 3]] = 0.0
    out.append(((one_zero,), {"axis": 1, "keepdims": False}))
    out.append(((two_zeros,), {"axis": None, "keepdims": False}))
    out.append(((two_zeros.copy(),), {"axis": 1, "keepdims": True}))
    return out


def var(rng: np.random.Generator) -> list[Sample]:
    """The reductions with ddof 0, and with ddof 1 where the axis has more than one element."""
    out: list[Sample] = []
    for i, (shape, axis, keepdims) in enumerate(_REDUCTIONS):
        params: dict[str, Any] = {"axis": axis, "keepdims": keepdims}
        if i % 2 and shape:
            params["ddof"] = 1
        out.append(((_normal(rng, shape),), params))
    return out


def std(rng: np.random.Generator) -> list[Sample]:
    """As `var`, without the 0-d input (whose deviation is 0: the square root's kink)."""
    return [s for s in var(rng) if s[0][0].ndim > 0]


def logsumexp(rng: np.random.Generator) -> list[Sample]:
    return [
        ((_normal(rng, shape),), {"axis": axis, "keepdims": keepdims})
        for shape, axis, keepdims in _REDUCTIONS
    ]


def cumsum(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, int | None]] = [
        ((5,), 0),
        ((2, 3), 1),
        ((2, 3, 4), -2),
        ((2, 3), None),
    ]
    return [((_normal(rng, shape),), {"axis": axis}) for shape, axis in cases]


def stack(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, int, int]] = [
        ((2, 3), 3, 0),
        ((2, 3), 2, 1),
        ((2, 3), 2, -1),
        ((), 3, 0),
    ]
    return [
        (tuple(_normal(rng, shape) for _ in range(n)), {"axis": axis}) for shape, n, axis in cases
    ]


def split(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, int, int]] = [
        ((6,), 3, 0),
        ((2, 4), 2, 1),
        ((4, 3), 2, 0),
        ((2, 3), 3, -1),
    ]
    return [((_normal(rng, shape),), {"sections": k, "axis": axis}) for shape, k, axis in cases]


def expand_dims(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, int | tuple[int, ...]]] = [
        ((2, 3), 0),
        ((2, 3), -1),
        ((3,), (0, 2)),
        ((), 0),
    ]
    return [((_normal(rng, shape),), {"axis": axis}) for shape, axis in cases]


def squeeze(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, int | tuple[int, ...] | None]] = [
        ((1, 3, 1), None),
        ((2, 1, 3), 1),
        ((1, 3, 1), (0, -1)),
        ((1,), None),
    ]
    return [((_normal(rng, shape),), {"axis": axis}) for shape, axis in cases]


def flatten(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, dict[str, Any]]] = [
        ((2, 3, 4), {}),
        ((2, 3, 4), {"start_axis": 0}),
        ((2, 3, 4, 2), {"start_axis": -2}),
        ((5,), {"start_axis": 0}),
    ]
    return [((_normal(rng, shape),), params) for shape, params in cases]


def flip(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, int | tuple[int, ...] | None]] = [
        ((2, 3), None),
        ((2, 3, 4), 1),
        ((2, 3, 4), (0, -1)),
        ((4,), 0),
    ]
    return [((_normal(rng, shape),), {"axis": axis}) for shape, axis in cases]


def pad(rng: np.random.Generator) -> list[Sample]:
    cases: list[tuple[Shape, Any, float]] = [
        ((2, 3), 1, 0.0),
        ((2, 3), ((0, 2), (1, 0)), 1.5),
        ((3,), (2, 1), -1.0),
        ((2, 2, 2), ((1, 1),), 0.0),
    ]
    return [((_normal(rng, shape),), {"pad_width": w, "value": v}) for shape, w, v in cases]


def einsum(rng: np.random.Generator) -> list[Sample]:
    """Matrix product, batched with '...', a trace, a diagonal, implicit mode, three operands."""
    cases: list[tuple[str, list[Shape]]] = [
        ("ij,jk->ik", [(2, 3), (3, 4)]),
        ("...ij,...jk->...ik", [(2, 2, 3), (3, 2)]),
        ("ii->", [(3, 3)]),
        ("ii->i", [(3, 3)]),
        ("ij,j", [(2, 3), (3,)]),
        ("ij,jk,kl->il", [(2, 3), (3, 2), (2, 2)]),
        ("ij->j", [(2, 3)]),
        ("i,j->ij", [(2,), (3,)]),
    ]
    return [
        (tuple(_normal(rng, s) for s in shapes), {"subscripts": subscripts})
        for subscripts, shapes in cases
    ]
