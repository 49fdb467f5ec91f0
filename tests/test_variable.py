"""Variable: what it accepts, its attributes, identity, and its operators with gradients."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from user_functions import Square, gradient

from autograd_core import Array, Variable

# ---------------------------------------------------------------- construction


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (0.5, "float"),
        (3, "int"),
        ([1.0, 2.0], "list"),
        ((1.0,), "tuple"),
        (np.float64(0.5), "float64"),
        (np.int32(2), "int32"),
        ("abc", "str"),
        (None, "NoneType"),
    ],
)
def test_rejects_anything_but_an_ndarray_naming_the_type(value: object, named: str) -> None:
    with pytest.raises(TypeError, match=rf"Variable takes a numpy\.ndarray, got {named}\b"):
        Variable(value)  # type: ignore[arg-type]  # the point is the run-time check


@pytest.mark.parametrize(
    "array",
    [
        np.array(["a", "b"]),
        np.array([True, False]),
        np.array([object()], dtype=object),
        np.array([1 + 2j]),
        np.array(["2024-01-01"], dtype="datetime64[D]"),
    ],
    ids=["str", "bool", "object", "complex", "datetime"],
)
def test_rejects_non_numeric_dtypes_naming_the_dtype(array: Array) -> None:
    with pytest.raises(TypeError, match=re.escape(f"got dtype {array.dtype}")):
        Variable(array)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int8, np.int64, np.uint8])
def test_accepts_integer_and_floating_arrays_without_copying(dtype: type[np.generic]) -> None:
    data = np.arange(6, dtype=dtype).reshape(2, 3)
    x = Variable(data)
    assert x.data is data
    assert x.dtype == np.dtype(dtype)


def test_data_setter_checks_the_value_and_keeps_the_old_one_on_error() -> None:
    x = Variable(np.ones(2))
    x.data = np.zeros(3)
    assert x.shape == (3,)
    with pytest.raises(TypeError, match=r"Variable\.data takes a numpy\.ndarray, got list"):
        x.data = [1.0]  # type: ignore[assignment]  # the point is the run-time check
    np.testing.assert_array_equal(x.data, np.zeros(3))


# ---------------------------------------------------------------- attributes


def test_attributes_of_a_matrix() -> None:
    x = Variable(np.arange(6.0).reshape(2, 3), name="x")
    assert (x.shape, x.ndim, x.size, len(x), x.name) == ((2, 3), 2, 6, 2, "x")
    assert x.dtype == np.float64
    assert x.grad is None
    assert x.creator is None
    assert repr(x) == "variable([[0. 1. 2.]\n          [3. 4. 5.]])"


def test_attributes_of_a_0d_variable() -> None:
    x = Variable(np.array(0.5))
    assert (x.shape, x.ndim, x.size, x.name) == ((), 0, 1, None)
    assert repr(x) == "variable(0.5)"
    with pytest.raises(TypeError, match="len"):
        len(x)


def test_equality_and_hash_are_identity_so_variables_key_a_dict() -> None:
    a = Variable(np.array(1.0))
    b = Variable(np.array(1.0))
    assert a == a
    assert a != b
    table = {a: "a", b: "b"}
    assert table[a] == "a"
    assert table[b] == "b"
    assert len({a, b, a}) == 2


def test_cleargrad_forgets_the_gradient() -> None:
    x = Variable(np.array(3.0))
    Square()(x).backward()
    assert x.grad is not None
    x.cleargrad()
    assert x.grad is None


# ---------------------------------------------------------------- operators

Binary = Callable[[Any, Any], Any]
OPERATORS: list[Binary] = [operator.add, operator.sub, operator.mul, operator.truediv]


@pytest.mark.parametrize("op", OPERATORS, ids=lambda op: op.__name__)
@pytest.mark.parametrize(
    "other",
    [
        Variable(np.array([0.5, -2.0, 4.0])),
        np.array([0.5, -2.0, 4.0]),
        np.array(2.5),
        2.5,
        3,
        np.float64(2.5),
        np.float32(-1.5),
        np.int64(4),
    ],
    ids=["Variable", "ndarray", "0d-array", "float", "int", "np.float64", "np.float32", "np.int64"],
)
def test_operators_take_anything_on_either_side_and_return_a_variable(
    op: Binary, other: object
) -> None:
    x = Variable(np.array([1.0, 2.0, -3.0]))
    raw = other.data if isinstance(other, Variable) else other
    for result, expected in ((op(x, other), op(x.data, raw)), (op(other, x), op(raw, x.data))):
        assert isinstance(result, Variable)
        np.testing.assert_allclose(result.data, expected, rtol=1e-7)
        assert result.creator is not None


def test_unary_minus_and_its_gradient() -> None:
    x = Variable(np.array([1.0, -2.0]))
    y = -x
    np.testing.assert_array_equal(y.data, [-1.0, 2.0])
    y.backward()
    np.testing.assert_array_equal(gradient(x), [-1.0, -1.0])


@pytest.mark.parametrize("op", [*OPERATORS, operator.pow], ids=lambda op: op.__name__)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
@pytest.mark.parametrize(
    "other", [2, 2.0, np.float64(2.0), np.float32(2.0), np.int64(2), np.int8(2)], ids=repr
)
def test_result_dtype_follows_numpy(op: Binary, dtype: type[np.generic], other: object) -> None:
    """Python numbers are weak (float32 stays float32), numpy scalars keep their dtype."""
    data = np.array([1, 2, 3], dtype=dtype)
    x = Variable(data)
    assert op(x, other).dtype == op(data, other).dtype
    if op is not operator.pow:  # the exponent is a constant: there is no `2 ** x`
        assert op(other, x).dtype == op(other, data).dtype


def test_float32_stays_float32_through_forward_and_backward() -> None:
    x = Variable(np.array([1.0, 2.0], dtype=np.float32))
    y = 2.0 * x**3 - 1 + x / 4.0
    assert y.dtype == np.float32
    y.backward()
    assert gradient(x).dtype == np.float32
    np.testing.assert_allclose(gradient(x), 6.0 * x.data**2 + 0.25, rtol=1e-6)


def test_operators_reject_non_numbers_naming_the_type() -> None:
    x = Variable(np.ones(2))
    with pytest.raises(TypeError, match=r"input 1 takes .*got str"):
        x + "a"  # type: ignore[operator]  # the point is the run-time check
    with pytest.raises(TypeError, match=r"got list"):
        x * [1.0, 2.0]  # type: ignore[operator]  # the point is the run-time check
    with pytest.raises(TypeError, match=r"got bool"):
        x - True


# ---------------------------------------------------------------- broadcasting


def test_broadcast_gradients_are_summed_back_to_each_input_shape() -> None:
    x = Variable(np.arange(1.0, 7.0).reshape(2, 3))
    b = Variable(np.array([1.0, -2.0, 3.0]))
    c = Variable(np.array([[2.0], [5.0]]))
    s = Variable(np.array(4.0))
    y = x * b + c / s  # (2, 3)
    np.testing.assert_allclose(y.data, x.data * b.data + c.data / s.data)
    y.backward()
    gx, gb, gc, gs = (gradient(v) for v in (x, b, c, s))
    assert (gx.shape, gb.shape, gc.shape, gs.shape) == ((2, 3), (3,), (2, 1), ())
    # d/dx = b in every row; d/db = column sums of x; c spreads over 3 columns;
    # s appears in all 6 entries as c/s.
    np.testing.assert_allclose(gx, [[1.0, -2.0, 3.0], [1.0, -2.0, 3.0]])
    np.testing.assert_allclose(gb, [1.0 + 4.0, 2.0 + 5.0, 3.0 + 6.0])
    np.testing.assert_allclose(gc, [[3 / 4.0], [3 / 4.0]])
    np.testing.assert_allclose(gs, -3 * (2.0 + 5.0) / 4.0**2)


def test_a_variable_broadcast_up_by_an_ndarray_gets_its_own_shape_back() -> None:
    x = Variable(np.array([1.0, 2.0, 3.0]))
    y = np.full((4, 3), 2.0) * x - x
    assert y.shape == (4, 3)
    y.backward()
    np.testing.assert_allclose(gradient(x), [4.0, 4.0, 4.0])  # 4 rows of (2 - 1)


def test_two_vectors_broadcast_to_an_outer_product() -> None:
    u = Variable(np.array([[1.0], [2.0]]))
    v = Variable(np.array([[3.0, 4.0, 5.0]]))
    (u * v).backward()
    np.testing.assert_array_equal(gradient(u), [[12.0], [12.0]])
    np.testing.assert_array_equal(gradient(v), [[3.0, 3.0, 3.0]])


# ---------------------------------------------------------------- powers


@pytest.mark.parametrize("c", [3, 2, 1, 0, -1, -2, 0.5, 2.5, -0.5], ids=repr)
def test_power_with_a_constant_exponent(c: float) -> None:
    data = np.array([0.5, 1.0, 2.0, 3.0])
    x = Variable(data)
    y = x**c
    np.testing.assert_allclose(y.data, data**c)
    y.backward(create_graph=True)
    first = c * data ** (c - 1) if c != 0 else np.zeros(4)
    np.testing.assert_allclose(gradient(x), first)
    gx = x.grad
    assert gx is not None
    x.cleargrad()
    gx.backward()
    if c == 0:  # the first derivative is the constant 0, which need not reach x at all
        assert x.grad is None or not x.grad.data.any()
    else:
        second = c * (c - 1) * data ** (c - 2) if c != 1 else np.zeros(4)
        np.testing.assert_allclose(gradient(x), second)


def test_power_takes_only_a_constant_number() -> None:
    x = Variable(np.ones(2))
    exponent: Any = x
    with pytest.raises(TypeError, match="exponent must be a constant number, got Variable"):
        x**exponent
    with pytest.raises(TypeError, match="got bool"):
        x**True


def test_data_setter_takes_a_numpy_scalar_from_0d_arithmetic_but_nothing_else() -> None:
    p = Variable(np.array(2.0))
    g = np.array(0.5)
    p.data = p.data - 0.1 * g  # numpy gives a float64 scalar here, not a 0-d array
    assert isinstance(p.data, np.ndarray)
    assert p.data.shape == ()
    assert float(p.data) == 2.0 - 0.1 * 0.5
    with pytest.raises(TypeError, match="float"):
        p.data = 1.5  # type: ignore[assignment]  # the point: a Python float is refused
    assert float(p.data) == 2.0 - 0.1 * 0.5  # and the old value is kept
