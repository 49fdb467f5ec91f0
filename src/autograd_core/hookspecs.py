"""Every hook a plugin can implement, fully typed. This page is the extension API.

A plugin is a module (or any object) with hook implementations, published as its own
distribution with an entry point in the `autograd_core` group; the entry point's name is
the plugin's name::

    # pyproject.toml of the distribution autograd-core-cube
    [project.entry-points.autograd_core]
    cube = "autograd_core_cube"

    # src/autograd_core_cube/__init__.py
    from autograd_core import Function, FunctionRegistry, hookimpl

    class Cube(Function):
        def forward(self, x):
            return x ** 3
        def backward(self, gy):
            (x,) = self.inputs
            return gy * 3 * x ** 2

    @hookimpl
    def register_functions(registry: FunctionRegistry) -> None:
        registry.register("cube", Cube)

In a plugin's own tests, `plugin: AutogradPlugin = autograd_core_cube` has mypy check the
hook's signature against the spec below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Protocol

import pluggy

if TYPE_CHECKING:
    from autograd_core._plugins.registry import FunctionRegistry

PROJECT: Final = "autograd_core"
"""The pluggy project name, which is also the entry-point group."""

hookspec: Final = pluggy.HookspecMarker(PROJECT)
hookimpl: Final = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_functions(registry: FunctionRegistry) -> None:
    """Register the plugin's Function classes by name.

    Called once per plugin, the first time anybody looks a function up (`F.tanh`,
    `"tanh" in F.registry`, the command line). Call `registry.register(name, cls,
    samples=..., expected_failures=...)` for each function. Do nothing else here: no
    computation, no I/O.

    An installed plugin whose hook raises registers nothing, and is reported by a
    `PluginWarning`; a name two installed plugins register becomes unusable (using it
    raises DuplicateFunctionError naming both plugins) while their other functions work.
    A function named `register_functions` without `@hookimpl`, or a `@hookimpl` whose name
    is not a hook here, is reported the same way. For an in-process plugin
    (`register_plugin`) each of these raises at once.
    """


class AutogradPlugin(Protocol):
    """What a plugin module looks like to a type checker.

    The parameter is keyword-only because pluggy calls hooks by keyword: mypy then also
    rejects an implementation whose parameter is misnamed.
    """

    def register_functions(self, *, registry: FunctionRegistry) -> None: ...


HOOK_NAMES: Final = ("register_functions",)
"""The names of every hook above, for the documentation test."""
