"""The `autograd-core` command line, run as users run it: in a subprocess."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest

import autograd_core.functions as F
from autograd_core.testing import CHECKS

FakeDistribution = Callable[..., Path]  # the fixture of conftest.py

# Functions API.md promises, with the plugin that provides each.
EXPECTED = {
    "add": "builtin",
    "pow": "builtin",
    "sum_to": "builtin",
    "tanh": "math",
    "sigmoid": "math",
    "reshape": "tensor",
    "sum": "tensor",
    "linear": "nn",
    "mean_squared_error": "nn",
}
DISTRIBUTIONS = {
    "builtin": "autograd-core",
    "math": "autograd-core-math",
    "tensor": "autograd-core-tensor",
    "nn": "autograd-core-nn",
}

BROKEN_SQUARE = '''
from autograd_core import Function, hookimpl

class BrokenSquare(Function):
    def forward(self, x):
        return x ** 2
    def backward(self, gy):
        (x,) = self.inputs
        return 3 * x * gy          # should be 2 * x * gy

@hookimpl
def register_functions(registry):
    registry.register("broken_square", BrokenSquare)
'''


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRAD_CORE_")}
    env.update(extra)
    return env


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "autograd_core", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env or clean_env(),
        cwd=cwd,
        check=False,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], status: int) -> str:
    assert done.returncode == status, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("autograd-core: error: ")
    return lines[0]


def table_rows(stdout: str) -> list[list[str]]:
    """The rows under the header and its rule of dashes, split on runs of spaces."""
    lines = stdout.splitlines()
    assert set(lines[1].replace(" ", "")) == {"-"}
    return [line.split() for line in lines[2:] if line.strip()]


def test_the_console_script_is_installed_next_to_python() -> None:
    script = Path(sys.executable).parent / "autograd-core"
    assert script.is_file() and os.access(script, os.X_OK)
    done = subprocess.run(
        [str(script), "plugins", "--json"], capture_output=True, text=True, check=False,
        env=clean_env(), timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(run("plugins", "--json").stdout)


def test_functions_lists_every_function_with_plugin_distribution_and_version() -> None:
    done = run("functions")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].split() == ["function", "plugin", "distribution", "version"]
    rows = {r[0]: r[1:] for r in table_rows(done.stdout)}
    assert set(rows) == set(F.registry)
    for name, plugin in EXPECTED.items():
        dist = DISTRIBUTIONS[plugin]
        assert rows[name] == [plugin, dist, metadata.version(dist)]


def test_functions_json() -> None:
    done = run("functions", "--json")
    assert done.returncode == 0, done.stderr
    entries = {e["name"]: e for e in json.loads(done.stdout)}
    assert set(entries) == set(F.registry)
    for name, plugin in EXPECTED.items():
        dist = DISTRIBUTIONS[plugin]
        assert entries[name]["plugin"] == plugin
        assert entries[name]["distribution"] == dist
        assert entries[name]["version"] == metadata.version(dist)
    assert entries["add"]["class"] == "autograd_core._core.arithmetic.Add"


def test_plugins_counts_agree_with_the_functions_listing() -> None:
    functions = json.loads(run("functions", "--json").stdout)
    counts = {p: sum(1 for f in functions if f["plugin"] == p) for p in DISTRIBUTIONS}
    table = run("plugins")
    assert table.returncode == 0, table.stderr
    rows = {r[0]: r[1:] for r in table_rows(table.stdout)}
    data = {p["name"]: p for p in json.loads(run("plugins", "--json").stdout)}
    for plugin, dist in DISTRIBUTIONS.items():
        version = metadata.version(dist)
        assert rows[plugin] == [dist, version, str(counts[plugin])]
        assert data[plugin] == {
            "name": plugin,
            "distribution": dist,
            "version": version,
            "functions": counts[plugin],
            "broken": None,
        }
    assert counts["builtin"] == 8  # add sub mul div neg pow sum_to broadcast_to


def test_check_on_named_functions_passes_and_tables_each_check() -> None:
    done = run("check", "tanh", "add", "linear")
    assert done.returncode == 0, done.stdout + done.stderr
    header, *_ = done.stdout.splitlines()
    assert header.split() == ["function", "samples", *CHECKS]
    rows = {r[0]: r for r in table_rows(done.stdout.split("\n\n")[0])}
    assert set(rows) == {"tanh", "add", "linear"}
    for row in rows.values():
        # every check passes, but unused_outputs, which only applies to several outputs
        assert row.count("pass") == len(CHECKS) - 1 and "FAIL" not in row
        assert row[-2] == "n/a" and CHECKS[-2] == "unused_outputs"
    assert "all checks passed" in done.stdout
    assert "[1/3] checking tanh" in done.stderr and "[3/3] checking linear" in done.stderr


def test_check_fails_with_status_1_naming_the_function_and_the_check(
    fake_distribution: FakeDistribution,
) -> None:
    info = fake_distribution(
        "autograd-core-broken",
        "0.3",
        entry_points={"broken": "broken_square_plugin"},
        modules={"broken_square_plugin": BROKEN_SQUARE},
    )
    env = clean_env(PYTHONPATH=str(info.parent))
    done = run("check", "broken_square", "square", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    rows = {r[0]: r for r in table_rows(done.stdout.split("\n\n")[0])}
    assert rows["broken_square"][2] == "FAIL"
    assert float(rows["broken_square"][3]) > 1e-3  # the failure's own error, not a pass's
    assert rows["square"][2] == "pass"
    assert "FAILED broken_square: gradient: broken_square: gradient failed" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_an_unknown_name_exits_2_naming_close_matches() -> None:
    line = assert_one_line_error(run("check", "tanh", "tahn"), 2)
    assert "'tahn'" in line and "did you mean " in line and "'tanh'" in line  # 'tan' too


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["functions", "--bogus"], "unrecognized arguments: --bogus"),
        (["check", "--seed", "many"], "invalid int value: 'many'"),
        (["demo", "--dot"], "--dot: expected one argument"),
        (["demo", "--dot", "graph.txt"], "must end in .dot"),
        (["demo", "--dot", "no/such/dir/graph.dot"], "does not exist"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], expected: str) -> None:
    done = run(*args)
    assert expected in assert_one_line_error(done, 2)
    assert done.stdout == ""


def test_rendering_without_graphviz_exits_2_suggesting_a_dot_file(tmp_path: Path) -> None:
    done = run("demo", "--dot", "graph.png", env=clean_env(PATH=str(tmp_path)), cwd=tmp_path)
    line = assert_one_line_error(done, 2)
    assert "Graphviz is not installed" in line and "--dot graph.dot" in line
    assert not (tmp_path / "graph.png").exists()


def test_rendering_calls_graphviz_dot_on_path(tmp_path: Path) -> None:
    """A stand-in `dot` records its arguments and writes the DOT text it reads to -o FILE."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "args = sys.argv[1:]\n"
        "out = args[args.index('-o') + 1]\n"
        "open(out, 'w').write(' '.join(args) + '\\n' + sys.stdin.read())\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    target = tmp_path / "graph.svg"
    env = clean_env(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    done = run("demo", "--dot", str(target), env=env)
    assert done.returncode == 0, done.stderr
    args, text = target.read_text().split("\n", 1)
    assert args == f"-Tsvg -o {target}"
    assert text.startswith("digraph") and 'label="Linear"' in text


def test_a_broken_plugin_is_a_one_line_warning_and_check_exits_1(
    fake_distribution: FakeDistribution,
) -> None:
    info = fake_distribution(
        "autograd-core-ghost", "1.2", entry_points={"ghost": "no_such_module_for_ghost"}, modules={}
    )
    env = clean_env(PYTHONPATH=str(info.parent))
    done = run("functions", env=env)
    assert done.returncode == 0, done.stderr  # everything else still works
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("autograd-core: warning: plugin 'ghost' (autograd-core-ghost 1.2)")
    assert "ModuleNotFoundError: No module named 'no_such_module_for_ghost'" in line
    assert "AUTOGRAD_CORE_DISABLE_PLUGINS=ghost" in line
    assert {r[0] for r in table_rows(done.stdout)} == set(F.registry)

    listing = run("plugins", env=env)
    assert listing.returncode == 0
    assert "broken plugins (1)" in listing.stdout
    assert "plugin 'ghost' (autograd-core-ghost 1.2): cannot import its entry point" in (
        listing.stdout
    )
    (entry,) = [p for p in json.loads(run("plugins", "--json", env=env).stdout) if p["broken"]]
    assert entry["name"] == "ghost" and entry["functions"] == 0
    assert "no_such_module_for_ghost" in entry["broken"]

    checked = run("check", "square", env=env)
    assert checked.returncode == 1  # square passes, but a plugin is broken
    assert "BROKEN plugin 'ghost' (autograd-core-ghost 1.2)" in checked.stderr
    assert "1 plugin(s) broken" in checked.stderr and "Traceback" not in checked.stderr
    assert run("check", "square", env=clean_env(**env, AUTOGRAD_CORE_DISABLE_PLUGINS="ghost")) \
        .returncode == 0


def test_the_warning_as_an_error_is_one_line_exit_1(fake_distribution: FakeDistribution) -> None:
    info = fake_distribution(
        "autograd-core-ghost", "1.2", entry_points={"ghost": "no_such_module_for_ghost"}, modules={}
    )
    done = subprocess.run(
        [sys.executable, "-W", "error::autograd_core.PluginWarning", "-m", "autograd_core",
         "functions"],
        capture_output=True, text=True, timeout=120, check=False,
        env=clean_env(PYTHONPATH=str(info.parent)),
    )
    assert done.returncode == 1 and done.stdout == ""
    lines = [ln for ln in done.stderr.splitlines() if not ln.startswith("Invalid -W option")]
    assert len(lines) == 1 and lines[0].startswith("autograd-core: error: plugin 'ghost'")


def test_a_typo_in_the_disable_list_is_a_warning_naming_the_installed_plugins() -> None:
    done = run("plugins", env=clean_env(AUTOGRAD_CORE_DISABLE_PLUGINS="mathh"))
    assert done.returncode == 0
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("autograd-core: warning: AUTOGRAD_CORE_DISABLE_PLUGINS names")
    assert "not installed: mathh" in line and "did you mean 'math'" in line
    assert "installed: conv, math, nn, tensor" in line
    assert "math" in {r[0] for r in table_rows(done.stdout)}  # nothing was disabled


def test_a_typo_in_the_load_list_is_an_error() -> None:
    done = run("plugins", env=clean_env(AUTOGRAD_CORE_LOAD_PLUGINS="mathh"))
    line = assert_one_line_error(done, 1)
    assert "AUTOGRAD_CORE_LOAD_PLUGINS names plugins that are not installed: mathh" in line


@pytest.mark.parametrize("seed", ["-1", "-7"])
def test_a_negative_seed_exits_2_with_one_line(seed: str) -> None:
    line = assert_one_line_error(run("check", "tanh", "--seed", seed), 2)
    assert f"--seed: must be a non-negative integer, got {seed}" in line


def test_the_demo_without_its_plugins_exits_2_with_one_line() -> None:
    done = run("demo", env=clean_env(AUTOGRAD_CORE_LOAD_PLUGINS=""))
    line = assert_one_line_error(done, 2)
    assert "is registered (loaded plugins: builtin)" in line
    assert "AUTOGRAD_CORE_LOAD_PLUGINS=''" in line


def test_check_json_reports_every_check(fake_distribution: FakeDistribution) -> None:
    info = fake_distribution(
        "autograd-core-broken",
        "0.3",
        entry_points={"broken": "broken_square_plugin"},
        modules={"broken_square_plugin": BROKEN_SQUARE},
    )
    env = clean_env(PYTHONPATH=str(info.parent))
    done = run("check", "broken_square", "tanh", "--json", env=env)
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["passed"] is False and data["checks"] == list(CHECKS)
    assert data["broken_plugins"] == []
    reports = {r["function"]: r for r in data["functions"]}
    assert reports["tanh"]["passed"] is True
    assert [c["status"] for c in reports["tanh"]["checks"].values()] == [
        "n/a" if c == "unused_outputs" else "pass" for c in CHECKS
    ]
    gradient = reports["broken_square"]["checks"]["gradient"]
    assert gradient["status"] == "FAIL" and gradient["worst_error"] > 1e-3
    assert gradient["message"].startswith("broken_square: gradient failed on sample 1 of")
    failed = [c for c, r in reports["broken_square"]["checks"].items() if not r["passed"]]
    assert failed == ["gradient"]  # 3x instead of 2x: linear, repeatable, only wrong


def test_help_exits_0() -> None:
    done = run("--help")
    assert done.returncode == 0
    for command in ("functions", "plugins", "check", "demo"):
        assert command in done.stdout


RAW_SQUARE = '''
import numpy as np
from autograd_core import Function, Variable, hookimpl

class RawSquare(Function):
    def forward(self, x):
        return x ** 2
    def backward(self, gy):
        (x,) = self.inputs
        return Variable(np.asarray(2 * x.data * gy.data))   # right once, not twice

@hookimpl
def register_functions(registry):
    registry.register(
        "raw_square", RawSquare, expected_failures={"second_derivative": "raw arrays, on purpose"}
    )
'''


def test_check_shows_an_expected_failure_as_expected_and_exits_0(
    fake_distribution: FakeDistribution,
) -> None:
    info = fake_distribution(
        "autograd-core-raw", "0.1", entry_points={"raw": "raw_square_plugin"},
        modules={"raw_square_plugin": RAW_SQUARE},
    )
    done = run("check", "raw_square", env=clean_env(PYTHONPATH=str(info.parent)))
    assert done.returncode == 0, done.stdout + done.stderr
    (row,) = table_rows(done.stdout.split("\n\n")[0])
    assert row.count("xfail") == 1 and "FAIL" not in row and "XPASS" not in row
    assert "expected failure raw_square: second_derivative: raw arrays, on purpose" in done.stdout
    assert "all checks passed" in done.stdout
