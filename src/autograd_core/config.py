"""Grad mode: whether calling a Function records the graph. Thread-local."""

from __future__ import annotations

import threading
from types import TracebackType


class _GradMode(threading.local):
    enabled: bool = True


_mode = _GradMode()


def is_grad_enabled() -> bool:
    """True when calling a Function records its inputs and creator (the default)."""
    return _mode.enabled


class _SetGradMode:
    _target: bool

    def __init__(self) -> None:
        self._previous: list[bool] = []

    def __enter__(self) -> None:
        self._previous.append(_mode.enabled)
        _mode.enabled = self._target

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _mode.enabled = self._previous.pop()


class no_grad(_SetGradMode):  # noqa: N801 - named like torch.no_grad, used like a function
    """Context manager: inside it no graph is recorded (results have no creator)."""

    _target = False


class enable_grad(_SetGradMode):  # noqa: N801 - named like torch.enable_grad
    """Context manager: records the graph again, e.g. inside `no_grad()`."""

    _target = True
