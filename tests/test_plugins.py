"""Plugins in process: register_plugin, hook errors, duplicates, environment variables.

Entry points are exercised here through fake installed distributions (a `.dist-info` on
`sys.path`); tests/test_entry_points.py installs real ones into a fresh virtual environment.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import (
    Array,
    DuplicateFunctionError,
    Function,
    FunctionRegistry,
    PluginError,
    PluginHookError,
    PluginInfo,
    PluginWarning,
    UnknownFunctionError,
    Variable,
    gradcheck,
    gradgradcheck,
    hookimpl,
    register_plugin,
    unregister_plugin,
)
from autograd_core._plugins.loading import DISABLE_ENV, LOAD_ENV, load_all

RegisterPlugin = Callable[[object, str], None]  # the fixtures of conftest.py
FakeDistribution = Callable[..., Path]

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "autograd-core-cube"


class Double(Function):
    """`2 x`."""

    def forward(self, x: Array) -> Array:
        return 2 * x

    def backward(self, gy: Variable) -> Variable:
        return 2 * gy


class ScaledCube(Function):
    """`a * x ** 3` with a keyword parameter `a`."""

    def __init__(self, *, a: float) -> None:
        super().__init__()
        self.a = a

    def forward(self, x: Array) -> Array:
        return self.a * x**3

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * (3 * self.a) * x**2


def plugin_module(name: str, **functions: type[Function]) -> ModuleType:
    """A module-like plugin whose hook registers `functions`."""

    @hookimpl
    def register_functions(registry: FunctionRegistry) -> None:
        for fname, cls in functions.items():
            registry.register(fname, cls)

    return module_with(name, register_functions=register_functions)


def module_with(name: str, **attributes: object) -> ModuleType:
    """A module object holding `attributes`, as an imported plugin module would."""
    module = ModuleType(name)
    module.__dict__.update(attributes)
    return module


def snapshot() -> tuple[dict[str, Any], list[PluginInfo]]:
    """Everything the global registry holds, to show that a failure changed nothing."""
    return {name: F.registry.info(name) for name in F.registry}, F.registry.plugins


# register_plugin / unregister_plugin


def test_a_module_plugin_registers_a_working_function(in_process_plugin: RegisterPlugin) -> None:
    in_process_plugin(plugin_module("scaledcube_mod", scaled_cube=ScaledCube), "scaledcube")
    info = F.registry.info("scaled_cube")
    assert (info.cls, info.plugin) == (ScaledCube, PluginInfo("scaledcube"))
    assert F.registry.functions_of("scaledcube") == ["scaled_cube"]
    data = np.array([-2.0, 0.5, 1.5])
    x = Variable(data)
    y = F.registry.caller("scaled_cube")(x, a=2.0)
    np.testing.assert_allclose(y.data, 2.0 * data**3)
    y.backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 6.0 * data**2)
    assert gradgradcheck(functools.partial(F.registry.caller("scaled_cube"), a=-0.5), data)


def test_a_plugin_object_with_a_hook_method(in_process_plugin: RegisterPlugin) -> None:
    class Plugin:
        def __init__(self, a: float) -> None:
            self.a = a

        @hookimpl
        def register_functions(self, registry: FunctionRegistry) -> None:
            a = self.a

            class Fixed(ScaledCube):
                def __init__(self) -> None:
                    super().__init__(a=a)

            registry.register("fixed_cube", Fixed)

    in_process_plugin(Plugin(4.0), "fixedcube")
    data = np.array([[1.0, -0.5], [0.25, 3.0]])
    x = Variable(data)
    y = F.registry.caller("fixed_cube")(x)
    np.testing.assert_allclose(y.data, 4.0 * data**3)
    y.backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 12.0 * data**2)


def test_unregister_removes_the_plugin_and_its_functions() -> None:
    before = snapshot()
    register_plugin(plugin_module("gone_mod", scaled_cube=ScaledCube), name="gone")
    try:
        assert "scaled_cube" in F.registry
        assert "gone" in [p.name for p in F.registry.plugins]
    finally:
        unregister_plugin("gone")
    assert snapshot() == before
    gone = "scaled_cube"  # F's attribute too: a name mypy does not know, looked up at run time
    with pytest.raises(UnknownFunctionError, match="scaled_cube"):
        getattr(F, gone)
    register_plugin(plugin_module("gone_mod", scaled_cube=ScaledCube), name="gone")
    unregister_plugin("gone")  # the name and the function are free again
    with pytest.raises(PluginError, match="'gone'"):
        unregister_plugin("gone")


def test_the_example_plugin_module_in_process(in_process_plugin: RegisterPlugin) -> None:
    """The example distribution's module, registered in process (it is not installed here)."""
    spec = importlib.util.spec_from_file_location(
        "autograd_core_cube_example", EXAMPLE / "src" / "autograd_core_cube" / "__init__.py"
    )
    assert spec is not None and spec.loader is not None
    cube = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cube)
    in_process_plugin(cube, "cube_example")
    info = F.registry.info("cube")
    assert info.cls is cube.Cube and info.plugin.name == "cube_example"
    data = np.array([-1.25, 0.0, 2.0])
    x = Variable(data)
    F.registry.caller("cube")(x).backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 3 * data**2)
    assert info.samples is not None
    for inputs, params in info.samples(np.random.default_rng(0)):
        f = functools.partial(F.registry.caller("cube"), **params)
        assert gradcheck(f, *inputs) and gradgradcheck(f, *inputs)


