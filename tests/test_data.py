"""`autograd_core.data`: batching, shuffling per epoch, progress bars, generated data sets."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, assert_type

import numpy as np
import pytest

from autograd_core import Array as CoreArray
from autograd_core import data
from autograd_core.data import ArrayDataset, DataLoader, Dataset, moons, sine, spiral

Array = np.ndarray[Any, Any]


def make(n: int = 10) -> tuple[Array, Array]:
    return np.arange(n * 2, dtype=float).reshape(n, 2), np.arange(n)


def test_batches_cover_the_data_in_order_without_shuffle() -> None:
    x, t = make(10)
    loader = DataLoader(ArrayDataset(x, t), batch_size=4)
    batches = list(loader)
    assert len(loader) == len(batches) == 3
    assert [len(tb) for _, tb in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([xb for xb, _ in batches]), x)
    np.testing.assert_array_equal(np.concatenate([tb for _, tb in batches]), t)
    for xb, tb in batches:  # rows stay paired
        np.testing.assert_array_equal(xb[:, 0], 2 * tb)


def test_drop_last_drops_the_short_batch() -> None:
    loader = DataLoader(ArrayDataset(*make(10)), batch_size=4, drop_last=True)
    assert len(loader) == 2 and [len(b[0]) for b in loader] == [4, 4]


def test_shuffle_gives_a_new_permutation_each_epoch_and_a_seed_repeats_the_sequence() -> None:
    x, t = make(50)

    def epochs(seed: int) -> list[Array]:
        loader = DataLoader(ArrayDataset(x, t), batch_size=8, shuffle=True, seed=seed)
        return [np.concatenate([tb for _, tb in loader]) for _ in range(3)]

    first = epochs(0)
    for order in first:
        np.testing.assert_array_equal(np.sort(order), t)  # every sample exactly once
    assert not np.array_equal(first[0], first[1]) and not np.array_equal(first[1], first[2])
    assert not np.array_equal(first[0], t)
    for a, b in zip(first, epochs(0), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], epochs(1)[0])
    # the permutations are numpy's, from a generator seeded once
    rng = np.random.default_rng(0)
    for order in first:
        np.testing.assert_array_equal(order, rng.permutation(50))


class Squares:
    """A Dataset written by a user: sample i is (i as a 2-vector, i squared)."""

    def __len__(self) -> int:
        return 5

    def __getitem__(self, index: int, /) -> tuple[Array, ...]:
        return np.array([index, index], dtype=float), np.array(index**2)


def test_any_dataset_protocol_is_batched_by_stacking_samples() -> None:
    ds: Dataset = Squares()
    batches = list(DataLoader(ds, batch_size=2))
    assert len(batches) == 3
    xb, tb = batches[1]
    np.testing.assert_array_equal(xb, [[2.0, 2.0], [3.0, 3.0]])
    np.testing.assert_array_equal(tb, [4, 9])


def test_the_loader_yields_tuples_of_arrays() -> None:
    for batch in DataLoader(ArrayDataset(*make(4)), batch_size=2):
        assert_type(batch, tuple[CoreArray, ...])
        xb, tb = batch
        assert type(xb) is np.ndarray
        assert type(tb) is np.ndarray


def test_arrays_of_different_lengths_are_refused_naming_both() -> None:
    with pytest.raises(ValueError) as info:
        ArrayDataset(np.ones((5, 2)), np.ones(4))
    message = str(info.value)
    assert "argument 0 has 5 rows (shape (5, 2))" in message
    assert "argument 1 has 4 (shape (4,))" in message
    with pytest.raises(
        TypeError, match="argument 1 must be an ndarray with a first axis, got list"
    ):
        ArrayDataset(np.ones(3), [1, 2, 3])  # type: ignore[arg-type]  # the mistake tested
    with pytest.raises(TypeError, match=r"got shape \(\)"):
        ArrayDataset(np.array(1.0))


@pytest.mark.parametrize("size", [0, -3, 2.5, True])
def test_a_non_positive_batch_size_is_refused(size: Any) -> None:
    with pytest.raises(
        ValueError, match=f"DataLoader: batch_size must be a positive int, got {size}"
    ):
        DataLoader(ArrayDataset(np.ones(3)), batch_size=size)


def test_a_non_dataset_is_refused() -> None:
    with pytest.raises(TypeError, match="DataLoader: dataset must have __len__ and __getitem__"):
        DataLoader(3, batch_size=1)  # type: ignore[arg-type]  # the mistake tested


class FakeTqdm:
    calls: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, iterable: Iterable[Any], **kwargs: Any) -> None:
        FakeTqdm.calls.append(kwargs)
        self.iterable = iterable

    def __iter__(self) -> Iterator[Any]:
        return iter(self.iterable)


@pytest.fixture
def fake_tqdm(monkeypatch: pytest.MonkeyPatch) -> type[FakeTqdm]:
    module = types.ModuleType("tqdm")
    module.tqdm = FakeTqdm  # type: ignore[attr-defined]  # a stand-in module
    monkeypatch.setitem(sys.modules, "tqdm", module)
    FakeTqdm.calls = []
    return FakeTqdm


def test_progress_draws_a_bar_on_a_terminal(
    fake_tqdm: type[FakeTqdm], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    loader = DataLoader(ArrayDataset(*make(10)), batch_size=4, progress=True)
    assert len(list(loader)) == 3
    assert fake_tqdm.calls == [{"total": 3, "desc": "epoch 1", "leave": False}]


def test_progress_draws_nothing_off_a_terminal(
    fake_tqdm: type[FakeTqdm], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert len(list(DataLoader(ArrayDataset(*make(10)), batch_size=4, progress=True))) == 3
    assert fake_tqdm.calls == []


def test_progress_without_tqdm_installed_draws_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm raises ImportError
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert len(list(DataLoader(ArrayDataset(*make(10)), batch_size=4, progress=True))) == 3


def dezero_spiral(n: int, classes: int, noise: Array) -> tuple[Array, Array]:
    """DeZero's get_spiral loop, written out, with the angle noise given."""
    x = np.zeros((n * classes, 2))
    t = np.zeros(n * classes, dtype=int)
    for j in range(classes):
        for i in range(n):
            rate = i / n
            radius = 1.0 * rate
            theta = j * 4.0 + 4.0 * rate + noise[n * j + i] * 0.2
            x[n * j + i] = [radius * np.sin(theta), radius * np.cos(theta)]
            t[n * j + i] = j
    return x, t


