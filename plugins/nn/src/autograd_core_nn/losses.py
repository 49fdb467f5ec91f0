"""Losses: softmax cross entropy over integer labels, and mean squared error."""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Sample, Variable
from autograd_core_nn.activations import Softmax, stable_log_softmax


def check_labels(x: Array, t: Array) -> None:
    """Raise TypeError/ValueError unless `x` is (N, C) logits and `t` (N,) labels in [0, C)."""
    fn = "softmax_cross_entropy"
    if x.ndim != 2:
        raise ValueError(f"{fn}: logits x must have shape (N, C), got {x.shape}")
    n, c = x.shape
    if t.dtype.kind not in "iu":
        raise TypeError(
            f"{fn}: labels t must have an integer dtype, got {t.dtype} "
            f"(labels t of shape {t.shape}, logits x of shape {x.shape})"
        )
    if t.shape != (n,):
        raise ValueError(
            f"{fn}: labels t must have shape ({n},) for logits x of shape {x.shape}, "
            f"got shape {t.shape}"
        )
    bad = np.flatnonzero((t < 0) | (t >= c))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"{fn}: label t[{i}] = {int(t[i])} is out of range [0, {c}) "
            f"for logits x of shape {x.shape} and labels t of shape {t.shape}"
        )


class SoftmaxCrossEntropy(Function):
    """`-mean(log_softmax(x)[i, t[i]])` for logits x (N, C) and integer labels t (N,).

    The gradient is `(softmax(x) - onehot(t)) / N`; the labels get none. An empty batch
    (N = 0) has a NaN loss and an empty gradient, as in PyTorch.
    """

    def forward(self, x: Array, t: Array) -> Array:
        check_labels(x, t)
        if len(t) == 0:
            return np.full((), np.nan, dtype=np.exp(x[:0, :0]).dtype)
        log_p = stable_log_softmax(x, axis=1)
        return np.asarray(-log_p[np.arange(len(t)), t].mean())

    def backward(self, gy: Variable) -> tuple[Variable, None]:
        x, t = self.inputs
        p = Softmax(axis=1)(x)
        onehot = np.eye(x.shape[1], dtype=p.dtype)[t.data]
        return (p - onehot) * (gy / max(len(t), 1)), None  # N = 0: an empty gradient


class MeanSquaredError(Function):
    """`mean((a - b) ** 2)` over every element, as PyTorch's default; a and b share a shape.

    Empty inputs have a NaN loss and empty gradients, as in PyTorch.
    """

    def forward(self, a: Array, b: Array) -> Array:
        if a.shape != b.shape:
            raise ValueError(
                f"mean_squared_error: a and b must have the same shape, got {a.shape} and {b.shape}"
            )
        d = a - b
        if d.size == 0:
            return np.full((), np.nan, dtype=np.result_type(d.dtype, np.float16))
        return np.asarray((d * d).mean())

    def backward(self, gy: Variable) -> tuple[Variable, Variable]:
        a, b = self.inputs
        g = (a - b) * (gy * (2.0 / max(a.size, 1)))  # empty inputs: an empty gradient
        return g, -g


def cross_entropy_samples(rng: np.random.Generator) -> list[Sample]:
    """Logits with their integer labels; the checks pass labels through undifferentiated."""
    return [
        ((rng.standard_normal((n, c)), rng.integers(0, c, size=n)), {})
        for n, c in [(4, 3), (1, 5), (3, 2)]
    ]


def mse_samples(rng: np.random.Generator) -> list[Sample]:
    """Pairs of equal shapes, from a single number to a matrix."""
    return [
        ((rng.standard_normal(shape), rng.standard_normal(shape)), {})
        for shape in [(), (3,), (2, 3)]
    ]