def test_a_plugin_name_can_be_registered_once(in_process_plugin: RegisterPlugin) -> None:
    in_process_plugin(plugin_module("once_mod", scaled_cube=ScaledCube), "once")
    before = snapshot()
    with pytest.raises(PluginError, match="'once' is already registered"):
        in_process_plugin(plugin_module("once_mod2"), "once")
    with pytest.raises(PluginError, match="'builtin' is already registered"):
        in_process_plugin(plugin_module("builtin_mod"), "builtin")
    assert snapshot() == before
    assert F.registry.get("scaled_cube") is ScaledCube


# Hook implementations that are wrong


def test_a_hook_with_a_wrong_signature_names_the_plugin(
    in_process_plugin: RegisterPlugin,
) -> None:
    @hookimpl
    def register_functions(reg: FunctionRegistry) -> None:
        reg.register("scaled_cube", ScaledCube)

    module = module_with("badsig_mod", register_functions=register_functions)
    before = snapshot()
    with pytest.raises(PluginHookError, match="plugin 'badsig'") as caught:
        in_process_plugin(module, "badsig")
    assert "reg" in str(caught.value)
    assert snapshot() == before
    with pytest.raises(PluginError, match="no in-process plugin named 'badsig'"):
        unregister_plugin("badsig")


def test_a_misspelled_hook_names_the_plugin_and_the_hook(
    in_process_plugin: RegisterPlugin,
) -> None:
    @hookimpl
    def register_function(registry: FunctionRegistry) -> None:
        registry.register("scaled_cube", ScaledCube)

    module = module_with("typo_mod", register_function=register_function)
    before = snapshot()
    with pytest.raises(PluginHookError, match=r"plugin 'typo'.*'register_function'"):
        in_process_plugin(module, "typo")
    assert snapshot() == before


def test_a_hook_that_raises_is_reported_with_its_cause(
    in_process_plugin: RegisterPlugin,
) -> None:
    original = RuntimeError("no GPU found")

    @hookimpl
    def register_functions(registry: FunctionRegistry) -> None:
        registry.register("scaled_cube", ScaledCube)
        raise original

    module = module_with("raises_mod", register_functions=register_functions)
    before = snapshot()
    with pytest.raises(PluginHookError, match=r"plugin 'raising'.*no GPU found") as caught:
        in_process_plugin(module, "raising")
    assert caught.value.__cause__ is original
    assert snapshot() == before  # what it registered before raising is gone


def test_two_plugins_registering_one_name(in_process_plugin: RegisterPlugin) -> None:
    in_process_plugin(plugin_module("first_mod", scaled_cube=ScaledCube), "first")
    before = snapshot()
    second = plugin_module("second_mod", double=Double, scaled_cube=Double)
    with pytest.raises(DuplicateFunctionError) as caught:
        in_process_plugin(second, "second")
    message = str(caught.value)
    assert "'scaled_cube'" in message
    assert "plugin 'first'" in message and "plugin 'second'" in message
    assert snapshot() == before  # 'double', registered first, is gone too
    assert F.registry.info("scaled_cube").plugin.name == "first"
    np.testing.assert_allclose(F.registry.caller("scaled_cube")(np.array(2.0), a=1.0).data, 8.0)


def test_a_plugin_taking_a_builtin_name_names_the_builtin_distribution(
    in_process_plugin: RegisterPlugin,
) -> None:
    with pytest.raises(DuplicateFunctionError) as caught:
        in_process_plugin(plugin_module("add_mod", add=ScaledCube), "adder")
    assert "'add'" in str(caught.value)
    assert "plugin 'builtin' (autograd-core " in str(caught.value)
    assert "plugin 'adder'" in str(caught.value)
    assert F.registry.info("add").plugin.name == "builtin"


