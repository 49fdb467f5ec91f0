"""Chains timed by both bench_compare.py and bench_overhead.py, by each contender.

`tanh` chains (n chained tanh, forward and backward) and `scale` chains (n times
`y = y * factor`, a deep graph of the operator path). The numpy references keep every
intermediate array, as autograd must, and apply the same backward formulas
(`gy * (1 - y * y)`, `gy * factor`). Imports numpy: a script sets its thread limits first.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core import Array, Variable


def numpy_tanh_chain(data: Array, n: int) -> Array:
    ys = []
    y = data
    for _ in range(n):
        y = np.tanh(y)
        ys.append(y)
    g = np.ones_like(y)
    for y in reversed(ys):
        g = g * (1 - y * y)
    return g


def torch_tanh_chain(torch: Any, data: Array, n: int) -> Array:
    x = torch.tensor(data, requires_grad=True)
    y = x
    for _ in range(n):
        y = torch.tanh(y)
    y.backward(torch.ones_like(y))
    grad: Array = x.grad.numpy()
    return grad


def ours_scale_chain(data: Array, n: int, factor: float) -> Array:
    x = Variable(data)
    y = x
    for _ in range(n):
        y = y * factor
    y.backward()
    assert x.grad is not None
    return x.grad.data


def numpy_scale_chain(data: Array, n: int, factor: float) -> Array:
    ys = []
    y = data
    for _ in range(n):
        y = y * factor
        ys.append(y)
    g = np.ones_like(y)
    for _ in reversed(ys):
        g = g * factor
    return g


def torch_scale_chain(torch: Any, data: Array, n: int, factor: float) -> Array:
    x = torch.tensor(data, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * factor
    y.backward()
    grad: Array = x.grad.numpy()
    return grad
