"""Typed stubs of the core's own arithmetic, as `F` shows it to type checkers.

The operators (`x + y`, `x ** 2`) are what users write; these are `F.add(x, y)` and the
rest, registered by the built-in plugin (`builtin.py`). The stubs' bodies never run (see
`autograd_core._typed`).
"""

from __future__ import annotations

from autograd_core._core.arithmetic import Add, BroadcastTo, Div, Mul, Neg, Pow, Sub, SumTo
from autograd_core._core.variable import Input, Variable
from autograd_core._typed import typed
from autograd_core._typing import Scalar

__all__ = ["add", "broadcast_to", "div", "mul", "neg", "pow", "sub", "sum_to"]


@typed(Add)
def add(x0: Input, x1: Input, /) -> Variable:
    """`x0 + x1`, broadcasting as numpy does."""
    raise NotImplementedError


@typed(Sub)
def sub(x0: Input, x1: Input, /) -> Variable:
    """`x0 - x1`, broadcasting as numpy does."""
    raise NotImplementedError


@typed(Mul)
def mul(x0: Input, x1: Input, /) -> Variable:
    """`x0 * x1`, elementwise, broadcasting as numpy does."""
    raise NotImplementedError


@typed(Div)
def div(x0: Input, x1: Input, /) -> Variable:
    """`x0 / x1`, elementwise, broadcasting as numpy does."""
    raise NotImplementedError


@typed(Neg)
def neg(x: Input, /) -> Variable:
    """`-x`."""
    raise NotImplementedError


@typed(Pow)
def pow(x: Input, /, exponent: Scalar) -> Variable:
    """`x ** exponent` for a constant exponent."""
    raise NotImplementedError


@typed(SumTo)
def sum_to(x: Input, /, shape: tuple[int, ...]) -> Variable:
    """`x` summed down to `shape`, the reverse of numpy broadcasting."""
    raise NotImplementedError


@typed(BroadcastTo)
def broadcast_to(x: Input, /, shape: tuple[int, ...]) -> Variable:
    """`x` broadcast to `shape`, as numpy broadcasts."""
    raise NotImplementedError
