"""Everything a plugin author needs, on one page (as HIPS autograd's `extend.py`).

A plugin imports from here and from `autograd_core`, never from a private module or from
another plugin's internals::

    from autograd_core.extend import Function, FunctionRegistry, Input, Variable, hookimpl, typed

    class Cube(Function):
        def forward(self, x): return x ** 3
        def backward(self, gy):
            (x,) = self.inputs
            return gy * 3 * x ** 2

    @typed(Cube)                     # the typed calling form: `from my_plugin import cube`
    def cube(x: Input, /) -> Variable:
        \"\"\"x cubed.\"\"\"
        raise NotImplementedError    # never runs (and keeps mypy's empty-body check quiet)

    @hookimpl
    def register_functions(registry: FunctionRegistry) -> None:
        registry.register("cube", Cube)

The hook itself is declared and documented in `autograd_core.hookspecs`. A plugin's own
tests run the conformance checks with `autograd_core.testing.check_function("cube")`, the
same checks as `autograd-core check cube`. A broken installed plugin is reported by a
`PluginWarning` (exported here) and takes down only its own functions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core._core.arithmetic import broadcast_to as broadcast_to
from autograd_core._core.arithmetic import sum_to as sum_to
from autograd_core._core.errors import PluginWarning as PluginWarning
from autograd_core._core.function import Function as Function
from autograd_core._core.variable import Input as Input
from autograd_core._core.variable import Variable as Variable
from autograd_core._plugins.registry import FunctionRegistry as FunctionRegistry
from autograd_core._plugins.registry import Sample as Sample
from autograd_core._plugins.registry import SampleFactory as SampleFactory
from autograd_core._typed import check_signature as check_signature
from autograd_core._typed import typed as typed
from autograd_core._typing import Array as Array
from autograd_core._typing import Scalar as Scalar
from autograd_core._typing import Shape as Shape
from autograd_core.hookspecs import AutogradPlugin as AutogradPlugin
from autograd_core.hookspecs import hookimpl as hookimpl

__all__ = [
    "Array",
    "AutogradPlugin",
    "Function",
    "FunctionRegistry",
    "Input",
    "PluginWarning",
    "Sample",
    "SampleFactory",
    "Scalar",
    "Shape",
    "Variable",
    "broadcast_to",
    "check_signature",
    "constant_mask",
    "hookimpl",
    "output_of",
    "sum_to",
    "typed",
]


def output_of(fn: Function[Any], index: int = 0) -> Variable:
    """Output `index` of a recorded call, for a backward that reuses its result (`exp`, `tanh`).

    The engine only runs a backward while something still holds the outputs it needs, so
    the weak reference is alive there.
    """
    out = fn._out
    if isinstance(out, tuple):  # several outputs (or none yet)
        y = out[index]() if len(out) > index else None
    else:  # one output's weak reference, kept alone (see Function.outputs)
        y = out() if index == 0 else None
    if y is None:
        raise RuntimeError(f"{type(fn).__name__}: output {index} was freed before its backward ran")
    return y


def constant_mask(condition: Array, x: Variable) -> Variable:
    """`condition` (or signs) as a constant Variable of `x`'s float dtype (float64 for ints).

    A backward that multiplies `gy` by it has a zero second derivative, as it should for a
    piecewise-linear function.
    """
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    return Variable(np.asarray(condition, dtype=dtype), requires_grad=False)
