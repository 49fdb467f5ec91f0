"""Entry points for real: plugin distributions pip-installed into a fresh virtual environment.

As simonw/llm's test-llm-load-plugins does: a new venv gets the core and the example
distribution autograd-core-cube (built from copies of this repository, not editable), and
subprocesses of that venv's Python show what a user would see. Two more distributions,
written here, are installed with `pip install --target` into directories put on PYTHONPATH
only for the runs that need them, so each test sees exactly the distributions it names.
pip needs the package index (or its cache) for setuptools, numpy, pluggy and pytest: when
it cannot reach them this test fails, with pip's output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "autograd-core-cube"
CUBE_VERSION = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["project"]["version"]
POINT = [-1.5, 0.25, 2.0]

# Run in the venv: looks `cube` up and reports what happened, as JSON on stdout.
PROBE = """\
import json, sys
import numpy as np
import autograd_core.functions as F
from autograd_core import Variable

out = {"imported_on_import": "autograd_core_cube" in sys.modules}
try:
    info = F.registry.info("cube")
    x = Variable(np.array(json.loads(sys.argv[1])))
    y = F.cube(x)
    y.backward()
except Exception as exc:
    cause = exc.__cause__
    out["error"] = {
        "types": [t.__name__ for t in type(exc).__mro__],
        "message": str(exc),
        "cause": None if cause is None else [type(cause).__name__, str(cause)],
    }
else:
    out.update(
        value=y.data.tolist(),
        grad=x.grad.data.tolist(),
        plugin=info.plugin.name,
        distribution=info.distribution,
        version=info.version,
        module=info.cls.__module__,
        plugins=[p.name for p in F.registry.plugins],
    )
print(json.dumps(out))
"""

CLASH_INIT = """\
from autograd_core import Function, hookimpl


class OtherCube(Function):
    def forward(self, x):
        return x * x * x

    def backward(self, gy):
        (x,) = self.inputs
        return gy * 3 * x * x


@hookimpl
def register_functions(registry):
    registry.register("cube", OtherCube)
"""

BROKEN_INIT = 'raise ImportError("autograd-core-broken needs libbroken, which is missing")\n'

# What a subprocess may not inherit from the test run.
SCRUBBED = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONSAFEPATH"}


class Venv:
    """A virtual environment in a temporary directory, with pip and a Python to run probes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.python = root / "venv" / "bin" / "python"
        self.probe = root / "probe.py"
        self.probe.write_text(PROBE)
        run([sys.executable, "-m", "venv", str(root / "venv")], cwd=root)

    def env(
        self, variables: dict[str, str] | None = None, *, pythonpath: Path | None = None
    ) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in SCRUBBED and not k.startswith("AUTOGRAD_CORE_")
        }
        if pythonpath is not None:
            env["PYTHONPATH"] = str(pythonpath)
        return env | (variables or {})

    def pip(self, *args: str | Path) -> None:
        run(
            [self.python, "-m", "pip", "--disable-pip-version-check", "install", *args],
            cwd=self.root,
            env=self.env(),
        )

    def look_up_cube(
        self, variables: dict[str, str] | None = None, *, pythonpath: Path | None = None
    ) -> dict[str, Any]:
        done = run(
            [self.python, self.probe, json.dumps(POINT)],
            cwd=self.root,
            env=self.env(variables, pythonpath=pythonpath),
        )
        result: dict[str, Any] = json.loads(done.stdout)
        return result


def run(
    args: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, args))} exited with {done.returncode}\n"
            f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}",
            pytrace=False,
        )
    return done


def copy_tree(src: Path, dst: Path) -> Path:
    """A clean copy to build from: the build leaves its files there, not in the repository."""
    shutil.copytree(
        src,
        dst,
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist", ".*"),
    )
    return dst


def write_distribution(where: Path, name: str, version: str, entry: str, init: str) -> Path:
    """A minimal plugin distribution `name` whose module `entry` holds `init`."""
    module = name.replace("-", "_")
    (where / "src" / module).mkdir(parents=True)
    (where / "src" / module / "__init__.py").write_text(init)
    (where / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=77"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        f'[project]\nname = "{name}"\nversion = "{version}"\n'
        'dependencies = ["autograd-core"]\n\n'
        f'[project.entry-points.autograd_core]\n{entry} = "{module}"\n'
    )
    return where


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """A fresh venv holding autograd-core and autograd-core-cube, plus pytest."""
    root = tmp_path_factory.mktemp("entry-points")
    venv = Venv(root)
    core = root / "autograd-core"
    copy_tree(ROOT / "src", core / "src")
    for name in ["pyproject.toml", "README.md"]:
        if (ROOT / name).exists():  # a missing README fails the build below, loudly
            shutil.copy(ROOT / name, core / name)
    copy_tree(EXAMPLE, root / "autograd-core-cube")
    venv.pip("setuptools>=77", "numpy", "pluggy", f"pytest=={pytest.__version__}")
    venv.pip("--no-build-isolation", core, root / "autograd-core-cube")
    return venv


