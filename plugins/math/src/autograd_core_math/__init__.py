"""autograd-core-math: elementwise math and activation functions, as a plugin.

Registers square, exp, log, sqrt, sin, cos (`elementwise`) and tanh, sigmoid, relu,
abs, clip (`activations`) with autograd-core, each with sample inputs for the
conformance checks (`samples`). Use them as `autograd_core.functions.tanh(x)`, or call
the classes directly: `Tanh()(x)`.
"""

from __future__ import annotations

from autograd_core import FunctionRegistry, hookimpl
from autograd_core_math import functions, samples
from autograd_core_math.activations import Abs, Clip, ReLU, Sigmoid, Tanh
from autograd_core_math.elementwise import Cos, Exp, Log, Sin, Sqrt, Square
from autograd_core_math.functions import *  # noqa: F403  (the typed stubs: functions.__all__)

__all__ = [
    "Abs",
    "Clip",
    "Cos",
    "Exp",
    "Log",
    "ReLU",
    "Sigmoid",
    "Sin",
    "Sqrt",
    "Square",
    "Tanh",
    "register_functions",
]
__all__ += functions.__all__


@hookimpl
def register_functions(registry: FunctionRegistry) -> None:
    """Register the eleven functions under their lower-case names."""
    registry.register("square", Square, samples=samples.real)
    registry.register("exp", Exp, samples=samples.real)
    registry.register("log", Log, samples=samples.positive)
    registry.register("sqrt", Sqrt, samples=samples.positive)
    registry.register("sin", Sin, samples=samples.real)
    registry.register("cos", Cos, samples=samples.real)
    registry.register("tanh", Tanh, samples=samples.real)
    registry.register("sigmoid", Sigmoid, samples=samples.real)
    registry.register("relu", ReLU, samples=samples.nonzero)
    registry.register("abs", Abs, samples=samples.nonzero)
    registry.register("clip", Clip, samples=samples.clip)
