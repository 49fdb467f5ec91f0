"""Numerical checks of derivatives: central differences against the backward pass."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd_core._core.config import enable_grad
from autograd_core._core.engine import grad
from autograd_core._core.errors import GradcheckError
from autograd_core._core.variable import Variable
from autograd_core._typing import Array

Outputs = Variable | tuple[Variable, ...]


def numerical_diff(f: Callable[[Variable], Variable], x: Variable, eps: float = 1e-4) -> Array:
    """Central difference of `sum(f(x))` with respect to each element of `x`."""
    data = x.data if x.dtype.kind == "f" else x.data.astype(np.float64)
    out = np.empty(data.shape, dtype=data.dtype)
    # f runs in the caller's grad mode: a function that itself differentiates needs it.
    for idx in np.ndindex(*data.shape):
        plus, minus = data.copy(), data.copy()
        plus[idx] += eps
        minus[idx] -= eps
        out[idx] = (f(Variable(plus)).data.sum() - f(Variable(minus)).data.sum()) / (2 * eps)
    return out


def _name(f: object) -> str:
    return getattr(f, "__qualname__", None) or repr(f)


def _outputs(value: object, f: object) -> tuple[Variable, ...]:
    outs = value if isinstance(value, tuple) else (value,)
    for y in outs:
        if not isinstance(y, Variable):
            raise TypeError(f"{_name(f)} must return Variables, got {type(y).__name__}")
    return outs


def fresh_inputs(
    inputs: Sequence[Variable | Array], dtype: type[np.floating[Any]] = np.float64
) -> list[Variable]:
    """Fresh copies of the inputs, floating ones cast to `dtype`; integer ones (labels) kept."""
    out = []
    for x in inputs:
        data = x.data if isinstance(x, Variable) else x
        out.append(Variable(data.astype(dtype) if data.dtype.kind == "f" else data.copy()))
    return out


def gradient_errors(
    f: Callable[..., Outputs],
    *inputs: Variable | Array,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    seed: int = 0,
) -> float:
    """Like `gradcheck`, but return the worst `|analytical - numerical|` it saw."""
    xs = fresh_inputs(inputs)
    wrt = [i for i, x in enumerate(xs) if x.dtype.kind == "f"]
    rng = np.random.default_rng(seed)
    with enable_grad():  # the analytical side needs the graph even inside no_grad()
        ys = _outputs(f(*xs), f)
        cotangents = [rng.standard_normal(y.shape) for y in ys]
        # copies: a backward that writes into its cotangent must not change the reference
        seeds = [c.copy() for c in cotangents]
        analytical = grad(list(ys), [xs[i] for i in wrt], grad_outputs=seeds)

    def weighted_sum(args: list[Variable]) -> float:
        outs = _outputs(f(*args), f)
        return float(sum(np.sum(y.data * v) for y, v in zip(outs, cotangents, strict=True)))

    worst = 0.0
    for i, ga in zip(wrt, analytical, strict=True):
        for idx in np.ndindex(*xs[i].shape):
            values = []
            for step in (eps, -eps):
                data = xs[i].data.copy()
                data[idx] += step
                values.append(weighted_sum([*xs[:i], Variable(data), *xs[i + 1 :]]))
            numerical = (values[0] - values[1]) / (2 * eps)
            a = float(ga.data[idx])
            err = abs(a - numerical)
            worst = max(worst, err)
            if not err <= atol + rtol * abs(numerical):  # also catches NaN
                raise GradcheckError(
                    f"{_name(f)}: input {i}, element {idx}: analytical {a!r}, "
                    f"numerical {numerical!r} (atol={atol}, rtol={rtol})",
                    input_index=i,
                    element=tuple(int(n) for n in idx),
                    analytical=a,
                    numerical=numerical,
                )
    return worst


def gradcheck(
    f: Callable[..., Outputs],
    *inputs: Variable | Array,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """Compare `f`'s backward with central differences, in float64, with a random cotangent.

    Returns True, or raises GradcheckError naming the input, the element and both values.
    Integer inputs (labels, indices) are passed through and not differentiated.
    """
    gradient_errors(f, *inputs, eps=eps, atol=atol, rtol=rtol)
    return True


def first_derivative(
    f: Callable[..., Outputs], *inputs: Variable | Array, seed: int = 1
) -> Callable[..., tuple[Variable, ...]]:
    """The function `xs -> grad(f(xs), xs, v)` for a fixed random cotangent `v`, with its graph."""
    xs = fresh_inputs(inputs)
    rng = np.random.default_rng(seed)
    cotangents = [rng.standard_normal(y.shape) for y in _outputs(f(*xs), f)]

    def df(*args: Variable) -> tuple[Variable, ...]:
        with enable_grad():
            wrt = [x for x in args if x.dtype.kind == "f"]
            seeds = [c.copy() for c in cotangents]  # a backward may write into its gy
            return grad(list(_outputs(f(*args), f)), wrt, grad_outputs=seeds, create_graph=True)

    df.__qualname__ = f"d({_name(f)})"
    return df


def gradgradcheck(
    f: Callable[..., Outputs],
    *inputs: Variable | Array,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """`gradcheck` of f's first derivative (with a random cotangent): checks second derivatives."""
    return gradcheck(first_derivative(f, *inputs), *inputs, eps=eps, atol=atol, rtol=rtol)


__all__ = ["gradcheck", "gradgradcheck", "gradient_errors", "numerical_diff"]
