"""autograd_core.grad: gradients as return values, without touching any `.grad`."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from user_functions import Exp, Sin, Square, gradient

from autograd_core import Variable, grad


def test_matches_closed_forms() -> None:
    x = Variable(np.array([0.5, -1.0]))
    y = Variable(np.array([2.0, 0.3]))
    f = x**3 * Sin()(y)
    gx, gy = grad(f, [x, y])
    np.testing.assert_allclose(gx.data, 3 * x.data**2 * np.sin(y.data))
    np.testing.assert_allclose(gy.data, x.data**3 * np.cos(y.data))
    assert gx.creator is None
    assert gy.creator is None


def test_touches_no_grad_attribute() -> None:
    x = Variable(np.array(1.5))
    w = Variable(np.array(-2.0))
    Square()(w).backward()
    held = w.grad
    assert held is not None
    h = Exp()(x * w)
    y = Square()(h) + w
    (gx,) = grad(y, x)
    np.testing.assert_allclose(gx.data, 2 * math.exp(2 * -3.0) * -2.0)  # d/dx exp(2xw)
    assert x.grad is None
    assert h.grad is None
    assert y.grad is None
    assert w.grad is held
    np.testing.assert_array_equal(held.data, -4.0)


def test_the_graph_survives_for_a_later_backward() -> None:
    x = Variable(np.array(0.25))
    y = Sin()(Square()(x))
    (first,) = grad(y, x)
    (second,) = grad(y, x)
    y.backward()
    expected = 2 * 0.25 * math.cos(0.25**2)
    for g in (first.data, second.data, gradient(x)):
        np.testing.assert_allclose(g, expected, rtol=1e-12)


def test_an_input_the_outputs_do_not_depend_on_gets_zeros() -> None:
    x = Variable(np.array([1.0, 2.0]))
    unused = Variable(np.ones((2, 3), dtype=np.float32))
    gx, gu = grad(Square()(x), [x, unused])
    np.testing.assert_array_equal(gx.data, [2.0, 4.0])
    np.testing.assert_array_equal(gu.data, np.zeros((2, 3)))
    assert gu.dtype == np.float32


def test_an_intermediate_variable_as_input() -> None:
    x = Variable(np.array(0.5))
    h = Square()(x)
    y = Sin()(h) * h
    gh, gx = grad(y, [h, x])
    u = 0.25
    np.testing.assert_allclose(gh.data, math.cos(u) * u + math.sin(u))
    np.testing.assert_allclose(gx.data, (math.cos(u) * u + math.sin(u)) * 2 * 0.5)


def test_create_graph_gives_the_hessian() -> None:
    """f(x, y) = x^2 y + y^3 + sin(x) y, with its Hessian worked out by hand."""
    a, b = 0.7, -1.3
    x = Variable(np.array(a))
    y = Variable(np.array(b))
    f = x**2 * y + y**3 + Sin()(x) * y
    fx, fy = grad(f, [x, y], create_graph=True)
    np.testing.assert_allclose(fx.data, 2 * a * b + math.cos(a) * b)
    np.testing.assert_allclose(fy.data, a**2 + 3 * b**2 + math.sin(a))
    fxx, fxy = grad(fx, [x, y])
    fyx, fyy = grad(fy, [x, y])
    hessian = np.array([[fxx.data, fxy.data], [fyx.data, fyy.data]])
    expected = [[2 * b - math.sin(a) * b, 2 * a + math.cos(a)], [2 * a + math.cos(a), 6 * b]]
    np.testing.assert_allclose(hessian, expected, rtol=1e-12)
    assert x.grad is None
    assert y.grad is None


def test_several_outputs_with_ndarray_grad_outputs() -> None:
    x = Variable(np.array([0.1, 0.2, 0.3]))
    w = Variable(np.array([2.0, -1.0, 0.5]))
    y1 = x * w
    y2 = Sin()(x)
    g1 = np.array([1.0, 2.0, 3.0])
    g2 = np.array([-1.0, 0.5, 4.0])
    gx, gw = grad([y1, y2], [x, w], grad_outputs=[g1, g2])
    np.testing.assert_allclose(gx.data, g1 * w.data + g2 * np.cos(x.data))
    np.testing.assert_allclose(gw.data, g1 * x.data)


def test_a_variable_grad_output_for_a_single_output() -> None:
    x = Variable(np.array([1.0, 3.0]))
    (gx,) = grad(Square()(x), x, grad_outputs=Variable(np.array([0.5, -1.0])))
    np.testing.assert_allclose(gx.data, [1.0, -6.0])


def test_the_results_share_no_memory_with_each_other_or_the_grad_outputs() -> None:
    a = Variable(np.ones(3))
    b = Variable(np.ones(3))
    y = a + b
    seed = np.full(3, 2.0)
    results = grad(y, [a, b, y], grad_outputs=seed)
    arrays = [r.data for r in results] + [seed]
    for p, q in itertools.combinations(arrays, 2):
        assert not np.shares_memory(p, q)
    for r in results:
        np.testing.assert_array_equal(r.data, seed)


def test_bad_arguments_are_named() -> None:
    x = Variable(np.ones(2))
    y = Square()(x)
    with pytest.raises(ValueError, match="2 grad_outputs for 1 outputs"):
        grad(y, x, grad_outputs=[np.ones(2), np.ones(2)])
    with pytest.raises(ValueError, match=r"seed has shape \(3,\), the output \(2,\)"):
        grad(y, x, grad_outputs=np.ones(3))
    with pytest.raises(TypeError, match="inputs must be Variables, got ndarray"):
        grad(y, [x.data])  # type: ignore[list-item]  # the point is the run-time check
    with pytest.raises(TypeError, match="outputs must be Variables, got float"):
        grad([1.0], x)  # type: ignore[list-item]  # the point is the run-time check
