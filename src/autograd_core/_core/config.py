"""Grad mode: whether calling a Function records the graph. Thread-local.

The mode lives in a context variable: each thread starts with grad mode on, whatever
another thread does (as in PyTorch), and reading it costs one C call.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from types import TracebackType
from typing import Final

_enabled: Final[ContextVar[bool]] = ContextVar("autograd_core_grad_enabled", default=True)
_grad_enabled: Final = _enabled.get
"""`_grad_enabled()`: the mode, for the core's hot paths (`is_grad_enabled` is the public name)."""


def is_grad_enabled() -> bool:
    """True when calling a Function records its inputs and creator (the default)."""
    return _enabled.get()


class _SetGradMode:
    _target: bool

    def __init__(self) -> None:
        self._tokens: list[Token[bool]] = []

    def __enter__(self) -> None:
        self._tokens.append(_enabled.set(self._target))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _enabled.reset(self._tokens.pop())


class no_grad(_SetGradMode):  # noqa: N801 - named like torch.no_grad, used like a function
    """Context manager: inside it no graph is recorded (results have no creator)."""

    _target = False


class enable_grad(_SetGradMode):  # noqa: N801 - named like torch.enable_grad
    """Context manager: records the graph again, e.g. inside `no_grad()`."""

    _target = True
