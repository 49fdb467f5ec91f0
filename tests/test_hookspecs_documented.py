"""Every hook is declared, typed, documented in hookspecs.py and named in the README.

As simonw/datasette's test_plugin_hooks_are_documented: adding a hookspec without
documenting it fails here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pluggy
import pytest

from autograd_core import AutogradPlugin, hookspecs

README = Path(__file__).resolve().parents[1] / "README.md"


def declared_hooks() -> dict[str, Callable[..., Any]]:
    """The functions of hookspecs.py that carry pluggy's hookspec mark."""
    marker = f"{hookspecs.PROJECT}_spec"
    return {
        name: obj
        for name, obj in vars(hookspecs).items()
        if callable(obj) and getattr(obj, marker, None) is not None
    }


def test_there_are_hooks_and_pluggy_sees_exactly_them() -> None:
    hooks = declared_hooks()
    assert "register_functions" in hooks
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    seen = {name for name, caller in vars(pm.hook).items() if caller.spec is not None}
    assert seen == set(hooks)


def test_hook_names_lists_every_hook() -> None:
    assert sorted(hookspecs.HOOK_NAMES) == sorted(declared_hooks())
    assert len(set(hookspecs.HOOK_NAMES)) == len(hookspecs.HOOK_NAMES)


@pytest.mark.parametrize("name", sorted(declared_hooks()))
def test_each_hook_has_a_docstring_and_types(name: str) -> None:
    hook = declared_hooks()[name]
    doc = inspect.getdoc(hook)
    assert doc is not None and len(doc.split()) >= 8, f"{name} needs a docstring"
    signature = inspect.signature(hook)
    assert signature.return_annotation != inspect.Signature.empty, name
    for parameter in signature.parameters.values():
        assert parameter.annotation != inspect.Parameter.empty, f"{name}({parameter.name})"


@pytest.mark.parametrize("name", sorted(declared_hooks()))
def test_the_protocol_has_each_hook_with_its_parameters(name: str) -> None:
    spec = inspect.signature(declared_hooks()[name])
    method = inspect.signature(getattr(AutogradPlugin, name))
    assert list(method.parameters)[1:] == list(spec.parameters)  # minus `self`


def test_the_module_docstring_shows_the_entry_point() -> None:
    assert hookspecs.__doc__ is not None
    assert "[project.entry-points.autograd_core]" in hookspecs.__doc__
    assert hookspecs.PROJECT == "autograd_core"


@pytest.mark.parametrize("name", sorted(declared_hooks()))
def test_each_hook_is_named_in_the_readme(name: str) -> None:
    assert README.exists(), f"{README} is missing"
    assert name in README.read_text(encoding="utf-8"), f"README.md does not mention {name}"
