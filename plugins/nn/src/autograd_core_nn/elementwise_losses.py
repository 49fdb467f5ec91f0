"""Losses taken element by element and averaged: sigmoid cross entropy and Huber.

Both average over every element, as PyTorch's default `reduction="mean"` does; over no
elements at all the mean is NaN, as in PyTorch, and the (empty) gradients are fine.
"""

from __future__ import annotations

import math

import numpy as np

from autograd_core import Array, Function, Sample, Variable
from autograd_core.extend import constant_mask
from autograd_core_math import Sigmoid
from autograd_core_nn._grads import needs_input_grad


def _mean(a: Array) -> Array:
    """The mean of every element of `a`, as a 0-d array of its dtype (NaN when it is empty)."""
    if a.size == 0:
        return np.full((), np.nan, dtype=a.dtype)
    return np.asarray(a.mean())


def check_targets(x: Array, t: Array) -> None:
    """Raise unless `t` has `x`'s shape and holds binary labels (or float targets)."""
    fn = "sigmoid_cross_entropy"
    if t.shape != x.shape:
        raise ValueError(
            f"{fn}: targets t must have the shape of the logits x {x.shape}, got {t.shape}"
        )
    if t.dtype.kind in "iu" and t.size and not np.isin(t, (0, 1)).all():
        i = tuple(int(k) for k in np.argwhere((t != 0) & (t != 1))[0])
        raise ValueError(f"{fn}: integer labels t must be 0 or 1, got t[{i}] = {int(t[i])}")


class SigmoidCrossEntropy(Function):
    """`mean(-t log sigmoid(x) - (1 - t) log(1 - sigmoid(x)))` from logits x, as PyTorch's
    `binary_cross_entropy_with_logits`.

    t has x's shape: integer labels 0 or 1 (no gradient), or float targets in [0, 1] (which
    get the gradient `-x / size`, as in PyTorch). Computed as `max(x, 0) - x t +
    log1p(exp(-|x|))`, so it stays finite for any logit (x = +-1000 included); the gradient
    is `(sigmoid(x) - t) / size`, smooth everywhere.
    """

    def forward(self, x: Array, t: Array) -> Array:
        check_targets(x, t)
        if t.dtype.kind != "f" and x.dtype.kind == "f":
            t = t.astype(x.dtype)  # labels keep float32 logits float32
        with np.errstate(under="ignore"):
            loss = np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))
        return _mean(loss)

    def backward(self, gy: Variable) -> tuple[Variable | None, Variable | None]:
        x, t = self.inputs
        needs = needs_input_grad(self)
        scale = gy / max(x.size, 1)
        target = t if t.dtype.kind == "f" else constant_mask(t.data, x)
        gx = (Sigmoid()(x) - target) * scale if needs[0] else None
        gt = -x * scale if t.dtype.kind == "f" and needs[1] else None
        return gx, gt


def _check_delta(delta: object) -> float:
    if isinstance(delta, bool) or not isinstance(delta, int | float | np.integer | np.floating):
        raise TypeError(f"huber_loss: delta must be a number, got {type(delta).__name__}")
    if not (math.isfinite(delta) and delta > 0):
        raise ValueError(f"huber_loss: delta must be positive and finite, got {delta!r}")
    return float(delta)


class HuberLoss(Function):
    """`mean(h(a - b))`, `h(d) = d**2 / 2` for `|d| < delta`, else `delta (|d| - delta / 2)`,
    as PyTorch's `huber_loss`; a and b share a shape.

    The gradient of a is `clip(a - b, -delta, delta) / size` (b gets its negative), which
    is continuous; at `|a - b| = delta` the second derivative is the linear piece's, 0, as
    in PyTorch.
    """

    def __init__(self, delta: float = 1.0) -> None:
        super().__init__()
        self.delta = _check_delta(delta)

    def forward(self, a: Array, b: Array) -> Array:
        if a.shape != b.shape:
            raise ValueError(
                f"huber_loss: a and b must have the same shape, got {a.shape} and {b.shape}"
            )
        d = a - b
        ad = np.abs(d)
        delta = self.delta
        return _mean(np.where(ad < delta, 0.5 * d * d, delta * (ad - 0.5 * delta)))

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        a, b = self.inputs
        d = a - b
        inside = np.abs(d.data) < self.delta
        # clip(d, -delta, delta) as d * [inside] + delta * sign(d) * [outside]
        g = d * constant_mask(inside, d) + constant_mask(
            np.where(inside, 0.0, self.delta * np.sign(d.data)), d
        )
        g = g * (gy / max(a.size, 1))
        return g, -g


def sigmoid_cross_entropy_samples(rng: np.random.Generator) -> list[Sample]:
    """Logits with integer labels (a scalar, a vector, a batch), and float targets."""
    cases: list[Sample] = [
        ((rng.standard_normal(shape), rng.integers(0, 2, size=shape)), {})
        for shape in [(), (5,), (3, 4)]
    ]
    cases.append(((rng.standard_normal((2, 3)), rng.uniform(0, 1, size=(2, 3))), {}))
    return cases


def huber_samples(rng: np.random.Generator) -> list[Sample]:
    """Differences on both pieces (none within 0.05 of the kink), for two deltas."""
    cases: list[Sample] = []
    for shape, delta in [((), 1.0), ((6,), 1.0), ((2, 3), 0.5)]:
        b = rng.standard_normal(shape)
        size = rng.uniform(0.05, 0.9, size=shape) * delta
        size = np.where(rng.random(shape) < 0.5, size, rng.uniform(1.1, 3.0, size=shape) * delta)
        a = b + np.where(rng.random(shape) < 0.5, size, -size)
        cases.append(((np.asarray(a), np.asarray(b)), {"delta": delta}))
    return cases
