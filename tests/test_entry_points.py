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
import json, sys, warnings
import numpy as np
import autograd_core.functions as F
from autograd_core import Variable

out = {"imported_on_import": "autograd_core_cube" in sys.modules}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    F.registry.ensure_loaded()
out["warnings"] = [[w.category.__name__, str(w.message)] for w in caught]
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
    out = venv.look_up_cube(pythonpath=site)
    error = out["error"]
    assert "DuplicateFunctionError" in error["types"] and "PluginError" in error["types"]
    ((category, warned),) = out["warnings"]
    assert category == "PluginWarning" and warned.startswith(error["message"])
    message = error["message"]
    assert "'cube'" in message
    assert f"plugin 'cube' (autograd-core-cube {CUBE_VERSION})" in message
    assert "plugin 'cubeclash' (autograd-core-cubeclash 0.2.0)" in message
    assert "AUTOGRAD_CORE_DISABLE_PLUGINS=cube or AUTOGRAD_CORE_DISABLE_PLUGINS=cubeclash" in (
        message
    )
    # Disabling either one is the way out.
    out = venv.look_up_cube({"AUTOGRAD_CORE_DISABLE_PLUGINS": "cube"}, pythonpath=site)
    assert (out["plugin"], out["module"]) == ("cubeclash", "autograd_core_cubeclash")
    np.testing.assert_allclose(out["grad"], 3 * np.array(POINT) ** 2)


def test_a_plugin_that_fails_to_import_is_reported_and_cube_still_works(venv: Venv) -> None:
    site = site_with(venv, "autograd-core-broken", "0.3.0", "broken", BROKEN_INIT)
    out = venv.look_up_cube(pythonpath=site)
    assert "error" not in out, out
    assert out["plugin"] == "cube" and out["plugins"] == ["builtin", "cube"]
    np.testing.assert_allclose(out["grad"], 3 * np.array(POINT) ** 2)
    ((category, message),) = out["warnings"]
    assert category == "PluginWarning"
    assert message.startswith("plugin 'broken' (autograd-core-broken 0.3.0) is broken")
    assert "cannot import its entry point 'broken' = 'autograd_core_broken'" in message
    assert "ImportError: autograd-core-broken needs libbroken, which is missing" in message
    assert "AUTOGRAD_CORE_DISABLE_PLUGINS=broken" in message
    quiet = venv.look_up_cube({"AUTOGRAD_CORE_DISABLE_PLUGINS": "broken"}, pythonpath=site)
    assert quiet["plugin"] == "cube" and quiet["warnings"] == []


# Every kind of broken plugin at once, installed together into one directory: each is
# reported once, takes down only what it touches, and the command line says so.

TYPO_INIT = """\
from autograd_core import hookimpl


@hookimpl
def register_function(registry):
    pass
"""

NO_HOOKIMPL_INIT = """\
from autograd_core.extend import Function


class Twice(Function):
    def forward(self, x):
        return 2 * x

    def backward(self, gy):
        return 2 * gy


def register_functions(registry):
    registry.register("twice", Twice)
"""

RAISES_INIT = """\
from autograd_core import hookimpl
from autograd_core.extend import Function


class Half(Function):
    def forward(self, x):
        return x / 2

    def backward(self, gy):
        return gy / 2


@hookimpl
def register_functions(registry):
    registry.register("half", Half)
    raise RuntimeError("half needs a GPU")
"""

CLASH_AND_MORE_INIT = CLASH_INIT + """

class CubePlus(Function):
    def forward(self, x):
        return x * x * x + x

    def backward(self, gy):
        (x,) = self.inputs
        return gy * (3 * x * x + 1)


@hookimpl
def register_functions(registry):
    registry.register("cube", OtherCube)
    registry.register("cube_plus", CubePlus)
"""

BROKEN = {  # entry point: (distribution, version, module source, what the cause says)
    "broken": ("autograd-core-broken", "0.3.0", BROKEN_INIT, "ImportError: autograd-core-broken"),
    "typo": ("autograd-core-typo", "0.4.0", TYPO_INIT, "did you mean 'register_functions'?"),
    "nohook": ("autograd-core-nohook", "0.5.0", NO_HOOKIMPL_INIT, "without @hookimpl"),
    "raises": ("autograd-core-raises", "0.6.0", RAISES_INIT, "RuntimeError: half needs a GPU"),
    "cubeplus": ("autograd-core-cubeplus", "0.7.0", CLASH_AND_MORE_INIT, "'cube'"),
}

