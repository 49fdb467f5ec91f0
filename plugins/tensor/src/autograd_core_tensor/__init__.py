"""autograd-core-tensor: shape, reduction, indexing and matmul functions, as a plugin.

Registers `reshape`, `transpose`, `get_item`, `concatenate` (shape.py), `sum`, `mean`,
`max`, `min` (reduce.py) and `matmul` (linalg.py). Every backward is built from these
functions and the core's arithmetic, so derivatives of any order work. Results are fresh
arrays, never views of an input.
"""

from __future__ import annotations

from typing import Any

from autograd_core import Function, FunctionRegistry, SampleFactory, hookimpl
from autograd_core_tensor import functions, samples
from autograd_core_tensor.functions import *  # noqa: F403  (the typed stubs: functions.__all__)
from autograd_core_tensor.linalg import MatMul
from autograd_core_tensor.reduce import Max, Mean, Min, Sum
from autograd_core_tensor.shape import Concatenate, GetItem, GetItemGrad, Reshape, Transpose

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
}
"""What the hook registers: name, Function class and sample inputs."""


@hookimpl
def register_functions(registry: FunctionRegistry) -> None:
    for name, (cls, factory) in FUNCTIONS.items():
        registry.register(name, cls, samples=factory)


__all__ = [
    "FUNCTIONS",
    "Concatenate",
    "GetItem",
    "GetItemGrad",
    "MatMul",
    "Max",
    "Mean",
    "Min",
    "Reshape",
    "Sum",
    "Transpose",
    "register_functions",
]
__all__ += functions.__all__
