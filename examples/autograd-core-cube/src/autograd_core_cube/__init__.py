"""autograd-core-cube: an example plugin that registers `cube(x) = x ** 3`.

Installing the distribution is all it takes: its entry point (`cube`, in the `autograd_core`
group) makes autograd-core call `register_functions` the first time a function is looked up,
and `autograd_core.functions.cube` is then available at run time. For type checkers, the
plugin exports a typed `cube` made with `typed`: `from autograd_core_cube import cube`.
"""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, FunctionRegistry, Sample, Variable, hookimpl
from autograd_core.extend import Input, typed

__all__ = ["Cube", "cube", "cube_samples", "register_functions"]


class Cube(Function):
    """`x ** 3`, elementwise; the backward `3 x ** 2 gy` is itself differentiable."""

    def forward(self, x: Array) -> Array:
        return x**3

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * 3 * x**2


@typed(Cube)
def cube(x: Input, /) -> Variable:
    """`x ** 3`, elementwise."""
    raise NotImplementedError  # never runs: calling `cube` calls `Cube`


def cube_samples(rng: np.random.Generator) -> list[Sample]:
    """Inputs for the conformance checks: cube is smooth everywhere, so any float64 will do."""
    return [((np.asarray(rng.standard_normal(shape)),), {}) for shape in [(), (4,), (2, 3)]]


@hookimpl
def register_functions(registry: FunctionRegistry) -> None:
    registry.register("cube", Cube, samples=cube_samples)