BROKEN_PROBE = """\
import json, sys, warnings
import numpy as np
import autograd_core.functions as F
from autograd_core import DuplicateFunctionError, Variable

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    names = list(F.registry)
out = {
    "warnings": [[w.category.__name__, str(w.message)] for w in caught],
    "functions": names,
    "broken": {b.plugin.name: b.cause for b in F.registry.broken},
}
try:
    F.cube(np.array(2.0))
except DuplicateFunctionError as exc:
    out["cube_error"] = str(exc)
x = Variable(np.array(json.loads(sys.argv[1])))
y = F.cube_plus(x)
y.backward()
out["cube_plus"] = [y.data.tolist(), x.grad.data.tolist()]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def broken_site(venv: Venv) -> Path:
    """The five broken distributions, installed with one pip call into one directory."""
    sources, where = [], venv.root / "broken"
    for entry, (name, version, init, _) in BROKEN.items():
        sources.append(write_distribution(where / name, name, version, entry, init))
    site = venv.root / "broken-site"
    venv.pip("--no-build-isolation", "--no-deps", "--target", site, *sources)
    (venv.root / "broken_probe.py").write_text(BROKEN_PROBE)
    return site


def test_each_broken_plugin_is_reported_once_and_takes_down_only_its_own(
    venv: Venv, broken_site: Path
) -> None:
    done = run(
        [venv.python, venv.root / "broken_probe.py", json.dumps(POINT)],
        cwd=venv.root,
        env=venv.env(pythonpath=broken_site),
    )
    out = json.loads(done.stdout)
    messages = [m for c, m in out["warnings"] if c == "PluginWarning"]
    assert len(messages) == len(out["warnings"]) == 5  # four broken plugins and one clash
    for entry, (name, version, _, cause) in BROKEN.items():
        if entry == "cubeplus":
            continue
        (message,) = [m for m in messages if m.startswith(f"plugin {entry!r}")]
        assert message.startswith(f"plugin {entry!r} ({name} {version}) is broken")
        assert cause in message and f"AUTOGRAD_CORE_DISABLE_PLUGINS={entry}" in message
    (clash,) = [m for m in messages if m.startswith("function 'cube'")]
    both = f"plugin 'cube' (autograd-core-cube {CUBE_VERSION}) and plugin 'cubeplus' "
    assert both + "(autograd-core-cubeplus 0.7.0)" in clash
    # the clashing name raises, naming both plugins and the remedy
    assert out["cube_error"] == clash.split("; every other function")[0]
    assert "AUTOGRAD_CORE_DISABLE_PLUGINS=cube or AUTOGRAD_CORE_DISABLE_PLUGINS=cubeplus" in (
        out["cube_error"]
    )
    # every other function works: the clashing plugin's other one, and the built-in ones
    x = np.array(POINT)
    np.testing.assert_allclose(out["cube_plus"][0], x**3 + x)
    np.testing.assert_allclose(out["cube_plus"][1], 3 * x**2 + 1)
    assert "add" in out["functions"] and "cube_plus" in out["functions"]
    assert not {"cube", "half", "twice"} & set(out["functions"])
    assert sorted(out["broken"]) == ["broken", "cube", "cubeplus", "nohook", "raises", "typo"]
    assert out["broken"]["cube"] == (
        "registers 'cube', which plugin 'cubeplus' (autograd-core-cubeplus 0.7.0) also registers"
    )


def test_as_an_error_the_warning_is_chained_to_its_cause(venv: Venv, broken_site: Path) -> None:
    probe = venv.root / "chained_probe.py"
    probe.write_text(
        "import json\n"
        "import autograd_core.functions as F\n"
        "from autograd_core import PluginWarning\n"
        "try:\n"
        "    'add' in F.registry\n"
        "except PluginWarning as exc:\n"
        "    cause = exc.__cause__\n"
        "    print(json.dumps([str(exc), type(cause).__name__, str(cause)]))\n"
    )
    done = subprocess.run(
        [venv.python, "-W", "error::autograd_core.PluginWarning", probe],
        cwd=venv.root,
        env=venv.env(pythonpath=broken_site),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    message, cause_type, cause = json.loads(done.stdout)
    assert message.startswith("plugin 'broken' (autograd-core-broken 0.3.0) is broken")
    assert (cause_type, cause) == (
        "ImportError",
        "autograd-core-broken needs libbroken, which is missing",
    )


def test_the_command_line_lists_broken_plugins_and_check_fails(
    venv: Venv, broken_site: Path
) -> None:
    cli = venv.python.parent / "autograd-core"
    env = venv.env(pythonpath=broken_site)
    done = subprocess.run(
        [cli, "plugins"], cwd=venv.root, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    warnings = done.stderr.strip().splitlines()
    assert len(warnings) == 5 and all(w.startswith("autograd-core: warning: ") for w in warnings)
    listing = done.stdout.split("broken plugins (6), reported by PluginWarning:\n")[1]
    for entry, (name, version, _, _) in BROKEN.items():
        assert f"  plugin {entry!r} ({name} {version}): " in listing
    assert "did you mean 'register_functions'?" in listing
    table = done.stdout.split("\n\n")[0].splitlines()[2:]
    rows = {line.split()[0]: line.split()[1:] for line in table}
    assert list(rows) == ["builtin", "cube", "cubeplus"]  # the loaded ones
    assert rows["cubeplus"] == ["autograd-core-cubeplus", "0.7.0", "1"]  # cube_plus alone
    assert rows["cube"] == ["autograd-core-cube", CUBE_VERSION, "0"]

    checked = subprocess.run(
        [cli, "check", "cube_plus", "add"],
        cwd=venv.root, env=env, capture_output=True, text=True, check=False,
    )
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "all checks passed" not in checked.stdout and "FAILED" not in checked.stderr
    for entry in BROKEN:
        assert f"BROKEN plugin {entry!r} (" in checked.stderr
    assert "6 plugin(s) broken" in checked.stderr and "Traceback" not in checked.stderr

    clash = subprocess.run(
        [cli, "check", "cube"], cwd=venv.root, env=env, capture_output=True, text=True, check=False
    )
    assert clash.returncode == 2 and "Traceback" not in clash.stderr
    assert "autograd-core: error: function 'cube' is registered by" in clash.stderr
