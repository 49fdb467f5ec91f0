"""autograd_core.functional against closed forms and torch.autograd.functional (float64).

Four kinds of function: scalar -> scalar, vector -> vector, matrix -> scalar, and two
inputs (with two outputs); each derivative also with create_graph=True, differentiated
once more.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from typing import Any, assert_type

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Array, Variable, grad
from autograd_core.functional import hessian, hvp, jacobian, jvp, value_and_grad, vhp, vjp

torch = pytest.importorskip("torch")
TF = torch.autograd.functional

RNG = np.random.default_rng(12)
A = RNG.standard_normal((4, 3))
X0 = np.array(0.7)
V0 = RNG.standard_normal(3)
M0 = RNG.standard_normal((2, 3)) * 0.5
P0, Q0 = RNG.standard_normal(3), RNG.standard_normal(3)


def close(ours: Variable | Array, expected: Any) -> None:
    """`ours` equals `expected` (an ndarray or a torch tensor) in value and shape."""
    got = ours.data if isinstance(ours, Variable) else ours
    want = expected.detach().numpy() if isinstance(expected, torch.Tensor) else expected
    assert got.shape == np.shape(want), (got.shape, np.shape(want))
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def t(a: Array) -> Any:
    return torch.tensor(a, dtype=torch.float64)


# The four functions, each in our Variables and in torch.
def cubic_sin(x: Variable) -> Variable:  # R -> R: x^3 sin x
    return x**3 * F.sin(x)


def cubic_sin_t(x: Any) -> Any:
    return x**3 * torch.sin(x)


def layer(x: Variable) -> Variable:  # R^3 -> R^4: tanh(A x)
    return F.tanh(F.matmul(A, x))


def layer_t(x: Any) -> Any:
    return torch.tanh(t(A) @ x)


def energy(m: Variable) -> Variable:  # R^{2x3} -> R: sum(exp(M)) + sum(M)^2
    return F.sum(F.exp(m)) + F.sum(m) ** 2


def energy_t(m: Any) -> Any:
    return torch.exp(m).sum() + m.sum() ** 2


def pair(p: Variable, q: Variable) -> tuple[Variable, Variable]:  # two in, two out
    return p * q, F.sum(p * p) * q


def pair_t(p: Any, q: Any) -> tuple[Any, Any]:
    return p * q, (p * p).sum() * q


def weighted(p: Variable, q: Variable) -> Variable:  # two in, one scalar out
    return F.sum(p * p * q)


def weighted_t(p: Any, q: Any) -> Any:
    return (p * p * q).sum()


# Closed forms.
def d_cubic_sin(x: float) -> tuple[float, float, float]:
    s, c = np.sin(x), np.cos(x)
    return (
        3 * x**2 * s + x**3 * c,
        6 * x * s + 6 * x**2 * c - x**3 * s,
        6 * s + 18 * x * c - 9 * x**2 * s - x**3 * c,
    )


def j_layer(x: Array) -> Array:
    return (1 - np.tanh(A @ x) ** 2)[:, None] * A


def h_energy(m: Array) -> Array:
    n = m.size
    return (np.diag(np.exp(m).ravel()) + 2 * np.ones((n, n))).reshape(m.shape * 2)


# --- jacobian ----------------------------------------------------------------------------


def test_jacobian_scalar_to_scalar() -> None:
    j = jacobian(cubic_sin, X0)
    assert_type(j, Variable)
    close(j, np.array(d_cubic_sin(0.7)[0]))
    close(j, TF.jacobian(cubic_sin_t, t(X0)))


def test_jacobian_vector_to_vector() -> None:
    j = jacobian(layer, V0)
    assert_type(j, Variable)
    close(j, j_layer(V0))
    close(j, TF.jacobian(layer_t, t(V0)))
    assert j.creator is None


def test_jacobian_matrix_to_scalar_is_the_gradient() -> None:
    j = jacobian(energy, M0)
    close(j, np.exp(M0) + 2 * M0.sum())
    close(j, TF.jacobian(energy_t, t(M0)))


def test_jacobian_of_a_matrix_function_has_shape_out_plus_in() -> None:
    def outer(m: Variable) -> Variable:
        return F.matmul(m, F.transpose(m))

    j = jacobian(outer, M0)
    assert j.shape == (2, 2, 2, 3)
    close(j, TF.jacobian(lambda m: m @ m.T, t(M0)))


def test_jacobian_two_inputs_two_outputs_is_a_tuple_of_tuples() -> None:
    j = jacobian(pair, (P0, Q0))
    assert_type(j, tuple[tuple[Variable, ...], ...])
    (j00, j01), (j10, j11) = j
    close(j00, np.diag(Q0))
    close(j01, np.diag(P0))
    close(j10, np.outer(Q0, 2 * P0))
    close(j11, np.sum(P0**2) * np.eye(3))
    ref = TF.jacobian(pair_t, (t(P0), t(Q0)))
    for ours_row, ref_row in zip(j, ref, strict=True):
        for ours, expected in zip(ours_row, ref_row, strict=True):
            close(ours, expected)


def test_jacobian_one_input_several_outputs_and_the_reverse() -> None:
    def two(x: Variable) -> tuple[Variable, Variable]:
        return F.sin(x), x * x

    js = jacobian(two, V0)
    assert_type(js, tuple[Variable, ...])
    close(js[0], np.diag(np.cos(V0)))
    close(js[1], np.diag(2 * V0))
    jw = jacobian(weighted, (P0, Q0))
    assert_type(jw, tuple[Variable, ...])
    close(jw[0], 2 * P0 * Q0)
    close(jw[1], P0**2)
    ref = TF.jacobian(weighted_t, (t(P0), t(Q0)))
    close(jw[0], ref[0])
    close(jw[1], ref[1])


def test_jacobian_with_create_graph_differentiates_again() -> None:
    x = Variable(V0.copy())
    j = jacobian(layer, x, create_graph=True)
    assert j.creator is not None
    w = RNG.standard_normal((4, 3))
    (g,) = grad(F.sum(j * w), x)
    xt = t(V0).requires_grad_()
    jt = TF.jacobian(layer_t, xt, create_graph=True)
    (gt,) = torch.autograd.grad((jt * t(w)).sum(), xt)
    close(g, gt)
    # Closed form: d/dx sum_ij w_ij (1 - th_i^2) A_ij = sum_i -2 th_i (1 - th_i^2) (w_i.A_i) A_i
    th = np.tanh(A @ V0)
    close(g, ((-2 * th * (1 - th**2)) * np.sum(w * A, axis=1)) @ A)
    assert x.grad is None


def test_a_tall_jacobian_is_built_by_columns_with_the_same_result() -> None:
    """Fewer input than output elements: one pass per input element (forward over reverse)."""
    b = RNG.standard_normal((12, 2))

    def tall(x: Variable) -> Variable:
        return F.reshape(F.sin(F.matmul(b, x)), shape=(3, 4))

    x0 = RNG.standard_normal(2)
    j = jacobian(tall, x0)
    expected = (np.cos(b @ x0)[:, None] * b).reshape(3, 4, 2)
    close(j, expected)
    close(j, TF.jacobian(lambda x: torch.sin(t(b) @ x).reshape(3, 4), t(x0)))
    close(jacobian(tall, x0, create_graph=True), expected)  # recorded: row by row

    def two_tall(p: Variable, q: Variable) -> tuple[Variable, Variable]:
        return F.matmul(b, p) * q, F.sum(p) * F.matmul(b, p)

    jj = jacobian(two_tall, (x0, np.array(1.5)))
    ref = TF.jacobian(lambda p, q: (t(b) @ p * q, p.sum() * (t(b) @ p)), (t(x0), t(np.array(1.5))))
    for ours_row, ref_row in zip(jj, ref, strict=True):
        for ours, want in zip(ours_row, ref_row, strict=True):
            close(ours, want)


def test_jacobian_with_a_zero_size_output() -> None:
    def empty(x: Variable) -> Variable:
        return F.get_item(F.reshape(x, shape=(3, 1)), index=slice(0, 0))

    j = jacobian(empty, V0)
    assert j.shape == (0, 1, 3)


def test_an_output_that_does_not_depend_on_the_input_gives_zeros() -> None:
    c = Variable(np.ones(2))
    j = jacobian(lambda x: c * 2.0, V0)
    close(j, np.zeros((2, 3)))
    close(j, TF.jacobian(lambda x: torch.ones(2) * 2.0, t(V0)))


# --- hessian -------------------------------------------------------------------------------


def test_hessian_scalar_to_scalar_and_third_derivative() -> None:
    h = hessian(cubic_sin, X0)
    assert_type(h, Variable)
    close(h, np.array(d_cubic_sin(0.7)[1]))
    close(h, TF.hessian(cubic_sin_t, t(X0)))
    x = Variable(X0.copy())
    h2 = hessian(cubic_sin, x, create_graph=True)
    (third,) = grad(h2, x)
    close(third, np.array(d_cubic_sin(0.7)[2]))
    xt = t(X0).requires_grad_()
    (third_t,) = torch.autograd.grad(TF.hessian(cubic_sin_t, xt, create_graph=True), xt)
    close(third, third_t)


def test_hessian_matrix_to_scalar() -> None:
    h = hessian(energy, M0)
    assert h.shape == (2, 3, 2, 3)
    close(h, h_energy(M0))
    close(h, TF.hessian(energy_t, t(M0)))


def test_hessian_two_inputs() -> None:
    h = hessian(weighted, (P0, Q0))
    assert_type(h, tuple[tuple[Variable, ...], ...])
    close(h[0][0], np.diag(2 * Q0))
    close(h[0][1], np.diag(2 * P0))
    close(h[1][0], np.diag(2 * P0))
    close(h[1][1], np.zeros((3, 3)))
    ref = TF.hessian(weighted_t, (t(P0), t(Q0)))
    for i in range(2):
        for j in range(2):
            close(h[i][j], ref[i][j])


def test_hessian_of_a_vector_function_is_an_error() -> None:
    with pytest.raises(
        ValueError,
        match=r"hessian: f must return a single Variable with one "
        r"element, got a Variable of shape \(4,\)",
    ):
        hessian(layer, V0)


# --- vjp and jvp ------------------------------------------------------------------------------


def test_vjp_vector_to_vector() -> None:
    u = RNG.standard_normal(4)
    out, g = vjp(layer, V0, u)
    assert_type(out, Variable)
    assert_type(g, Variable)
    close(out, np.tanh(A @ V0))
    close(g, u @ j_layer(V0))
    out_t, g_t = TF.vjp(layer_t, t(V0), t(u))
    close(out, out_t)
    close(g, g_t)
    close(vjp(layer, V0, (u,))[1], g_t)  # v as a tuple of one, as PyTorch also takes it
    assert out.creator is None and g.creator is None


def test_vjp_scalar_output_takes_no_v() -> None:
    out, g = vjp(energy, M0)
    close(g, np.exp(M0) + 2 * M0.sum())
    close(g, TF.vjp(energy_t, t(M0))[1])
    close(out, np.array(np.exp(M0).sum() + M0.sum() ** 2))


def test_vjp_two_inputs_two_outputs() -> None:
    u = (RNG.standard_normal(3), RNG.standard_normal(3))
    outs, gs = vjp(pair, (P0, Q0), u)
    assert_type(outs, tuple[Variable, ...])
    assert_type(gs, tuple[Variable, ...])
    close(gs[0], u[0] * Q0 + 2 * P0 * np.dot(u[1], Q0))
    close(gs[1], u[0] * P0 + np.sum(P0**2) * u[1])
    outs_t, gs_t = TF.vjp(pair_t, (t(P0), t(Q0)), (t(u[0]), t(u[1])))
    for a, b in [*zip(outs, outs_t, strict=True), *zip(gs, gs_t, strict=True)]:
        close(a, b)


def test_jvp_vector_to_vector() -> None:
    v = RNG.standard_normal(3)
    out, jv = jvp(layer, V0, v)
    assert_type(jv, Variable)
    close(jv, j_layer(V0) @ v)
    close(jv, TF.jvp(layer_t, t(V0), t(v))[1])
    close(out, np.tanh(A @ V0))


def test_jvp_scalar_takes_no_v_and_two_inputs() -> None:
    _, d = jvp(cubic_sin, X0)
    close(d, np.array(d_cubic_sin(0.7)[0]))
    v = (RNG.standard_normal(3), RNG.standard_normal(3))
    _, jvs = jvp(pair, (P0, Q0), v)
    assert_type(jvs, tuple[Variable, ...])
    close(jvs[0], v[0] * Q0 + P0 * v[1])
    close(jvs[1], 2 * np.dot(P0, v[0]) * Q0 + np.sum(P0**2) * v[1])
    ref = TF.jvp(pair_t, (t(P0), t(Q0)), (t(v[0]), t(v[1])))[1]
    close(jvs[0], ref[0])
    close(jvs[1], ref[1])


def test_jvp_and_vjp_with_create_graph_differentiate_again() -> None:
    x = Variable(M0.copy())
    v = RNG.standard_normal((2, 3))
    _, jv = jvp(energy, x, v, create_graph=True)
    (g,) = grad(jv, x)  # d/dM <grad energy(M), v> = H v
    close(g, (h_energy(M0).reshape(6, 6) @ v.ravel()).reshape(2, 3))
    xt = t(M0).requires_grad_()
    (g_t,) = torch.autograd.grad(TF.jvp(energy_t, xt, t(v), create_graph=True)[1], xt)
    close(g, g_t)
    y = Variable(V0.copy())
    u = RNG.standard_normal(4)
    _, gv = vjp(layer, y, u, create_graph=True)
    (gg,) = grad(F.sum(gv * gv), y)
    yt = t(V0).requires_grad_()
    gv_t = TF.vjp(layer_t, yt, t(u), create_graph=True)[1]
    (gg_t,) = torch.autograd.grad((gv_t * gv_t).sum(), yt)
    close(gg, gg_t)
    assert x.grad is None and y.grad is None


def test_jvp_is_differentiable_in_v() -> None:
    v = Variable(RNG.standard_normal(3))
    _, jv = jvp(layer, V0, v, create_graph=True)
    (gv,) = grad(F.sum(jv), v)  # d/dv sum(J v) = J^T 1
    close(gv, j_layer(V0).sum(axis=0))


# --- hvp, vhp, value_and_grad -----------------------------------------------------------------


def test_hvp_and_vhp() -> None:
    v = RNG.standard_normal((2, 3))
    expected = (h_energy(M0).reshape(6, 6) @ v.ravel()).reshape(2, 3)
    for fn, ref in ((hvp, TF.hvp), (vhp, TF.vhp)):
        value, hv = fn(energy, M0, v)
        assert_type(hv, Variable)
        close(hv, expected)
        close(hv, ref(energy_t, t(M0), t(v))[1])
        close(value, np.array(np.exp(M0).sum() + M0.sum() ** 2))
        assert hv.creator is None and value.creator is None


def test_hvp_two_inputs_and_create_graph() -> None:
    v = (RNG.standard_normal(3), RNG.standard_normal(3))
    _, hv = hvp(weighted, (P0, Q0), v)
    assert_type(hv, tuple[Variable, ...])
    close(hv[0], 2 * Q0 * v[0] + 2 * P0 * v[1])
    close(hv[1], 2 * P0 * v[0])
    ref = TF.hvp(weighted_t, (t(P0), t(Q0)), (t(v[0]), t(v[1])))[1]
    close(hv[0], ref[0])
    close(hv[1], ref[1])
    x = Variable(X0.copy())
    _, h = vhp(cubic_sin, x, np.array(1.0), create_graph=True)
    (third,) = grad(h, x)
    close(third, np.array(d_cubic_sin(0.7)[2]))


def test_value_and_grad() -> None:
    value, g = value_and_grad(energy, M0)
    assert_type(value, Variable)
    assert_type(g, Variable)
    close(value, np.array(np.exp(M0).sum() + M0.sum() ** 2))
    close(g, np.exp(M0) + 2 * M0.sum())
    value2, gs = value_and_grad(weighted, (P0, Q0))
    assert_type(gs, tuple[Variable, ...])
    close(value2, np.array(np.sum(P0**2 * Q0)))
    close(gs[0], 2 * P0 * Q0)
    close(gs[1], P0**2)
    x = Variable(X0.copy())
    _, gx = value_and_grad(cubic_sin, x, create_graph=True)
    (second,) = grad(gx, x)
    close(second, np.array(d_cubic_sin(0.7)[1]))


def test_a_newton_step_solves_a_quadratic() -> None:
    q = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])

    def quad(x: Variable) -> Variable:
        return 0.5 * F.sum(x * F.matmul(q, x)) - F.sum(b * x)

    x = np.zeros(2)
    _, g = value_and_grad(quad, x)
    x = x - np.linalg.solve(hessian(quad, x).data, g.data)
    np.testing.assert_allclose(x, np.linalg.solve(q, b), rtol=1e-12)


# --- .grad, dtypes, no_grad and memory ----------------------------------------------------------


def test_no_function_touches_any_grad() -> None:
    x = Variable(V0.copy())
    F.sum(x * x).backward()
    held = x.grad
    assert held is not None
    before = held.data.copy()
    m = Variable(M0.copy())
    calls: list[Callable[[], object]] = [
        lambda: jacobian(layer, x),
        lambda: jacobian(layer, x, create_graph=True),
        lambda: vjp(layer, x, np.ones(4), create_graph=True),
        lambda: jvp(layer, x, np.ones(3), create_graph=True),
        lambda: hessian(energy, m, create_graph=True),
        lambda: hvp(energy, m, np.ones((2, 3))),
        lambda: vhp(energy, m, np.ones((2, 3)), create_graph=True),
        lambda: value_and_grad(energy, m, create_graph=True),
    ]
    for call in calls:
        call()
        assert x.grad is held
        assert m.grad is None
    np.testing.assert_array_equal(held.data, before)


def test_works_inside_no_grad_and_keeps_float32() -> None:
    from autograd_core import no_grad

    x32 = V0.astype(np.float32)
    with no_grad():
        j = jacobian(lambda x: F.tanh(x * 2.0), x32)
    assert j.dtype == np.float32
    np.testing.assert_allclose(j.data, np.diag(2 / np.cosh(2 * V0) ** 2), rtol=1e-5, atol=1e-6)


@pytest.mark.usefixtures("without_cyclic_gc")
@pytest.mark.parametrize("create_graph", [False, True])
def test_no_reference_cycles(create_graph: bool) -> None:
    inside: list[weakref.ref[Variable]] = []

    def tracked(m: Variable) -> Variable:
        h = F.exp(m)
        inside.extend([weakref.ref(m), weakref.ref(h)])
        return F.sum(h) + F.sum(m) ** 2

    x = Variable(M0.copy())
    jacobian(tracked, x)  # plugins loaded, caches filled: only what follows is counted
    inside.clear()
    gc.collect()
    results: list[object] = [
        jacobian(tracked, x, create_graph=create_graph),
        hessian(tracked, x, create_graph=create_graph),
        vjp(tracked, x, create_graph=create_graph),
        jvp(tracked, x, np.ones((2, 3)), create_graph=create_graph),
        hvp(tracked, x, np.ones((2, 3)), create_graph=create_graph),
        vhp(tracked, x, np.ones((2, 3)), create_graph=create_graph),
        value_and_grad(tracked, x, create_graph=create_graph),
        jacobian(lambda m: F.broadcast_to(tracked(m), shape=(10,)), x),  # tall: by columns
    ]
    assert len(inside) == 16
    del results
    assert [r() for r in inside] == [None] * len(inside)
    assert gc.collect() == 0


# --- bad input ---------------------------------------------------------------------------------


def test_bad_inputs_are_named() -> None:
    with pytest.raises(
        TypeError,
        match=r"jacobian: inputs must be a numpy.ndarray, a Variable "
        r"or a tuple of them, got list",
    ):
        jacobian(layer, [1.0, 2.0])  # type: ignore[call-overload]  # also a mypy error
    with pytest.raises(TypeError, match=r"hessian: inputs\[1\] must be .* got float"):
        hessian(weighted, (P0, 1.0))  # type: ignore[arg-type]  # the mistake under test
    with pytest.raises(TypeError, match=r"vjp: inputs must have a floating dtype .* int64"):
        vjp(layer, np.arange(3))
    with pytest.raises(ValueError, match=r"jacobian: inputs is an empty tuple"):
        jacobian(weighted, ())


def test_v_of_the_wrong_shape_names_both_shapes() -> None:
    with pytest.raises(ValueError, match=r"vjp: v has shape \(3,\) but outputs has shape \(4,\)"):
        vjp(layer, V0, np.ones(3))
    with pytest.raises(ValueError, match=r"jvp: v has shape \(4,\) but inputs has shape \(3,\)"):
        jvp(layer, V0, np.ones(4))
    with pytest.raises(
        ValueError, match=r"hvp: v\[1\] has shape \(2,\) but inputs\[1\] has shape \(3,\)"
    ):
        hvp(weighted, (P0, Q0), (np.ones(3), np.ones(2)))
    with pytest.raises(TypeError, match=r"vhp: v must be a tuple of 2 arrays"):
        vhp(weighted, (P0, Q0), np.ones(3))
    with pytest.raises(
        ValueError,
        match=r"vjp: v may be omitted only when the outputs are a "
        r"single element; the outputs have shape\(s\) \(4,\)",
    ):
        vjp(layer, V0)
    with pytest.raises(
        TypeError,
        match=r"vjp: v must be a numpy.ndarray or a Variable of shape "
        r"\(4,\) .* got list",
    ):
        vjp(layer, V0, [1.0, 2.0, 3.0, 4.0])  # type: ignore[list-item]  # also for mypy


def test_hessian_of_a_function_with_two_outputs_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"hessian: .* got a tuple of 2 Variables"):
        hessian(pair, (P0, Q0))  # type: ignore[arg-type]  # a mypy error as well


def test_f_returning_a_non_variable_is_named() -> None:
    def as_array(x: Variable) -> Any:
        return x.data * 2

    with pytest.raises(
        TypeError,
        match=r"jacobian: f must return a Variable or a tuple of "
        r"Variables; f returned ndarray",
    ):
        jacobian(as_array, V0)

    def half(x: Variable) -> Any:
        return (x, 1.0)

    with pytest.raises(TypeError, match=r"vjp: .*; output 1 of f is float"):
        vjp(half, V0)


def test_bad_input_leaves_the_callers_variables_unchanged() -> None:
    x = Variable(V0.copy())
    with pytest.raises(ValueError, match="v has shape"):
        jvp(layer, x, np.ones(5))
    assert x.grad is None and x.creator is None
    np.testing.assert_array_equal(x.data, V0)
