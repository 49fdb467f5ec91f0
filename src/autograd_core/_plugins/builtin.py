"""The built-in plugin: registers the core's arithmetic. It cannot be disabled."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograd_core._core.arithmetic import CORE_FUNCTIONS
from autograd_core._plugins import builtin_functions  # noqa: F401  (their typed stubs, for help(F.add))
from autograd_core._plugins.registry import FunctionRegistry, Sample, normal
from autograd_core.hookspecs import hookimpl


def _binary(rng: np.random.Generator) -> list[Sample]:
    shapes = [((), ()), ((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3))]
    return [((normal(rng, a), normal(rng, b)), {}) for a, b in shapes]


def _divide(rng: np.random.Generator) -> list[Sample]:
    # keep the denominator away from zero, where central differences mean nothing
    return [((x, np.asarray(np.sign(y) * (0.5 + np.abs(y)))), p) for (x, y), p in _binary(rng)]


def _pow(rng: np.random.Generator) -> list[Sample]:
    return [
        ((np.asarray(0.5 + rng.random(shape)),), {"exponent": c})
        for shape, c in [((), 3), ((3,), 0.5), ((2, 3), -2.0)]
    ]


def _sum_to(rng: np.random.Generator) -> list[Sample]:
    return [
        ((normal(rng, src),), {"shape": dst})
        for src, dst in [((2, 3), (3,)), ((2, 3), (2, 1)), ((4,), ())]
    ]


def _broadcast_to(rng: np.random.Generator) -> list[Sample]:
    return [
        ((normal(rng, src),), {"shape": dst})
        for src, dst in [((3,), (2, 3)), ((2, 1), (2, 3)), ((), (4,))]
    ]


SAMPLES: dict[str, Callable[[np.random.Generator], list[Sample]]] = {
    "add": _binary,
    "sub": _binary,
    "mul": _binary,
    "div": _divide,
    "pow": _pow,
    "sum_to": _sum_to,
    "broadcast_to": _broadcast_to,
}


@hookimpl
def register_functions(registry: FunctionRegistry) -> None:
    for name, cls in CORE_FUNCTIONS.items():
        registry.register(name, cls, samples=SAMPLES.get(name))
