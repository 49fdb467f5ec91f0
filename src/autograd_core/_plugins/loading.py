"""Finding and loading plugins: entry points, the built-in plugin, in-process plugins.

Loading happens once, lazily, the first time the registry is read. The built-in plugin
(the core's arithmetic) is always loaded. `AUTOGRAD_CORE_LOAD_PLUGINS=a,b` loads only
those entry points (empty: none), `AUTOGRAD_CORE_DISABLE_PLUGINS=a,b` skips those.

A broken installed plugin takes down only what it touches: one that fails to import,
whose hook does not match the spec or raises, registers nothing; two plugins registering
one name lose only that name. Each is reported once by a `PluginWarning` (an exception,
chained to its cause, under `-W error::autograd_core.PluginWarning`) and listed in
`registry.broken`. An explicit `register_plugin(...)` raises at once instead.
"""

from __future__ import annotations

import difflib
import os
import sys
import warnings
from collections.abc import Callable
from importlib import metadata
from typing import Any, Literal

import pluggy

from autograd_core import hookspecs
from autograd_core._core import variable
from autograd_core._core.errors import (
    DuplicateFunctionError,
    PluginError,
    PluginHookError,
    PluginImportError,
    PluginWarning,
    UnknownFunctionError,
)
from autograd_core._plugins import builtin
from autograd_core._plugins.registry import (
    BUILTIN_NAME,
    DISABLE_ENV,
    FunctionRegistry,
    PluginInfo,
    clash_message,
)

ENTRY_POINT_GROUP = hookspecs.PROJECT
LOAD_ENV = "AUTOGRAD_CORE_LOAD_PLUGINS"
BUILTIN = PluginInfo(BUILTIN_NAME, "autograd-core", metadata.version("autograd-core"))

__all__ = ["DISABLE_ENV", "LOAD_ENV", "register_plugin", "registry", "unregister_plugin"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


class PluginManager:
    """pluggy's manager behind one typed method per hook (pluggy's calls return Any)."""

    def __init__(self) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)

    def add(self, plugin: object, info: PluginInfo) -> None:
        """Register `plugin`'s hook implementations, checked against the hookspecs."""
        unknown = _unknown_hooks(plugin)
        if unknown:
            raise PluginHookError(f"{info}: {unknown}")
        try:
            self._pm.register(plugin, name=info.name)
        except pluggy.PluginValidationError as exc:
            raise PluginHookError(f"{info}: {_one_line(str(exc))}") from exc
        except ValueError as exc:  # pluggy: name or object already registered
            raise PluginError(f"{info}: cannot register it: {_one_line(str(exc))}") from exc
        if not self._pm.get_hookcallers(plugin):
            self._pm.unregister(plugin)
            raise PluginHookError(f"{info}: {_no_hooks(plugin)}")

    def remove(self, plugin: object) -> None:
        if self._pm.is_registered(plugin):
            self._pm.unregister(plugin)

    def register_functions(
        self, plugin: object, info: PluginInfo, registry: FunctionRegistry, *, tolerant: bool
    ) -> None:
        """Call `plugin`'s register_functions hook alone, so what it registers is its own."""
        others = [p for p in self._pm.get_plugins() if p is not plugin]
        call = self._pm.subset_hook_caller("register_functions", remove_plugins=others)
        registry._loading(info, tolerant=tolerant)
        try:
            call(registry=registry)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginHookError(
                f"{info}: its register_functions hook raised "
                f"{type(exc).__name__}: {_one_line(str(exc))}"
            ) from exc
        finally:
            registry._loading(None)


def _hook_marker(value: object) -> bool:
    return hasattr(value, f"{hookspecs.PROJECT}_impl")


