"""The registry of named Function classes, and where each one came from."""

from __future__ import annotations

import difflib
import inspect
import keyword
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np

from autograd_core import _typed
from autograd_core import function as _function
from autograd_core._typing import Array
from autograd_core.errors import DuplicateFunctionError, UnknownFunctionError
from autograd_core.function import Function

Sample: TypeAlias = tuple[tuple[Array, ...], dict[str, Any]]
"""One example call for the conformance checks: input arrays and keyword parameters."""

SampleFactory: TypeAlias = Callable[[np.random.Generator], Iterable[Sample]]


@dataclass(frozen=True)
class PluginInfo:
    """A loaded plugin: its entry-point name and the distribution that provides it."""

    name: str
    distribution: str | None = None
    version: str | None = None

    def __str__(self) -> str:
        if self.distribution is None:
            return f"plugin {self.name!r}"
        return f"plugin {self.name!r} ({self.distribution} {self.version})"


@dataclass(frozen=True)
class FunctionInfo:
    """What the registry knows of one function."""

    name: str
    cls: type[Function[Any]]
    plugin: PluginInfo
    samples: SampleFactory | None = field(default=None, compare=False)

    @property
    def distribution(self) -> str | None:
        return self.plugin.distribution

    @property
    def version(self) -> str | None:
        return self.plugin.version


def normal(rng: np.random.Generator, shape: tuple[int, ...]) -> Array:
    """Standard normal float64 samples as an ndarray, also for shape () (numpy gives a scalar)."""
    return np.asarray(rng.standard_normal(shape))


def default_samples(rng: np.random.Generator) -> list[Sample]:
    """Inputs for a function registered without samples: unary, float64, three shapes."""
    return [((normal(rng, shape),), {}) for shape in [(), (3,), (2, 3)]]


class _CallerCache:
    """The callers `FunctionRegistry.caller` made, by name.

    Whoever keeps callers too (`autograd_core.functions` sets them as module attributes, so
    `F.tanh` is a plain lookup) adds a `forget` callback: it hears of every caller dropped,
    by `pop` (a plugin removed) or `clear` (a failed load undone).
    """

    def __init__(self) -> None:
        self._calls: dict[str, Callable[..., Any]] = {}
        self.forget: list[Callable[[str], None]] = []

    def get(self, name: str) -> Callable[..., Any] | None:
        return self._calls.get(name)

    def __setitem__(self, name: str, call: Callable[..., Any]) -> None:
        self._calls[name] = call

    def pop(self, name: str, default: None = None) -> Callable[..., Any] | None:
        for forget in self.forget:
            forget(name)
        return self._calls.pop(name, default)

    def clear(self) -> None:
        for name in list(self._calls):
            self.pop(name)


