"""The registry of named Function classes, and where each one came from."""

from __future__ import annotations

import difflib
import inspect
import keyword
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, TypeAlias

import numpy as np

from autograd_core import _typed
from autograd_core._core import function as _function
from autograd_core._core.errors import DuplicateFunctionError, UnknownFunctionError
from autograd_core._core.function import Function
from autograd_core._typing import Array

CHECKS: Final = (
    "gradient",
    "second_derivative",
    "grad_shape_dtype",
    "float32",
    "inputs_unchanged",
    "cotangent_layouts",
    "linearity",
    "unused_outputs",
    "no_grad",
)
"""The conformance checks, in the order they run (`autograd_core.testing` runs them); the
names `register(..., expected_failures=...)` accepts."""

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
    expected_failures: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False
    )
    """Conformance checks known to fail, each with the reason (shown as expected)."""

    @property
    def distribution(self) -> str | None:
        return self.plugin.distribution

    @property
    def version(self) -> str | None:
        return self.plugin.version


@dataclass(frozen=True)
class BrokenPlugin:
    """A plugin that was reported by a PluginWarning: what it is and why (one line)."""

    plugin: PluginInfo
    cause: str
    error: BaseException | None = field(default=None, compare=False)


DISABLE_ENV = "AUTOGRAD_CORE_DISABLE_PLUGINS"
BUILTIN_NAME = "builtin"