class Abstract(Function):
    def forward(self, x: Array) -> Array:
        return x


@pytest.mark.parametrize(
    ("name", "cls", "cause", "named"),
    [
        ("f", int, TypeError, "<class 'int'>"),
        ("f", Abstract, TypeError, "does not define backward"),
        ("my-func", ScaledCube, ValueError, "'my-func'"),
        ("class", ScaledCube, ValueError, "'class'"),
    ],
)
def test_register_errors_name_the_plugin_and_the_value(
    in_process_plugin: RegisterPlugin,
    name: str,
    cls: type[Function],
    cause: type[Exception],
    named: str,
) -> None:
    before = snapshot()
    with pytest.raises(PluginHookError) as caught:
        in_process_plugin(plugin_module("invalid_mod", **{name: cls}), "invalid")
    assert isinstance(caught.value.__cause__, cause)
    assert "plugin 'invalid'" in str(caught.value.__cause__)
    assert named in str(caught.value.__cause__)
    assert "plugin 'invalid'" in str(caught.value) and named in str(caught.value)
    assert snapshot() == before


# Environment variables, with a fresh registry and the real loader


def plugin_names(registry: FunctionRegistry) -> list[str]:
    return [p.name for p in registry.plugins]


def test_an_empty_allow_list_loads_only_the_builtin(plugin_env: pytest.MonkeyPatch) -> None:
    plugin_env.setenv(LOAD_ENV, "")
    registry = FunctionRegistry(loader=load_all)
    assert plugin_names(registry) == ["builtin"]
    assert list(registry) == ["add", "broadcast_to", "div", "mul", "neg", "pow", "sub", "sum_to"]


def test_an_allow_list_loads_those_plugins(plugin_env: pytest.MonkeyPatch) -> None:
    everything = FunctionRegistry(loader=load_all)
    math_functions = everything.functions_of("math")
    assert math_functions, "the math plugin registers functions"
    plugin_env.setenv(LOAD_ENV, " math ,")
    registry = FunctionRegistry(loader=load_all)
    assert plugin_names(registry) == ["builtin", "math"]
    assert registry.functions_of("math") == math_functions
    assert set(registry) == set(everything.functions_of("builtin")) | set(math_functions)


def test_a_deny_list_hides_those_plugins(plugin_env: pytest.MonkeyPatch) -> None:
    everything = FunctionRegistry(loader=load_all)
    plugin_env.setenv(DISABLE_ENV, "math")
    registry = FunctionRegistry(loader=load_all)
    assert plugin_names(registry) == [n for n in plugin_names(everything) if n != "math"]
    assert set(everything) - set(registry) == set(everything.functions_of("math"))
    assert registry.functions_of("math") == []


def test_an_allow_list_naming_a_missing_plugin_names_it(plugin_env: pytest.MonkeyPatch) -> None:
    plugin_env.setenv(LOAD_ENV, "math,not_installed")
    registry = FunctionRegistry(loader=load_all)
    with pytest.raises(PluginError, match="not installed: not_installed") as caught:
        "add" in registry  # noqa: B015
    assert "math" in str(caught.value)  # the installed plugins are listed


def test_the_builtin_cannot_be_disabled(plugin_env: pytest.MonkeyPatch) -> None:
    plugin_env.setenv(DISABLE_ENV, "builtin,math")
    registry = FunctionRegistry(loader=load_all)
    assert "add" in registry
    assert registry.info("add").plugin.name == "builtin"
    assert "math" not in plugin_names(registry)


# Entry points of (fake) installed distributions


def test_a_plugin_that_fails_to_import_is_reported_and_the_others_work(
    fake_distribution: FakeDistribution, plugin_env: pytest.MonkeyPatch
) -> None:
    fake_distribution(
        "autograd-core-broken",
        "9.1.0",
        entry_points={"broken": "autograd_core_broken_fake"},
        modules={"autograd_core_broken_fake": "raise ImportError('needs libfoo 2')\n"},
    )
    registry = FunctionRegistry(loader=load_all)
    with pytest.warns(PluginWarning) as caught:
        assert "tanh" in registry  # every other plugin works
    (warning,) = caught
    message = str(warning.message)
    assert message.startswith("plugin 'broken' (autograd-core-broken 9.1.0) is broken")
    assert "ImportError: needs libfoo 2" in message
    assert "AUTOGRAD_CORE_DISABLE_PLUGINS=broken" in message
    (broken,) = registry.broken
    assert broken.plugin == PluginInfo("broken", "autograd-core-broken", "9.1.0")
    assert isinstance(broken.error, ImportError) and str(broken.error) == "needs libfoo 2"
    assert "broken" not in plugin_names(registry)
    np.testing.assert_allclose(registry.caller("tanh")(np.array(0.5)).data, np.tanh(0.5))


