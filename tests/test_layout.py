"""The package's layout, read from the source: no import circles, and plugins import only
the public modules (the bar in the developers' guide, and STYLE.md's "no import circles").

Imports are read with `ast`, wherever they are (module level or inside a function); those
under `if TYPE_CHECKING:` are annotations only and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "src" / "autograd_core"
PUBLIC = {
    "autograd_core",
    "autograd_core.extend",
    "autograd_core.functions",
    "autograd_core.functional",
    "autograd_core.hookspecs",
    "autograd_core.nn",
    "autograd_core.optim",
    "autograd_core.data",
    "autograd_core.testing",
}


def module_name(path: Path) -> str:
    """`src/autograd_core/_core/engine.py` -> `autograd_core._core.engine`."""
    parts = path.relative_to(CORE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str]) -> set[str]:
    """The autograd_core modules that `path` imports (outside `if TYPE_CHECKING:`)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for other in node.orelse:
                visit(other)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text()))
    return {m for m in found if m == "autograd_core" or m.startswith("autograd_core.")}


def test_no_module_of_the_core_imports_one_that_imports_it() -> None:
    paths = {module_name(p): p for p in CORE.rglob("*.py")}
    graph = {name: sorted(imported(path, set(paths)) - {name}) for name, path in paths.items()}
    assert "autograd_core._core.engine" in graph["autograd_core"]  # the graph was read
    # Depth-first search: a module met again while it is still on the path closes a circle.
    on_path: list[str] = []
    done: set[str] = set()
    circles: list[str] = []

    def visit(name: str) -> None:
        on_path.append(name)
        for nxt in graph.get(name, []):
            if nxt in on_path:
                circles.append(" -> ".join([*on_path[on_path.index(nxt) :], nxt]))
            elif nxt not in done:
                visit(nxt)
        on_path.pop()
        done.add(name)

    for name in sorted(graph):
        if name not in done:
            visit(name)
    assert circles == []


def test_the_standard_plugins_import_only_public_modules() -> None:
    plugin_sources = sorted((ROOT / "plugins").glob("*/src/**/*.py"))
    assert len(plugin_sources) >= 8
    modules = {module_name(p) for p in CORE.rglob("*.py")}
    private = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in plugin_sources
        for name in imported(path, modules)
        if name not in PUBLIC
    }
    assert private == set()
