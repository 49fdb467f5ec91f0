"""sigmoid_cross_entropy, huber_loss, dropout, batch_norm, layer_norm and embedding:
hand computations, closed forms, bad input, and their typed calling forms.
"""

from __future__ import annotations

import copy
import math
import warnings
from collections.abc import Callable
from typing import Any, assert_type

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Array, Function, Variable, grad, gradcheck, gradgradcheck
from autograd_core.extend import check_signature
from autograd_core_nn import (
    BatchNorm,
    Dropout,
    Embedding,
    HuberLoss,
    LayerNorm,
    SigmoidCrossEntropy,
    batch_norm,
    dropout,
    embedding,
    huber_loss,
    layer_norm,
    sigmoid_cross_entropy,
)

STUBS: list[tuple[Callable[..., Any], type[Function[Any]]]] = [
    (sigmoid_cross_entropy, SigmoidCrossEntropy),
    (huber_loss, HuberLoss),
    (dropout, Dropout),
    (batch_norm, BatchNorm),
    (layer_norm, LayerNorm),
    (embedding, Embedding),
]


@pytest.mark.parametrize(("stub", "cls"), STUBS, ids=[c.__name__ for _, c in STUBS])
def test_each_stub_agrees_with_its_class(
    stub: Callable[..., Any], cls: type[Function[Any]]
) -> None:
    assert check_signature(stub, cls) == []
    assert F.registry.get(stub.__name__) is cls
    assert stub.__doc__


def test_the_typed_forms_return_variables() -> None:
    x = Variable(np.array([[0.5, -1.0], [2.0, 0.0]]))
    g, b = np.ones(2), np.zeros(2)
    assert_type(sigmoid_cross_entropy(x, np.array([[1, 0], [0, 1]])), Variable)
    assert_type(huber_loss(x, np.zeros((2, 2)), delta=0.5), Variable)
    assert_type(dropout(x, 0.5, False), Variable)
    assert_type(dropout(x, ratio=0.2, rng=np.random.default_rng(0)), Variable)
    assert_type(batch_norm(x, g, b, eps=1e-3), Variable)
    assert_type(layer_norm(x, g, b), Variable)
    assert_type(embedding(np.array([1, 0]), x), Variable)


# sigmoid_cross_entropy


def test_sigmoid_cross_entropy_by_hand() -> None:
    x = Variable(np.array([0.0, 2.0, -1.0]))
    t = np.array([1, 0, 0])
    # -log s(0) = log 2; -log(1 - s(2)) = log(1 + e^2); -log(1 - s(-1)) = log(1 + e^-1)
    expected = (math.log(2) + math.log(1 + math.exp(2)) + math.log(1 + math.exp(-1))) / 3
    loss = sigmoid_cross_entropy(x, t)
    assert loss.data == pytest.approx(expected, rel=1e-14)
    loss.backward()
    sig = 1 / (1 + np.exp(-x.data))
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, (sig - t) / 3, rtol=1e-14)


def test_sigmoid_cross_entropy_at_1000_is_finite_without_warnings() -> None:
    x = Variable(np.array([1000.0, -1000.0, 1000.0, -1000.0]))
    t = Variable(np.array([1, 0, 0, 1]))
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        loss = sigmoid_cross_entropy(x, t)
        (gx,) = grad(loss, x, create_graph=True)
        (ggx,) = grad(gx, x, grad_outputs=np.ones(4))
    assert loss.data == pytest.approx(500.0, rel=1e-15)  # two right, two wrong by 1000
    np.testing.assert_array_equal(gx.data, [0.0, 0.0, 0.25, -0.25])
    np.testing.assert_array_equal(ggx.data, np.zeros(4))  # s(1 - s) / 4 underflows to 0
    assert t.grad is None


def test_sigmoid_cross_entropy_second_derivative_is_s_one_minus_s_over_n() -> None:
    x = Variable(np.array([0.3, -1.2, 2.0]))
    (gx,) = grad(sigmoid_cross_entropy(x, np.array([0, 1, 1])), x, create_graph=True)
    (ggx,) = grad(gx, x, grad_outputs=np.ones(3))
    s = 1 / (1 + np.exp(-x.data))
    np.testing.assert_allclose(ggx.data, s * (1 - s) / 3, rtol=1e-12)