def site_with(venv: Venv, name: str, version: str, entry: str, init: str) -> Path:
    """Install a distribution written here into its own directory, for PYTHONPATH."""
    source = write_distribution(venv.root / name, name, version, entry, init)
    site = venv.root / f"{name}-site"
    venv.pip("--no-build-isolation", "--no-deps", "--target", site, source)
    return site


def test_the_installed_plugin_is_found_and_differentiates(venv: Venv) -> None:
    out = venv.look_up_cube()
    assert "error" not in out, out
    assert out["imported_on_import"] is False  # loading waits for the first look-up
    x = np.array(POINT)
    np.testing.assert_allclose(out["value"], x**3)
    np.testing.assert_allclose(out["grad"], 3 * x**2)
    assert (out["plugin"], out["distribution"], out["version"]) == (
        "cube",
        "autograd-core-cube",
        CUBE_VERSION,
    )
    assert out["module"] == "autograd_core_cube"
    assert out["plugins"] == ["builtin", "cube"]


@pytest.mark.parametrize(
    "variables",
    [{"AUTOGRAD_CORE_LOAD_PLUGINS": ""}, {"AUTOGRAD_CORE_DISABLE_PLUGINS": "cube"}],
    ids=["load-none", "disable-cube"],
)
def test_the_environment_variables_hide_it(venv: Venv, variables: dict[str, str]) -> None:
    error = venv.look_up_cube(variables)["error"]
    assert "UnknownFunctionError" in error["types"] and "AttributeError" in error["types"]
    assert "'cube'" in error["message"]
    assert "loaded plugins: builtin)" in error["message"]


def test_an_allow_list_naming_it_loads_it(venv: Venv) -> None:
    out = venv.look_up_cube({"AUTOGRAD_CORE_LOAD_PLUGINS": "cube"})
    assert out["plugins"] == ["builtin", "cube"]
    np.testing.assert_allclose(out["grad"], 3 * np.array(POINT) ** 2)


def test_the_example_distributions_own_tests_pass(venv: Venv) -> None:
    example = venv.root / "autograd-core-cube"
    done = run(
        [venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=example,
        env=venv.env(),
    )
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout


def test_a_second_plugin_registering_cube_is_an_error_naming_both(venv: Venv) -> None:
    site = site_with(venv, "autograd-core-cubeclash", "0.2.0", "cubeclash", CLASH_INIT)
    error = venv.look_up_cube(pythonpath=site)["error"]
    assert "DuplicateFunctionError" in error["types"] and "PluginError" in error["types"]
    message = error["message"]
    assert "'cube'" in message
    assert f"plugin 'cube' (autograd-core-cube {CUBE_VERSION})" in message
    assert "plugin 'cubeclash' (autograd-core-cubeclash 0.2.0)" in message
    # Disabling either one is the way out.
    out = venv.look_up_cube({"AUTOGRAD_CORE_DISABLE_PLUGINS": "cube"}, pythonpath=site)
    assert (out["plugin"], out["module"]) == ("cubeclash", "autograd_core_cubeclash")
    np.testing.assert_allclose(out["grad"], 3 * np.array(POINT) ** 2)


def test_a_plugin_that_fails_to_import_names_its_entry_point(venv: Venv) -> None:
    site = site_with(venv, "autograd-core-broken", "0.3.0", "broken", BROKEN_INIT)
    error = venv.look_up_cube(pythonpath=site)["error"]
    assert "PluginImportError" in error["types"]
    message = error["message"]
    assert "entry point 'broken'" in message
    assert "autograd-core-broken 0.3.0" in message
    assert "AUTOGRAD_CORE_DISABLE_PLUGINS=broken" in message
    assert error["cause"] == [
        "ImportError",
        "autograd-core-broken needs libbroken, which is missing",
    ]
    out = venv.look_up_cube({"AUTOGRAD_CORE_DISABLE_PLUGINS": "broken"}, pythonpath=site)
    assert out["plugin"] == "cube"
