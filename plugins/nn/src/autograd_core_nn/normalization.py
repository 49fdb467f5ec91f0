"""Batch and layer normalisation: `gamma * (x - mean) / sqrt(var + eps) + beta`.

Both use the biased variance (divided by the count, as PyTorch in training mode) and write
their backward with Variable arithmetic, so second derivatives work.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from autograd_core import Array, Function, Sample, Shape, Variable
from autograd_core.extend import sum_to
from autograd_core_nn._grads import needs_input_grad
from autograd_core_tensor import Reshape


def _check_eps(fn: str, eps: object) -> float:
    if isinstance(eps, bool) or not isinstance(eps, int | float | np.integer | np.floating):
        raise TypeError(f"{fn}: eps must be a number, got {type(eps).__name__}")
    if not (math.isfinite(eps) and eps >= 0):
        raise ValueError(f"{fn}: eps must be a non-negative finite number, got {eps!r}")
    return float(eps)


class _Normalization(Function):
    """Normalise x over some axes, then scale by gamma and shift by beta."""

    fn: ClassVar[str]

    def __init__(self, eps: float = 1e-5) -> None:
        super().__init__()
        self.eps = _check_eps(self.fn, eps)

    def kept(self, shape: Shape) -> Shape:
        """The shape of the statistics: x's shape with the normalised axes set to 1."""
        raise NotImplementedError

    def param_shape(self, shape: Shape) -> Shape:
        """The shape gamma and beta take to broadcast against x."""
        raise NotImplementedError

    def check(self, x: Array, gamma: Array, beta: Array) -> None:
        raise NotImplementedError

    def forward(self, x: Array, gamma: Array, beta: Array) -> Array:
        self.check(x, gamma, beta)
        kept, shape = self.kept(x.shape), self.param_shape(x.shape)
        axes = tuple(i for i, n in enumerate(kept) if n == 1 and x.shape[i] != 1)
        m = max(x.size // max(math.prod(kept), 1), 1)  # elements per statistic
        xc = x - x.sum(axis=axes, keepdims=True) / m
        var = (xc * xc).sum(axis=axes, keepdims=True) / m
        y: Array = xc / np.sqrt(var + self.eps) * gamma.reshape(shape) + beta.reshape(shape)
        return y

    def backward(self, gy: Variable) -> tuple[Variable | None, ...]:
        x, gamma, beta = self.inputs
        needs = needs_input_grad(self)
        kept, shape = self.kept(x.shape), self.param_shape(x.shape)
        m = max(x.size // max(math.prod(kept), 1), 1)
        xc = x - sum_to(x, kept) / m
        inv = (sum_to(xc * xc, kept) / m + self.eps) ** -0.5
        xhat = xc * inv
        gx = ggamma = gbeta = None
        if needs[0]:
            g = gy * (gamma if gamma.shape == shape else Reshape(shape=shape)(gamma))
            gx = inv * (g - sum_to(g, kept) / m - xhat * (sum_to(g * xhat, kept) / m))
        if needs[1]:
            ggamma = _to(sum_to(gy * xhat, shape), gamma.shape)
        if needs[2]:
            gbeta = _to(sum_to(gy, shape), beta.shape)
        return gx, ggamma, gbeta


def _to(v: Variable, shape: Shape) -> Variable:
    return v if v.shape == shape else Reshape(shape=shape)(v)


class BatchNorm(_Normalization):
    """Batch normalisation with batch statistics, as PyTorch's `batch_norm` in training mode.

    x is (N, C, ...); the mean and the biased variance of each channel are taken over every
    axis but 1, then `y = gamma * (x - mean) / sqrt(var + eps) + beta` with gamma and beta
    of shape (C,). A channel needs more than one value (as in PyTorch).
    """

    fn = "batch_norm"

    def kept(self, shape: Shape) -> Shape:
        return tuple(n if i == 1 else 1 for i, n in enumerate(shape))

    param_shape = kept

    def check(self, x: Array, gamma: Array, beta: Array) -> None:
        if x.ndim < 2:
            raise ValueError(f"batch_norm: x must have shape (N, C, ...), got {x.shape}")
        _check_params(self.fn, "C", x.shape[1], gamma, beta, x.shape)
        per_channel = x.size // x.shape[1] if x.shape[1] else 0
        if per_channel == 1:
            raise ValueError(
                f"batch_norm: batch statistics need more than one value per channel, "
                f"got x of shape {x.shape}"
            )


class LayerNorm(_Normalization):
    """Layer normalisation over the last axis, as PyTorch's `layer_norm(x, (D,), ...)`.

    The mean and biased variance are taken over the last axis of x (..., D), then
    `y = gamma * (x - mean) / sqrt(var + eps) + beta` with gamma and beta of shape (D,).
    """

    fn = "layer_norm"

    def kept(self, shape: Shape) -> Shape:
        return (*shape[:-1], 1)

    def param_shape(self, shape: Shape) -> Shape:
        return shape[-1:]

    def check(self, x: Array, gamma: Array, beta: Array) -> None:
        if x.ndim < 1:
            raise ValueError(f"layer_norm: x must have at least one axis, got shape {x.shape}")
        _check_params(self.fn, "D", x.shape[-1], gamma, beta, x.shape)


def _check_params(fn: str, axis: str, n: int, gamma: Array, beta: Array, x: Shape) -> None:
    for name, p in (("gamma", gamma), ("beta", beta)):
        if p.shape != (n,):
            raise ValueError(
                f"{fn}: {name} must have shape ({axis},) = ({n},) for x of shape {x}, got {p.shape}"
            )


def batch_norm_samples(rng: np.random.Generator) -> list[Sample]:
    """A batch of vectors and a batch of images, with random gamma and beta."""
    return [
        ((rng.standard_normal(s), rng.standard_normal(s[1]), rng.standard_normal(s[1])), {})
        for s in [(4, 3), (2, 2, 2, 3)]
    ] + [((rng.standard_normal((3, 2)), rng.uniform(0.5, 2, 2), np.zeros(2)), {"eps": 0.1})]


def layer_norm_samples(rng: np.random.Generator) -> list[Sample]:
    """A vector, a batch and a batch of sequences, with random gamma and beta."""
    return [
        ((rng.standard_normal(s), rng.standard_normal(s[-1]), rng.standard_normal(s[-1])), {})
        for s in [(4,), (3, 4), (2, 2, 3)]
    ] + [((rng.standard_normal((2, 3)), rng.uniform(0.5, 2, 3), np.zeros(3)), {"eps": 0.1})]
