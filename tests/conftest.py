"""Fixtures shared by the core's tests: in-process plugins, plugin environment, fake installs.

None is autouse: a test asks for what it needs.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from autograd_core import register_plugin, unregister_plugin
from autograd_core._plugins.loading import DISABLE_ENV, LOAD_ENV

RegisterPlugin = Callable[[object, str], None]
FakeDistribution = Callable[..., Path]


@pytest.fixture
def in_process_plugin() -> Iterator[RegisterPlugin]:
    """`register(obj, name)` registers an in-process plugin; each is removed in `finally`."""
    names: list[str] = []

    def register(plugin: object, name: str) -> None:
        register_plugin(plugin, name=name)
        names.append(name)

    try:
        yield register
    finally:
        for name in reversed(names):
            unregister_plugin(name)


@pytest.fixture
def plugin_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A monkeypatch with neither plugin environment variable set; the test sets its own."""
    monkeypatch.delenv(LOAD_ENV, raising=False)
    monkeypatch.delenv(DISABLE_ENV, raising=False)
    return monkeypatch


@pytest.fixture
def fake_distribution(tmp_path: Path, plugin_env: pytest.MonkeyPatch) -> Iterator[FakeDistribution]:
    """`make(name, version, entry_points={ep: module}, modules={module: source})`.

    Writes the modules and a `.dist-info` (METADATA, entry_points.txt) into a directory put
    on `sys.path`, which is what an installed distribution looks like to
    `importlib.metadata`; the modules are dropped from `sys.modules` afterwards.
    """
    site = tmp_path / "site-packages"
    site.mkdir()
    plugin_env.syspath_prepend(str(site))
    imported: list[str] = []

    def make(
        name: str, version: str, *, entry_points: dict[str, str], modules: dict[str, str]
    ) -> Path:
        for module, source in modules.items():
            (site / f"{module}.py").write_text(source)
            imported.append(module)
        info = site / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        lines = [f"{ep} = {target}" for ep, target in entry_points.items()]
        (info / "entry_points.txt").write_text("[autograd_core]\n" + "\n".join(lines) + "\n")
        importlib.invalidate_caches()  # the finders cache directory listings
        return info

    try:
        yield make
    finally:
        for module in imported:
            sys.modules.pop(module, None)


@pytest.fixture
def without_cyclic_gc() -> Iterator[None]:
    """Only reference counting may free anything during the test (the memory contract)."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
