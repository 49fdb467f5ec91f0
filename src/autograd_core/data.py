"""Data sets and minibatches: `Dataset`, `ArrayDataset`, `DataLoader`, and small generated
data sets (`spiral`, `moons`, `sine`) returning `(x, t)` ndarrays.

    loader = DataLoader(ArrayDataset(x, t), batch_size=32, shuffle=True, seed=0)
    for epoch in range(10):
        for xb, tb in loader:   # one pass over the data, reshuffled each epoch
            ...
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

import numpy as np

from autograd_core._progress import progress_bar
from autograd_core._typing import Array

__all__ = ["ArrayDataset", "DataLoader", "Dataset", "moons", "sine", "spiral"]


@runtime_checkable
class Dataset(Protocol):
    """What a DataLoader reads: a length, and sample `i` as a tuple of arrays."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int, /) -> tuple[Array, ...]: ...


class ArrayDataset:
    """Arrays sharing their first axis: sample `i` is `(a[i], b[i], ...)`.

    It also takes an integer index array, giving whole batches at once (the DataLoader
    uses that, so minibatches are slices, not stacks of single samples).
    """

    def __init__(self, *arrays: Array) -> None:
        if not arrays:
            raise ValueError("ArrayDataset: give at least one array")
        for i, a in enumerate(arrays):
            _check_rows(i, a)
            if len(a) != len(arrays[0]):
                raise ValueError(
                    f"ArrayDataset: the arrays must have the same length, argument 0 has "
                    f"{len(arrays[0])} rows (shape {arrays[0].shape}) and argument {i} has "
                    f"{len(a)} (shape {a.shape})"
                )
        self.arrays: tuple[Array, ...] = arrays

    def __len__(self) -> int:
        return len(self.arrays[0])

    def __getitem__(self, index: int | Array, /) -> tuple[Array, ...]:
        return tuple(np.asarray(a[index]) for a in self.arrays)


def _check_rows(i: int, a: object) -> None:
    if not isinstance(a, np.ndarray) or a.ndim == 0:
        what = f"shape {a.shape}" if isinstance(a, np.ndarray) else type(a).__name__
        raise TypeError(
            f"ArrayDataset: argument {i} must be an ndarray with a first axis, got {what}"
        )


def _check_batch_size(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"DataLoader: batch_size must be a positive int, got {value!r}")


class DataLoader:
    """Minibatches of a Dataset: each iteration is one epoch, yielding tuples of ndarrays.

    With `shuffle=True` every epoch takes a new permutation from a generator seeded with
    `seed`, so one seed gives one sequence of epochs. `drop_last` drops a final short batch.
    `progress=True` draws a tqdm bar per epoch when stderr is a terminal and tqdm (the extra
    `autograd-core[progress]`) is installed, and nothing otherwise.
    """

    def __init__(
        self,
        dataset: Dataset,
        batch_size: int,
        shuffle: bool = False,
        drop_last: bool = False,
        seed: int | None = None,
        progress: bool = False,
    ) -> None:
        _check_batch_size(batch_size)
        if not isinstance(dataset, Dataset):
            raise TypeError(
                "DataLoader: dataset must have __len__ and __getitem__ (a Dataset), got "
                f"{type(dataset).__name__}"
            )
        self.dataset, self.batch_size = dataset, batch_size
        self.shuffle, self.drop_last, self.progress = shuffle, drop_last, progress
        self._rng = np.random.default_rng(seed)
        self.epoch = 0

    def __len__(self) -> int:
        """The number of batches in one epoch."""
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def __iter__(self) -> Iterator[tuple[Array, ...]]:
        n = len(self.dataset)
        order = self._rng.permutation(n) if self.shuffle else np.arange(n)
        self.epoch += 1
        size = self.batch_size
        batches: Iterable[Array] = (order[i : i + size] for i in range(0, len(self) * size, size))
        if self.progress:
            batches = progress_bar(batches, total=len(self), desc=f"epoch {self.epoch}")
        for index in batches:
            yield self._batch(index)

    def _batch(self, index: Array) -> tuple[Array, ...]:
        if isinstance(self.dataset, ArrayDataset):
            return self.dataset[index]
        samples = [self.dataset[int(i)] for i in index]
        return tuple(np.stack(field) for field in zip(*samples, strict=True))


def spiral(n: int = 100, classes: int = 3, seed: int | None = None) -> tuple[Array, Array]:
    """DeZero's spiral: `classes` arms of `n` points each in the plane, shuffled.

    Returns x (n * classes, 2) float64 and t (n * classes,) int64 class labels. Point i of
    arm j has radius i/n and angle 4j + 4i/n + N(0, 0.2^2).
    """
    rng = np.random.default_rng(seed)
    rate = np.tile(np.arange(n) / n, classes)
    t = np.repeat(np.arange(classes), n)
    theta = t * 4.0 + 4.0 * rate + rng.standard_normal(n * classes) * 0.2
    x = np.stack([rate * np.sin(theta), rate * np.cos(theta)], axis=1)
    order = rng.permutation(n * classes)
    return x[order], t[order]


def moons(n: int = 100, noise: float = 0.1, seed: int | None = None) -> tuple[Array, Array]:
    """Two interleaving half circles (as scikit-learn's `make_moons`): x (n, 2) float64,
    t (n,) int64 in {0, 1}, Gaussian noise of standard deviation `noise`, shuffled."""
    rng = np.random.default_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    a, b = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    x = np.concatenate(
        [np.stack([np.cos(a), np.sin(a)], 1), np.stack([1 - np.cos(b), 0.5 - np.sin(b)], 1)]
    )
    t = np.concatenate([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
    x = x + noise * rng.standard_normal(x.shape)
    order = rng.permutation(n)
    return x[order], t[order]


def sine(n: int = 100, noise: float = 0.1, seed: int | None = None) -> tuple[Array, Array]:
    """Regression data y = sin(2 pi x) + N(0, noise^2), x uniform in [0, 1): both (n, 1)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 1))
    return x, np.sin(2 * np.pi * x) + noise * rng.standard_normal((n, 1))