def test_spiral_is_dezeros_spiral_shuffled() -> None:
    x, t = spiral(100, 3, seed=0)
    rng = np.random.default_rng(0)
    noise = rng.standard_normal(300)
    order = rng.permutation(300)
    ex, et = dezero_spiral(100, 3, noise)
    np.testing.assert_allclose(x, ex[order], rtol=1e-15)
    np.testing.assert_array_equal(t, et[order])
    assert x.shape == (300, 2) and t.dtype.kind == "i" and np.bincount(t).tolist() == [100] * 3
    np.testing.assert_array_equal(spiral(100, 3, seed=0)[0], x)
    assert not np.array_equal(spiral(100, 3, seed=1)[0], x)


def test_moons_are_two_noisy_half_circles() -> None:
    x, t = moons(200, noise=0.0, seed=0)
    assert x.shape == (200, 2) and np.bincount(t).tolist() == [100, 100]
    upper, lower = x[t == 0], x[t == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)  # unit circle, centre (0, 0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert (upper[:, 1] >= -1e-12).all() and (lower[:, 1] <= 0.5 + 1e-12).all()
    noisy, _ = moons(200, noise=0.1, seed=0)
    assert 0.05 < np.abs(noisy - x).std() < 0.15


def test_sine_is_a_noisy_sine() -> None:
    x, y = sine(2000, noise=0.1, seed=0)
    assert x.shape == y.shape == (2000, 1) and 0 <= x.min() and x.max() < 1
    residual = y - np.sin(2 * np.pi * x)
    assert residual.std() == pytest.approx(0.1, rel=0.05)
    np.testing.assert_array_equal(
        sine(5, noise=0.0, seed=3)[1], np.sin(2 * np.pi * sine(5, seed=3)[0])
    )


def test_the_module_exports_what_the_contract_names() -> None:
    assert sorted(data.__all__) == sorted(
        ["Dataset", "ArrayDataset", "DataLoader", "spiral", "moons", "sine"]
    )
