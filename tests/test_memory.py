"""Graphs are freed by reference counting alone: no cycles between Functions and outputs."""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
import pytest
from user_functions import Exp, SinCos, Square, gradient

from autograd_core import Function, Variable

# Only reference counting may free anything during these tests.
pytestmark = pytest.mark.usefixtures("without_cyclic_gc")


def build(x: Variable) -> tuple[Variable, list[weakref.ref[Any]]]:
    """A graph with a shared node and a two-output function, and weakrefs to its insides."""
    h1 = Square()(x)
    h2 = Exp()(h1)
    s, c = SinCos()(h2)
    y = s * c + h1
    inside: list[Variable] = [h1, h2, s, c]
    functions: list[Function[Any]] = [v.creator for v in [*inside, y] if v.creator is not None]
    assert len(functions) == 5  # SinCos is listed twice, and the final Add once
    return y, [weakref.ref(obj) for obj in [*inside, *functions]]


def test_dropping_the_output_frees_the_whole_graph() -> None:
    x = Variable(np.array([0.1, 0.2]))
    y, refs = build(x)
    assert all(r() is not None for r in refs)
    del y
    assert [r() for r in refs] == [None] * len(refs)
    assert x.grad is None  # the leaf itself lives on


def test_the_graph_is_freed_after_a_backward_pass() -> None:
    x = Variable(np.array([0.1, 0.2]))
    y, refs = build(x)
    y.backward(retain_grad=True)
    assert gradient(x).shape == (2,)
    del y
    assert [r() for r in refs] == [None] * len(refs)


def test_a_create_graph_backward_is_freed_with_the_gradient() -> None:
    x = Variable(np.array([0.1, 0.2]))
    y, refs = build(x)
    y.backward(create_graph=True)
    gx = x.grad
    assert gx is not None and gx.creator is not None
    grad_graph = weakref.ref(gx.creator)
    del y, gx
    assert grad_graph() is not None  # x.grad still holds the graph of the derivative
    x.cleargrad()
    assert grad_graph() is None
    assert [r() for r in refs] == [None] * len(refs)


def test_a_dropped_output_of_a_two_output_function() -> None:
    x = Variable(np.array([0.3, 0.4]))
    s, c = SinCos()(x)
    assert s.creator is not None
    f = weakref.ref(s.creator)
    dead = weakref.ref(c)
    del c
    assert dead() is None  # the function holds its outputs weakly
    assert f() is not None
    del s
    assert f() is None
    assert x.creator is None
