"""autograd-core-tensor: shape, reduction, indexing and matmul functions, as a plugin.

Registers `reshape`, `transpose`, `get_item`, `concatenate` (shape.py), `sum`, `mean`,
`max`, `min` (reduce.py), `matmul` (linalg.py), `prod`, `var`, `std`, `logsumexp`,
`cumsum` (stats.py), `stack`, `split`, `expand_dims`, `squeeze`, `flatten`, `flip`, `pad`
(arrange.py) and `einsum` (einsum.py). Every backward is built from these
functions and the core's arithmetic, so derivatives of any order work. Results are fresh
arrays, never views of an input.
"""

from __future__ import annotations

from typing import Any

from autograd_core import Function, FunctionRegistry, SampleFactory, hookimpl
from autograd_core_tensor import _more_samples, functions, samples
from autograd_core_tensor.arrange import (
    ExpandDims,
    Flatten,
    Flip,
    Pad,
    Split,
    Squeeze,
    Stack,
)
from autograd_core_tensor.einsum import Einsum
from autograd_core_tensor.functions import *  # noqa: F403  (the typed stubs: functions.__all__)
from autograd_core_tensor.linalg import MatMul
from autograd_core_tensor.reduce import Max, Mean, Min, Sum
from autograd_core_tensor.shape import Concatenate, GetItem, GetItemGrad, Reshape, Transpose
from autograd_core_tensor.stats import Cumsum, LogSumExp, Prod, Std, Var

FUNCTIONS: dict[str, tuple[type[Function[Any]], SampleFactory]] = {
    "reshape": (Reshape, samples.reshape),
    "transpose": (Transpose, samples.transpose),
    "get_item": (GetItem, samples.get_item),
    "concatenate": (Concatenate, samples.concatenate),
    "sum": (Sum, samples.reduction),
    "mean": (Mean, samples.reduction),
    "max": (Max, samples.extremum),
    "min": (Min, samples.extremum),
    "matmul": (MatMul, samples.matmul),
    # issue 10: stats.py, arrange.py, einsum.py
    "prod": (Prod, _more_samples.prod),
    "var": (Var, _more_samples.var),
    "std": (Std, _more_samples.std),
    "logsumexp": (LogSumExp, _more_samples.logsumexp),
    "cumsum": (Cumsum, _more_samples.cumsum),
    "stack": (Stack, _more_samples.stack),
    "split": (Split, _more_samples.split),
    "expand_dims": (ExpandDims, _more_samples.expand_dims),
    "squeeze": (Squeeze, _more_samples.squeeze),
    "flatten": (Flatten, _more_samples.flatten),
    "flip": (Flip, _more_samples.flip),
    "pad": (Pad, _more_samples.pad),
    "einsum": (Einsum, _more_samples.einsum),
}
"""What the hook registers: name, Function class and sample inputs."""


@hookimpl
def register_functions(registry: FunctionRegistry) -> None:
    for name, (cls, factory) in FUNCTIONS.items():
        registry.register(name, cls, samples=factory)


__all__ = [
    "FUNCTIONS",
    "Concatenate",
    "Cumsum",
    "Einsum",
    "ExpandDims",
    "Flatten",
    "Flip",
    "GetItem",
    "GetItemGrad",
    "LogSumExp",
    "MatMul",
    "Max",
    "Mean",
    "Min",
    "Pad",
    "Prod",
    "Reshape",
    "Split",
    "Squeeze",
    "Stack",
    "Std",
    "Sum",
    "Transpose",
    "Var",
    "register_functions",
]
__all__ += functions.__all__
