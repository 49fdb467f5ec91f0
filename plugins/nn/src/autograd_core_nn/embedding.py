"""Embedding lookup: integer ids select rows of a weight matrix."""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Sample, Variable
from autograd_core_nn._grads import needs_input_grad


def check_ids(ids: Array, w: Array) -> None:
    """Raise unless `w` is a matrix and `ids` integers in [0, len(w))."""
    if w.ndim != 2:
        raise ValueError(f"embedding: W must have shape (num, dim), got {w.shape}")
    if ids.dtype.kind not in "iu":
        raise TypeError(
            f"embedding: ids must be an integer array, got dtype {ids.dtype} (shape {ids.shape})"
        )
    bad = np.argwhere((ids < 0) | (ids >= w.shape[0]))
    if bad.size:
        i = tuple(int(k) for k in bad[0])
        raise ValueError(
            f"embedding: ids must lie in [0, {w.shape[0]}) for W of shape {w.shape}, "
            f"got ids[{', '.join(map(str, i))}] = {int(ids[i])}"
        )


class Embedding(Function):
    """`W[ids]`: for an integer array ids of any shape, the rows of W (num, dim) it names,
    of shape `ids.shape + (dim,)`, as PyTorch's `embedding`.

    The gradient of W adds each row of `gy` into the row its id names, so repeated ids
    accumulate; the ids get no gradient.
    """

    def forward(self, ids: Array, w: Array) -> Array:
        check_ids(ids, w)
        y: Array = w[ids]
        return y

    def backward(self, gy: Variable) -> tuple[None, Variable | None]:
        ids, w = self.inputs
        if not needs_input_grad(self)[1]:
            return None, None
        return None, EmbeddingGrad(rows=w.shape[0])(ids, gy)


class EmbeddingGrad(Function):
    """The gradient of `embedding`: `gy` added into zeros of (rows, dim) at `ids`.

    Its own gradient is `embedding` of the incoming gradient, so second derivatives work.
    """

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def forward(self, ids: Array, gy: Array) -> Array:
        gw = np.zeros((self.rows, gy.shape[-1]), dtype=gy.dtype)
        # (ids.size, dim), not (-1, dim): -1 is ambiguous when dim is 0
        np.add.at(gw, ids.reshape(-1), gy.reshape(ids.size, gy.shape[-1]))
        return gw

    def backward(self, ggw: Variable) -> tuple[None, Variable]:
        ids, _ = self.inputs
        return None, Embedding()(ids, ggw)


def embedding_samples(rng: np.random.Generator) -> list[Sample]:
    """Ids of a few shapes, with repeats, into small tables."""
    return [
        ((np.array([0, 2, 2, 4]), rng.standard_normal((5, 3))), {}),
        ((np.array([[1, 0, 1], [3, 3, 3]]), rng.standard_normal((4, 2))), {}),
        ((np.array(2), rng.standard_normal((3, 4))), {}),
    ]