def test_under_an_error_filter_the_warning_is_raised_chained_to_the_cause(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution(
        "autograd-core-broken",
        "9.1.0",
        entry_points={"broken": "autograd_core_broken_fake"},
        modules={"autograd_core_broken_fake": "raise ImportError('needs libfoo 2')\n"},
    )
    registry = FunctionRegistry(loader=load_all)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PluginWarning)
        with pytest.raises(PluginWarning, match="plugin 'broken'") as caught:
            "add" in registry  # noqa: B015
        assert isinstance(caught.value.__cause__, ImportError)
        assert str(caught.value.__cause__) == "needs libfoo 2"
        with pytest.raises(PluginWarning):  # nothing was kept: the next read tries again
            len(registry)


BROKEN_HOOKS = {
    "typo": (
        "from autograd_core import hookimpl\n"
        "@hookimpl\n"
        "def register_function(registry):\n"
        "    pass\n",
        "@hookimpl 'register_function' is not a hook of autograd-core; "
        "did you mean 'register_functions'?",
    ),
    "undecorated": (
        "def register_functions(registry):\n    pass\n",
        "it defines 'register_functions' without @hookimpl",
    ),
    "badsig": (
        "from autograd_core import hookimpl\n"
        "@hookimpl\n"
        "def register_functions(reg):\n"
        "    pass\n",
        "Argument(s) {'reg'} are declared in the hookimpl but can not be found in the hookspec",
    ),
    "raises": (
        "from autograd_core import hookimpl\n"
        "from autograd_core.extend import Function\n"
        "class Half(Function):\n"
        "    def forward(self, x): return x / 2\n"
        "    def backward(self, gy): return gy / 2\n"
        "@hookimpl\n"
        "def register_functions(registry):\n"
        "    registry.register('half', Half)\n"
        "    raise RuntimeError('no GPU found')\n",
        "its register_functions hook raised RuntimeError: no GPU found",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN_HOOKS))
def test_a_broken_hook_is_reported_and_registers_nothing(
    fake_distribution: FakeDistribution, kind: str
) -> None:
    source, cause = BROKEN_HOOKS[kind]
    fake_distribution(
        f"autograd-core-{kind}",
        "0.1",
        entry_points={kind: f"autograd_core_{kind}_fake"},
        modules={f"autograd_core_{kind}_fake": source},
    )
    registry = FunctionRegistry(loader=load_all)
    with pytest.warns(PluginWarning) as caught:
        names = list(registry)
    (warning,) = caught
    message = str(warning.message)
    assert f"plugin {kind!r} (autograd-core-{kind} 0.1) is broken" in message
    assert cause in message and f"AUTOGRAD_CORE_DISABLE_PLUGINS={kind}" in message
    assert [b.plugin.name for b in registry.broken] == [kind]
    assert "half" not in names and kind not in plugin_names(registry)
    assert {"tanh", "sum", "linear", "add"} <= set(names)


def test_two_installed_plugins_registering_one_name_lose_only_that_name(
    fake_distribution: FakeDistribution,
) -> None:
    source = (
        "from autograd_core import hookimpl\n"
        "from autograd_core.extend import Function\n\n"
        "class Scale(Function):\n"
        "    def forward(self, x): return {k} * x\n"
        "    def backward(self, gy): return {k} * gy\n\n"
        "@hookimpl\n"
        "def register_functions(registry):\n"
        "    registry.register('scale', Scale)\n"
        "    registry.register('scale{k}', Scale)\n"
    )
    for name, version, k in [("negx", "1.2.3", 2), ("negy", "0.0.1", 3)]:
        fake_distribution(
            f"autograd-core-{name}",
            version,
            entry_points={name: f"autograd_core_{name}_fake"},
            modules={f"autograd_core_{name}_fake": source.format(k=k)},
        )
    registry = FunctionRegistry(loader=load_all)
    with pytest.warns(PluginWarning) as caught:
        assert "scale" not in registry
    (warning,) = caught
    assert isinstance(warning.message, PluginWarning)
    with pytest.raises(DuplicateFunctionError) as raised:
        registry.caller("scale")
    for message in (str(warning.message), str(raised.value)):
        assert "function 'scale' is registered by" in message
        assert "plugin 'negx' (autograd-core-negx 1.2.3)" in message
        assert "plugin 'negy' (autograd-core-negy 0.0.1)" in message
        assert "AUTOGRAD_CORE_DISABLE_PLUGINS=negx" in message
        assert "AUTOGRAD_CORE_DISABLE_PLUGINS=negy" in message
    # every other function of both plugins works
    np.testing.assert_allclose(registry.caller("scale2")(np.array([1.0, -2.0])).data, [2, -4])
    np.testing.assert_allclose(registry.caller("scale3")(np.array([1.0, -2.0])).data, [3, -6])
    assert {b.plugin.name for b in registry.broken} == {"negx", "negy"}
    assert {"negx", "negy"} <= set(plugin_names(registry))


