"""Which inputs of a recorded call need a gradient."""

from __future__ import annotations

from typing import Any

from autograd_core import Function


def needs_input_grad(fn: Function[Any]) -> tuple[bool, ...]:
    """`fn.needs_input_grad` as the engine sets it before a backward; every input when unset."""
    needs: tuple[bool, ...] | None = getattr(fn, "needs_input_grad", None)
    return tuple(needs) if needs is not None else (True,) * len(fn.inputs)