class FunctionRegistry:
    """Named Function classes. Plugins fill it through the `register_functions` hook.

    Reading it (`in`, iteration, `info`, `get`) first loads the plugins, once.
    """

    def __init__(
        self,
        loader: Callable[[FunctionRegistry], None] | None = None,
        *,
        names_origins: bool = False,
    ) -> None:
        """`loader` fills the registry on first read; `names_origins` makes error notes of
        the registered classes name their plugin (only the global registry does that)."""
        self._names_origins = names_origins
        self._functions: dict[str, FunctionInfo] = {}
        self._plugins: dict[str, PluginInfo] = {}
        self._callers = _CallerCache()
        self._loader = loader
        self._loaded = loader is None
        self._lock = threading.RLock()
        self._current: PluginInfo | None = None
        self._in_loader = False  # a plugin's hook reading the registry sees it as it is

    # What plugins call.
    def register(
        self, name: str, cls: type[Function[Any]], *, samples: SampleFactory | None = None
    ) -> None:
        """Register `cls` as `name`: it is then `autograd_core.functions.<name>`."""
        plugin = self._current or PluginInfo("<direct>")
        given: object = cls  # plugins are untyped code: check what they actually pass
        if not isinstance(given, type) or not issubclass(given, Function):
            raise TypeError(
                f"{plugin}: registry.register({name!r}, ...) takes a Function subclass, "
                f"got {cls!r}"
            )
        if inspect.isabstract(given):
            missing = ", ".join(sorted(getattr(given, "__abstractmethods__", ())))
            raise TypeError(
                f"{plugin}: registry.register({name!r}, {given.__name__}): the class is "
                f"abstract, it does not define {missing}"
            )
        label: object = name
        if not isinstance(label, str) or not label.isidentifier() or keyword.iskeyword(label):
            raise ValueError(
                f"{plugin}: function names must be Python identifiers, got {name!r}"
            )
        if samples is not None and not callable(samples):
            raise TypeError(f"{plugin}: samples for {name!r} must be callable, got {samples!r}")
        with self._lock:
            if name in self._functions:
                other = self._functions[name].plugin
                raise DuplicateFunctionError(
                    f"function {name!r} is registered twice: by {other} and by {plugin}"
                )
            self._functions[name] = FunctionInfo(name, cls, plugin, samples)
            self._plugins.setdefault(plugin.name, plugin)
            if self._names_origins:  # a class registered twice keeps its first name
                _function._origins.setdefault(cls, f"function {name!r} from {plugin}")

    # What users read.
    def ensure_loaded(self) -> None:
        """Load the plugins now (reading the registry does this by itself)."""
        if self._loaded:
            return
        with self._lock:
            if self._is_loaded() or self._loader is None or self._in_loader:
                return
            saved = dict(self._functions), dict(self._plugins)
            self._in_loader = True
            try:
                self._loader(self)
            except BaseException:  # a failed load leaves the registry as it was
                self._restore(*saved)
                raise
            finally:
                self._in_loader = False
            self._loaded = True

    def _is_loaded(self) -> bool:
        return self._loaded

    def __contains__(self, name: object) -> bool:
        self.ensure_loaded()
        return name in self._functions

    def __iter__(self) -> Iterator[str]:
        self.ensure_loaded()
        return iter(sorted(self._functions))

    def __len__(self) -> int:
        self.ensure_loaded()
        return len(self._functions)

    def info(self, name: str) -> FunctionInfo:
        """Plugin, distribution, version and class of the function `name`."""
        self.ensure_loaded()
        try:
            return self._functions[name]
        except KeyError:
            raise self._unknown(name) from None

    def get(self, name: str) -> type[Function[Any]]:
        """The Function class registered as `name`."""
        return self.info(name).cls

    def caller(self, name: str) -> Callable[..., Any]:
        """`name(*inputs, *params)`: `Class(params)(*inputs)`, with its signature (`_typed`).

        Made once per name; a plugin's removal forgets its callers (`_CallerCache`).
        """
        call = self._callers.get(name)
        if call is None:
            self.ensure_loaded()
            cls = self.info(name).cls
            call = _typed.caller(cls, name, _typed.stub_of(cls))
            self._callers[name] = call
        return call

    @property
    def plugins(self) -> list[PluginInfo]:
        """The loaded plugins (also those that registered nothing), in load order."""
        self.ensure_loaded()
        return list(self._plugins.values())

    def functions_of(self, plugin: str) -> list[str]:
        self.ensure_loaded()
        return sorted(n for n, info in self._functions.items() if info.plugin.name == plugin)

    # What the plugin loader uses.
    def _loading(self, plugin: PluginInfo | None) -> None:
        self._current = plugin
        if plugin is not None:
            self._plugins.setdefault(plugin.name, plugin)

    def _remove_plugin(self, name: str) -> None:
        with self._lock:
            for fname in [n for n, i in self._functions.items() if i.plugin.name == name]:
                info = self._functions.pop(fname)
                self._callers.pop(fname, None)
                self._forget_origin(info.cls)
            self._plugins.pop(name, None)

    def _restore(self, functions: dict[str, FunctionInfo], plugins: dict[str, PluginInfo]) -> None:
        dropped = [i.cls for n, i in self._functions.items() if n not in functions]
        self._functions, self._plugins = functions, plugins
        self._callers.clear()
        self._current = None
        for cls in dropped:
            self._forget_origin(cls)

    def _forget_origin(self, cls: type[Function[Any]]) -> None:
        """Drop `cls`'s origin note, or name another registration of the same class."""
        if not self._names_origins:
            return
        _function._origins.pop(cls, None)
        for fname, info in self._functions.items():
            if info.cls is cls:
                _function._origins[cls] = f"function {fname!r} from {info.plugin}"
                break

    def _unknown(self, name: str) -> UnknownFunctionError:
        close = difflib.get_close_matches(name, list(self._functions), n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        loaded = ", ".join(p.name for p in self._plugins.values()) or "none"
        return UnknownFunctionError(
            f"no function named {name!r} is registered{hint} (loaded plugins: {loaded})"
        )
