"""Property tests of the engine: random DAGs over broadcasting shapes, checked against
central differences.

A program is a few leaves and a list of steps; each step applies one operation to
earlier nodes (leaves or results), so nodes get reused: diamonds, shared variables and
unused branches all come up. Every leaf's gradient is compared with `numerical_diff`,
and second derivatives with `gradgradcheck`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays
from user_functions import Exp, Sin, SinCos, Square, Tanh

from autograd_core import Array, Shape, Variable, gradgradcheck, numerical_diff

Op = Callable[[Variable, Variable], tuple[Variable, ...]]

OPS: dict[str, Op] = {
    "add": lambda a, b: (a + b,),
    "sub": lambda a, b: (a - b,),
    "mul": lambda a, b: (a * b,),
    "div": lambda a, b: (a / (1.0 + b * b),),  # by a positive expression
    "scalar_left": lambda a, b: (0.5 - a, np.float64(1.5) * b),
    "ndarray_left": lambda a, b: (np.array(2.0) * a,),
    "neg": lambda a, b: (-a,),
    "pow": lambda a, b: ((1.0 + a * a) ** -0.5,),
    "square": lambda a, b: (Square()(a),),
    "sin": lambda a, b: (Sin()(a),),
    "tanh": lambda a, b: (Tanh()(a),),
    "exp_sin": lambda a, b: (Exp()(Sin()(a)),),
    "sincos": lambda a, b: SinCos()(a),  # two outputs, maybe only one of them used
}
OUTPUTS = {name: len(op(Variable(np.ones(1)), Variable(np.ones(1)))) for name, op in OPS.items()}


@dataclass(frozen=True)
class Program:
    leaves: tuple[Array, ...]
    steps: tuple[tuple[str, int, int], ...]

    def __call__(self, *leaves: Variable) -> Variable:
        """The last node of the program run on `leaves`."""
        nodes = list(leaves)
        for name, i, j in self.steps:
            nodes += OPS[name](nodes[i], nodes[j])
        return nodes[-1]

    def replacing(self, k: int) -> Callable[[Variable], Variable]:
        """The program as a function of leaf `k` alone (the others fixed)."""

        def f(v: Variable) -> Variable:
            return self(*[v if i == k else Variable(x) for i, x in enumerate(self.leaves)])

        return f


def sub_shape(base: Shape, keep: list[bool], drop: int) -> Shape:
    """`base` with some axes set to 1 and `drop` leading axes removed: it broadcasts to base."""
    return tuple(n if k else 1 for n, k in zip(base, keep, strict=True))[drop:]


@st.composite
def programs(draw: st.DrawFn, max_steps: int) -> Program:
    base = draw(array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3))
    leaves = []
    for _ in range(draw(st.integers(1, 3))):
        keep = draw(st.lists(st.booleans(), min_size=len(base), max_size=len(base)))
        shape = sub_shape(base, keep, draw(st.integers(0, len(base))))
        leaves.append(draw(arrays(np.float64, shape, elements=st.floats(-1.0, 1.0))))
    steps = []
    nodes = len(leaves)
    for _ in range(draw(st.integers(3, max_steps))):
        name = draw(st.sampled_from(sorted(OPS)))
        steps.append((name, draw(st.integers(0, nodes - 1)), draw(st.integers(0, nodes - 1))))
        nodes += OUTPUTS[name]
    return Program(tuple(leaves), tuple(steps))


PROPERTY = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(programs(max_steps=8))
def test_every_leaf_gradient_matches_central_differences(program: Program) -> None:
    leaves = [Variable(x.copy()) for x in program.leaves]
    y = program(*leaves)
    y.backward()
    scale = 1.0 + float(np.abs(y.data).sum())
    for k, leaf in enumerate(leaves):
        numerical = numerical_diff(program.replacing(k), Variable(program.leaves[k]), eps=1e-6)
        analytical = np.zeros(leaf.shape) if leaf.grad is None else leaf.grad.data
        assert analytical.shape == leaf.shape
        np.testing.assert_allclose(analytical, numerical, rtol=1e-5, atol=1e-8 * scale)


@PROPERTY
@given(programs(max_steps=5))
def test_second_derivatives_match_central_differences(program: Program) -> None:
    assert gradgradcheck(program, *program.leaves, atol=1e-5, rtol=1e-3)
