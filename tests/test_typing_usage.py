"""User code as a user writes it, checked by `mypy --strict` (mypy.ini covers tests/).

`typing.assert_type` is a no-op at run time and an error for mypy when the inferred type
differs, so this file fails the type check if a single-output call ever becomes
`Variable | tuple[...]`, `Any`, or needs a cast.
"""

from __future__ import annotations

from typing import Any, assert_type

import numpy as np
from user_functions import Cube, Scale

import autograd_core
from autograd_core import Array, Function, Variable, grad, no_grad


class DivMod(Function[tuple[Variable, ...]]):
    """Two outputs: `(x // d, x % d)` for a constant d (the gradients are 0 and 1)."""

    def __init__(self, d: float) -> None:
        super().__init__()
        self.d = d

    def forward(self, x: Array) -> tuple[Array, Array]:
        return np.floor_divide(x, self.d), np.mod(x, self.d)

    def backward(self, gq: Variable, gr: Variable) -> Variable:
        return gq * 0.0 + gr


def test_a_single_output_call_is_a_variable() -> None:
    x = Variable(np.array([1.0, 2.0]), name="x")
    y = Cube()(x)
    assert_type(y, Variable)
    z: Variable = Scale(factor=2.0)(y)  # no cast needed
    assert_type(Cube()(np.array(3.0)), Variable)
    assert_type(Cube()(2.0), Variable)
    z.backward()
    assert_type(x.grad, Variable | None)
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 2.0 * 3 * x.data**2)


def test_a_multi_output_call_is_a_tuple() -> None:
    x = Variable(np.array([7.0, -3.5]))
    outputs = DivMod(d=2.0)(x)
    assert_type(outputs, tuple[Variable, ...])
    q, r = outputs
    assert_type(q, Variable)
    np.testing.assert_array_equal(q.data, [3.0, -2.0])
    np.testing.assert_array_equal(r.data, [1.0, 0.5])
    r.backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [1.0, 1.0])


def test_operators_are_variables() -> None:
    x = Variable(np.array([1.0, 2.0]))
    a = np.array([3.0, 4.0])
    assert_type(x + x, Variable)
    assert_type(x - 1.0, Variable)
    assert_type(2 * x, Variable)
    assert_type(1.0 / x, Variable)
    assert_type(x / a, Variable)
    assert_type(x * np.float32(2.0), Variable)
    assert_type(np.float64(2.0) * x, Variable)
    assert_type(2.5 - x, Variable)
    assert_type(-x, Variable)
    assert_type(x**2, Variable)
    assert_type(x**0.5, Variable)
    y = (x * a - 1.0) ** 2 / 2
    assert_type(y, Variable)
    np.testing.assert_allclose(y.data, (x.data * a - 1.0) ** 2 / 2)
    # With an ndarray on the left, numpy's own stubs type `a + x` as Any (its __add__
    # accepts anything); the annotation a user writes still checks, and the run-time
    # result is a Variable.
    left: Variable = a + x
    assert isinstance(left, Variable)
    np.testing.assert_array_equal(left.data, [4.0, 6.0])


def test_the_rest_of_the_api_as_a_user_types_it() -> None:
    x = Variable(np.array(0.5))
    assert_type(x.data, Array)
    assert_type(x.shape, tuple[int, ...])
    assert_type(x.creator, Function[Any] | None)
    gx = grad(Cube()(x), x)
    assert_type(gx, tuple[Variable, ...])
    np.testing.assert_allclose(gx[0].data, 3 * 0.25)
    with no_grad():
        assert_type(Cube()(x), Variable)
    assert_type(autograd_core.gradcheck(lambda v: Cube()(v), np.ones(3)), bool)
    assert_type(autograd_core.numerical_diff(lambda v: Cube()(v), x), Array)
