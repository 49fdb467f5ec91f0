"""The function registry and `autograd_core.functions`: lookups, info, errors, lazy loading."""

from __future__ import annotations

import importlib.util
import threading
import time
from importlib import metadata
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from user_functions import Cube

import autograd_core.functions as F
from autograd_core import (
    Array,
    DuplicateFunctionError,
    Function,
    FunctionRegistry,
    PluginError,
    UnknownFunctionError,
    Variable,
)
from autograd_core._plugins import builtin
from autograd_core._plugins import loading as plugins

# The core's arithmetic, as API.md lists it.
BUILTIN_NAMES = ["add", "broadcast_to", "div", "mul", "neg", "pow", "sub", "sum_to"]




class Counting:
    """A registry loader that registers the built-in arithmetic and counts its calls."""

    def __init__(self, *, fail_first: bool = False, delay: float = 0.0) -> None:
        self.calls = 0
        self.fail_first = fail_first
        self.delay = delay

    def __call__(self, registry: FunctionRegistry) -> None:
        self.calls += 1
        time.sleep(self.delay)
        builtin.register_functions(registry)
        if self.fail_first and self.calls == 1:
            raise RuntimeError("the first load fails")


# F.name(*inputs, **params) is Class(**params)(*inputs)


def test_a_call_is_the_class_with_params_then_the_inputs() -> None:
    data = np.array([0.5, 1.5, 2.0])
    x = Variable(data)
    y = F.pow(x, exponent=3)
    np.testing.assert_allclose(y.data, data * data * data)
    assert type(y.creator) is F.registry.get("pow")
    y.backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 3 * data * data)

    s = F.sum_to(Variable(np.arange(6.0).reshape(2, 3)), shape=(3,))
    np.testing.assert_allclose(s.data, [3.0, 5.0, 7.0])


def test_binary_call_broadcasts_and_sums_gradients_back() -> None:
    a = Variable(np.arange(6.0).reshape(2, 3))
    b = Variable(np.array([1.0, 2.0, 4.0]))
    z = F.mul(a, b)
    np.testing.assert_allclose(z.data, [[0.0, 2.0, 8.0], [3.0, 8.0, 20.0]])
    z.backward()
    assert a.grad is not None and b.grad is not None
    np.testing.assert_allclose(a.grad.data, [[1.0, 2.0, 4.0], [1.0, 2.0, 4.0]])
    np.testing.assert_allclose(b.grad.data, [3.0, 5.0, 7.0])  # column sums of a


def test_a_parameter_may_follow_the_inputs_positionally() -> None:
    x = Variable(np.array(2.0))
    assert F.pow(x, 3).data == 8.0 == F.pow(x, exponent=3).data
    with pytest.raises(TypeError, match=r"pow\(x, /, exponent\): missing .*'exponent'"):
        F.pow(x)  # type: ignore[call-arg]  # the missing parameter is the point


def test_the_operators_build_the_registered_classes() -> None:
    x, y = Variable(np.array(3.0)), Variable(np.array(2.0))
    built = {"add": x + y, "sub": x - y, "mul": x * y, "div": x / y, "neg": -x, "pow": x**2}
    for name, out in built.items():
        assert type(out.creator) is F.registry.get(name), name


def test_callers_carry_the_function_name() -> None:
    assert F.pow.__name__ == "pow"
    assert F.pow.__doc__ is not None and "exponent" in F.pow.__doc__


# What the registry says about its functions


def test_builtin_arithmetic_comes_from_the_builtin_plugin() -> None:
    version = metadata.version("autograd-core")
    for name in BUILTIN_NAMES:
        assert name in F.registry
        info = F.registry.info(name)
        assert info.name == name
        assert info.plugin.name == "builtin"
        assert (info.distribution, info.version) == ("autograd-core", version)
        assert issubclass(info.cls, Function)
        assert F.registry.get(name) is info.cls
    assert F.registry.functions_of("builtin") == BUILTIN_NAMES
    assert F.registry.plugins[0].name == "builtin"


def test_membership_iteration_and_length() -> None:
    assert "add" in F.registry
    assert "no_such_function" not in F.registry
    assert 3 not in F.registry
    names = list(F.registry)
    assert names == sorted(names)
    assert set(BUILTIN_NAMES) <= set(names)
    assert len(F.registry) == len(names)
    assert set(BUILTIN_NAMES) <= set(dir(F))


def test_builtin_samples_are_float64_inputs_and_params() -> None:
    rng = np.random.default_rng(0)
    for name in BUILTIN_NAMES:
        factory = F.registry.info(name).samples
        if factory is None:
            continue
        for inputs, params in factory(rng):
            assert all(type(a) is np.ndarray and a.dtype == np.float64 for a in inputs)
            assert isinstance(params, dict)
            F.registry.caller(name)(*inputs, **params)  # the sample is a valid call


# Unknown names and odd lookups


def test_an_unknown_function_names_close_matches_and_plugins() -> None:
    typo = "mull"  # a name mypy does not know: looked up at run time, where it fails
    with pytest.raises(UnknownFunctionError) as caught:
        getattr(F, typo)
    message = str(caught.value)
    assert "'mull'" in message and "'mul'" in message
    for plugin in F.registry.plugins:
        assert plugin.name in message
    assert isinstance(caught.value, AttributeError)
    assert not hasattr(F, "mull")
    with pytest.raises(UnknownFunctionError, match="'broadcast_to'"):
        F.registry.info("broadcastto")


def test_a_typo_of_a_plugin_function_suggests_it() -> None:
    typo = "tahn"
    with pytest.raises(AttributeError, match=r"'tahn'.*did you mean .*'tanh'\?.*math"):
        getattr(F, typo)