def test_a_plugin_taking_a_builtin_name_leaves_the_builtin_working(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution(
        "autograd-core-adder",
        "1.0",
        entry_points={"adder": "autograd_core_adder_fake"},
        modules={
            "autograd_core_adder_fake": "from autograd_core import hookimpl\n"
            "from autograd_core.extend import Function\n"
            "class Add(Function):\n"
            "    def forward(self, a, b): return a - b\n"
            "    def backward(self, gy): return gy, -gy\n"
            "@hookimpl\n"
            "def register_functions(registry):\n"
            "    registry.register('add', Add)\n"
            "    registry.register('minus', Add)\n"
        },
    )
    registry = FunctionRegistry(loader=load_all)
    with pytest.warns(PluginWarning, match="'add' is registered by plugin 'builtin'.*adder"):
        info = registry.info("add")
    assert info.plugin.name == "builtin"
    assert registry.caller("add")(np.array(2.0), np.array(1.0)).data == 3.0
    assert registry.caller("minus")(np.array(2.0), np.array(1.0)).data == 1.0
    assert [b.plugin.name for b in registry.broken] == ["adder"]


def test_a_typo_in_the_disable_list_warns_naming_the_installed_plugins(
    plugin_env: pytest.MonkeyPatch,
) -> None:
    plugin_env.setenv(DISABLE_ENV, "mathh,tensor")
    registry = FunctionRegistry(loader=load_all)
    with pytest.warns(PluginWarning, match="not installed: mathh") as caught:
        names = plugin_names(registry)
    assert "did you mean 'math'" in str(caught[0].message)
    assert "math" in names and "tensor" not in names


def test_two_distributions_with_one_plugin_name(fake_distribution: FakeDistribution) -> None:
    fake_distribution(
        "autograd-core-math-fork",
        "2.0",
        entry_points={"math": "autograd_core_math_fork_fake"},
        modules={"autograd_core_math_fork_fake": ""},
    )
    with pytest.raises(PluginError, match="two plugins are named 'math'") as caught:
        "add" in FunctionRegistry(loader=load_all)  # noqa: B015
    assert "autograd-core-math-fork 2.0" in str(caught.value)
    assert "autograd-core-math " in str(caught.value)


# Registration from several threads (issue 13)


def test_register_plugin_from_threads_credits_each_function_to_its_plugin() -> None:
    """Issue 13: with the current plugin set outside the lock, ~100 of these 120 functions
    were credited to another plugin (or '<direct>'), and unregister left them behind."""
    before = snapshot()
    threads_count, per_plugin = 6, 20
    names = [f"threaded{t}" for t in range(threads_count)]
    errors: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def yielding_plugin(t: int) -> ModuleType:
        """A hook that lets other threads run between registrations (as imports would)."""

        @hookimpl
        def register_functions(registry: FunctionRegistry) -> None:
            for k in range(per_plugin):
                registry.register(f"{names[t]}_f{k}", Double)
                time.sleep(0)  # releases the GIL: without the lock, others register here

        return module_with(f"{names[t]}_mod", register_functions=register_functions)

    def work(t: int) -> None:
        try:
            start.wait()
            register_plugin(yielding_plugin(t), name=names[t])
        except BaseException as exc:  # reported below: a thread's exception is lost
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
        try:
            assert errors == []
            for name in names:
                expected = sorted(f"{name}_f{k}" for k in range(per_plugin))
                assert F.registry.functions_of(name) == expected
                for fname in expected:
                    assert F.registry.info(fname).plugin == PluginInfo(name)
        finally:
            for name in names:
                if name in [p.name for p in F.registry.plugins]:
                    unregister_plugin(name)
    assert snapshot() == before  # unregister removed every function


def test_register_plugin_with_an_unhashable_object_names_it() -> None:
    before = snapshot()
    with pytest.raises(TypeError, match=r"name='listy'.*unhashable list") as caught:
        register_plugin([Double], name="listy")
    assert "module or a hashable object" in str(caught.value)
    assert snapshot() == before
