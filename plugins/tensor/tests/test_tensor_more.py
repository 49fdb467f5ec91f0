"""Issue 10's tensor functions against PyTorch (float64), central differences, and their edges.

Each case compares the value, the gradient (random cotangent) and the second derivative
(the gradient's vector-Jacobian product with a random vector) with `torch` where it is
installed; the conformance checks (central differences) run in every case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, assert_type, cast

import numpy as np
import pytest

import autograd_core.functions as F
import autograd_core_tensor
from autograd_core import Array, Variable, grad
from autograd_core.extend import check_signature
from autograd_core.testing import check_function
from autograd_core_tensor import functions as stubs
from autograd_core_tensor.einsum import Einsum

NAMES = [
    "prod",
    "var",
    "std",
    "logsumexp",
    "cumsum",
    "stack",
    "split",
    "expand_dims",
    "squeeze",
    "flatten",
    "flip",
    "pad",
    "einsum",
]
RNG = np.random.default_rng(2024)
Out = Variable | tuple[Variable, ...]


def _torch() -> Any:
    return pytest.importorskip("torch")


def _tuple(y: Any) -> tuple[Any, ...]:
    return tuple(y) if isinstance(y, tuple | list) else (y,)


def against_torch(
    ours: Callable[..., Out],
    theirs: Callable[..., Any],
    *xs: Array,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    seed: int = 0,
) -> None:
    """Values, gradients (random cotangents) and second derivatives (random vectors) as torch's."""
    torch = _torch()
    rng = np.random.default_rng(seed)
    vs = [Variable(x.copy()) for x in xs]
    ts = [torch.tensor(x, requires_grad=True) for x in xs]
    ys, tys = _tuple(ours(*vs)), _tuple(theirs(*ts))
    assert len(ys) == len(tys)
    for y, ty in zip(ys, tys, strict=True):
        assert y.shape == tuple(ty.shape)
        np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=rtol, atol=atol)
    gs = [rng.standard_normal(y.shape) for y in ys]
    gxs = grad(list(ys), vs, grad_outputs=gs, create_graph=True)
    tgs = [torch.tensor(g) for g in gs]
    tgxs = torch.autograd.grad(tys, ts, tgs, create_graph=True, allow_unused=True)
    for gx, tgx in zip(gxs, tgxs, strict=True):
        want = np.zeros(gx.shape) if tgx is None else tgx.detach().numpy()
        np.testing.assert_allclose(gx.data, want, rtol=rtol, atol=atol)
    ws = [rng.standard_normal(x.shape) for x in xs]
    total = sum((F.sum(gx * w) for gx, w in zip(gxs, ws, strict=True)), Variable(np.array(0.0)))
    hs = grad(total, vs)
    parts = [(t * torch.tensor(w)).sum() for t, w in zip(tgxs, ws, strict=True) if t is not None]
    ttotal = sum(parts, torch.tensor(0.0, dtype=torch.float64))
    ths = torch.autograd.grad(ttotal, ts, allow_unused=True) if ttotal.requires_grad else ()
    for i, h in enumerate(hs):  # a linear function: torch records no second derivative
        th = ths[i] if ths else None
        want = np.zeros(h.shape) if th is None else th.detach().numpy()
        np.testing.assert_allclose(h.data, want, rtol=rtol, atol=atol)


