"""autograd-core-math: elementwise math and activation functions, as a plugin.

Registers square, exp, log, sqrt, sin, cos (`elementwise`) and tanh, sigmoid, relu,
abs, clip (`activations`), tan, log1p, expm1, maximum, minimum (`more`) and leaky_relu,
elu, gelu, softplus (`special`) with autograd-core, each with sample inputs for the
conformance checks (`samples`). Use them as `autograd_core.functions.tanh(x)`, or call
the classes directly: `Tanh()(x)`.
"""

from __future__ import annotations

from autograd_core import FunctionRegistry, hookimpl
from autograd_core_math import _more_samples, functions, samples
from autograd_core_math.activations import Abs, Clip, ReLU, Sigmoid, Tanh
from autograd_core_math.elementwise import Cos, Exp, Log, Sin, Sqrt, Square
from autograd_core_math.functions import *  # noqa: F403  (the typed stubs: functions.__all__)
from autograd_core_math.more import Expm1, Log1p, Maximum, Minimum, Tan
from autograd_core_math.special import ELU, GELU, LeakyReLU, Softplus

__all__ = [
    "ELU",
    "GELU",
    "Abs",
    "Clip",
    "Cos",
    "Exp",
    "Expm1",
    "LeakyReLU",
    "Log",
    "Log1p",
    "Maximum",
    "Minimum",
    "ReLU",
    "Sigmoid",
    "Sin",
    "Softplus",
    "Sqrt",
    "Square",
    "Tan",
    "Tanh",
    "register_functions",
]
__all__ += functions.__all__


@hookimpl
def register_functions(registry: FunctionRegistry) -> None:
    """Register the functions under their lower-case names."""
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
    # more.py and special.py (issue 10)
    registry.register("tan", Tan, samples=_more_samples.tan)
    registry.register("log1p", Log1p, samples=_more_samples.log1p)
    registry.register("expm1", Expm1, samples=_more_samples.real)
    registry.register("leaky_relu", LeakyReLU, samples=_more_samples.leaky_relu)
    registry.register("elu", ELU, samples=_more_samples.elu)
    registry.register("gelu", GELU, samples=_more_samples.real)
    registry.register("softplus", Softplus, samples=_more_samples.softplus)
    registry.register("maximum", Maximum, samples=_more_samples.binary)
    registry.register("minimum", Minimum, samples=_more_samples.binary)
