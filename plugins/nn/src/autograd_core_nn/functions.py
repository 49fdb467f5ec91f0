"""Typed calling forms of this plugin's functions: `from autograd_core_nn import linear`.

Each stub gives mypy the signature of `F.<name>`; `typed` makes calling it call the class
(the body never runs). `autograd_core.functions` re-exports these for type checkers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from autograd_core.extend import Input, Variable, typed
from autograd_core_nn.activations import LogSoftmax, Softmax
from autograd_core_nn.elementwise_losses import HuberLoss, SigmoidCrossEntropy
from autograd_core_nn.embedding import Embedding
from autograd_core_nn.layers import Linear
from autograd_core_nn.losses import MeanSquaredError, SoftmaxCrossEntropy
from autograd_core_nn.normalization import BatchNorm, LayerNorm
from autograd_core_nn.regularization import Dropout

__all__ = [
    "batch_norm",
    "dropout",
    "embedding",
    "huber_loss",
    "layer_norm",
    "linear",
    "log_softmax",
    "mean_squared_error",
    "sigmoid_cross_entropy",
    "softmax",
    "softmax_cross_entropy",
]


@typed(Linear)
def linear(x: Input, W: Input, /, b: Input | None = None) -> Variable:  # noqa: N803
    """`x @ W + b` with W of shape (in, out), as in DeZero; without `b`, no bias."""
    raise NotImplementedError


@typed(Softmax)
def softmax(x: Input, /, axis: int = -1) -> Variable:
    """`exp(x) / sum(exp(x))` along `axis`, computed without overflow."""
    raise NotImplementedError


@typed(LogSoftmax)
def log_softmax(x: Input, /, axis: int = -1) -> Variable:
    """`x - logsumexp(x)` along `axis`, computed without overflow."""
    raise NotImplementedError


@typed(SoftmaxCrossEntropy)
def softmax_cross_entropy(x: Input, t: Variable | npt.NDArray[np.integer[Any]], /) -> Variable:
    """The mean over the batch of `-log_softmax(x)[i, t[i]]`: logits (N, C), integer labels (N,).

    Labels are a Variable or an integer ndarray: a float array is a type error.
    """
    raise NotImplementedError


@typed(MeanSquaredError)
def mean_squared_error(a: Input, b: Input, /) -> Variable:
    """`mean((a - b) ** 2)` over every element; `a` and `b` have one shape."""
    raise NotImplementedError


@typed(SigmoidCrossEntropy)
def sigmoid_cross_entropy(x: Input, t: Input, /) -> Variable:
    """Binary cross entropy from logits x and labels t of x's shape, averaged over every
    element (PyTorch's `binary_cross_entropy_with_logits`); finite for any logit.

    Integer labels (0 or 1) get no gradient; float targets get `-x / size`.
    """
    raise NotImplementedError  # the body never runs: typed() calls the class


@typed(HuberLoss)
def huber_loss(a: Input, b: Input, /, delta: float = 1.0) -> Variable:
    """The mean of `d**2 / 2` where `|d| < delta`, else `delta (|d| - delta / 2)`, for
    `d = a - b` (PyTorch's `huber_loss`). The gradient `clip(d, -delta, delta) / size` is
    continuous; at `|d| = delta` the second derivative is the linear piece's, 0 (PyTorch's).
    """
    raise NotImplementedError  # the body never runs: typed() calls the class


@typed(Dropout)
def dropout(
    x: Input, /, ratio: float = 0.5, training: bool = True, rng: np.random.Generator | None = None
) -> Variable:
    """Inverted dropout: zero each element with probability `ratio` (in [0, 1)) and scale
    the rest by `1 / (1 - ratio)`. The mask is `rng.random(x.shape) >= ratio` (a fresh
    `default_rng()` when rng is None); the identity when `training=False`.
    """
    raise NotImplementedError  # the body never runs: typed() calls the class


@typed(BatchNorm)
def batch_norm(x: Input, gamma: Input, beta: Input, /, eps: float = 1e-5) -> Variable:
    """Batch normalisation of x (N, C, ...) with the batch's mean and biased variance over
    every axis but 1 (PyTorch's training mode); gamma and beta have shape (C,).
    """
    raise NotImplementedError  # the body never runs: typed() calls the class


@typed(LayerNorm)
def layer_norm(x: Input, gamma: Input, beta: Input, /, eps: float = 1e-5) -> Variable:
    """Layer normalisation over the last axis of x (..., D) with the mean and biased
    variance; gamma and beta have shape (D,).
    """
    raise NotImplementedError  # the body never runs: typed() calls the class


@typed(Embedding)
def embedding(ids: Input, W: Input, /) -> Variable:  # noqa: N803 (the contract's name)
    """The rows of W (num, dim) named by the integer array ids: shape `ids.shape + (dim,)`.
    Repeated ids accumulate W's gradient; ids out of range or not integers raise.
    """
    raise NotImplementedError  # the body never runs: typed() calls the class
