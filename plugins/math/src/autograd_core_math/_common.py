"""Helpers shared by the plugin's functions: the output of a call, and constant masks."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core import Array, Function, Variable


def output_of(fn: Function[Any]) -> Variable:
    """The output Variable of a single-output call, for backwards that reuse `y`.

    The engine only runs a backward while something still holds the output (the next
    function's inputs, or the caller), so the weak reference is alive there.
    """
    y = fn.outputs[0]() if fn.outputs else None
    if y is None:
        raise RuntimeError(f"{type(fn).__name__}: the output was freed before its backward ran")
    return y


def constant_mask(condition: Array, x: Variable) -> Variable:
    """`condition` (or signs) as a constant Variable of `x`'s float dtype (float64 for ints).

    A backward that multiplies `gy` by it has a zero second derivative, as it should
    for piecewise-linear functions.
    """
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    return Variable(np.asarray(condition, dtype=dtype))