def clash_message(name: str, infos: Iterable[FunctionInfo]) -> str:
    """Why a function two plugins registered is unusable, and how to get going again."""
    plugins = [i.plugin for i in infos]
    who = " and ".join(map(str, plugins))
    remedy = " or ".join(f"{DISABLE_ENV}={p.name}" for p in plugins if p.name != BUILTIN_NAME)
    if plugins[0].name == BUILTIN_NAME:  # the built-in plugin cannot be disabled
        return (
            f"function {name!r} is registered by {who}: the built-in one is kept; "
            f"rename it in the other plugin, or set {remedy}"
        )
    return (
        f"function {name!r} is registered by {who}, so it is unusable until one of them "
        f"is disabled: set {remedy}"
    )


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
        self._clashes: dict[str, list[FunctionInfo]] = {}  # names several plugins registered
        self._refused: dict[str, list[FunctionInfo]] = {}  # built-in names plugins tried
        self._broken: dict[str, BrokenPlugin] = {}
        self._lock = threading.RLock()
        self._local = threading.local()  # the plugin whose hook runs on this thread
        self._in_loader = False  # a plugin's hook reading the registry sees it as it is

    # What plugins call.
    def register(
        self,
        name: str,
        cls: type[Function[Any]],
        *,
        samples: SampleFactory | None = None,
        expected_failures: Mapping[str, str] | None = None,
    ) -> None:
        """Register `cls` as `name`: it is then `autograd_core.functions.<name>`.

        `samples(rng)` gives the conformance checks their inputs; `expected_failures`
        maps a check's name to why it is known to fail (`autograd_core.testing.CHECKS`).
        """
        plugin: PluginInfo = getattr(self._local, "current", None) or PluginInfo("<direct>")
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
        expected = _expected_failures(plugin, name, expected_failures)
        info = FunctionInfo(name, cls, plugin, samples, expected)
        with self._lock:
            first = self._functions.get(name)
            clashing = self._clashes.get(name)
            if first is None and clashing is None:
                self._functions[name] = info
                self._plugins.setdefault(plugin.name, plugin)
                if self._names_origins:  # a class registered twice keeps its first name
                    _function._origins.setdefault(cls, f"function {name!r} from {plugin}")
                return
            others = clashing if clashing is not None else [first] if first is not None else []
            tolerant = getattr(self._local, "tolerant", False)
            if not tolerant or any(o.plugin.name == plugin.name for o in others):
                who = " and by ".join(str(i.plugin) for i in [*others, info])
                raise DuplicateFunctionError(
                    f"function {name!r} is registered twice: by {who}; the first is kept "
                    "(rename the other one)"
                )
            # Loading installed plugins: only this name is lost, reported by the loader.
            if first is not None and first.plugin.name == BUILTIN_NAME:
                self._refused.setdefault(name, []).append(info)  # the built-in keeps it
                return
            if first is not None:
                del self._functions[name]
                self._callers.pop(name, None)
            self._clashes[name] = [*others, info]

    # What users read.
    def ensure_loaded(self) -> None:
        """Load the plugins now (reading the registry does this by itself)."""
        if self._loaded:
            return
        with self._lock:
            if self._is_loaded() or self._loader is None or self._in_loader:
                return
            saved = self._snapshot()
            self._in_loader = True
            try:
                self._loader(self)
            except BaseException:  # a failed load leaves the registry as it was
                self._restore(saved)
                raise
            finally:
                self._in_loader = False
            self._loaded = True

    def _is_loaded(self) -> bool:
        return self._loaded

    def __contains__(self, name: object) -> bool:
        """True for a usable function (not for a name two plugins registered)."""
        self.ensure_loaded()
        return name in self._functions

    def __iter__(self) -> Iterator[str]:
        self.ensure_loaded()
        with self._lock:
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
            clash = self._clashes.get(name)
            if clash is not None:
                raise DuplicateFunctionError(clash_message(name, clash)) from None
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

    @property
    def broken(self) -> list[BrokenPlugin]:
        """The plugins reported as broken when loading (a clash makes both count)."""
        self.ensure_loaded()
        with self._lock:
            return list(self._broken.values())

    def functions_of(self, plugin: str) -> list[str]:
        self.ensure_loaded()
        with self._lock:
            return sorted(n for n, i in self._functions.items() if i.plugin.name == plugin)

    # What the plugin loader uses.
    def _loading(self, plugin: PluginInfo | None, *, tolerant: bool = False) -> None:
        """Credit what this thread registers next to `plugin`; `tolerant`: a name another
        plugin registered becomes unusable instead of raising (installed plugins)."""
        self._local.current = plugin
        self._local.tolerant = tolerant
        if plugin is not None:
            with self._lock:
                self._plugins.setdefault(plugin.name, plugin)

    def _clashes_of(self, plugin: str) -> list[tuple[str, list[FunctionInfo]]]:
        """The names `plugin` registered that another plugin registered too, with all of them."""
        with self._lock:
            both = [(n, infos) for n, infos in self._clashes.items()]
            both += [(n, [self._functions[n], *infos]) for n, infos in self._refused.items()]
            return [(n, infos) for n, infos in both if any(i.plugin.name == plugin for i in infos)]

    def _mark_broken(self, plugin: PluginInfo, cause: str, error: BaseException | None) -> None:
        with self._lock:
            old = self._broken.get(plugin.name)
            if old is not None:
                cause = f"{old.cause}; {cause}"
                error = old.error or error
            self._broken[plugin.name] = BrokenPlugin(plugin, cause, error)

    def _remove_plugin(self, name: str) -> None:
        with self._lock:
            for fname in [n for n, i in self._functions.items() if i.plugin.name == name]:
                info = self._functions.pop(fname)
                self._callers.pop(fname, None)
                self._forget_origin(info.cls)
            for fname in list(self._clashes):
                left = [i for i in self._clashes.pop(fname) if i.plugin.name != name]
                if len(left) == 1:
                    self._functions[fname] = left[0]
                elif left:
                    self._clashes[fname] = left
            for fname in list(self._refused):
                left = [i for i in self._refused.pop(fname) if i.plugin.name != name]
                if left:
                    self._refused[fname] = left
            self._plugins.pop(name, None)
            self._broken.pop(name, None)

    def _snapshot(self) -> tuple[Any, ...]:
        return (
            dict(self._functions),
            dict(self._plugins),
            {k: list(v) for k, v in self._clashes.items()},
            {k: list(v) for k, v in self._refused.items()},
            dict(self._broken),
        )

    def _restore(self, saved: tuple[Any, ...]) -> None:
        functions, plugins, clashes, refused, broken = saved
        dropped = [i.cls for n, i in self._functions.items() if n not in functions]
        self._functions, self._plugins = functions, plugins
        self._clashes, self._refused, self._broken = clashes, refused, broken
        self._callers.clear()
        self._local.current = None
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


def _expected_failures(
    plugin: PluginInfo, name: str, given: Mapping[str, str] | None
) -> Mapping[str, str]:
    """`expected_failures` checked: check names of `autograd_core.testing.CHECKS` to reasons."""
    if given is None:
        return MappingProxyType({})
    value: object = given
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{plugin}: expected_failures for {name!r} must be a dict of check name to "
            f"reason, got {given!r}"
        )
    for check, reason in value.items():
        if check not in CHECKS:
            close = difflib.get_close_matches(str(check), CHECKS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (checks: {', '.join(CHECKS)})"
            raise ValueError(
                f"{plugin}: expected_failures for {name!r} names no check {check!r}{hint}"
            )
        if not isinstance(reason, str) or not reason.strip():
            raise TypeError(
                f"{plugin}: expected_failures[{check!r}] for {name!r} must say why, "
                f"as a non-empty str; got {reason!r}"
            )
    return MappingProxyType(dict(value))
