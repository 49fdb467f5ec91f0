"""Issue 10's math functions against PyTorch (float64), central differences, and their edges.

Each function's value, gradient (random cotangent) and second derivative (the gradient's
own vector-Jacobian product, random vector) are compared with `torch` where it is installed;
the conformance checks (central differences) run in every case.
"""

from __future__ import annotations

from collections.abc import Callable
from math import erf, pi, sqrt
from typing import Any, assert_type, cast

import numpy as np
import pytest
from test_math_plugin import MORE

import autograd_core.functions as F
import autograd_core_math
from autograd_core import Array, Variable, grad
from autograd_core.extend import check_signature
from autograd_core.testing import check_function
from autograd_core_math import functions as stubs

CLASSES = MORE  # the functions and their classes, as the plugin registers them
NAMES = list(CLASSES)
RNG = np.random.default_rng(1234)


def _torch() -> Any:
    return pytest.importorskip("torch")


def against_torch(
    ours: Callable[..., Variable],
    theirs: Callable[..., Any],
    *xs: Array,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    seed: int = 0,
) -> None:
    """Value, gradient (random cotangent) and second derivative (random vector) as torch's."""
    torch = _torch()
    rng = np.random.default_rng(seed)
    vs = [Variable(x.copy()) for x in xs]
    ts = [torch.tensor(x, requires_grad=True) for x in xs]
    y, ty = ours(*vs), theirs(*ts)
    np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=rtol, atol=atol)
    g = rng.standard_normal(y.shape)
    gxs = grad(y, vs, grad_outputs=g, create_graph=True)
    tgxs = torch.autograd.grad(ty, ts, torch.tensor(g), create_graph=True, allow_unused=True)
    for gx, tgx in zip(gxs, tgxs, strict=True):
        want = np.zeros(gx.shape) if tgx is None else tgx.detach().numpy()
        np.testing.assert_allclose(gx.data, want, rtol=rtol, atol=atol)
    ws = [rng.standard_normal(x.shape) for x in xs]
    total = sum((F.sum(gx * w) for gx, w in zip(gxs, ws, strict=True)), Variable(np.array(0.0)))
    hs = grad(total, vs)
    parts = [(t * torch.tensor(w)).sum() for t, w in zip(tgxs, ws, strict=True) if t is not None]
    ttotal = sum(parts, torch.tensor(0.0, dtype=torch.float64))
    if ttotal.requires_grad:
        ths = torch.autograd.grad(ttotal, ts, allow_unused=True)
    else:  # piecewise linear: the gradient does not depend on the input
        ths = (None,) * len(ts)
    for h, th in zip(hs, ths, strict=True):
        want = np.zeros(h.shape) if th is None else th.detach().numpy()
        np.testing.assert_allclose(h.data, want, rtol=rtol, atol=atol)


def _nonzero(shape: tuple[int, ...]) -> Array:
    return np.asarray(RNG.choice([-1.0, 1.0], size=shape) * RNG.uniform(0.1, 3.0, size=shape))


def test_tan_log1p_expm1_match_torch() -> None:
    torch = _torch()
    against_torch(F.tan, torch.tan, RNG.uniform(-1.3, 1.3, (3, 4)))
    against_torch(F.log1p, torch.log1p, RNG.uniform(-0.9, 3.0, (3, 4)))
    against_torch(F.expm1, torch.expm1, RNG.standard_normal((3, 4)))


def test_log1p_and_expm1_are_accurate_near_zero() -> None:
    x = np.array([1e-12, -1e-15, 3e-9])
    np.testing.assert_allclose(F.log1p(x).data, x - x * x / 2, rtol=1e-15)
    np.testing.assert_allclose(F.expm1(x).data, x + x * x / 2, rtol=1e-15)


@pytest.mark.parametrize("slope", [0.01, 0.2, -0.5, 1.5])
def test_leaky_relu_matches_torch(slope: float) -> None:
    torch = _torch()
    against_torch(
        lambda x: F.leaky_relu(x, slope=slope),
        lambda x: torch.nn.functional.leaky_relu(x, negative_slope=slope),
        _nonzero((4, 5)),
    )


@pytest.mark.parametrize("alpha", [1.0, 0.3, 2.5])
def test_elu_matches_torch(alpha: float) -> None:
    torch = _torch()
    against_torch(
        lambda x: F.elu(x, alpha=alpha),
        lambda x: torch.nn.functional.elu(x, alpha=alpha),
        _nonzero((4, 5)),
    )


