"""Optimizers and schedules against torch.optim step for step, and against the textbook
update formulas written out here (those run even where torch is not installed)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from autograd_core import Variable
from autograd_core.nn import Parameter
from autograd_core.optim import (
    SGD,
    Adam,
    AdamW,
    CosineAnnealingLR,
    Optimizer,
    RMSprop,
    StepLR,
    clip_grad_norm,
)

Array = np.ndarray[Any, Any]
SHAPES = [(3, 4), (4,), ()]
STEPS = 20

# (our class, torch's class name, keyword arguments shared by both)
CONFIGS: list[tuple[type[Optimizer], str, dict[str, Any]]] = [
    (SGD, "SGD", {"lr": 0.1}),
    (SGD, "SGD", {"lr": 0.05, "momentum": 0.9}),
    (SGD, "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    (Adam, "Adam", {}),
    (Adam, "Adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    (Adam, "Adam", {"lr": 0.01, "amsgrad": True}),
    (AdamW, "AdamW", {}),
    (AdamW, "AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}),
    (RMSprop, "RMSprop", {}),
    (RMSprop, "RMSprop", {"lr": 0.001, "centered": True, "weight_decay": 0.01}),
    (RMSprop, "RMSprop", {"lr": 0.001, "momentum": 0.9, "alpha": 0.9}),
]
IDS = [f"{name}-{kw}" for _, name, kw in CONFIGS]


def initial_params(seed: int = 0) -> list[Array]:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s) for s in SHAPES]


def gradient_sequence(seed: int = 1) -> list[list[Array | None]]:
    """Random gradients per step; parameter 1 has none at steps 3 and 7 (it is skipped)."""
    rng = np.random.default_rng(seed)
    steps: list[list[Array | None]] = []
    for k in range(STEPS):
        grads: list[Array | None] = [rng.standard_normal(s) for s in SHAPES]
        if k in (3, 7):
            grads[1] = None
        steps.append(grads)
    return steps


def run_ours(cls: type[Optimizer], kwargs: dict[str, Any]) -> list[Array]:
    params = [Parameter(a.copy()) for a in initial_params()]
    opt = cls(params, **kwargs)
    for grads in gradient_sequence():
        for p, g in zip(params, grads, strict=True):
            p.grad = None if g is None else Variable(g)
        opt.step()
    return [p.data for p in params]


@pytest.mark.parametrize(("cls", "torch_name", "kwargs"), CONFIGS, ids=IDS)
def test_twenty_steps_equal_torch_optim(
    cls: type[Optimizer], torch_name: str, kwargs: dict[str, Any]
) -> None:
    torch = pytest.importorskip("torch")
    params = [torch.tensor(a, requires_grad=True) for a in initial_params()]
    opt = getattr(torch.optim, torch_name)(params, **kwargs)
    for grads in gradient_sequence():
        for p, g in zip(params, grads, strict=True):
            p.grad = None if g is None else torch.tensor(g)
        opt.step()
    for ours, theirs in zip(run_ours(cls, kwargs), params, strict=True):
        np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-12, atol=1e-14)


# -- the same runs against the formulas as the papers / PyTorch docs write them ---------------


def sgd_ref(p: Array, g: Array, s: dict[str, Any], lr: float, momentum: float = 0.0,
            nesterov: bool = False, weight_decay: float = 0.0) -> Array:  # fmt: skip
    g = g + weight_decay * p
    if momentum:
        s["b"] = g if "b" not in s else momentum * s["b"] + g
        g = g + momentum * s["b"] if nesterov else s["b"]
    return np.asarray(p - lr * g)


def adam_ref(p: Array, g: Array, s: dict[str, Any], lr: float = 1e-3,
             betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
             weight_decay: float = 0.0, amsgrad: bool = False,
             decoupled: bool = False) -> Array:  # fmt: skip
    b1, b2 = betas
    s["t"] = t = s.get("t", 0) + 1
    if decoupled:
        p = p - lr * weight_decay * p
    else:
        g = g + weight_decay * p
    s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
    s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g**2
    v = s["v"]
    if amsgrad:
        s["vmax"] = v = np.maximum(s.get("vmax", 0.0), v)
    m_hat, v_hat = s["m"] / (1 - b1**t), v / (1 - b2**t)
    return np.asarray(p - lr * m_hat / (np.sqrt(v_hat) + eps))


def adamw_ref(p: Array, g: Array, s: dict[str, Any], weight_decay: float = 1e-2,
              **kw: Any) -> Array:  # fmt: skip
    return adam_ref(p, g, s, weight_decay=weight_decay, decoupled=True, **kw)


def rmsprop_ref(p: Array, g: Array, s: dict[str, Any], lr: float = 1e-2, alpha: float = 0.99,
                eps: float = 1e-8, weight_decay: float = 0.0, momentum: float = 0.0,
                centered: bool = False) -> Array:  # fmt: skip
    g = g + weight_decay * p
    s["v"] = alpha * s.get("v", 0.0) + (1 - alpha) * g**2
    denom = s["v"]
    if centered:
        s["gm"] = alpha * s.get("gm", 0.0) + (1 - alpha) * g
        denom = denom - s["gm"] ** 2
    step = g / (np.sqrt(denom) + eps)
    if momentum:
        s["b"] = momentum * s.get("b", 0.0) + step
        step = s["b"]
    return np.asarray(p - lr * step)


REFERENCES: dict[str, Callable[..., Array]] = {
    "SGD": sgd_ref,
    "Adam": adam_ref,
    "AdamW": adamw_ref,
    "RMSprop": rmsprop_ref,
}


@pytest.mark.parametrize(("cls", "name", "kwargs"), CONFIGS, ids=IDS)
def test_twenty_steps_equal_the_written_out_formulas(
    cls: type[Optimizer], name: str, kwargs: dict[str, Any]
) -> None:
    params = initial_params()
    states: list[dict[str, Any]] = [{} for _ in params]
    for grads in gradient_sequence():
        for i, g in enumerate(grads):
            if g is not None:
                params[i] = REFERENCES[name](params[i], g, states[i], **kwargs)
    for ours, expected in zip(run_ours(cls, kwargs), params, strict=True):
        np.testing.assert_allclose(ours, expected, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("cls", [SGD, Adam, AdamW, RMSprop])
def test_step_is_out_of_place_and_skips_parameters_without_gradient(
    cls: type[Optimizer],
) -> None:
    a, b = Parameter(np.ones(3)), Parameter(np.ones(2))
    opt = cls([a, b], lr=0.1)
    held = a.data
    a.grad = Variable(np.array([1.0, -2.0, 3.0]))
    opt.step()
    np.testing.assert_array_equal(held, np.ones(3))  # the old array is untouched
    assert a.data is not held and not np.array_equal(a.data, held)
    np.testing.assert_array_equal(b.data, np.ones(2))
    assert opt.state[1] == {}  # no step counted, no buffers made for b
    assert opt.state[0]["step"] == 1


def test_float32_parameters_stay_float32() -> None:
    p = Parameter(np.ones(3, dtype=np.float32))
    opt = Adam([p], lr=0.1)
    p.grad = Variable(np.ones(3, dtype=np.float32))
    opt.step()
    assert p.dtype == np.float32


@pytest.mark.parametrize(("cls", "name", "kwargs"), CONFIGS[::2], ids=IDS[::2])
def test_state_dict_resumes_exactly(
    cls: type[Optimizer], name: str, kwargs: dict[str, Any]
) -> None:
    """10 steps, a state_dict, a fresh optimizer loading it, 10 more: as 20 in one go."""
    params = [Parameter(a.copy()) for a in initial_params()]
    opt = cls(params, **kwargs)
    grads = gradient_sequence()
    for k, step in enumerate(grads):
        if k == 10:
            saved = opt.state_dict()
            opt = cls(params, **{**kwargs, "lr": 123.0})
            opt.load_state_dict(saved)
            assert opt.lr == kwargs.get("lr", opt.lr) != 123.0
        for p, g in zip(params, step, strict=True):
            p.grad = None if g is None else Variable(g)
        opt.step()
    for ours, expected in zip(params, run_ours(cls, kwargs), strict=True):
        np.testing.assert_array_equal(ours.data, expected)


def test_a_state_dict_is_a_copy_and_a_mismatched_one_changes_nothing() -> None:
    p, q = Parameter(np.ones(3)), Parameter(np.ones(2))
    opt = Adam([p, q])
    p.grad, q.grad = Variable(np.ones(3)), Variable(np.ones(2))
    opt.step()
    saved = opt.state_dict()
    before = saved["state"][0]["exp_avg"].copy()
    opt.step()
    np.testing.assert_array_equal(saved["state"][0]["exp_avg"], before)

    other = Adam([Parameter(np.ones(3)), Parameter(np.ones(5))], lr=0.5)
    with pytest.raises(ValueError, match=r"Adam.load_state_dict: state 'exp_avg' of parameter 1 "
                       r"has shape \(2,\), the parameter has shape \(5,\)"):  # fmt: skip
        other.load_state_dict(saved)
    assert other.lr == 0.5 and other.state == [{}, {}]
    with pytest.raises(ValueError, match="state for 2 parameters, this optimizer has 1"):
        Adam([Parameter(np.ones(3))]).load_state_dict(saved)
    with pytest.raises(ValueError, match="hyper-parameters"):
        SGD([p, q], lr=0.1).load_state_dict(saved)


@pytest.mark.parametrize("cls", [SGD, Adam, AdamW, RMSprop])
def test_bad_parameter_lists_and_learning_rates_name_the_optimizer(cls: type[Optimizer]) -> None:
    p = Parameter(np.ones(2))
    name = cls.__name__
    with pytest.raises(TypeError, match=rf"{name}: params\[1\] is a Variable, not an nn.Parameter"):
        cls([p, Variable(np.ones(2))], lr=0.1)  # type: ignore[list-item]  # the mistake tested
    with pytest.raises(
        ValueError, match=rf"{name}: params\[2\] is the same Parameter as params\[0\]"
    ):
        cls([p, Parameter(np.ones(1)), p], lr=0.1)
    for lr in (0.0, -1e-3, math.nan):
        with pytest.raises(ValueError, match=rf"{name}: lr must be positive, got"):
            cls([p], lr=lr)
    with pytest.raises(ValueError, match=f"{name}: got an empty parameter list"):
        cls([], lr=0.1)


def test_nesterov_needs_momentum() -> None:
    with pytest.raises(ValueError, match="SGD: nesterov=True needs a positive momentum"):
        SGD([Parameter(np.ones(2))], lr=0.1, nesterov=True)


def test_defaults_are_pytorchs() -> None:
    p = [Parameter(np.ones(2))]
    adam, adamw, rms = Adam(p), AdamW(p), RMSprop(p)
    assert (adam.lr, adam.betas, adam.eps, adam.weight_decay) == (1e-3, (0.9, 0.999), 1e-8, 0.0)
    assert (adamw.lr, adamw.weight_decay) == (1e-3, 1e-2)
    assert (rms.lr, rms.alpha, rms.eps) == (1e-2, 0.99, 1e-8)


def test_clip_grad_norm_returns_the_norm_and_scales_as_torch() -> None:
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal((3, 4)), rng.standard_normal(4)]
    params = [Parameter(np.zeros_like(g)) for g in grads] + [Parameter(np.zeros(2))]
    for p, g in zip(params, grads, strict=False):
        p.grad = Variable(g)
    held = params[0].grad
    assert held is not None
    expected = math.sqrt(sum(float((g**2).sum()) for g in grads))
    total = clip_grad_norm(params, max_norm=1.0)
    assert total == pytest.approx(expected, rel=1e-14)
    factor = 1.0 / (expected + 1e-6)
    for p, g in zip(params, grads, strict=False):
        assert p.grad is not None
        np.testing.assert_allclose(p.grad.data, g * factor, rtol=1e-14)
    np.testing.assert_array_equal(held.data, grads[0])  # out of place
    assert params[2].grad is None
    # below the limit nothing changes
    assert clip_grad_norm(params, max_norm=10.0) == pytest.approx(1.0, rel=1e-5)
    torch = pytest.importorskip("torch")
    tparams = [torch.zeros(g.shape, requires_grad=True, dtype=torch.float64) for g in grads]
    for tp, g in zip(tparams, grads, strict=True):
        tp.grad = torch.tensor(g)
    assert float(torch.nn.utils.clip_grad_norm_(tparams, 1.0)) == pytest.approx(total, rel=1e-14)
    for tp, p in zip(tparams, params, strict=False):
        assert p.grad is not None
        np.testing.assert_allclose(p.grad.data, tp.grad.numpy(), rtol=1e-14)


def lrs_by_epoch(schedule: StepLR | CosineAnnealingLR, epochs: int) -> list[float]:
    lrs = [schedule.get_last_lr()]
    for _ in range(epochs):
        schedule.step()
        lrs.append(schedule.optimizer.lr)
    return lrs


def test_step_lr_multiplies_every_step_size_epochs() -> None:
    opt = SGD([Parameter(np.ones(1))], lr=1.0)
    lrs = lrs_by_epoch(StepLR(opt, step_size=3, gamma=0.5), 7)
    assert lrs == pytest.approx([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25])


def test_cosine_annealing_follows_the_closed_form() -> None:
    opt = SGD([Parameter(np.ones(1))], lr=0.1)
    lrs = lrs_by_epoch(CosineAnnealingLR(opt, T_max=10, eta_min=0.001), 10)
    expected = [0.001 + 0.099 * (1 + math.cos(math.pi * e / 10)) / 2 for e in range(11)]
    assert lrs == pytest.approx(expected, rel=1e-12)
    assert lrs[-1] == pytest.approx(0.001)


def test_schedules_equal_torch() -> None:
    torch = pytest.importorskip("torch")
    schedulers = torch.optim.lr_scheduler
    for name in ("StepLR", "CosineAnnealingLR"):
        opt = SGD([Parameter(np.ones(1))], lr=0.2)
        topt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.2)
        if name == "StepLR":
            ours: StepLR | CosineAnnealingLR = StepLR(opt, 4, gamma=0.3)
            theirs = schedulers.StepLR(topt, 4, gamma=0.3)
        else:
            ours = CosineAnnealingLR(opt, 7, eta_min=0.01)
            theirs = schedulers.CosineAnnealingLR(topt, 7, eta_min=0.01)
        for _ in range(12):  # past T_max too: the cosine turns back up, in both
            topt.step()
            theirs.step()
            ours.step()
            assert ours.get_last_lr() == pytest.approx(theirs.get_last_lr()[0], rel=1e-12)


def test_a_schedule_needs_an_optimizer_and_a_positive_period() -> None:
    opt = SGD([Parameter(np.ones(1))], lr=1.0)
    with pytest.raises(ValueError, match="StepLR: step_size must be a positive int, got 0"):
        StepLR(opt, 0)
    with pytest.raises(ValueError, match="CosineAnnealingLR: T_max must be a positive int"):
        CosineAnnealingLR(opt, 0)
    with pytest.raises(TypeError, match="StepLR: expected an optimizer, got list"):
        StepLR([opt], 2)  # type: ignore[arg-type]  # the mistake tested