def _unknown_hooks(plugin: object) -> str | None:
    """A message for @hookimpl functions that implement no hook (a misspelled name)."""
    for attr in dir(plugin):
        if attr in hookspecs.HOOK_NAMES or not _hook_marker(getattr(plugin, attr, None)):
            continue
        close = difflib.get_close_matches(attr, hookspecs.HOOK_NAMES, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else ""
        known = ", ".join(hookspecs.HOOK_NAMES)
        return (
            f"@hookimpl {attr!r} is not a hook of autograd-core; {hint} (hooks: {known})"
        ).replace("; (", " (")
    return None


def _no_hooks(plugin: object) -> str:
    """Why a plugin without a single @hookimpl would register nothing."""
    for attr in dir(plugin):
        if not callable(getattr(plugin, attr, None)):
            continue
        if difflib.get_close_matches(attr, hookspecs.HOOK_NAMES, n=1, cutoff=0.8):
            return (
                f"it defines {attr!r} without @hookimpl, so autograd-core would never call "
                "it; decorate it: `from autograd_core import hookimpl` then `@hookimpl`"
            )
    return (
        "it has no hook implementation, so it would register nothing; define "
        "`@hookimpl def register_functions(registry)` (see autograd_core.hookspecs)"
    )


def _names(variable: str) -> set[str] | None:
    value = os.environ.get(variable)
    if value is None:
        return None
    return {n.strip() for n in value.split(",") if n.strip()}


def _not_installed(variable: str, names: set[str], installed: set[str]) -> str:
    close = {
        n: difflib.get_close_matches(n, sorted(installed), n=1) for n in sorted(names)
    }
    hints = [f"did you mean {c[0]!r} for {n!r}?" for n, c in close.items() if c]
    return (
        f"{variable} names plugins that are not installed: {', '.join(sorted(names))} "
        f"(installed: {', '.join(sorted(installed)) or 'none'})"
        + (f"; {' '.join(hints)}" if hints else "")
    )


def environment() -> list[str]:
    """The plugin environment variables that are set, as `NAME='value'`, for messages."""
    return [f"{v}={os.environ[v]!r}" for v in (LOAD_ENV, DISABLE_ENV) if v in os.environ]


def selected_entry_points() -> list[tuple[metadata.EntryPoint, PluginInfo]]:
    """The entry points of the group that the environment variables let through.

    An unknown name in the load list is a PluginError; in the disable list, a PluginWarning.
    """
    allow, deny = _names(LOAD_ENV), _names(DISABLE_ENV) or set()
    found: dict[str, tuple[metadata.EntryPoint, PluginInfo]] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        info = PluginInfo(ep.name, dist.name if dist else None, dist.version if dist else None)
        if ep.name in found:
            if found[ep.name][0].value == ep.value and found[ep.name][1] == info:
                continue  # the same distribution seen twice on sys.path
            raise PluginError(
                f"two plugins are named {ep.name!r}: {found[ep.name][1]} and {info}; "
                "uninstall one of them"
            )
        found[ep.name] = (ep, info)
    if allow is not None and allow - set(found):
        raise PluginError(_not_installed(LOAD_ENV, allow - set(found), set(found)))
    unknown = deny - set(found) - {BUILTIN_NAME}
    if unknown:
        warnings.warn(
            _not_installed(DISABLE_ENV, unknown, set(found)), PluginWarning, _caller_level()
        )
    return [
        (ep, info)
        for name, (ep, info) in sorted(found.items())
        if (allow is None or name in allow) and name not in deny
    ]


def _import(ep: metadata.EntryPoint, info: PluginInfo) -> object:
    try:
        return ep.load()
    except Exception as exc:
        raise PluginImportError(
            f"{info}: cannot import its entry point {ep.name!r} = {ep.value!r}: "
            f"{type(exc).__name__}: {_one_line(str(exc))}; set {DISABLE_ENV}={ep.name} to skip it"
        ) from exc


def _report(registry: FunctionRegistry, info: PluginInfo, error: PluginError) -> None:
    """Mark `info` broken and warn once; under an error filter, raise chained to the cause."""
    cause = str(error).removeprefix(f"{info}: ")
    cause = cause.split(f"; set {DISABLE_ENV}=")[0]
    registry._mark_broken(info, cause, error.__cause__ or error)
    _warn(
        f"{info} is broken, so none of its functions are available (the other plugins "
        f"work): {cause}; fix or uninstall it, or set {DISABLE_ENV}={info.name} to skip it",
        error.__cause__ or error,
    )


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _caller_level() -> int:
    """The stacklevel of the first frame outside autograd_core: the user's line that
    triggered loading, which the warning then points at."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and os.path.dirname(frame.f_code.co_filename) == _PACKAGE_DIR:
        frame, level = frame.f_back, level + 1
    return level


def _warn(message: str, cause: BaseException) -> None:
    warning = PluginWarning(message)
    try:
        warnings.warn(warning, stacklevel=_caller_level())
    except PluginWarning as raised:  # -W error::autograd_core.PluginWarning
        raise raised from cause


def _load(
    manager: PluginManager, obj: object, info: PluginInfo, registry: FunctionRegistry
) -> None:
    """Load one installed plugin; a broken one is reported and leaves no trace."""
    try:
        manager.add(obj, info)
        manager.register_functions(obj, info, registry, tolerant=True)
    except PluginError as exc:
        manager.remove(obj)
        registry._remove_plugin(info.name)
        _report(registry, info, exc)


def _report_clashes(registry: FunctionRegistry, plugins: list[PluginInfo]) -> None:
    """Each name several plugins registered: one warning; every plugin involved is broken."""
    reported: set[str] = set()
    for info in plugins:
        for name, infos in registry._clashes_of(info.name):
            others = [str(i.plugin) for i in infos if i.plugin.name != info.name]
            registry._mark_broken(
                info, f"registers {name!r}, which {' and '.join(others)} also registers", None
            )
            if name in reported:
                continue
            reported.add(name)
            message = clash_message(name, infos)
            error = DuplicateFunctionError(message)
            _warn(
                f"{message}; every other function of these plugins works "
                "(using the name raises DuplicateFunctionError)",
                error,
            )


_ACTIONS: tuple[Literal["default", "error", "ignore", "always", "module", "once"], ...] = (
    "default", "error", "ignore", "always", "module", "once"
)


def _honour_warnoptions() -> None:
    """Apply `-W action::autograd_core.PluginWarning` (or PYTHONWARNINGS) now.

    Python reads -W options at start-up, before site-packages is on sys.path, so it cannot
    import autograd_core to find the category and drops the option ("Invalid -W option
    ignored"). The options are still in sys.warnoptions: the ones naming PluginWarning
    are applied here, when autograd_core is imported.
    """
    names = {"autograd_core.PluginWarning", "autograd_core._core.errors.PluginWarning"}
    for option in sys.warnoptions:
        parts = [p.strip() for p in option.split(":")]
        if len(parts) < 3 or parts[2] not in names:
            continue
        action, message = parts[0], parts[1]
        matched = [a for a in _ACTIONS if a.startswith(action or "default")]
        if len(matched) != 1:
            continue
        module = parts[3] if len(parts) > 3 else ""
        warnings.filterwarnings(
            matched[0],
            message,
            PluginWarning,
            f"{module}\\Z" if module else "",
        )


_honour_warnoptions()

_in_process: dict[str, object] = {}


def load_all(registry: FunctionRegistry) -> None:
    """The registry's loader: the built-in plugin, the entry points, the in-process plugins."""
    manager = PluginManager()
    manager.add(builtin, BUILTIN)  # the core's own: a failure here is a bug, raised
    manager.register_functions(builtin, BUILTIN, registry, tolerant=False)
    loaded = []
    for ep, info in selected_entry_points():
        try:
            obj = _import(ep, info)
        except PluginImportError as exc:
            _report(registry, info, exc)
            continue
        _load(manager, obj, info, registry)
        loaded.append(info)
    for name, obj in list(_in_process.items()):
        _load(manager, obj, PluginInfo(name), registry)
        loaded.append(PluginInfo(name))
    _report_clashes(registry, loaded)


registry = FunctionRegistry(loader=load_all, names_origins=True)


def convenience(name: str, what: str) -> Callable[..., Any]:
    """The caller of registered function `name` for the Variable convenience `what` (`x.T`),
    or an UnknownFunctionError naming the function, the plugin and the remedy."""
    try:
        return registry.caller(name)
    except UnknownFunctionError:
        raise UnknownFunctionError(
            f"{what} needs the function {name!r} of the plugin 'tensor' "
            f"(autograd-core-tensor), {_why_missing('autograd-core-tensor')}"
        ) from None


def _why_missing(distribution: str) -> str:
    """Why a plugin's function is missing, and the remedy: install it, or stop leaving it out."""
    try:
        metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return f"which is not installed: pip install {distribution}"
    why = environment()
    by = f" by {' and '.join(why)}" if why else ""
    return f"which is installed but not loaded (left out{by}): enable it"


variable._lookup = convenience  # the conveniences' lookup (variable.py cannot import us)
"""The registry behind `autograd_core.functions`."""


def register_plugin(plugin: Any, *, name: str) -> None:
    """Register an in-process plugin (a module or object with hook implementations).

    For notebooks and tests; remove it with `unregister_plugin(name)`. Unlike an installed
    plugin, a broken one raises here at once (PluginError), changing nothing. Safe to
    call from several threads.
    """
    label: object = name
    if not isinstance(label, str) or not label:
        raise TypeError(f"register_plugin: name must be a non-empty str, got {name!r}")
    try:
        hash(plugin)
    except TypeError:
        raise TypeError(
            f"register_plugin(..., name={name!r}) takes a module or a hashable object "
            f"with @hookimpl functions; got an unhashable {type(plugin).__name__} "
            f"({_one_line(repr(plugin))[:80]})"
        ) from None
    info = PluginInfo(name)
    registry.ensure_loaded()
    # One registration at a time: the name check, the hook and the bookkeeping together.
    with registry._lock:
        if name in _in_process or name in {p.name for p in registry.plugins}:
            raise PluginError(f"a plugin named {name!r} is already registered")
        manager = PluginManager()
        manager.add(plugin, info)  # validates the hook signatures before anything changes
        try:
            manager.register_functions(plugin, info, registry, tolerant=False)
        except BaseException:
            registry._remove_plugin(name)
            raise
        _in_process[name] = plugin


def unregister_plugin(name: str) -> None:
    """Remove an in-process plugin registered with `register_plugin`, and its functions."""
    with registry._lock:
        if _in_process.pop(name, None) is None:
            raise PluginError(f"no in-process plugin named {name!r} is registered")
        registry._remove_plugin(name)
