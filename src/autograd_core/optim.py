"""Optimizers and learning-rate schedules, each update rule equal to `torch.optim`'s.

    opt = optim.Adam(model.params(), lr=1e-3)
    model.cleargrads(); loss.backward(); opt.step()

`step()` gives each parameter a new `data` array (out of place: an array a user holds is
never written to) and skips parameters whose `grad` is None, whose state then does not
advance. One group of parameters per optimizer; `lr` is an attribute the schedules set.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd_core._core.variable import Variable
from autograd_core._typing import Array
from autograd_core.nn import Parameter

__all__ = [
    "SGD",
    "Adam",
    "AdamW",
    "CosineAnnealingLR",
    "Optimizer",
    "RMSprop",
    "StepLR",
    "clip_grad_norm",
]

State = dict[str, Any]
"""One parameter's state: arrays such as `exp_avg`, and the `step` count."""


class Optimizer:
    """The base class: holds the parameters, their state and the hyper-parameters.

    A subclass lists its hyper-parameter names in `_hyper` and implements `_update`, which
    returns the new data of one parameter from its gradient and state (updated in place in
    the dict, with new arrays).
    """

    _hyper: tuple[str, ...] = ("lr",)

    def __init__(self, params: Iterable[Parameter], lr: float) -> None:
        name = type(self).__name__
        self.params: list[Parameter] = []
        seen: dict[int, int] = {}
        for i, p in enumerate(params):
            if not isinstance(p, Parameter):
                raise TypeError(
                    f"{name}: params[{i}] is a {type(p).__name__}, not an nn.Parameter "
                    "(pass model.params(), or wrap arrays in nn.Parameter)"
                )
            if id(p) in seen:
                raise ValueError(
                    f"{name}: params[{i}] is the same Parameter as params[{seen[id(p)]}]; "
                    "each parameter may appear once"
                )
            seen[id(p)] = i
            self.params.append(p)
        if not self.params:
            raise ValueError(f"{name}: got an empty parameter list")
        _positive(name, "lr", lr)
        self.lr = lr
        self.state: list[State] = [{} for _ in self.params]

    def step(self) -> None:
        """Update every parameter that has a gradient, out of place."""
        for p, state in zip(self.params, self.state, strict=True):
            if p.grad is None:
                continue
            state["step"] = state.get("step", 0) + 1
            p.data = self._update(p.data, p.grad.data, state)

    def _update(self, p: Array, g: Array, state: State) -> Array:
        raise NotImplementedError

    def cleargrads(self) -> None:
        """Forget the gradient of every parameter this optimizer updates."""
        for p in self.params:
            p.cleargrad()

    def state_dict(self) -> dict[str, Any]:
        """The hyper-parameters and, by position in `params`, each parameter's state
        (copies: later steps do not change a dict once returned)."""
        return {
            "hyper": {k: getattr(self, k) for k in self._hyper},
            "state": [
                {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in s.items()}
                for s in self.state
            ],
        }

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore what `state_dict` returned; checked first, so a mismatch changes nothing."""
        name = type(self).__name__
        hyper, states = state_dict.get("hyper"), state_dict.get("state")
        if not isinstance(hyper, dict) or not isinstance(states, list):
            raise ValueError(f"{name}.load_state_dict: expected the keys 'hyper' and 'state'")
        if set(hyper) != set(self._hyper):
            raise ValueError(
                f"{name}.load_state_dict: hyper-parameters {sorted(hyper)} do not match "
                f"{name}'s {sorted(self._hyper)}"
            )
        if len(states) != len(self.params):
            raise ValueError(
                f"{name}.load_state_dict: state for {len(states)} parameters, this optimizer "
                f"has {len(self.params)}"
            )
        for i, (p, s) in enumerate(zip(self.params, states, strict=True)):
            for key, value in s.items():
                if isinstance(value, np.ndarray) and value.shape != p.shape:
                    raise ValueError(
                        f"{name}.load_state_dict: state {key!r} of parameter {i} has shape "
                        f"{value.shape}, the parameter has shape {p.shape}"
                    )
        for k, v in hyper.items():
            setattr(self, k, v)
        self.state = [
            {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in s.items()}
            for s in states
        ]

    def __repr__(self) -> str:
        hyper = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._hyper)
        return f"{type(self).__name__}({len(self.params)} parameters, {hyper})"


def _positive(owner: str, what: str, value: float) -> None:
    if not value > 0:
        raise ValueError(f"{owner}: {what} must be positive, got {value!r}")


def _non_negative(owner: str, what: str, value: float) -> None:
    if not value >= 0:
        raise ValueError(f"{owner}: {what} must be non-negative, got {value!r}")


def _betas(owner: str, betas: tuple[float, float]) -> None:
    for k, b in enumerate(betas):
        if not 0 <= b < 1:
            raise ValueError(f"{owner}: betas[{k}] must be in [0, 1), got {b!r}")


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum and weight decay.

    As `torch.optim.SGD` (dampening 0): g += wd * p; b = momentum * b + g (b = g at the
    first step); g = g + momentum * b with nesterov, else b; p -= lr * g.
    """

    _hyper = ("lr", "momentum", "nesterov", "weight_decay")

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        _non_negative("SGD", "momentum", momentum)
        _non_negative("SGD", "weight_decay", weight_decay)
        if nesterov and momentum <= 0:
            raise ValueError("SGD: nesterov=True needs a positive momentum")
        self.momentum, self.nesterov, self.weight_decay = momentum, nesterov, weight_decay

    def _update(self, p: Array, g: Array, state: State) -> Array:
        if self.weight_decay:
            g = g + self.weight_decay * p
        if self.momentum:
            buf = state.get("momentum_buffer")
            buf = g if buf is None else self.momentum * buf + g
            state["momentum_buffer"] = buf
            g = g + self.momentum * buf if self.nesterov else buf
        new: Array = p - self.lr * g
        return new