def test_gelu_matches_torch_including_the_tails() -> None:
    torch = _torch()
    x = np.concatenate([RNG.standard_normal(20), [-8.0, -5.0, 5.0, 8.0, 0.0]])
    against_torch(F.gelu, torch.nn.functional.gelu, x, atol=1e-14)


@pytest.mark.parametrize("beta", [1.0, 2.0, 0.5])
def test_softplus_matches_torch_below_its_threshold(beta: float) -> None:
    torch = _torch()
    x = RNG.uniform(-15, 15, (4, 5)) / beta  # |beta x| < 20: torch's exact regime
    against_torch(
        lambda v: F.softplus(v, beta=beta),
        lambda t: torch.nn.functional.softplus(t, beta=beta),
        np.asarray(x),
    )


def test_softplus_differs_from_torchs_linear_regime_only_by_its_tiny_remainder() -> None:
    torch = _torch()
    x = np.array([20.5, 25.0, 40.0])
    t = torch.tensor(x, requires_grad=True)
    ty = torch.nn.functional.softplus(t)
    ty.sum().backward()
    v = Variable(x)
    y = F.softplus(v)
    (gx,) = grad(y, v, grad_outputs=np.ones(3))
    np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=0, atol=2.1e-9)
    np.testing.assert_allclose(gx.data, t.grad.numpy(), rtol=0, atol=2.1e-9)
    np.testing.assert_allclose(y.data, x + np.log1p(np.exp(-x)), rtol=1e-15)


@pytest.mark.parametrize("name", ["maximum", "minimum"])
def test_maximum_minimum_match_torch_with_broadcasting(name: str) -> None:
    torch = _torch()
    ours = getattr(F, name)
    theirs = getattr(torch, name)
    a = RNG.standard_normal((3, 1, 4))
    b = RNG.standard_normal((5, 1))
    against_torch(ours, theirs, a, b)


@pytest.mark.parametrize("name", ["maximum", "minimum"])
def test_ties_share_the_gradient_equally_as_torch(name: str) -> None:
    a = np.array([1.0, 2.0, 3.0, -1.0])
    b = np.array([1.0, 0.0, 5.0, -1.0])
    va, vb = Variable(a), Variable(b)
    g = np.array([2.0, 4.0, 6.0, 8.0])
    ga, gb = grad(getattr(F, name)(va, vb), [va, vb], grad_outputs=g)
    wins = a > b if name == "maximum" else a < b
    tie = a == b
    np.testing.assert_array_equal(ga.data, np.where(tie, g / 2, np.where(wins, g, 0.0)))
    np.testing.assert_array_equal(gb.data, np.where(tie, g / 2, np.where(wins, 0.0, g)))
    torch = _torch()
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    getattr(torch, name)(ta, tb).backward(torch.tensor(g))
    np.testing.assert_array_equal(ga.data, ta.grad.numpy())
    np.testing.assert_array_equal(gb.data, tb.grad.numpy())


def test_a_broadcast_tie_sums_back_to_the_small_input() -> None:
    a = Variable(np.array(1.0))
    b = Variable(np.array([1.0, 1.0, 0.0]))
    ga, gb = grad(F.maximum(a, b), [a, b], grad_outputs=np.ones(3))
    assert ga.shape == () and float(ga.data) == 2.0  # 1/2 + 1/2 + 1
    np.testing.assert_array_equal(gb.data, [0.5, 0.5, 0.0])


@pytest.mark.parametrize("name", NAMES)
def test_conformance_checks_pass(name: str) -> None:
    report = check_function(name)
    assert report.samples >= 3


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32(name: str) -> None:
    inputs = [np.asarray(_nonzero((2, 3)) * 0.4, dtype=np.float32)]
    if name in ("maximum", "minimum"):
        inputs.append(np.asarray(_nonzero((3,)), dtype=np.float32))
    vs = [Variable(x) for x in inputs]
    y = getattr(F, name)(*vs)
    assert y.dtype == np.float32
    gxs = grad(y, vs, grad_outputs=np.ones(y.shape, dtype=np.float32), create_graph=True)
    assert all(g.dtype == np.float32 for g in gxs)
    (h,) = grad(F.sum(gxs[0]), vs[0])
    assert h.dtype == np.float32


