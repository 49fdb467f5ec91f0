"""Inverted dropout, with its mask drawn from a `numpy.random.Generator`."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core import Array, Function, Sample, Variable


def _check_ratio(ratio: object) -> float:
    if isinstance(ratio, bool) or not isinstance(ratio, int | float | np.integer | np.floating):
        raise TypeError(f"dropout: ratio must be a number, got {type(ratio).__name__}")
    if not 0 <= ratio < 1:  # also rejects NaN
        raise ValueError(f"dropout: ratio must be in [0, 1), got {ratio!r}")
    return float(ratio)


class Dropout(Function):
    """Inverted dropout: each element is zeroed with probability `ratio`, the rest are scaled
    by `1 / (1 - ratio)`, so the expected value is unchanged (as PyTorch's `dropout`).

    The mask is `rng.random(x.shape) >= ratio`, drawn once per call from `rng` (a fresh
    `numpy.random.default_rng()` when None), so a seeded Generator gives reproducible masks
    and advances with every call. With `training=False` (or `ratio=0`) it is the identity and
    draws nothing. The gradient is `gy` times the same mask and scale.
    """

    def __init__(
        self, ratio: float = 0.5, training: bool = True, rng: np.random.Generator | None = None
    ) -> None:
        super().__init__()
        self.ratio = _check_ratio(ratio)
        if not isinstance(training, bool | np.bool_):
            raise TypeError(f"dropout: training must be a bool, got {type(training).__name__}")
        if rng is not None and not isinstance(rng, np.random.Generator):
            raise TypeError(
                f"dropout: rng must be a numpy.random.Generator or None, got {type(rng).__name__}"
            )
        self.training = bool(training)
        self.rng = rng
        self.mask: Array | None = None
        """The kept elements times the scale, in x's float dtype; None for the identity."""

    def forward(self, x: Array) -> Array:
        if not self.training or self.ratio == 0:
            return x.copy()
        rng = self.rng if self.rng is not None else np.random.default_rng()
        keep = rng.random(x.shape) >= self.ratio
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
        self.mask = np.where(keep, 1.0 / (1.0 - self.ratio), 0.0).astype(dtype)
        y: Array = x * self.mask
        return y

    def backward(self, gy: Variable) -> Variable:
        return gy if self.mask is None else gy * Variable(self.mask)


class _ReplayGenerator(np.random.Generator):
    """A Generator that starts again from its seed at every draw: every call sees one mask.

    The conformance checks call a function many times with the same parameters and compare
    the results, which needs the same mask each time; an ordinary Generator (what users
    pass) gives a fresh mask per call, as dropout should.
    """

    def __init__(self, seed: int) -> None:
        self._seed = seed
        super().__init__(np.random.PCG64(seed))

    def random(self, *args: Any, **kwargs: Any) -> Any:
        self.bit_generator.state = np.random.PCG64(self._seed).state
        return super().random(*args, **kwargs)

    # Copies (should the checks copy their parameters) replay the same mask too.
    def __copy__(self) -> _ReplayGenerator:
        return type(self)(self._seed)

    def __deepcopy__(self, memo: dict[int, object]) -> _ReplayGenerator:
        return type(self)(self._seed)


def dropout_samples(rng: np.random.Generator) -> list[Sample]:
    """Training with a fixed mask at two ratios, and evaluation (the identity)."""
    return [
        ((rng.standard_normal((4, 5)),), {"ratio": 0.5, "rng": _ReplayGenerator(1)}),
        ((rng.standard_normal((3, 2, 2)),), {"ratio": 0.25, "rng": _ReplayGenerator(2)}),
        ((rng.standard_normal(6),), {"ratio": 0.5, "training": False}),
    ]
