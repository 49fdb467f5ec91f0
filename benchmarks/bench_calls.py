"""What calling a function through `F` costs over calling its class, on a tiny array.

Run it with `python benchmarks/bench_calls.py`. Each spelling is timed with `timeit` (the
best of 150 runs), the contenders taking turns, and printed next to the class called
directly (`Tanh()(x)`, `Sum(axis=0)(x)`): the difference is what `F` adds. As a reference
measured in the same run, "before" is the calling form this project had until the typed
surface: a module `__getattr__` on every access, a registry lookup, and a closure
`cls(**params)(*inputs)` (it had no positional parameters, so those rows have no "before").
"""

from __future__ import annotations

import timeit
import types
from collections.abc import Callable
from typing import Any

import numpy as np

import autograd_core.functions as F
from autograd_core import Function, Variable
from autograd_core._plugins.loading import registry
from autograd_core_math import Clip, Tanh, tanh
from autograd_core_nn import Linear
from autograd_core_tensor import Concatenate, Stack, Sum

NUMBER, REPEAT = 1_000, 150


def previous_f() -> Any:
    """The old `autograd_core.functions`, rebuilt: looked up on every attribute access."""
    callers: dict[str, Callable[..., Variable]] = {}

    def caller(name: str) -> Callable[..., Variable]:
        registry.ensure_loaded()
        call = callers.get(name)
        if call is None:
            cls: type[Function[Any]] = registry.info(name).cls

            def call(*inputs: Any, **params: Any) -> Variable:
                y: Variable = cls(**params)(*inputs)
                return y

            callers[name] = call
        return call

    def getattr_(name: str) -> Callable[..., Variable]:
        if name.startswith("__"):
            raise AttributeError(name)
        return caller(name)

    module = types.ModuleType("previous_f")
    module.__getattr__ = getattr_  # type: ignore[method-assign]  # PEP 562, set by hand
    return module


def try_error(call: Callable[[], object]) -> None:
    """The slow path's cost: a call that does not fit, caught."""
    try:
        call()
    except TypeError:
        pass


def main() -> None:
    old = previous_f()
    x = Variable(np.ones((3, 4)))
    w, b = Variable(np.ones((4, 2))), Variable(np.ones(2))
    cases: list[tuple[str, str, str, str | None]] = [
        # label, direct class call, through F (or a typed export), the old F
        ("F.tanh(x)", "Tanh()(x)", "F.tanh(x)", "old.tanh(x)"),
        ("tanh(x) (typed export)", "Tanh()(x)", "tanh(x)", None),
        ("F.sum(x, axis=0)", "Sum(axis=0)(x)", "F.sum(x, axis=0)", "old.sum(x, axis=0)"),
        ("F.sum(x, 0)", "Sum(axis=0)(x)", "F.sum(x, 0)", None),
        ("F.clip(x, 0, 1)", "Clip(0, 1)(x)", "F.clip(x, 0, 1)", None),
        (
            "F.clip(x, low=0, high=1)",
            "Clip(0, 1)(x)",
            "F.clip(x, low=0, high=1)",
            "old.clip(x, low=0, high=1)",
        ),
        ("F.linear(x, w, b)", "Linear()(x, w, b)", "F.linear(x, w, b)", "old.linear(x, w, b)"),
        (
            "F.sum(x, 0, keepdims=True)",
            "Sum(axis=0, keepdims=True)(x)",
            "F.sum(x, 0, keepdims=True)",
            None,
        ),
        ("F.clip(x, 0, high=1)", "Clip(0, 1)(x)", "F.clip(x, 0, high=1)", None),
        ("F.tanh(x=x), caught (slow path)", "Tanh()(x)", "try_error(lambda: F.tanh(x=x))", None),
        (
            "F.concatenate(x, x, axis=1)",
            "Concatenate(axis=1)(x, x)",
            "F.concatenate(x, x, axis=1)",
            "old.concatenate(x, x, axis=1)",
        ),
        ("F.stack(x, x)", "Stack()(x, x)", "F.stack(x, x)", "old.stack(x, x)"),
    ]
    scope = {"F": F, "old": old, "x": x, "w": w, "b": b, "tanh": tanh, "try_error": try_error}
    scope |= {"Tanh": Tanh, "Sum": Sum, "Clip": Clip, "Linear": Linear}
    scope |= {"Concatenate": Concatenate, "Stack": Stack}
    timers = {s: timeit.Timer(s, globals=scope) for case in cases for s in case[1:] if s}
    times = dict.fromkeys(timers, float("inf"))
    for _ in range(REPEAT):  # the contenders take turns, so a busy moment hits them all
        for stmt, timer in timers.items():
            times[stmt] = min(times[stmt], timer.timeit(NUMBER) / NUMBER * 1e6)

    def best(stmt: str) -> float:
        return times[stmt]

    print(f"{'call':32s} {'class':>8s} {'via F':>8s} {'added':>8s} {'before':>8s} {'added':>8s}")
    for label, direct, via, before in cases:
        t_direct, t_via = best(direct), best(via)
        row = f"{label:32s} {t_direct:7.2f}u {t_via:7.2f}u {t_via - t_direct:7.2f}u"
        if before is not None:
            t_before = best(before)
            row += f" {t_before:7.2f}u {t_before - t_direct:7.2f}u"
        print(row)
    print("\n(us per call, best of 150 x 1,000; 'added' is the cost over calling the class)")


if __name__ == "__main__":
    main()