def _dims(axis: int | tuple[int, ...] | None, ndim: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    return tuple(a % ndim for a in ((axis,) if isinstance(axis, int) else axis))


def _torch_prod(t: Any, axis: int | tuple[int, ...] | None, keepdims: bool) -> Any:
    for d in sorted(_dims(axis, t.ndim), reverse=True):  # torch.prod takes one dim at a time
        t = t.prod(d, keepdim=keepdims)
    return t


REDUCTIONS: list[tuple[tuple[int, ...], int | tuple[int, ...] | None, bool]] = [
    ((3, 4), None, False),
    ((3, 4), 1, True),
    ((2, 3, 4), (0, 2), False),
    ((2, 3, 4), -2, False),
    ((5,), 0, True),
]


@pytest.mark.parametrize(("shape", "axis", "keepdims"), REDUCTIONS)
def test_reductions_match_torch(
    shape: tuple[int, ...], axis: int | tuple[int, ...] | None, keepdims: bool
) -> None:
    torch = _torch()
    x = np.asarray(RNG.uniform(0.5, 1.5, shape) * RNG.choice([-1.0, 1.0], shape))
    dims = _dims(axis, len(shape))
    against_torch(
        lambda v: F.prod(v, axis=axis, keepdims=keepdims),
        lambda t: _torch_prod(t, axis, keepdims),
        x,
    )
    against_torch(
        lambda v: F.logsumexp(v, axis=axis, keepdims=keepdims),
        lambda t: torch.logsumexp(t, dim=dims, keepdim=keepdims),
        x,
    )
    for ddof in (0, 1):
        for name in ("var", "std"):
            against_torch(
                lambda v, n=name, d=ddof: getattr(F, n)(v, axis=axis, keepdims=keepdims, ddof=d),
                lambda t, n=name, d=ddof: getattr(torch, n)(
                    t, dim=dims, correction=d, keepdim=keepdims
                ),
                x,
            )


ZEROS = [
    np.array([2.0, 0.0, 3.0, -1.5]),
    np.array([2.0, 0.0, 3.0, 0.0]),
    np.array([0.0, 0.0, 0.0]),
    np.array([[1.5, 0.0, 2.0], [0.0, -2.0, 0.0], [1.0, 2.0, 3.0]]),
]


@pytest.mark.parametrize("x", ZEROS, ids=["one-zero", "two-zeros", "all-zeros", "rows"])
@pytest.mark.parametrize("axis", [None, -1])
def test_prod_with_zeros_matches_torch(x: Array, axis: int | None) -> None:
    _torch()
    against_torch(lambda v: F.prod(v, axis=axis), lambda t: _torch_prod(t, axis, False), x)


def test_prod_with_one_zero_by_hand() -> None:
    x = Variable(np.array([2.0, 0.0, 3.0, 5.0]))
    (gx,) = grad(F.prod(x), x, create_graph=True)
    np.testing.assert_array_equal(gx.data, [0.0, 30.0, 0.0, 0.0])  # the others' product
    # Hessian row of the zero: d^2 prod / dx_1 dx_k = product of all but 1 and k.
    (h1,) = grad(F.get_item(gx, index=1), x)
    np.testing.assert_array_equal(h1.data, [15.0, 0.0, 10.0, 6.0])
    (h0,) = grad(F.get_item(gx, index=0), x)
    np.testing.assert_array_equal(h0.data, [0.0, 15.0, 0.0, 0.0])


@pytest.mark.parametrize("x", ZEROS[:3], ids=["one-zero", "two-zeros", "all-zeros"])
def test_prod_third_derivative_with_zeros_matches_torch(x: Array) -> None:
    torch = _torch()
    w, u = RNG.standard_normal(x.shape), RNG.standard_normal(x.shape)
    v = Variable(x.copy())
    (g,) = grad(F.prod(v), v, create_graph=True)
    (h,) = grad(F.sum(g * w), v, create_graph=True)
    (t,) = grad(F.sum(h * u), v)
    tx = torch.tensor(x, requires_grad=True)
    (tg,) = torch.autograd.grad(tx.prod(), tx, create_graph=True)
    (th,) = torch.autograd.grad((tg * torch.tensor(w)).sum(), tx, create_graph=True)
    (tt,) = torch.autograd.grad((th * torch.tensor(u)).sum(), tx)
    np.testing.assert_allclose(t.data, tt.numpy(), rtol=1e-12, atol=1e-12)


def test_prod_gradient_survives_an_underflowing_product() -> None:
    x = Variable(np.array([1e-200, 1e-200, 5.0]))
    (gx,) = grad(F.prod(x), x)  # the product underflows to 0; y / x would give 0
    np.testing.assert_allclose(gx.data, [5e-200, 5e-200, 0.0], rtol=1e-14)


def test_prod_of_empty_is_one_with_an_empty_gradient() -> None:
    x = Variable(np.empty((0, 3)))
    y = F.prod(x, axis=0)
    np.testing.assert_array_equal(y.data, np.ones(3))
    (gx,) = grad(y, x, grad_outputs=np.ones(3))
    assert gx.shape == (0, 3)


def test_var_and_std_of_a_constant_array() -> None:
    x = Variable(np.full((3, 4), 2.5))
    for name in ("var", "std"):
        y = getattr(F, name)(x, axis=1)
        np.testing.assert_array_equal(y.data, np.zeros(3))
        (gx,) = grad(y, x, grad_outputs=np.ones(3), create_graph=True)
        np.testing.assert_array_equal(gx.data, np.zeros((3, 4)))  # std: 0, not torch's nan
    (gx,) = grad(F.var(x), x, create_graph=True)
    (h,) = grad(F.sum(gx * np.arange(12.0).reshape(3, 4)), x)  # var's Hessian: 2/N (I - 1/N)
    w = np.arange(12.0).reshape(3, 4)
    np.testing.assert_allclose(h.data, 2 / 12 * (w - w.mean()), rtol=1e-14)


def test_var_with_ddof_at_least_n_is_inf_or_nan_as_numpy() -> None:
    x = np.array([1.0, 2.0])
    with pytest.warns(RuntimeWarning):
        got = F.var(x, ddof=2).data
    with pytest.warns(RuntimeWarning):
        want = np.var(x, ddof=2)
    np.testing.assert_array_equal(got, want)


def test_var_and_std_over_nothing_are_nan_as_torch() -> None:
    torch = _torch()
    x = Variable(np.empty((2, 0)))
    for name in ("var", "std"):
        with pytest.warns(RuntimeWarning):
            y = getattr(F, name)(x, axis=1)
        with pytest.warns(UserWarning, match="degrees of freedom"):  # torch warns as well
            want = getattr(torch, name)(torch.empty(2, 0, dtype=torch.float64), dim=1, correction=0)
        np.testing.assert_array_equal(y.data, want.numpy())  # [nan, nan]
        (gx,) = grad(y, x, grad_outputs=np.ones(2))
        assert gx.shape == (2, 0)


def test_logsumexp_at_plus_and_minus_1000() -> None:
    torch = _torch()
    x = np.array([[1000.0, 1000.0], [-1000.0, -1000.0], [1000.0, -1000.0]])
    against_torch(
        lambda v: F.logsumexp(v, axis=1), lambda t: torch.logsumexp(t, dim=1), x, atol=1e-9
    )
    y = F.logsumexp(x, axis=1)
    np.testing.assert_allclose(y.data, [1000 + np.log(2), -1000 + np.log(2), 1000.0])


def test_logsumexp_of_nothing_is_minus_inf() -> None:
    torch = _torch()
    y = F.logsumexp(np.empty((0, 3)), axis=0)
    np.testing.assert_array_equal(y.data, torch.logsumexp(torch.empty(0, 3), dim=0).numpy())


CUMSUMS: list[tuple[tuple[int, ...], int | None]] = [((5,), 0), ((3, 4), 1), ((2, 3, 4), -3)]


@pytest.mark.parametrize(("shape", "axis"), [*CUMSUMS, ((3, 4), None)])
def test_cumsum_matches_torch(shape: tuple[int, ...], axis: int | None) -> None:
    _torch()

    def theirs(t: Any) -> Any:
        return t.reshape(-1).cumsum(0) if axis is None else t.cumsum(axis)

    against_torch(lambda v: F.cumsum(v, axis=axis), theirs, RNG.standard_normal(shape))


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack_matches_torch(axis: int) -> None:
    torch = _torch()
    xs = [RNG.standard_normal((2, 3)) for _ in range(3)]
    against_torch(lambda *vs: F.stack(*vs, axis=axis), lambda *ts: torch.stack(ts, dim=axis), *xs)


@pytest.mark.parametrize(("shape", "sections", "axis"), [((6, 2), 3, 0), ((2, 4), 2, -1)])
def test_split_matches_torch(shape: tuple[int, ...], sections: int, axis: int) -> None:
    torch = _torch()
    size = shape[axis] // sections
    against_torch(
        lambda v: stubs.split(v, sections=sections, axis=axis),
        lambda t: torch.split(t, size, dim=axis),
        RNG.standard_normal(shape),
    )


def test_split_parts_left_unused_get_zeros() -> None:
    x = Variable(RNG.standard_normal((3, 2)))
    first, _, third = stubs.split(x, sections=3)
    (gx,) = grad(F.sum(first) + 2 * F.sum(third), x)
    np.testing.assert_array_equal(gx.data, [[1, 1], [0, 0], [2, 2]])


SHAPE_CASES: list[tuple[str, dict[str, Any], tuple[int, ...], Callable[[Any], Any]]] = [
    ("expand_dims", {"axis": 1}, (2, 3), lambda t: t.unsqueeze(1)),
    ("expand_dims", {"axis": (0, -1)}, (2, 3), lambda t: t.unsqueeze(0).unsqueeze(-1)),
    ("squeeze", {}, (1, 3, 1), lambda t: t.squeeze()),
    ("squeeze", {"axis": -1}, (2, 3, 1), lambda t: t.squeeze(-1)),
    ("squeeze", {"axis": (0, 2)}, (1, 3, 1), lambda t: t.squeeze((0, 2))),
    ("flatten", {}, (2, 3, 4), lambda t: t.flatten(1)),
    ("flatten", {"start_axis": 0}, (2, 3, 4), lambda t: t.flatten(0)),
    ("flatten", {"start_axis": -1}, (2, 3, 4), lambda t: t.flatten(-1)),
    ("flip", {}, (2, 3), lambda t: t.flip((0, 1))),
    ("flip", {"axis": 1}, (2, 3, 4), lambda t: t.flip(1)),
    ("flip", {"axis": (0, 2)}, (2, 3, 4), lambda t: t.flip((0, 2))),
]


@pytest.mark.parametrize(("name", "params", "shape", "theirs"), SHAPE_CASES)
def test_shape_functions_match_torch(
    name: str, params: dict[str, Any], shape: tuple[int, ...], theirs: Callable[[Any], Any]
) -> None:
    _torch()
    against_torch(lambda v: getattr(F, name)(v, **params), theirs, RNG.standard_normal(shape))


def _torch_pad_list(pad_width: Any, ndim: int) -> list[int]:
    pairs = np.broadcast_to(np.asarray(pad_width), (ndim, 2))
    return [int(n) for pair in pairs[::-1] for n in pair]  # torch pads the last axis first


@pytest.mark.parametrize(
    ("shape", "pad_width", "value"),
    [((2, 3), 1, 0.0), ((2, 3), ((0, 2), (1, 0)), 1.5), ((4,), (2, 1), -1.0), ((2, 2, 2), 2, 0.5)],
)
def test_pad_matches_torch(shape: tuple[int, ...], pad_width: Any, value: float) -> None:
    torch = _torch()
    widths = _torch_pad_list(pad_width, len(shape))
    against_torch(
        lambda v: F.pad(v, pad_width=pad_width, value=value),
        lambda t: torch.nn.functional.pad(t, widths, value=value),
        RNG.standard_normal(shape),
    )


EINSUMS: list[tuple[str, list[tuple[int, ...]]]] = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
    ("...ij,...jk->...ik", [(2, 1, 2, 3), (3, 3, 2)]),
    ("...i,...i->...", [(4, 3), (3,)]),
    ("ii->", [(3, 3)]),
    ("ii->i", [(3, 3)]),
    ("iij->ij", [(2, 2, 3)]),
    ("ij->", [(2, 3)]),
    ("ij->ji", [(2, 3)]),
    ("i,j->ij", [(2,), (3,)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("ij,ij->", [(2, 3), (2, 3)]),
    ("ij,kj->ik", [(1, 3), (4, 3)]),
    ("ij,ij->ij", [(1, 3), (2, 3)]),
    ("ij,jk->ik", [(2, 1), (3, 4)]),
    ("ba,ab", [(2, 3), (3, 2)]),
    ("Ab,bC", [(2, 3), (3, 4)]),
]


@pytest.mark.parametrize(("subscripts", "shapes"), EINSUMS)
def test_einsum_matches_torch(subscripts: str, shapes: list[tuple[int, ...]]) -> None:
    torch = _torch()
    xs = [RNG.standard_normal(s) for s in shapes]
    np.testing.assert_allclose(
        F.einsum(*xs, subscripts=subscripts).data, np.einsum(subscripts, *xs), rtol=1e-12
    )
    against_torch(
        lambda *vs: F.einsum(*vs, subscripts=subscripts),
        lambda *ts: torch.einsum(subscripts, *ts),
        *xs,
    )


def test_einsum_gradients_are_einsums() -> None:
    a, b = Variable(RNG.standard_normal((2, 3))), Variable(RNG.standard_normal((3, 4)))
    y = F.einsum(a, b, subscripts="ij,jk->ik")
    ga, gb = grad(y, [a, b], grad_outputs=np.ones((2, 4)), create_graph=True)
    assert isinstance(ga.creator, Einsum) and isinstance(gb.creator, Einsum)
    np.testing.assert_allclose(ga.data, np.ones((2, 4)) @ b.data.T, rtol=1e-14)


def test_einsum_with_an_empty_summed_axis_gives_zeros() -> None:
    a, b = Variable(np.empty((2, 0))), Variable(np.empty((0, 4)))
    y = F.einsum(a, b, subscripts="ij,jk->ik")
    np.testing.assert_array_equal(y.data, np.zeros((2, 4)))
    ga, gb = grad(y, [a, b], grad_outputs=np.ones((2, 4)))
    assert ga.shape == (2, 0) and gb.shape == (0, 4)


@pytest.mark.parametrize("name", NAMES)
def test_conformance_checks_pass(name: str) -> None:
    report = check_function(name)
    assert report.samples >= 4


FLOAT32_CALLS: dict[str, Callable[[Variable], Out]] = {
    "prod": lambda v: F.prod(v, axis=1),
    "var": lambda v: F.var(v, axis=0, ddof=1),
    "std": lambda v: F.std(v),
    "logsumexp": lambda v: F.logsumexp(v, axis=1),
    "cumsum": lambda v: F.cumsum(v, axis=1),
    "stack": lambda v: F.stack(v, v * 2, axis=1),
    "split": lambda v: stubs.split(v, sections=2, axis=0),
    "expand_dims": lambda v: F.expand_dims(v, axis=0),
    "squeeze": lambda v: F.squeeze(F.expand_dims(v, axis=0)),
    "flatten": lambda v: F.flatten(v, start_axis=0),
    "flip": lambda v: F.flip(v),
    "pad": lambda v: F.pad(v, pad_width=1, value=2.0),
    "einsum": lambda v: F.einsum(v, v, subscripts="ij,kj->ik"),
}


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32(name: str) -> None:
    v = Variable(RNG.uniform(0.5, 1.5, (4, 3)).astype(np.float32))
    ys = _tuple(FLOAT32_CALLS[name](v))
    assert all(y.dtype == np.float32 for y in ys)
    gs = [np.ones(y.shape, dtype=np.float32) for y in ys]
    (gx,) = grad(list(ys), v, grad_outputs=gs, create_graph=True)
    assert gx.dtype == np.float32
    (h,) = grad(F.sum(gx * gx), v)
    assert h.dtype == np.float32


EMPTY_CALLS: dict[str, tuple[Callable[[Variable], Out], tuple[int, ...]]] = {
    "cumsum": (lambda v: F.cumsum(v, axis=0), (0, 3)),
    "stack": (lambda v: F.stack(v, v), (2, 0, 3)),
    "split": (lambda v: stubs.split(v, sections=3, axis=0)[0], (0, 3)),
    "expand_dims": (lambda v: F.expand_dims(v, axis=1), (0, 1, 3)),
    "squeeze": (lambda v: F.squeeze(F.expand_dims(v, axis=0), axis=0), (0, 3)),
    "flatten": (lambda v: F.flatten(v, start_axis=0), (0,)),
    "flip": (lambda v: F.flip(v), (0, 3)),
    "pad": (lambda v: F.pad(v, pad_width=1), (2, 5)),
    "einsum": (lambda v: F.einsum(v, subscripts="ij->j"), (3,)),
}


@pytest.mark.parametrize("name", sorted(EMPTY_CALLS))
def test_empty_arrays_as_numpy_and_torch(name: str) -> None:
    call, shape = EMPTY_CALLS[name]
    v = Variable(np.empty((0, 3)))
    y = call(v)
    assert isinstance(y, Variable) and y.shape == shape
    (gx,) = grad(y, v, grad_outputs=np.ones(shape))
    assert gx.shape == (0, 3)


BAD: list[tuple[Callable[..., object], type[Exception], str]] = [
    (lambda a, b: F.stack(a, b), ValueError, "stack: input 1 has shape (4, 2)"),
    (lambda a, b: F.stack(), ValueError, "stack: needs at least one input"),
    (lambda a, b: F.stack(a, a, axis=3), ValueError, "stack: axis 3 is out of range"),
    (lambda a, b: stubs.split(a, sections=2), ValueError, "split: axis 0 of length 3"),
    (lambda a, b: stubs.split(a, sections=0), ValueError, "split: sections must be at least 1"),
    (lambda a, b: F.einsum(a, subscripts="ij,jk->ik"), ValueError, "einsum: subscripts"),
    (lambda a, b: F.einsum(a, b, subscripts="ijk,jk->ik"), ValueError, "einsum: term 'ijk'"),
    (lambda a, b: F.einsum(a, b.T, subscripts="ij,jk->ik"), ValueError, "einsum: letter 'j'"),
    (lambda a, b: F.einsum(a, b, subscripts="ij,jk->iz"), ValueError, "einsum: output letter"),
    (lambda a, b: F.einsum(a, b, subscripts="ij,jk->ii"), ValueError, "repeats a letter"),
    (lambda a, b: F.einsum(a, b, subscripts="i1,jk->ik"), ValueError, "einsum: subscripts"),
    (lambda a, b: F.einsum(a, subscripts="...j->j"), ValueError, "einsum: output 'j'"),
    (lambda a, b: F.einsum(a, subscripts=cast(Any, 3)), TypeError, "subscripts must be a str"),
    (lambda a, b: F.squeeze(a, axis=0), ValueError, "squeeze: axis 0"),
    (lambda a, b: F.expand_dims(a, axis=3), ValueError, "expand_dims: axis 3 is out of range"),
    (lambda a, b: F.pad(a, pad_width=-1), ValueError, "pad: pad_width must not be negative"),
    (lambda a, b: F.pad(a, pad_width=((1, 1), (1, 1), (1, 1))), ValueError, "pad: pad_width"),
    (lambda a, b: F.pad(a, pad_width=cast(Any, 1.5)), TypeError, "pad: pad_width must be"),
    (lambda a, b: F.cumsum(a, axis=2), ValueError, "cumsum: axis 2 is out of range"),
    (lambda a, b: F.cumsum(a, axis=cast(Any, "0")), TypeError, "cumsum: axis must be"),
    (lambda a, b: F.var(a, ddof=-1), ValueError, "var: ddof must not be negative"),
    (lambda a, b: F.std(a, ddof=cast(Any, 1.0)), TypeError, "std: ddof must be an int"),
    (lambda a, b: F.std(a, axis=(0, 0)), ValueError, "std: axis (0, 0) names an axis twice"),
    (lambda a, b: F.prod(a, keepdims=cast(Any, 1)), TypeError, "prod: keepdims must be a bool"),
    (lambda a, b: F.flatten(a, start_axis=2), ValueError, "flatten: axis 2 is out of range"),
    (lambda a, b: F.flip(a, axis=5), ValueError, "flip: axis 5 is out of range"),
]


@pytest.mark.parametrize(("call", "error", "words"), BAD, ids=[w for _, _, w in BAD])
def test_bad_input_is_named_and_changes_nothing(
    call: Callable[..., object], error: type[Exception], words: str
) -> None:
    a, b = RNG.standard_normal((3, 4)), RNG.standard_normal((4, 2))
    before = (a.copy(), b.copy())
    with pytest.raises(error) as info:
        call(a, b)
    assert words in str(info.value)
    np.testing.assert_array_equal(a, before[0])
    np.testing.assert_array_equal(b, before[1])


def test_typed_stubs_agree_with_their_classes_and_are_exported() -> None:
    for name in NAMES:
        stub = getattr(stubs, name)
        assert check_signature(stub, F.registry.get(name)) == [], name
        assert getattr(autograd_core_tensor, name) is stub
    assert set(NAMES) <= set(stubs.__all__)  # the plugin's other stubs are tested in tests/


def test_typed_stubs_call_the_classes() -> None:
    x = Variable(np.arange(6.0).reshape(2, 3))
    parts = stubs.split(x, 1)
    assert_type(parts, tuple[Variable, ...])
    assert len(parts) == 1 and parts[0].shape == (2, 3)  # a tuple even for one part
    s = stubs.stack(x, x, axis=1)
    assert_type(s, Variable)
    assert s.shape == (2, 2, 3)
    e = stubs.einsum(x, x, subscripts="ij,ij->i")
    np.testing.assert_array_equal(e.data, [5.0, 50.0])
    np.testing.assert_array_equal(stubs.cumsum(x, None).data, np.cumsum(x.data))
    np.testing.assert_array_equal(stubs.pad(x, ((0, 0), (1, 0))).data[:, 0], [0.0, 0.0])


def test_implicit_einsum_orders_the_output_as_numpy() -> None:
    x = RNG.standard_normal((2, 3, 4, 5))
    for sub in ("aBcD", "DcBa", "BaDc", "...cD", "Ba..."):
        np.testing.assert_allclose(F.einsum(x, subscripts=sub).data, np.einsum(sub, x))