def test_an_unknown_function_without_close_matches_says_so() -> None:
    unknown = "zzzzqqqq"
    with pytest.raises(AttributeError) as caught:
        getattr(F, unknown)
    assert "did you mean" not in str(caught.value)
    assert "'zzzzqqqq'" in str(caught.value)


def test_dunder_lookups_do_not_load_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    loader = Counting()
    monkeypatch.setattr(F, "registry", FunctionRegistry(loader=loader))
    assert not hasattr(F, "__wrapped__")
    assert getattr(F, "__path__", None) is None
    dunder = "__signature__"
    with pytest.raises(AttributeError) as caught:
        getattr(F, dunder)
    assert not isinstance(caught.value, UnknownFunctionError)
    assert F.__name__ == "autograd_core.functions"
    assert loader.calls == 0
    assert "add" in dir(F)
    assert loader.calls == 1


# Loading: once, lazily, and again after a failure


def _fresh_functions_module() -> ModuleType:
    """Execute autograd_core/functions.py anew, as a first import does, outside sys.modules."""
    spec = importlib.util.find_spec("autograd_core.functions")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_importing_functions_loads_nothing_until_first_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loader = Counting()
    fresh = FunctionRegistry(loader=loader)
    monkeypatch.setattr(plugins, "registry", fresh)
    module = _fresh_functions_module()
    assert module.registry is fresh
    assert loader.calls == 0
    x = Variable(np.array([1.0, -2.0]))
    np.testing.assert_allclose(module.neg(x).data, [-1.0, 2.0])
    assert loader.calls == 1
    assert "add" in fresh and len(fresh) == len(BUILTIN_NAMES)
    module.add(x, x)
    assert loader.calls == 1


def test_a_failed_load_leaves_nothing_and_is_retried() -> None:
    loader = Counting(fail_first=True)
    registry = FunctionRegistry(loader=loader)
    with pytest.raises(RuntimeError, match="first load fails"):
        "add" in registry  # noqa: B015  (the lookup is what fails)
    # The first attempt registered the arithmetic before failing: had it stayed, the
    # second attempt would raise DuplicateFunctionError.
    assert list(registry) == BUILTIN_NAMES
    assert loader.calls == 2
    assert len(registry) == len(BUILTIN_NAMES)
    assert loader.calls == 2


def test_a_failed_plugin_load_is_retried_with_the_real_loader(
    plugin_env: pytest.MonkeyPatch,
) -> None:
    registry = FunctionRegistry(loader=plugins.load_all)
    plugin_env.setenv(plugins.LOAD_ENV, "no_such_plugin")
    with pytest.raises(PluginError, match="no_such_plugin"):
        registry.info("add")
    plugin_env.setenv(plugins.LOAD_ENV, "")
    assert registry.info("add").plugin.name == "builtin"


def test_concurrent_first_reads_load_once() -> None:
    loader = Counting(delay=0.05)
    registry = FunctionRegistry(loader=loader)
    seen: list[bool] = []
    threads = [threading.Thread(target=lambda: seen.append("add" in registry)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [True] * 8
    assert loader.calls == 1


def test_a_hook_may_read_the_registry_while_it_loads() -> None:
    seen: list[bool] = []

    def loader(registry: FunctionRegistry) -> None:
        registry.register("cube", Cube)
        seen.append("cube" in registry)
        seen.append("add" in registry)

    registry = FunctionRegistry(loader=loader)
    assert list(registry) == ["cube"]
    assert seen == [True, False]


# registry.register validation


def test_register_then_call() -> None:
    registry = FunctionRegistry()
    registry.register("cube", Cube)
    data = np.array([-1.0, 0.5, 2.0])
    x = Variable(data)
    y = registry.caller("cube")(x)
    np.testing.assert_allclose(y.data, data**3)
    y.backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 3 * data**2)
    info = registry.info("cube")
    assert (info.cls, info.plugin.name, info.distribution, info.samples) == (
        Cube,
        "<direct>",
        None,
        None,
    )


class HalfWritten(Function):
    """Has a forward but no backward: abstract."""

    def forward(self, x: Array) -> Array:
        return x


@pytest.mark.parametrize(
    ("name", "cls", "error", "named"),
    [
        ("f", int, TypeError, "<class 'int'>"),
        ("f", len, TypeError, "<built-in function len>"),
        ("f", HalfWritten, TypeError, "backward"),
        ("my-func", Cube, ValueError, "'my-func'"),
        ("lambda", Cube, ValueError, "'lambda'"),
        ("", Cube, ValueError, "''"),
        (3, Cube, ValueError, "3"),
    ],
)
def test_register_rejects_bad_classes_and_names(
    name: str, cls: type[Function], error: type[Exception], named: str
) -> None:
    registry = FunctionRegistry()
    registry.register("cube", Cube)
    with pytest.raises(error) as caught:
        registry.register(name, cls)
    assert named in str(caught.value)
    assert "plugin '<direct>'" in str(caught.value)
    assert list(registry) == ["cube"]


def test_register_rejects_samples_that_are_not_callable() -> None:
    registry = FunctionRegistry()
    samples: Any = [((np.ones(3),), {})]  # a list of samples instead of a factory
    with pytest.raises(TypeError, match=r"samples for 'cube' must be callable, got \[\("):
        registry.register("cube", Cube, samples=samples)
    assert list(registry) == []


def test_register_twice_names_the_function_and_keeps_the_first() -> None:
    registry = FunctionRegistry()
    registry.register("cube", Cube)
    with pytest.raises(DuplicateFunctionError, match="'cube' is registered twice"):
        registry.register("cube", F.registry.get("neg"))
    assert registry.get("cube") is Cube
