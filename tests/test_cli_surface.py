"""`autograd-core --version`, the usage with no arguments, and `functions NAME`."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from importlib import metadata

import pytest

import autograd_core.functions as F
from autograd_core.cli import main


def test_no_arguments_print_the_usage_and_exit_0() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "autograd_core"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: autograd-core")
    for command in ("functions", "plugins", "check", "demo", "--version"):
        assert command in done.stdout
    assert done.stderr == ""


def test_version_names_the_core_and_every_loaded_plugin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"autograd-core {metadata.version('autograd-core')}"
    rows = {line.split()[0]: line.split()[1:] for line in lines[4:] if line.strip()}
    assert set(rows) == {p.name for p in F.registry.plugins}
    for plugin in F.registry.plugins:
        assert plugin.distribution is not None and plugin.version is not None
        assert rows[plugin.name] == [plugin.distribution, metadata.version(plugin.distribution)]


def test_functions_name_shows_signature_origin_and_docstring(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["functions", "sum", "clip"]) == 0
    out = capsys.readouterr().out
    blocks = out.split("\n\n")
    assert blocks[0].splitlines()[0] == (
        "sum(x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False)"
        " -> Variable"
    )
    assert "plugin 'tensor' (autograd-core-tensor" in blocks[0]
    assert "autograd_core_tensor.reduce.Sum" in blocks[0]
    assert "The sum of the elements along `axis`" in blocks[1]
    assert "clip(x: Input, /, low: Scalar, high: Scalar) -> Variable" in out
    doc = inspect.getdoc(F.clip)
    assert doc is not None and doc in out


def test_functions_json_carries_signatures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["functions", "--json", "linear"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["signature"] == "linear(x: Input, W: Input, /, b: Input | None = None) -> Variable"
    assert entry["doc"] == F.linear.__doc__


def test_functions_with_an_unknown_name_exits_2_naming_close_matches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["functions", "tahn"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("autograd-core: error: no function named 'tahn'")
    assert "'tanh'?" in err and "did you mean" in err and len(err.strip().splitlines()) == 1
