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
from autograd_core_nn.layers import Linear
from autograd_core_nn.losses import MeanSquaredError, SoftmaxCrossEntropy

__all__ = [
    "linear",
    "log_softmax",
    "mean_squared_error",
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
