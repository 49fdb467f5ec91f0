"""The README's table of functions lists every standard function, with the signature F takes."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import autograd_core.functions as F

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
STANDARD = {"builtin", "math", "tensor", "nn", "conv"}


def table() -> dict[str, str]:
    """Each function of the README's Functions table: its name and the parameter list shown."""
    section = README.split("\n## Functions\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return dict(re.findall(r"`(\w+)\(([^`]*)\)`", "\n".join(rows)))


def shown(name: str) -> str:
    """`inspect.signature(F.name)` as the table writes it: names and defaults, no types."""
    parts: list[str] = []
    params = list(inspect.signature(F.registry.caller(name)).parameters.values())
    for i, p in enumerate(params):
        if p.kind is p.VAR_POSITIONAL:
            parts.append("*" + p.name)
            continue
        parts.append(p.name if p.default is p.empty else f"{p.name}={p.default!r}")
        last_input = p.kind is p.POSITIONAL_ONLY and (
            i + 1 == len(params) or params[i + 1].kind is not p.POSITIONAL_ONLY
        )
        if last_input and i + 1 < len(params):
            parts.append("/")
    return ", ".join(parts)


def test_every_standard_function_is_in_the_table_with_its_signature() -> None:
    listed = table()
    standard = [n for n in F.registry if F.registry.info(n).plugin.name in STANDARD]
    assert len(standard) >= 64
    missing = sorted(set(standard) - set(listed))
    assert missing == [], f"add these to the README's Functions table: {missing}"
    for name in standard:
        assert listed[name] == shown(name), name


def test_the_table_lists_nothing_that_is_not_registered() -> None:
    assert sorted(set(table()) - set(F.registry)) == []
