"""Finding and loading plugins: entry points, the built-in plugin, in-process plugins.

Loading happens once, lazily, the first time the registry is read. The built-in plugin
(the core's arithmetic) is always loaded. `AUTOGRAD_CORE_LOAD_PLUGINS=a,b` loads only
those entry points (empty: none), `AUTOGRAD_CORE_DISABLE_PLUGINS=a,b` skips those.
"""

from __future__ import annotations

import os
from importlib import metadata
from typing import Any

import pluggy

from autograd_core import builtin, hookspecs
from autograd_core.errors import PluginError, PluginHookError, PluginImportError
from autograd_core.registry import FunctionRegistry, PluginInfo

ENTRY_POINT_GROUP = hookspecs.PROJECT
LOAD_ENV = "AUTOGRAD_CORE_LOAD_PLUGINS"
DISABLE_ENV = "AUTOGRAD_CORE_DISABLE_PLUGINS"
BUILTIN = PluginInfo("builtin", "autograd-core", metadata.version("autograd-core"))


class PluginManager:
    """pluggy's manager behind one typed method per hook (pluggy's calls return Any)."""

    def __init__(self) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)

    def add(self, plugin: object, info: PluginInfo) -> None:
        try:
            self._pm.register(plugin, name=info.name)
            self._pm.check_pending()  # a @hookimpl no hookspec declares: a misspelled hook
        except pluggy.PluginValidationError as exc:
            raise PluginHookError(f"{info}: {exc}") from exc
        except ValueError as exc:  # pluggy: name or object already registered
            raise PluginError(f"{info}: cannot register it: {exc}") from exc

    def register_functions(
        self, plugin: object, info: PluginInfo, registry: FunctionRegistry
    ) -> None:
        """Call `plugin`'s register_functions hook alone, so what it registers is its own."""
        others = [p for p in self._pm.get_plugins() if p is not plugin]
        call = self._pm.subset_hook_caller("register_functions", remove_plugins=others)
        registry._loading(info)
        try:
            call(registry=registry)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginHookError(f"{info}: register_functions raised {exc!r}") from exc
        finally:
            registry._loading(None)


def _names(variable: str) -> set[str] | None:
    value = os.environ.get(variable)
    if value is None:
        return None
    return {n.strip() for n in value.split(",") if n.strip()}


def selected_entry_points() -> list[tuple[metadata.EntryPoint, PluginInfo]]:
    """The entry points of the group that the environment variables let through."""
    allow, deny = _names(LOAD_ENV), _names(DISABLE_ENV) or set()
    found: dict[str, tuple[metadata.EntryPoint, PluginInfo]] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        info = PluginInfo(ep.name, dist.name if dist else None, dist.version if dist else None)
        if ep.name in found:
            if found[ep.name][0].value == ep.value and found[ep.name][1] == info:
                continue  # the same distribution seen twice on sys.path
            raise PluginError(f"two plugins are named {ep.name!r}: {found[ep.name][1]} and {info}")
        found[ep.name] = (ep, info)
    if allow is not None and allow - set(found):
        missing = ", ".join(sorted(allow - set(found)))
        raise PluginError(
            f"{LOAD_ENV} names plugins that are not installed: {missing} "
            f"(installed: {', '.join(sorted(found)) or 'none'})"
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
            f"cannot import entry point {ep.name!r} = {ep.value!r} of {info}: {exc!r}; "
            f"set {DISABLE_ENV}={ep.name} to skip it"
        ) from exc


_in_process: dict[str, object] = {}


def load_all(registry: FunctionRegistry) -> None:
    """The registry's loader: the built-in plugin, the entry points, the in-process plugins."""
    manager = PluginManager()
    plugins: list[tuple[object, PluginInfo]] = [(builtin, BUILTIN)]
    plugins += [(_import(ep, info), info) for ep, info in selected_entry_points()]
    plugins += [(obj, PluginInfo(name)) for name, obj in _in_process.items()]
    for obj, info in plugins:
        manager.add(obj, info)
    for obj, info in plugins:
        manager.register_functions(obj, info, registry)


registry = FunctionRegistry(loader=load_all, names_origins=True)
"""The registry behind `autograd_core.functions`."""


def register_plugin(plugin: Any, *, name: str) -> None:
    """Register an in-process plugin (a module or object with hook implementations).

    For notebooks and tests; remove it with `unregister_plugin(name)`.
    """
    if name in _in_process or name in {p.name for p in registry.plugins}:
        raise PluginError(f"a plugin named {name!r} is already registered")
    info = PluginInfo(name)
    manager = PluginManager()
    manager.add(plugin, info)  # validates the hook signatures before anything changes
    registry.ensure_loaded()
    try:
        manager.register_functions(plugin, info, registry)
    except BaseException:
        registry._remove_plugin(name)
        raise
    _in_process[name] = plugin


def unregister_plugin(name: str) -> None:
    """Remove an in-process plugin registered with `register_plugin`, and its functions."""
    if _in_process.pop(name, None) is None:
        raise PluginError(f"no in-process plugin named {name!r} is registered")
    registry._remove_plugin(name)
