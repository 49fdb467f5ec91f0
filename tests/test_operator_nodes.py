"""The core operators keep their call in their output and make its Function when asked.

`y = x * 2` records no Function object: `y` keeps the class and the inputs, and
`y.creator` builds the node the first time it is read. These tests check that nothing a
user can see tells the two apart (the node, its inputs and weak outputs, gradients of
any order, memory freed by reference counting), and that the saving is real: one object
per operator call for the cyclic garbage collector, instead of output, node and weak
reference.
"""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

import numpy as np
import pytest

from autograd_core import Function, Variable, grad
from autograd_core._core.arithmetic import Add, Div, Mul, Sub


def test_reading_creator_gives_one_node_holding_its_output_weakly() -> None:
    x = Variable(np.array([1.0, 2.0]))
    y = x * 3.0
    fn = y.creator
    assert isinstance(fn, Mul)
    assert id(y.creator) == id(fn)  # made once
    assert fn.inputs[0] is x and fn.inputs[1].requires_grad is False
    np.testing.assert_array_equal(fn.inputs[1].data, 3.0)
    assert fn.needs_input_grad == (True, False)
    assert [r() for r in fn.outputs] == [y]
    assert fn.generation == x.generation == 0 and y.generation == 1
    z = y - x
    sub = z.creator
    assert isinstance(sub, Sub) and sub.needs_input_grad == (True, True)
    assert sub.generation == 1 and z.generation == 2


@pytest.mark.parametrize("look", [False, True], ids=["untouched", "creators-read"])
def test_gradients_do_not_depend_on_whether_the_nodes_were_read(look: bool) -> None:
    # f(x) = (x*x + x) / (x - 0.5): f' and f'' in closed form
    data = np.array([1.5, 2.0, -0.75])
    x = Variable(data)
    y = (x * x + x) / (x - 0.5)
    if look:
        seen: list[Function[Any]] = []
        stack = [y]
        while stack:
            fn = stack.pop().creator
            if fn is not None:
                seen.append(fn)
                stack.extend(fn.inputs)
        assert {type(fn) for fn in seen} == {Add, Div, Mul, Sub}
    (gx,) = grad(y.sum(), x, create_graph=True)
    (ggx,) = grad(gx.sum(), x)
    u, v = data * data + data, data - 0.5
    du, dv, d2u = 2 * data + 1, 1.0, 2.0
    first = (du * v - u * dv) / v**2
    second = (d2u * v - u * 0) / v**2 - 2 * dv * (du * v - u * dv) / v**3
    np.testing.assert_allclose(gx.data, first, rtol=1e-12)
    np.testing.assert_allclose(ggx.data, second, rtol=1e-12)
    assert x.grad is None  # grad() touched nothing


@pytest.mark.usefixtures("without_cyclic_gc")
def test_one_tracked_object_per_operator_call_and_all_freed_by_reference_counting() -> None:
    x = Variable(np.array(0.5))
    y = x * 1.0 + 0.25  # the constants' cache and the dtype's entries exist from here on
    before = len(gc.get_objects())
    for _ in range(1_000):
        y = y * 1.0 + 0.25  # two operator calls
    grown = len(gc.get_objects()) - before
    assert 2_000 <= grown <= 2_050  # one Variable each (the old layout made 6,000)
    first = weakref.ref(y)
    y.backward()
    assert x.grad is not None and float(x.grad.data) == 1.0
    del y
    assert first() is None
    assert len(gc.get_objects()) - before <= 50


@pytest.mark.usefixtures("without_cyclic_gc")
def test_a_node_read_once_is_freed_with_its_graph() -> None:
    x = Variable(np.array([1.0, 2.0]))
    h = x * 2.0
    y = h + x
    nodes = [weakref.ref(v.creator) for v in (h, y) if v.creator is not None]
    inner = weakref.ref(h)
    del h
    assert inner() is not None and all(r() is not None for r in nodes)
    del y
    assert inner() is None and [r() for r in nodes] == [None, None]


@pytest.mark.usefixtures("without_cyclic_gc")
def test_setting_creator_to_none_cuts_the_graph_and_frees_the_inputs() -> None:
    x = Variable(np.array([1.0, 2.0]))
    h = x * 2.0
    y = h * 3.0
    inner = weakref.ref(h)
    del h
    y.creator = None  # DeZero's unchain
    assert inner() is None
    assert y.creator is None
    y.backward()
    assert x.grad is None  # y is a leaf now
    assert y.grad is not None and list(y.grad.data) == [1.0, 1.0]


def _read_creator(y: Variable, barrier: threading.Barrier, got: list[Function[Any] | None]) -> None:
    barrier.wait()
    got.append(y.creator)


def test_threads_reading_creator_at_once_get_the_same_node() -> None:
    for _ in range(20):
        y = Variable(np.array(1.0)) * 2.0
        barrier = threading.Barrier(4)
        got: list[Function[Any] | None] = []
        threads = [
            threading.Thread(target=_read_creator, args=(y, barrier, got)) for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(got) == 4 and got[0] is not None
        assert all(fn is got[0] for fn in got)