def test_sigmoid_cross_entropy_passes_central_differences_with_float_targets() -> None:
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((2, 3)), rng.uniform(0, 1, (2, 3))
    assert gradcheck(sigmoid_cross_entropy, x, t)
    assert gradgradcheck(sigmoid_cross_entropy, x, t)


# huber_loss


def test_huber_loss_by_hand_on_both_pieces() -> None:
    a, b = Variable(np.array([0.5, 3.0, -2.0, 0.0])), Variable(np.zeros(4))
    loss = huber_loss(a, b)  # 0.125, 3 - 0.5, 2 - 0.5, 0
    assert loss.data == pytest.approx((0.125 + 2.5 + 1.5 + 0.0) / 4, rel=1e-15)
    loss.backward()
    assert a.grad is not None and b.grad is not None
    np.testing.assert_allclose(a.grad.data, [0.5 / 4, 0.25, -0.25, 0.0], rtol=1e-15)
    np.testing.assert_allclose(b.grad.data, -a.grad.data, rtol=1e-15)


def test_huber_second_derivative_is_one_over_n_inside_and_zero_outside() -> None:
    a = Variable(np.array([0.2, -0.4, 1.5, -3.0]))
    (ga,) = grad(huber_loss(a, np.zeros(4), delta=0.5), a, create_graph=True)
    (gga,) = grad(ga, a, grad_outputs=np.ones(4))
    np.testing.assert_allclose(gga.data, [0.25, 0.25, 0.0, 0.0], rtol=1e-15)


@pytest.mark.parametrize(
    ("delta", "error", "pattern"),
    [
        (0.0, ValueError, "positive"),
        (-1.0, ValueError, "positive"),
        (math.inf, ValueError, "fin"),
        (True, TypeError, "number"),
        ("1", TypeError, "number"),
    ],
)
def test_huber_delta_must_be_a_positive_number(
    delta: object, error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=f"huber_loss: delta .*{pattern}"):
        HuberLoss(delta)  # type: ignore[arg-type]  # deliberately wrong types


# dropout


def test_dropout_mask_comes_from_the_generator_and_is_scaled() -> None:
    x = Variable(np.arange(1.0, 21.0).reshape(4, 5))
    y = dropout(x, 0.25, rng=np.random.default_rng(42))
    keep = np.random.default_rng(42).random((4, 5)) >= 0.25
    np.testing.assert_allclose(y.data, np.where(keep, x.data / 0.75, 0.0), rtol=1e-15)
    gy = np.random.default_rng(1).standard_normal((4, 5))
    (gx,) = grad(y, x, grad_outputs=gy, create_graph=True)
    np.testing.assert_allclose(gx.data, np.where(keep, gy / 0.75, 0.0), rtol=1e-15)
    (ggx,) = grad(gx, x, grad_outputs=np.ones((4, 5)))
    np.testing.assert_array_equal(ggx.data, 0.0)  # linear in x


def test_dropout_draws_a_fresh_mask_per_call_and_seeds_reproduce() -> None:
    x = np.ones(1000)
    rng = np.random.default_rng(3)
    first, second = dropout(x, rng=rng).data, dropout(x, rng=rng).data
    assert not np.array_equal(first, second)
    again = np.random.default_rng(3)
    np.testing.assert_array_equal(dropout(x, rng=again).data, first)
    np.testing.assert_array_equal(dropout(x, rng=again).data, second)
    assert set(np.unique(first)) == {0.0, 2.0}
    assert abs((first == 0).mean() - 0.5) < 0.05  # 1000 draws: within 3 standard deviations
    fresh = [dropout(x, 0.5).data for _ in range(2)]  # rng=None: a new default_rng each call
    assert not np.array_equal(fresh[0], fresh[1])


