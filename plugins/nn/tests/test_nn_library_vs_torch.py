"""sigmoid_cross_entropy, huber_loss, batch_norm, layer_norm and embedding against PyTorch.

Values, gradients for a random cotangent and second derivatives (the gradient of the
gradient against a second random cotangent), all in float64; then float32.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

from autograd_core import Array, Variable, grad
from autograd_core_nn import batch_norm, embedding, huber_loss, layer_norm, sigmoid_cross_entropy

torch = pytest.importorskip("torch")
nnf = torch.nn.functional


def against_torch(
    ours: Callable[..., Variable],
    theirs: Callable[..., Any],
    *arrays: Array,
    wrt: Sequence[int],
    rtol: float = 1e-10,
    atol: float = 1e-12,
) -> None:
    """Value, gradient and second derivative of `ours` and `theirs` agree, for inputs `wrt`."""
    rng = np.random.default_rng(7)
    xs = [Variable(a.copy()) for a in arrays]
    ts = [torch.tensor(a, requires_grad=i in wrt) for i, a in enumerate(arrays)]
    y, ty = ours(*xs), theirs(*ts)
    np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=rtol, atol=atol)
    v = rng.standard_normal(y.shape)
    gs = grad(y, [xs[i] for i in wrt], grad_outputs=v, create_graph=True)
    tgs = torch.autograd.grad(ty, [ts[i] for i in wrt], torch.tensor(v), create_graph=True)
    for g, tg in zip(gs, tgs, strict=True):
        np.testing.assert_allclose(g.data, tg.detach().numpy(), rtol=rtol, atol=atol)
    ws = [rng.standard_normal(g.shape) for g in gs]
    ggs = grad(list(gs), [xs[i] for i in wrt], grad_outputs=ws)
    live = [(tg, torch.tensor(w)) for tg, w in zip(tgs, ws, strict=True) if tg.requires_grad]
    tggs = torch.autograd.grad(
        [t for t, _ in live], [ts[i] for i in wrt], [w for _, w in live], allow_unused=True
    )
    for gg, tgg in zip(ggs, tggs, strict=True):
        expected = np.zeros(gg.shape) if tgg is None else tgg.numpy()
        np.testing.assert_allclose(gg.data, expected, rtol=rtol, atol=atol)


@pytest.mark.parametrize("shape", [(), (7,), (3, 4), (2, 3, 2)])
def test_sigmoid_cross_entropy_with_integer_labels(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(len(shape))
    x = np.asarray(3 * rng.standard_normal(shape))
    t = np.asarray(rng.integers(0, 2, size=shape))
    against_torch(
        sigmoid_cross_entropy,
        lambda x, t: nnf.binary_cross_entropy_with_logits(x, t.double()),
        x,
        t,
        wrt=[0],
    )


def test_sigmoid_cross_entropy_with_float_targets_differentiates_both() -> None:
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((3, 5)), rng.uniform(0, 1, (3, 5))
    against_torch(sigmoid_cross_entropy, nnf.binary_cross_entropy_with_logits, x, t, wrt=[0, 1])


def test_sigmoid_cross_entropy_at_huge_logits_is_finite_and_matches_torch() -> None:
    x = np.array([1000.0, -1000.0, 1000.0, -1000.0, 999.0])
    t = np.array([1, 0, 0, 1, 1])
    against_torch(
        sigmoid_cross_entropy,
        lambda x, t: nnf.binary_cross_entropy_with_logits(x, t.double()),
        x,
        t,
        wrt=[0],
    )


@pytest.mark.parametrize("delta", [1.0, 0.3, 2.5])
def test_huber_loss(delta: float) -> None:
    rng = np.random.default_rng(int(10 * delta))
    a, b = 2 * rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    against_torch(
        lambda a, b: huber_loss(a, b, delta=delta),
        lambda a, b: nnf.huber_loss(a, b, delta=delta),
        a,
        b,
        wrt=[0, 1],
    )


def test_huber_loss_at_the_kink_follows_torch() -> None:
    a = np.array([1.0, -1.0, 0.5, 3.0])  # |a - b| = delta for the first two
    b = np.zeros(4)
    against_torch(huber_loss, nnf.huber_loss, a, b, wrt=[0, 1])


@pytest.mark.parametrize("shape", [(5, 3), (4, 2, 3), (2, 3, 2, 2), (3, 1)])
def test_batch_norm(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(sum(shape))
    c = shape[1]
    x = rng.standard_normal(shape) * 2 + 1
    gamma, beta = rng.standard_normal(c), rng.standard_normal(c)
    against_torch(
        batch_norm,
        lambda x, g, b: nnf.batch_norm(x, None, None, g, b, training=True, eps=1e-5),
        x,
        gamma,
        beta,
        wrt=[0, 1, 2],
        rtol=1e-8,
        atol=1e-10,
    )


def test_batch_norm_with_another_eps() -> None:
    rng = np.random.default_rng(3)
    x, gamma, beta = rng.standard_normal((6, 2)), rng.standard_normal(2), rng.standard_normal(2)
    against_torch(
        lambda x, g, b: batch_norm(x, g, b, eps=0.5),
        lambda x, g, b: nnf.batch_norm(x, None, None, g, b, training=True, eps=0.5),
        x,
        gamma,
        beta,
        wrt=[0, 1, 2],
        rtol=1e-8,
        atol=1e-10,
    )


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), (2, 1)])
def test_layer_norm(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(sum(shape))
    d = shape[-1]
    x = rng.standard_normal(shape) * 3 - 1
    gamma, beta = rng.standard_normal(d), rng.standard_normal(d)
    against_torch(
        lambda x, g, b: layer_norm(x, g, b, eps=1e-3),
        lambda x, g, b: nnf.layer_norm(x, (d,), g, b, eps=1e-3),
        x,
        gamma,
        beta,
        wrt=[0, 1, 2],
        rtol=1e-8,
        atol=1e-10,
    )


@pytest.mark.parametrize("ids", [[0, 3, 3, 1, 3], [[2, 2], [0, 4]], 4, [[[1]]]])
def test_embedding_with_repeated_ids(ids: object) -> None:
    w = np.random.default_rng(0).standard_normal((5, 3))
    against_torch(embedding, nnf.embedding, np.array(ids), w, wrt=[1])


Case = tuple[Callable[..., Variable], Callable[..., Any], tuple[Array, ...], list[int]]


def test_zero_size_inputs_as_torch() -> None:
    rng = np.random.default_rng(0)
    cases: list[Case] = [
        (
            sigmoid_cross_entropy,
            lambda x, t: nnf.binary_cross_entropy_with_logits(x, t.double()),
            (np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64)),
            [0],
        ),
        (huber_loss, nnf.huber_loss, (np.zeros((2, 0)), np.zeros((2, 0))), [0, 1]),
        (
            batch_norm,
            lambda x, g, b: nnf.batch_norm(x, None, None, g, b, training=True),
            (np.zeros((0, 3)), rng.standard_normal(3), rng.standard_normal(3)),
            [0, 1, 2],
        ),
        (
            layer_norm,
            lambda x, g, b: nnf.layer_norm(x, (3,), g, b),
            (np.zeros((0, 3)), rng.standard_normal(3), rng.standard_normal(3)),
            [0, 1, 2],
        ),
        (embedding, nnf.embedding, (np.zeros(0, dtype=np.int64), rng.standard_normal((4, 2))), [1]),
    ]
    for ours, theirs, arrays, wrt in cases:
        xs = [Variable(a) for a in arrays]
        ts = [torch.tensor(a, requires_grad=i in wrt) for i, a in enumerate(arrays)]
        y, ty = ours(*xs), theirs(*ts)
        assert y.shape == tuple(ty.shape)
        np.testing.assert_array_equal(y.data, ty.detach().numpy())  # NaN for an empty mean
        gs = grad(y, [xs[i] for i in wrt], grad_outputs=np.ones(y.shape))
        tgs = torch.autograd.grad(ty, [ts[i] for i in wrt], torch.ones(ty.shape))
        for g, tg in zip(gs, tgs, strict=True):
            np.testing.assert_array_equal(g.data, tg.numpy())


def test_float32_stays_float32_and_agrees_with_float64() -> None:
    rng = np.random.default_rng(5)
    x4, g, b = rng.standard_normal((4, 3, 2, 2)), rng.standard_normal(3), rng.standard_normal(3)
    cases: list[tuple[Callable[..., Variable], tuple[Array, ...]]] = [
        (sigmoid_cross_entropy, (rng.standard_normal((4, 3)), rng.integers(0, 2, (4, 3)))),
        (huber_loss, (rng.standard_normal((4, 3)), rng.standard_normal((4, 3)))),
        (batch_norm, (x4, g, b)),
        (layer_norm, (rng.standard_normal((4, 3)), g, b)),
        (embedding, (np.array([[0, 2], [2, 1]]), rng.standard_normal((3, 4)))),
    ]
    for f, arrays in cases:
        results = {}
        for dtype in (np.float64, np.float32):
            xs = [Variable(a.astype(dtype) if a.dtype.kind == "f" else a) for a in arrays]
            y = f(*xs)
            floats = [x for x in xs if x.dtype.kind == "f"]
            gs = grad(y, floats, grad_outputs=np.ones(y.shape, dtype=dtype))
            assert y.dtype == dtype, f
            assert all(gx.dtype == dtype for gx in gs), f
            results[dtype] = [y.data, *[gx.data for gx in gs]]
        for lo, hi in zip(results[np.float32], results[np.float64], strict=True):
            np.testing.assert_allclose(lo, hi, rtol=1e-4, atol=1e-5)
