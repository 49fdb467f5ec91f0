"""Every registered function as an attribute: `F.tanh(x)`, `F.sum(x, axis=0)`.

`F.name(*inputs, **params)` is `Class(**params)(*inputs)`: inputs positional, parameters by
keyword. Plugins are loaded on first use.
"""

from __future__ import annotations

from collections.abc import Callable

from autograd_core.plugins import registry as registry
from autograd_core.variable import Variable

__all__ = ["registry"]


def __getattr__(name: str) -> Callable[..., Variable]:
    if name.startswith("__"):
        raise AttributeError(name)
    return registry.caller(name)


def __dir__() -> list[str]:
    return ["registry", *registry]