def test_dropout_is_the_identity_when_not_training_or_at_ratio_zero() -> None:
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    for kwargs in ({"training": False}, {"ratio": 0.0}):
        x = Variable(np.array([1.0, -2.0, 3.0]))
        y = dropout(x, rng=rng, **kwargs)
        np.testing.assert_array_equal(y.data, x.data)
        y.backward(np.array([4.0, 5.0, 6.0]))
        assert x.grad is not None
        np.testing.assert_array_equal(x.grad.data, [4.0, 5.0, 6.0])
    assert rng.bit_generator.state == state  # nothing drawn


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"ratio": 1.0}, ValueError, r"ratio must be in \[0, 1\), got 1.0"),
        ({"ratio": -0.1}, ValueError, r"ratio must be in \[0, 1\)"),
        ({"ratio": math.nan}, ValueError, r"ratio must be in \[0, 1\)"),
        ({"ratio": "0.5"}, TypeError, "ratio must be a number"),
        ({"training": 1}, TypeError, "training must be a bool"),
        ({"rng": 0}, TypeError, "rng must be a numpy.random.Generator"),
        ({"rng": np.random.RandomState(0)}, TypeError, "rng must be a numpy.random.Generator"),
    ],
)
def test_dropout_rejects_bad_parameters_changing_nothing(
    kwargs: dict[str, Any], error: type[Exception], pattern: str
) -> None:
    x = Variable(np.ones(3))
    with pytest.raises(error, match="dropout: " + pattern):
        F.dropout(x, **kwargs)
    np.testing.assert_array_equal(x.data, np.ones(3))
    assert x.grad is None and x.creator is None


def test_dropout_samples_give_one_mask_per_sample_so_the_checks_mean_something() -> None:
    factory = F.registry.info("dropout").samples
    assert factory is not None
    training = [(xs, p) for xs, p in factory(np.random.default_rng(0)) if p.get("training", True)]
    assert training
    for (x,), params in training:
        y1 = Dropout(**params)(x).data
        y2 = Dropout(**copy.deepcopy(params))(x).data  # also if the checks copy parameters
        np.testing.assert_array_equal(Dropout(**params)(x).data, y1)
        np.testing.assert_array_equal(y2, y1)
        assert 0 < np.count_nonzero(y1) < y1.size  # some dropped, some kept


def test_dropout_keeps_float32() -> None:
    x = Variable(np.ones((3, 3), dtype=np.float32))
    y = dropout(x, 0.5, rng=np.random.default_rng(0))
    (gx,) = grad(y, x, grad_outputs=np.ones((3, 3), dtype=np.float32))
    assert y.dtype == np.float32 and gx.dtype == np.float32


# batch_norm and layer_norm


def test_batch_norm_by_hand() -> None:
    x = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 16.0]])  # channel means 3 and 12
    # biased variances 8/3 and 8: x_hat = (x - mean) / sqrt(var + eps)
    y = batch_norm(Variable(x), np.array([2.0, 1.0]), np.array([0.0, -1.0]), eps=0.0)
    c0 = np.array([-2.0, 0.0, 2.0]) / math.sqrt(8 / 3)
    c1 = np.array([-2.0, -2.0, 4.0]) / math.sqrt(8)
    np.testing.assert_allclose(y.data, np.stack([2 * c0, c1 - 1], axis=1), rtol=1e-14)


def test_normalized_outputs_have_zero_mean_and_unit_variance() -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((4, 3, 5, 5)) * 7 + 2
    y = batch_norm(x, np.ones(3), np.zeros(3), eps=0.0).data
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 2, 3)), 1.0, rtol=1e-12)
    z = layer_norm(x, np.ones(5), np.zeros(5), eps=0.0).data
    np.testing.assert_allclose(z.mean(axis=-1), 0.0, atol=1e-12)
    np.testing.assert_allclose(z.var(axis=-1), 1.0, rtol=1e-12)


@pytest.mark.parametrize("f", [batch_norm, layer_norm])
def test_normalization_passes_central_differences(f: Callable[..., Variable]) -> None:
    rng = np.random.default_rng(4)
    x, g, b = rng.standard_normal((3, 2, 2)), rng.standard_normal(2), rng.standard_normal(2)
    assert gradcheck(f, x, g, b)
    assert gradgradcheck(f, x, g, b)