class Adam(Optimizer):
    """Adam (Kingma and Ba), as `torch.optim.Adam`, L2 weight decay added to the gradient.

    m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2 (with amsgrad the running maximum of v);
    p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
    """

    _hyper = ("lr", "betas", "eps", "weight_decay", "amsgrad")
    _decoupled = False

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
    ) -> None:
        super().__init__(params, lr)
        name = type(self).__name__
        _betas(name, betas)
        _non_negative(name, "eps", eps)
        _non_negative(name, "weight_decay", weight_decay)
        self.betas, self.eps, self.weight_decay, self.amsgrad = betas, eps, weight_decay, amsgrad

    def _update(self, p: Array, g: Array, state: State) -> Array:
        b1, b2 = self.betas
        t: int = state["step"]
        if self.weight_decay:
            if self._decoupled:
                p = p * (1 - self.lr * self.weight_decay)
            else:
                g = g + self.weight_decay * p
        if "exp_avg" not in state:
            state["exp_avg"], state["exp_avg_sq"] = np.zeros_like(p), np.zeros_like(p)
        m: Array = state["exp_avg"]
        v: Array = state["exp_avg_sq"]
        m = m + (g - m) * (1 - b1)  # torch's lerp
        v = v * b2 + g * g * (1 - b2)
        state["exp_avg"], state["exp_avg_sq"] = m, v
        if self.amsgrad:
            v = np.maximum(state.get("max_exp_avg_sq", v), v)
            state["max_exp_avg_sq"] = v
        step_size = self.lr / (1 - b1**t)
        denom = np.sqrt(v) / math.sqrt(1 - b2**t) + self.eps
        new: Array = p - step_size * (m / denom)
        return new


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter), as `torch.optim.AdamW`:
    p *= 1 - lr * weight_decay before the Adam step; weight_decay defaults to 1e-2."""

    _decoupled = True

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)


class RMSprop(Optimizer):
    """RMSprop, as `torch.optim.RMSprop`: v = alpha v + (1 - alpha) g^2;
    p -= lr * g / (sqrt(v) + eps), centred and with momentum on request."""

    _hyper = ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
    ) -> None:
        super().__init__(params, lr)
        for what, value in [("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay)]:
            _non_negative("RMSprop", what, value)
        _non_negative("RMSprop", "momentum", momentum)
        self.alpha, self.eps, self.weight_decay = alpha, eps, weight_decay
        self.momentum, self.centered = momentum, centered

    def _update(self, p: Array, g: Array, state: State) -> Array:
        if self.weight_decay:
            g = g + self.weight_decay * p
        a = self.alpha
        v = state.get("square_avg", np.zeros_like(p)) * a + g * g * (1 - a)
        state["square_avg"] = v
        if self.centered:
            mean = state.get("grad_avg", np.zeros_like(p))
            mean = mean + (g - mean) * (1 - a)
            state["grad_avg"] = mean
            avg = np.sqrt(v - mean * mean) + self.eps
        else:
            avg = np.sqrt(v) + self.eps
        if self.momentum > 0:
            buf = state.get("momentum_buffer", np.zeros_like(p)) * self.momentum + g / avg
            state["momentum_buffer"] = buf
            new: Array = p - self.lr * buf
        else:
            new = p - self.lr * (g / avg)
        return new


def clip_grad_norm(params: Iterable[Parameter], max_norm: float) -> float:
    """Scale the gradients so their total 2-norm is at most `max_norm`, as PyTorch's
    `clip_grad_norm_` (factor max_norm / (norm + 1e-6) when below 1); return the norm before.

    Each clipped gradient is a new Variable: an array a user holds does not change.
    """
    _positive("clip_grad_norm", "max_norm", max_norm)
    grads = [(p, p.grad.data) for p in params if p.grad is not None]
    total = math.sqrt(sum(float(np.sum(np.square(g))) for _, g in grads))
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        for p, g in grads:
            p.grad = Variable(g * np.asarray(coef, dtype=g.dtype))
    return total


class _Schedule:
    """A learning-rate schedule: `step()` once per epoch sets `optimizer.lr`."""

    def __init__(self, optimizer: Optimizer) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{type(self).__name__}: expected an optimizer, got {type(optimizer).__name__}"
            )
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.last_epoch = 0

    def step(self) -> None:
        """Advance one epoch and set the optimizer's learning rate for it."""
        self.last_epoch += 1
        self.optimizer.lr = self._lr(self.last_epoch)

    def _lr(self, epoch: int) -> float:
        raise NotImplementedError

    def get_last_lr(self) -> float:
        """The learning rate the last `step()` set (the initial one before any step)."""
        return self.optimizer.lr


class StepLR(_Schedule):
    """Multiply the learning rate by `gamma` every `step_size` epochs (`torch`'s StepLR)."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        super().__init__(optimizer)
        if step_size < 1:
            raise ValueError(f"StepLR: step_size must be a positive int, got {step_size!r}")
        self.step_size, self.gamma = step_size, gamma

    def _lr(self, epoch: int) -> float:
        lr = self.optimizer.lr
        return lr * self.gamma if epoch % self.step_size == 0 else lr


class CosineAnnealingLR(_Schedule):
    """eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2 (`torch`'s)."""

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None:  # noqa: N803
        super().__init__(optimizer)
        if T_max < 1:
            raise ValueError(f"CosineAnnealingLR: T_max must be a positive int, got {T_max!r}")
        self.T_max, self.eta_min = T_max, eta_min

    def _lr(self, epoch: int) -> float:
        cos = math.cos(math.pi * epoch / self.T_max)
        return self.eta_min + (self.base_lr - self.eta_min) * (1 + cos) / 2
