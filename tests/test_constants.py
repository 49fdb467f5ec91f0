"""Constants need no gradient (issue 8): requires_grad, needs_input_grad, pruning, grad()."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Array, Function, Variable, grad, no_grad


class Scaled(Function):
    """`x * c`, recording what the engine asked of it and computing only that."""

    seen: ClassVar[list[tuple[bool, ...]]] = []

    def forward(self, x: Array, c: Array) -> Array:
        return x * c

    def backward(self, gy: Variable) -> tuple[Variable | None, Variable | None]:
        Scaled.seen.append(self.needs_input_grad)
        x, c = self.inputs
        need_x, need_c = self.needs_input_grad
        return (gy * c if need_x else None, gy * x if need_c else None)


class Counted(Function):
    """The identity, counting how often its backward runs."""

    calls = 0

    def forward(self, x: Array) -> Array:
        return x.copy()

    def backward(self, gy: Variable) -> Variable:
        Counted.calls += 1
        return gy * 1.0


def test_user_variables_require_grad_and_constants_do_not() -> None:
    assert Variable(np.ones(2)).requires_grad
    c = Variable(np.ones(2), requires_grad=False)
    assert not c.requires_grad
    x = Variable(np.array([1.0, 2.0]))
    y = x * c
    assert y.requires_grad and y.creator is not None
    z = c * 3.0
    assert not z.requires_grad and z.creator is None  # nothing needs a gradient: no node


def test_numbers_and_arrays_are_constants_that_get_no_grad() -> None:
    x = Variable(np.array([1.0, -2.0, 3.0]))
    w = np.array([0.5, 4.0, -1.0])
    m = x * w
    s = m + 2.0
    assert m.creator is not None and s.creator is not None
    wrapped_w, wrapped_2 = m.creator.inputs[1], s.creator.inputs[1]
    assert not wrapped_w.requires_grad and not wrapped_2.requires_grad
    F.sum(s).backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, w)  # d/dx sum(x*w + 2) = w
    assert wrapped_w.grad is None and wrapped_2.grad is None


def test_a_constant_variable_gets_no_grad_and_its_partner_the_right_one() -> None:
    x = Variable(np.array([1.0, 2.0, 3.0]))
    c = Variable(np.array([4.0, 5.0, 6.0]), requires_grad=False)
    Scaled.seen.clear()
    y = Scaled()(x, c)
    y.backward()
    assert Scaled.seen == [(True, False)]
    assert c.grad is None
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, c.data)


def test_needs_input_grad_follows_each_input() -> None:
    a, b = Variable(np.array([2.0])), Variable(np.array([3.0]))
    const = Variable(np.array([5.0]), requires_grad=False)
    Scaled.seen.clear()
    Scaled()(const, b).backward()
    Scaled()(a, b).backward()
    assert Scaled.seen == [(False, True), (True, True)]
    assert a.grad is not None and b.grad is not None
    np.testing.assert_array_equal(a.grad.data, [3.0])
    np.testing.assert_array_equal(b.grad.data, [5.0 + 2.0])  # from both calls


def test_the_engine_never_runs_a_backward_of_a_constant_branch() -> None:
    x = Variable(np.array([1.0, 2.0]))
    c = Variable(np.array([3.0, 4.0]), requires_grad=False)
    Counted.calls = 0
    branch = Counted()(Counted()(c))  # constants all the way: not even recorded
    assert branch.creator is None
    y = F.sum(x * branch + Counted()(x))
    y.backward()
    assert Counted.calls == 1  # only the call on x
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, c.data + 1.0)


def test_a_branch_under_no_grad_is_a_constant() -> None:
    x = Variable(np.array([2.0]))
    with no_grad():
        h = x * 3.0
    assert not h.requires_grad
    y = x * h
    y.backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [6.0])  # h is constant: d(x*h)/dx = h


def test_grad_with_respect_to_a_constant_the_user_asks_for() -> None:
    """grad() keeps its meaning: any input of a recorded function can be asked for."""
    x = Variable(np.array([1.0, 2.0]))
    c = Variable(np.array([3.0, -1.0]), requires_grad=False)
    y = F.sum(x * c * x)
    gx, gc = grad(y, [x, c])
    np.testing.assert_array_equal(gx.data, 2 * c.data * x.data)
    np.testing.assert_array_equal(gc.data, x.data**2)
    assert x.grad is None and c.grad is None
    assert y.creator is not None and y.creator.needs_input_grad == (True,)
    # the widened needs_input_grad was for that call only
    Scaled.seen.clear()
    Scaled()(x, c).backward()
    assert Scaled.seen == [(True, False)] and c.grad is None


def test_grad_with_respect_to_a_value_computed_from_constants_only_is_zeros() -> None:
    """As under no_grad(): a value made from constants only was never recorded."""
    c = Variable(np.array([3.0]), requires_grad=False)
    y = c * 2.0
    (g,) = grad(y, c)
    np.testing.assert_array_equal(g.data, [0.0])


def test_retain_grad_keeps_intermediate_gradients() -> None:
    x = Variable(np.array([1.0, 2.0]))
    h = x * np.array([3.0, 4.0])
    y = F.sum(h * h)
    y.backward(retain_grad=True)
    assert h.grad is not None and x.grad is not None
    np.testing.assert_array_equal(h.grad.data, 2 * h.data)
    np.testing.assert_array_equal(x.grad.data, 2 * h.data * [3.0, 4.0])


def test_linear_and_matmul_give_gradients_only_where_needed() -> None:
    rng = np.random.default_rng(0)
    xd, wd, bd = rng.standard_normal((5, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    w, b = Variable(wd), Variable(bd)
    gy = rng.standard_normal((5, 2))
    F.linear(xd, w, b).backward(gy)
    assert w.grad is not None and b.grad is not None
    np.testing.assert_allclose(w.grad.data, xd.T @ gy)
    np.testing.assert_allclose(b.grad.data, gy.sum(axis=0))
    a = Variable(xd)
    F.matmul(a, wd).backward(gy)
    assert a.grad is not None
    np.testing.assert_allclose(a.grad.data, gy @ wd.T)


def test_linear_second_derivative_through_transposed_views() -> None:
    """d/dW of sum((x @ W)**2)'s gradient: still right with the views in the backward."""
    rng = np.random.default_rng(1)
    x = Variable(rng.standard_normal((4, 3)))
    w = Variable(rng.standard_normal((3, 2)))
    y = F.linear(x, w)
    (gw,) = grad(F.sum(y * y), w, create_graph=True)
    np.testing.assert_allclose(gw.data, 2 * x.data.T @ (x.data @ w.data))
    (ggw,) = grad(F.sum(gw), w)
    # sum(A W) with A = 2 x^T x (symmetric), differentiated by W: A @ ones
    np.testing.assert_allclose(ggw.data, 2 * x.data.T @ x.data @ np.ones((3, 2)))


