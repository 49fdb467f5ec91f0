"""Grad mode: no_grad and enable_grad, nesting, exceptions, and one mode per thread."""

from __future__ import annotations

import gc
import operator
import threading
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from user_functions import Square, gradient

from autograd_core import Variable, enable_grad, is_grad_enabled, no_grad


def test_grad_is_enabled_by_default() -> None:
    assert is_grad_enabled()
    y = Square()(Variable(np.array(2.0)))
    assert y.creator is not None


def test_no_grad_records_nothing() -> None:
    x = Variable(np.array([1.0, 2.0]))
    f = Square()
    with no_grad():
        assert not is_grad_enabled()
        y = f(x)
        z = 2.0 * x + 1.0
    assert is_grad_enabled()
    np.testing.assert_array_equal(y.data, [1.0, 4.0])  # forward still computes
    np.testing.assert_array_equal(z.data, [3.0, 5.0])
    assert y.creator is None
    assert z.creator is None
    assert f.inputs == ()
    assert f.outputs == ()
    y.backward()  # y is a leaf now: nothing reaches x
    assert x.grad is None
    np.testing.assert_array_equal(gradient(y), [1.0, 1.0])


def test_no_grad_keeps_no_reference_to_the_inputs() -> None:
    gc.disable()
    try:
        x = Variable(np.ones(3))
        ref = weakref.ref(x)
        with no_grad():
            y = Square()(x)
        del x
        assert ref() is None
        assert y.shape == (3,)
    finally:
        gc.enable()


def test_enable_grad_inside_no_grad_and_nesting() -> None:
    x = Variable(np.array(3.0))
    with no_grad():
        assert Square()(x).creator is None
        with enable_grad():
            assert is_grad_enabled()
            y = Square()(x)
            with no_grad():
                assert not is_grad_enabled()
                assert Square()(x).creator is None
            assert is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()
    y.backward()
    assert gradient(x) == 6.0


def test_one_context_manager_can_be_entered_twice() -> None:
    mode = no_grad()
    with mode:
        with enable_grad(), mode:
            assert not is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_the_mode_is_restored_after_an_exception() -> None:
    with pytest.raises(KeyError):
        with no_grad():
            raise KeyError("inside no_grad")
    assert is_grad_enabled()

    with no_grad():
        with pytest.raises(ZeroDivisionError):
            with enable_grad():
                raise ZeroDivisionError
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_a_thread_started_inside_no_grad_has_grad_enabled() -> None:
    seen: list[bool] = []

    def work() -> None:
        seen.append(is_grad_enabled())
        seen.append(Square()(Variable(np.array(1.0))).creator is not None)

    with no_grad():
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        assert not is_grad_enabled()
    assert seen == [True, True]


def test_no_grad_in_another_thread_does_not_leak_into_this_one() -> None:
    entered, release = threading.Event(), threading.Event()
    seen: list[bool] = []

    def work() -> None:
        with no_grad():
            entered.set()
            release.wait(timeout=10)
            seen.append(is_grad_enabled())

    thread = threading.Thread(target=work)
    thread.start()
    try:
        assert entered.wait(timeout=10)
        assert is_grad_enabled()
        assert Square()(Variable(np.array(1.0))).creator is not None
    finally:
        release.set()
        thread.join()
    assert seen == [False]


OPERATORS: list[Callable[[Any, Any], Any]] = [
    operator.add,
    operator.sub,
    operator.mul,
    operator.truediv,
]
OPERANDS: list[Callable[[], Any]] = [
    lambda: Variable(np.array([1.5, -2.0, 4.0], dtype=np.float32)),
    lambda: Variable(np.array([[3.0], [0.5]])),
    lambda: Variable(np.array([1, 2, 3], dtype=np.int32)),
    lambda: np.array([0.25, 2.0, -1.0]),
    lambda: 2,
    lambda: 0.5,
    lambda: np.float64(3.0),
    lambda: np.int8(2),
]


@pytest.mark.parametrize("op", OPERATORS)
@pytest.mark.parametrize("left", range(len(OPERANDS)))
@pytest.mark.parametrize("right", range(3))  # a Variable on the right at least
def test_operators_without_a_graph_give_numpy_results(
    op: Callable[[Any, Any], Any], left: int, right: int
) -> None:
    # Inside no_grad() the operators skip building Function nodes: their values and dtypes
    # must still be exactly numpy's, as with the graph recorded.
    for a, b in [(OPERANDS[left](), OPERANDS[right]()), (OPERANDS[right](), OPERANDS[left]())]:
        raw = [v.data if isinstance(v, Variable) else v for v in (a, b)]
        with np.errstate(all="ignore"):
            expected = np.asarray(op(*raw))
            recorded = op(a, b)
            with no_grad():
                unrecorded = op(a, b)
        assert isinstance(unrecorded, Variable)
        assert unrecorded.creator is None
        assert unrecorded.dtype == recorded.dtype == expected.dtype
        np.testing.assert_array_equal(unrecorded.data, expected)


def test_operator_errors_without_a_graph_name_the_function() -> None:
    with no_grad(), pytest.raises(ValueError) as info:
        Variable(np.ones(3)) * Variable(np.ones(4))
    assert any("Mul" in note for note in getattr(info.value, "__notes__", []))
    with no_grad(), pytest.raises(TypeError, match="str"):
        Variable(np.ones(3)) + "a"  # type: ignore[operator]  # the point: a str is refused
    with no_grad(), pytest.raises(TypeError, match="bool"):
        Variable(np.ones(3)) + True
