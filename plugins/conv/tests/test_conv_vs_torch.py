"""conv2d, max_pool2d and avg_pool2d against PyTorch: values, gradients for a random
cotangent and second derivatives in float64; ties, all -inf windows, empty batches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

from autograd_core import Array, Variable, grad
from autograd_core_conv import avg_pool2d, conv2d, max_pool2d

torch = pytest.importorskip("torch")
nnf = torch.nn.functional


def against_torch(
    ours: Callable[..., Variable],
    theirs: Callable[..., Any],
    *arrays: Array,
    rtol: float = 1e-10,
    atol: float = 1e-12,
) -> None:
    """Value, gradient and second derivative of `ours` and `theirs` agree, for every input."""
    rng = np.random.default_rng(7)
    xs = [Variable(a.copy()) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    y, ty = ours(*xs), theirs(*ts)
    np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=rtol, atol=atol)
    v = rng.standard_normal(y.shape)
    gs = grad(y, xs, grad_outputs=v, create_graph=True)
    tgs = torch.autograd.grad(ty, ts, torch.tensor(v), create_graph=True)
    for g, tg in zip(gs, tgs, strict=True):
        np.testing.assert_allclose(g.data, tg.detach().numpy(), rtol=rtol, atol=atol)
    ws = [rng.standard_normal(g.shape) for g in gs]
    ggs = grad(list(gs), xs, grad_outputs=ws)
    live = [(tg, torch.tensor(w)) for tg, w in zip(tgs, ws, strict=True) if tg.requires_grad]
    tggs: Sequence[Any] = [None] * len(ts)
    if live:
        tggs = torch.autograd.grad(
            [t for t, _ in live], ts, [w for _, w in live], allow_unused=True
        )
    for gg, tgg in zip(ggs, tggs, strict=True):
        expected = np.zeros(gg.shape) if tgg is None else tgg.numpy()
        np.testing.assert_allclose(gg.data, expected, rtol=rtol, atol=atol)


CONV_CASES = [
    # x shape, W shape, bias, stride, pad
    ((2, 3, 6, 6), (4, 3, 3, 3), True, 1, 0),
    ((2, 3, 6, 6), (4, 3, 3, 3), False, 1, 1),
    ((1, 2, 7, 5), (3, 2, 3, 2), True, (2, 1), (1, 0)),
    ((3, 1, 5, 5), (2, 1, 5, 5), True, 1, 0),  # the kernel covers the image
    ((1, 2, 4, 4), (2, 2, 1, 1), False, 2, 2),  # 1x1 kernel over padding
]


@pytest.mark.parametrize(("xs", "ws", "bias", "stride", "pad"), CONV_CASES)
def test_conv2d(
    xs: tuple[int, ...], ws: tuple[int, ...], bias: bool, stride: Any, pad: Any
) -> None:
    rng = np.random.default_rng(sum(xs) + sum(ws))
    x, w, b = rng.standard_normal(xs), rng.standard_normal(ws), rng.standard_normal(ws[0])
    if bias:
        against_torch(
            lambda x, w, b: conv2d(x, w, b, stride=stride, pad=pad),
            lambda x, w, b: nnf.conv2d(x, w, b, stride=stride, padding=pad),
            x,
            w,
            b,
        )
    else:
        against_torch(
            lambda x, w: conv2d(x, w, stride=stride, pad=pad),
            lambda x, w: nnf.conv2d(x, w, stride=stride, padding=pad),
            x,
            w,
        )


POOL_CASES = [
    # x shape, kernel_size, stride, pad
    ((2, 3, 4, 4), 2, None, 0),
    ((1, 2, 5, 5), 3, 2, 1),
    ((1, 2, 5, 5), 3, 1, 1),  # overlapping windows
    ((2, 1, 4, 7), (2, 3), (1, 2), (1, 1)),
    ((1, 1, 5, 6), (3, 2), None, 0),  # rows and columns left over
]


@pytest.mark.parametrize(("xs", "k", "stride", "pad"), POOL_CASES)
def test_max_pool2d(xs: tuple[int, ...], k: Any, stride: Any, pad: Any) -> None:
    x = np.random.default_rng(sum(xs)).standard_normal(xs)
    against_torch(
        lambda x: max_pool2d(x, k, stride, pad),
        lambda x: nnf.max_pool2d(x, k, stride, pad),
        x,
    )


@pytest.mark.parametrize(("xs", "k", "stride", "pad"), POOL_CASES)
def test_avg_pool2d(xs: tuple[int, ...], k: Any, stride: Any, pad: Any) -> None:
    x = np.random.default_rng(sum(xs)).standard_normal(xs)
    against_torch(
        lambda x: avg_pool2d(x, k, stride, pad),
        lambda x: nnf.avg_pool2d(x, k, stride, pad),
        x,
    )


@pytest.mark.parametrize(
    "x",
    [
        np.ones((1, 1, 4, 4)),  # every window a tie
        np.full((1, 1, 2, 2), -np.inf),  # windows of padding and -inf only
        np.array([[[[1.0, 2.0, 2.0], [2.0, 0.0, 2.0], [-np.inf, 2.0, 1.0]]]]),
    ],
)
def test_max_pool2d_routes_ties_as_torch(x: Array) -> None:
    gy_shape = nnf.max_pool2d(torch.tensor(x), 2, 1, 1).shape
    gy = np.arange(1.0, 1.0 + np.prod(gy_shape)).reshape(gy_shape)
    xv, tx = Variable(x.copy()), torch.tensor(x, requires_grad=True)
    y, ty = max_pool2d(xv, 2, 1, 1), nnf.max_pool2d(tx, 2, 1, 1)
    np.testing.assert_array_equal(y.data, ty.detach().numpy())
    y.backward(gy)
    ty.backward(torch.tensor(gy))
    assert xv.grad is not None
    np.testing.assert_array_equal(xv.grad.data, tx.grad.numpy())


def test_empty_batches_as_torch() -> None:
    rng = np.random.default_rng(0)
    w, b = rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3)
    x = np.zeros((0, 2, 5, 5))
    cases: list[tuple[Callable[..., Variable], Callable[..., Any], tuple[Array, ...]]] = [
        (conv2d, nnf.conv2d, (x, w, b)),
        (lambda x: max_pool2d(x, 2), lambda x: nnf.max_pool2d(x, 2), (x,)),
        (lambda x: avg_pool2d(x, 3, 1, 1), lambda x: nnf.avg_pool2d(x, 3, 1, 1), (x,)),
    ]
    for ours, theirs, arrays in cases:
        xs = [Variable(a) for a in arrays]
        ts = [torch.tensor(a, requires_grad=True) for a in arrays]
        y, ty = ours(*xs), theirs(*ts)
        assert y.shape == tuple(ty.shape)
        gs = grad(y, xs, grad_outputs=np.ones(y.shape))
        tgs = torch.autograd.grad(ty, ts, torch.ones(ty.shape))
        for g, tg in zip(gs, tgs, strict=True):
            np.testing.assert_array_equal(g.data, tg.numpy())


def test_float32_stays_float32_and_agrees_with_torch() -> None:
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal((2, 3, 6, 6)), rng.standard_normal((4, 3, 3, 3)), np.ones(4)
    cases: list[tuple[Callable[..., Variable], Callable[..., Any], tuple[Array, ...]]] = [
        (
            lambda x, w, b: conv2d(x, w, b, stride=2, pad=1),
            lambda x, w, b: nnf.conv2d(x, w, b, stride=2, padding=1),
            (x, w, b),
        ),
        (lambda x: max_pool2d(x, 3, 2, 1), lambda x: nnf.max_pool2d(x, 3, 2, 1), (x,)),
        (lambda x: avg_pool2d(x, 2), lambda x: nnf.avg_pool2d(x, 2), (x,)),
    ]
    for ours, theirs, arrays in cases:
        xs = [Variable(a.astype(np.float32)) for a in arrays]
        ts = [torch.tensor(a.astype(np.float32), requires_grad=True) for a in arrays]
        y, ty = ours(*xs), theirs(*ts)
        gs = grad(y, xs, grad_outputs=np.ones(y.shape, dtype=np.float32))
        tgs = torch.autograd.grad(ty, ts, torch.ones(ty.shape))
        assert y.dtype == np.float32 and all(g.dtype == np.float32 for g in gs)
        np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=1e-5, atol=1e-5)
        for g, tg in zip(gs, tgs, strict=True):
            np.testing.assert_allclose(g.data, tg.numpy(), rtol=1e-5, atol=1e-5)
