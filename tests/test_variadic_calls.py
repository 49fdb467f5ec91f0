"""A parameter passed positionally to a function with any number of inputs.

`F.concatenate(*xs, axis=0)`, `F.stack(*xs, axis=0)` and `F.einsum(*operands, subscripts)`
take their parameters by keyword only, so in `F.concatenate(x, y, 1)` the 1 is a third
input. When such a call fails and its last input is a Python int, float or str, the
TypeError says what happened, with the function's signature and the keyword to use; calls
where a trailing number is a genuine input still work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Array, Function, Variable
from autograd_core.extend import Input, typed

UNTYPED: Any = F
"""`F` for the calls mypy rejects (a str input, an unknown keyword): run-time checks only.
A trailing int or float is a valid input type, so mypy cannot catch those: hence this."""

SENTENCE = "the parameters of a function with any number of inputs are keyword-only"


def _variables() -> tuple[Variable, Variable]:
    rng = np.random.default_rng(0)
    return Variable(rng.standard_normal((2, 3))), Variable(rng.standard_normal((2, 3)))


@pytest.mark.parametrize(
    ("call", "message", "cause"),
    [
        (
            lambda x, y: F.concatenate(x, y, 1),
            r"concatenate\(\*xs, axis=0\): .*so the trailing 1 was taken as input 2; pass axis=1$",
            ValueError,
        ),
        (
            lambda x, y: F.concatenate(x, y, x, -1),
            r"concatenate\(\*xs, axis=0\): .*trailing -1 was taken as input 3; pass axis=-1$",
            ValueError,
        ),
        (
            lambda x, y: F.stack(x, y, 1),
            r"stack\(\*xs, axis=0\): .*trailing 1 was taken as input 2; pass axis=1$",
            ValueError,
        ),
        (
            lambda x, y: UNTYPED.einsum(x, y, "ij,kj->ik"),
            r"einsum\(\*operands, subscripts\): .*trailing 'ij,kj->ik' was taken as input 2; "
            r"pass subscripts='ij,kj->ik'$",
            TypeError,
        ),
        (
            lambda x, y: F.concatenate(x, y, 1, axis=0),
            r"trailing 1 was taken as input 2; remove it \(axis= given already\)$",
            ValueError,
        ),
        (
            lambda x, y: UNTYPED.einsum(x, "ij->i", subscripts="ij->i"),
            r"trailing 'ij->i' was taken as input 1; remove it \(subscripts= given already\)$",
            TypeError,
        ),
    ],
)
def test_a_trailing_parameter_gets_a_type_error_naming_the_keyword(
    call: Callable[[Variable, Variable], Variable], message: str, cause: type[Exception]
) -> None:
    x, y = _variables()
    saved = x.data.copy(), y.data.copy()
    with pytest.raises(TypeError, match=message) as info:
        call(x, y)
    assert SENTENCE in str(info.value)
    assert isinstance(info.value.__cause__, cause)  # what the function itself said
    np.testing.assert_array_equal(x.data, saved[0])
    np.testing.assert_array_equal(y.data, saved[1])
    assert x.grad is None and x.creator is None and y.grad is None


def test_calls_where_a_trailing_number_is_an_input_still_work() -> None:
    x, y = _variables()
    s = Variable(np.array(2.0))
    np.testing.assert_array_equal(F.stack(s, 3.0, 1).data, [2.0, 3.0, 1.0])  # 0-d inputs
    scaled = F.einsum(x, 2.5, subscripts="ij,->ij")  # a scalar operand
    np.testing.assert_allclose(scaled.data, 2.5 * x.data, rtol=1e-15)
    both = F.concatenate(x, y.data, axis=1)  # an ndarray last: an input
    np.testing.assert_array_equal(both.data, np.concatenate([x.data, y.data], axis=1))


def test_other_failures_keep_their_own_errors() -> None:
    x, y = _variables()
    with pytest.raises(ValueError, match="does not match input 0") as shapes:
        F.concatenate(x, np.ones((3, 3)), axis=1)  # the last input is an array
    assert SENTENCE not in str(shapes.value)
    with pytest.raises(TypeError, match="got bool") as flag:
        F.concatenate(x, y, True)  # a bool is neither: no guess
    assert SENTENCE not in str(flag.value)
    with pytest.raises(TypeError, match="unexpected keyword argument 'axs'; did you mean 'axis'"):
        UNTYPED.concatenate(x, y, 1, axs=1)


class Join(Function):
    """A third party's variadic function: its inputs (each with an axis) joined, scaled."""

    def __init__(self, scale: float = 1.0) -> None:
        super().__init__()
        self.scale = scale

    def forward(self, *xs: Array) -> Array:
        for i, x in enumerate(xs):
            if x.ndim == 0:
                raise ValueError(f"join: input {i} is 0-d")
        y: Array = np.concatenate(xs) * self.scale
        return y

    def backward(self, gy: Variable) -> tuple[Variable, ...]:
        raise NotImplementedError


@typed(Join)
def join(*xs: Input, scale: float = 1.0) -> Variable:
    """The inputs joined along axis 0, times `scale`."""
    raise NotImplementedError


def test_a_third_partys_typed_variadic_function_gets_the_same_error() -> None:
    x, y = _variables()
    np.testing.assert_array_equal(join(x, y, scale=2.0).data, 2 * np.concatenate([x.data, y.data]))
    with pytest.raises(TypeError, match=r"join\(\*xs, scale=1\.0\): .*; pass scale=2\.0$"):
        join(x, y, 2.0)