@pytest.mark.parametrize("name", NAMES)
def test_empty_arrays_give_empty_results_and_gradients(name: str) -> None:
    x = Variable(np.empty((0, 3)))
    inputs = [x, Variable(np.ones(3))] if name in ("maximum", "minimum") else [x]
    y = getattr(F, name)(*inputs)
    assert y.shape == (0, 3)
    gxs = grad(y, inputs, grad_outputs=np.ones((0, 3)))
    assert gxs[0].shape == (0, 3)
    if len(gxs) == 2:
        np.testing.assert_array_equal(gxs[1].data, np.zeros(3))


def test_softplus_is_finite_at_plus_and_minus_1000() -> None:
    for beta in (1.0, 2.0, 0.5):
        x = Variable(np.array([-1000.0, 1000.0]))
        y = F.softplus(x, beta=beta)
        (gx,) = grad(y, x, grad_outputs=np.ones(2), create_graph=True)
        (h,) = grad(F.sum(gx), x)
        tail = np.exp(-1000.0 * beta)  # 0.0 for beta >= 1, 7e-218 for beta = 0.5
        np.testing.assert_allclose(y.data, [np.log1p(tail) / beta, 1000.0], rtol=1e-15)
        np.testing.assert_allclose(gx.data, [tail, 1.0], rtol=1e-15)
        np.testing.assert_allclose(h.data, [beta * tail, 0.0], rtol=1e-15)
    torch = _torch()
    t = torch.tensor([-1000.0, 1000.0], dtype=torch.float64)
    np.testing.assert_array_equal(F.softplus(t.numpy()).data, torch.nn.functional.softplus(t))


def test_gelu_and_elu_are_finite_at_plus_and_minus_1000() -> None:
    x = Variable(np.array([-1000.0, 1000.0]))
    for f in (F.gelu, F.elu, F.leaky_relu):
        y = f(x)
        (gx,) = grad(y, x, grad_outputs=np.ones(2), create_graph=True)
        (h,) = grad(F.sum(gx), x)
        assert np.all(np.isfinite(y.data)) and np.all(np.isfinite(gx.data))
        assert np.all(np.isfinite(h.data))
        np.testing.assert_allclose(gx.data[1], 1.0)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: F.leaky_relu(np.ones(2), slope=cast(Any, "0.1")), TypeError, "leaky_relu: slope"),
        (lambda: F.leaky_relu(np.ones(2), slope=True), TypeError, "leaky_relu: slope"),
        (lambda: F.elu(np.ones(2), alpha=float("nan")), ValueError, "elu: alpha"),
        (lambda: F.softplus(np.ones(2), beta=0), ValueError, "softplus: beta"),
        (lambda: F.softplus(np.ones(2), beta=cast(Any, None)), TypeError, "softplus: beta"),
        (lambda: F.maximum(np.ones(2), np.ones(3)), ValueError, "Maximum"),
    ],
)
def test_bad_input_is_named(call: Callable[[], object], error: type[Exception], words: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value) + "".join(getattr(info.value, "__notes__", []))


def test_typed_stubs_agree_with_their_classes_and_are_exported() -> None:
    for name in NAMES:
        stub = getattr(stubs, name)
        assert check_signature(stub, CLASSES[name]) == [], name
        assert getattr(autograd_core_math, name) is stub
        assert F.registry.get(name) is CLASSES[name]
    assert set(NAMES) <= set(stubs.__all__)  # the plugin's other stubs are tested in tests/


def test_typed_stubs_call_the_classes() -> None:
    x = Variable(np.array([-0.5, 0.25, 2.0]))
    y = stubs.leaky_relu(x, 0.2)
    assert_type(y, Variable)
    np.testing.assert_allclose(y.data, [-0.1, 0.25, 2.0])
    z = stubs.softplus(x, beta=2.0)
    np.testing.assert_allclose(z.data, np.log1p(np.exp(2 * x.data)) / 2, rtol=1e-15)
    m = stubs.maximum(x, np.zeros(3))
    np.testing.assert_array_equal(m.data, [0.0, 0.25, 2.0])


def test_gelu_against_its_closed_form_without_torch() -> None:
    x = np.linspace(-6, 6, 25)
    v = Variable(x)
    y = F.gelu(v)
    (gx,) = grad(y, v, grad_outputs=np.ones(25), create_graph=True)
    (h,) = grad(F.sum(gx), v)
    cdf = np.array([0.5 * (1 + erf(t / sqrt(2))) for t in x])
    pdf = np.exp(-x * x / 2) / sqrt(2 * pi)
    np.testing.assert_allclose(y.data, x * cdf, rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(gx.data, cdf + x * pdf, rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(h.data, pdf * (2 - x * x), rtol=1e-13, atol=1e-16)