@pytest.mark.parametrize(
    ("f", "args", "pattern"),
    [
        (batch_norm, (np.ones(3), np.ones(3), np.ones(3)), r"batch_norm: x must have shape \(N, C"),
        (batch_norm, (np.ones((2, 3)), np.ones(2), np.ones(3)), r"batch_norm: gamma .*\(3,\)"),
        (batch_norm, (np.ones((2, 3)), np.ones(3), np.ones((1, 3))), r"batch_norm: beta .*\(3,\)"),
        (batch_norm, (np.ones((1, 3)), np.ones(3), np.ones(3)), "more than one value"),
        (layer_norm, (np.ones((2, 3)), np.ones(2), np.ones(3)), r"layer_norm: gamma .*\(3,\)"),
        (layer_norm, (np.array(1.0), np.ones(1), np.ones(1)), "layer_norm: x must have"),
    ],
)
def test_normalization_rejects_mismatched_shapes(
    f: Callable[..., Variable], args: tuple[Array, ...], pattern: str
) -> None:
    xs = [Variable(a.copy()) for a in args]
    with pytest.raises(ValueError, match=pattern):
        f(*xs)
    for x, a in zip(xs, args, strict=True):
        np.testing.assert_array_equal(x.data, a)
        assert x.creator is None


def test_eps_must_be_a_non_negative_number() -> None:
    with pytest.raises(ValueError, match="layer_norm: eps"):
        LayerNorm(eps=-1.0)
    with pytest.raises(TypeError, match="batch_norm: eps"):
        BatchNorm(eps="small")  # type: ignore[arg-type]  # deliberately wrong


# embedding


def test_embedding_selects_rows_and_accumulates_repeated_ids() -> None:
    w = Variable(np.arange(12.0).reshape(4, 3))
    ids = np.array([[3, 0], [3, 3]])
    y = embedding(ids, w)
    np.testing.assert_array_equal(y.data, w.data[[[3, 0], [3, 3]]])
    gy = np.arange(12.0).reshape(2, 2, 3)
    (gw,) = grad(y, w, grad_outputs=gy, create_graph=True)
    expected = np.zeros((4, 3))
    expected[0] = gy[0, 1]
    expected[3] = gy[0, 0] + gy[1, 0] + gy[1, 1]
    np.testing.assert_array_equal(gw.data, expected)


def test_embedding_gradient_is_linear_in_the_cotangent_and_differentiates_again() -> None:
    w = Variable(np.ones((4, 2)))
    ids = np.array([1, 1, 2])
    v = Variable(np.random.default_rng(0).standard_normal((3, 2)))
    (gw,) = grad(embedding(ids, w), w, grad_outputs=v, create_graph=True)
    u = np.random.default_rng(1).standard_normal((4, 2))
    (gv,) = grad(gw, v, grad_outputs=u)  # d<gW, u>/dv = u[ids]
    np.testing.assert_array_equal(gv.data, u[ids])


@pytest.mark.parametrize("ids", [np.array([0, 2, 2]), np.zeros((0, 3), dtype=np.int64)])
def test_embedding_of_zero_width_rows_has_zero_width_gradients(ids: Array) -> None:
    """W of shape (num, 0): the rows are empty and so is W's gradient (as PyTorch); the
    backward once failed reshaping the cotangent to (-1, 0)."""
    w = Variable(np.ones((4, 0)))
    y = embedding(ids, w)
    assert y.shape == (*ids.shape, 0)
    (gw,) = grad(y, w, grad_outputs=np.ones(y.shape))
    assert gw.shape == (4, 0)


@pytest.mark.parametrize(
    ("ids", "w", "error", "pattern"),
    [
        (np.array([0, 4]), np.ones((4, 2)), ValueError, r"\[0, 4\) .*\(4, 2\), got ids\[1\] = 4"),
        (np.array([[0], [-1]]), np.ones((4, 2)), ValueError, r"got ids\[1, 0\] = -1"),
        (np.array([0.0, 1.0]), np.ones((4, 2)), TypeError, "integer array, got dtype float64"),
        (np.array([0, 1]), np.ones(4), ValueError, r"W must have shape \(num, dim\)"),
    ],
)
def test_embedding_rejects_bad_ids_changing_nothing(
    ids: Array, w: Array, error: type[Exception], pattern: str
) -> None:
    wv = Variable(w.copy())
    old = Variable(np.full(w.shape, 5.0))
    wv.grad = old
    with pytest.raises(error, match="embedding: .*" + pattern):
        embedding(ids, wv)
    np.testing.assert_array_equal(wv.data, w)
    assert wv.grad is old and wv.creator is None
    np.testing.assert_array_equal(old.data, 5.0)