def test_fourth_derivative_of_tanh_with_the_fused_gradient() -> None:
    data = np.linspace(-1.5, 1.5, 5)
    x = Variable(data)
    y = F.tanh(x)
    for _ in range(4):
        (y,) = grad(y, x, create_graph=True)
    p = np.polynomial.Polynomial([0.0, 1.0])  # with t = tanh x: d/dx p(t) = p'(t) (1 - t^2)
    for _ in range(4):
        p = p.deriv() * np.polynomial.Polynomial([1.0, 0.0, -1.0])
    np.testing.assert_allclose(y.data, p(np.tanh(data)), rtol=1e-10)


def test_sigmoid_is_exact_far_out_on_both_sides() -> None:
    x = np.array([-745.0, -40.0, -1.0, 0.0, 1.0, 40.0, 745.0])
    y = F.sigmoid(Variable(x)).data
    expected = np.array([np.exp(-745.0), np.exp(-40.0) / (1 + np.exp(-40.0))])
    np.testing.assert_allclose(y[:2], expected, rtol=1e-15)
    np.testing.assert_allclose(y[2:5], [1 / (1 + np.e), 0.5, 1 / (1 + np.exp(-1.0))], rtol=1e-15)
    assert y[5] == 1 / (1 + np.exp(-40.0)) and y[6] == 1.0


@pytest.mark.parametrize("value", [1.01, 2, -0.0])
def test_operators_with_the_same_number_give_independent_right_gradients(value: float) -> None:
    x = Variable(np.array([1.0, 2.0], dtype=np.float32))
    y = x * value * value
    y.backward()
    assert x.grad is not None and x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.data, np.float32(value) * np.float32(value))
    if value == 0:
        assert np.signbit(x.grad.data).tolist() == [False, False]  # -0 * -0 is +0


def test_grad_runs_only_the_branches_leading_to_the_inputs_asked_for() -> None:
    a, b = Variable(np.array([2.0])), Variable(np.array([3.0]))
    Counted.calls = 0
    y = F.sum(Counted()(a) * 5.0 + b * 7.0)
    (gb,) = grad(y, b)
    np.testing.assert_array_equal(gb.data, [7.0])
    assert Counted.calls == 0  # the branch of `a` leads nowhere asked for
    (ga, gb) = grad(y, [a, b])
    np.testing.assert_array_equal(ga.data, [5.0])
    assert Counted.calls == 1
    assert a.grad is None and b.grad is None


def test_grad_through_a_shared_subgraph_with_pruning_matches_hand_values() -> None:
    x, w = Variable(np.array([1.0, 2.0])), Variable(np.array([3.0, 4.0]))
    h = x * w
    y = F.sum(h * h + h * x)  # d/dx = 2 h w + (w x + h) = 2 x w^2 + 2 x w
    (gx,) = grad(y, x)
    np.testing.assert_allclose(gx.data, 2 * x.data * w.data**2 + 2 * x.data * w.data)
    (gh,) = grad(y, h)  # a non-leaf asked for: 2 h + x
    np.testing.assert_allclose(gh.data, 2 * h.data + x.data)
