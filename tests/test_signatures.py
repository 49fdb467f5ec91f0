"""Static signatures agree with the registered classes, and `F.<name>`'s calling form.

Every function of the standard plugins (the core's built-in arithmetic and the
`autograd-core-*` distributions installed here) must have a typed stub, exported by its
plugin's package and shown to type checkers by `autograd_core.functions`, and
`check_signature(stub, cls)` must find nothing. Then the run-time side: parameters after
the inputs for any registered class (a third party's too), errors naming the signature,
`inspect.signature` and `help`, and the cache of `F.<name>`.
"""

from __future__ import annotations

import importlib
import inspect
import pydoc
import re
from pathlib import Path
from typing import Any, assert_type

import numpy as np
import pytest
from conftest import RegisterPlugin
from user_functions import Cube

import autograd_core.functions as F
from autograd_core import (
    Array,
    Function,
    FunctionRegistry,
    Variable,
    hookimpl,
    register_plugin,
    unregister_plugin,
)
from autograd_core._plugins.registry import default_samples
from autograd_core._typed import _layout, stub_of
from autograd_core.extend import Input, check_signature, typed

FUNCTIONS_SOURCE = (Path(F.__file__)).read_text()


def standard_functions() -> list[str]:
    """The functions registered by the core and by the autograd-core-* distributions."""
    return [
        name
        for name in F.registry
        if (F.registry.info(name).distribution or "").startswith("autograd-core")
        and F.registry.info(name).distribution != "autograd-core-cube"
    ]


def stub_module(name: str) -> str:
    """Where the typed stub of a standard function lives."""
    package = F.registry.info(name).cls.__module__.split(".")[0]
    if package == "autograd_core":
        return "autograd_core._plugins.builtin_functions"
    return f"{package}.functions"


def test_the_standard_plugins_are_all_here() -> None:
    names = standard_functions()
    assert len(names) >= 33
    assert {"add", "pow", "tanh", "clip", "sum", "reshape", "linear"} <= set(names)


@pytest.mark.parametrize("name", standard_functions())
def test_every_standard_function_has_a_stub_that_agrees_with_its_class(name: str) -> None:
    cls = F.registry.get(name)
    stub = stub_of(cls)
    assert stub is not None, f"{name}: no @typed({cls.__name__}) stub"
    assert check_signature(stub, cls) == []
    module = importlib.import_module(stub_module(name))
    assert name in module.__all__, f"{name} is missing from {module.__name__}.__all__"
    assert getattr(module, name).__wrapped__ is stub
    package = module.__name__.rsplit(".", 1)[0]
    if package.split(".")[0] != "autograd_core":  # re-exported: from autograd_core_math import tanh
        assert getattr(importlib.import_module(package), name) is getattr(module, name)
    # and autograd_core.functions shows that module to type checkers
    assert f"from {module.__name__} import *" in FUNCTIONS_SOURCE


@pytest.mark.parametrize("name", standard_functions())
def test_the_samples_run_through_the_typed_stub_as_through_f(name: str) -> None:
    info = F.registry.info(name)
    samples = info.samples or default_samples  # what the checks use without samples
    module = importlib.import_module(stub_module(name))
    variadic = _layout(info.cls).variadic  # concatenate, stack, einsum: keywords only
    for inputs, params in samples(np.random.default_rng(0)):
        via_f = F.registry.caller(name)(*inputs, **params)
        via_stub = getattr(module, name)(*inputs, **params)
        assert_same_outputs(via_f, via_stub)
        if params and not variadic:  # the same, positionally
            values = inputs + tuple(params[p] for p in params)
            order = list(inspect.signature(F.registry.caller(name)).parameters)
            if list(params) == order[len(inputs) : len(inputs) + len(params)]:
                assert_same_outputs(F.registry.caller(name)(*values), via_f)


def assert_same_outputs(a: Variable | tuple[Variable, ...], b: object) -> None:
    """One output or a tuple of them (split), equal element by element."""
    a_all = a if isinstance(a, tuple) else (a,)
    b_all = b if isinstance(b, tuple) else (b,)
    assert len(a_all) == len(b_all)
    for u, v in zip(a_all, b_all, strict=True):
        assert isinstance(v, Variable)
        np.testing.assert_array_equal(u.data, v.data)


# check_signature finds each kind of disagreement


class Scale(Function):
    def __init__(self, factor: float, shift: float = 0.0) -> None:
        super().__init__()
        self.factor, self.shift = factor, shift

    def forward(self, x: Array) -> Array:
        return self.factor * x + self.shift

    def backward(self, gy: Variable) -> Variable:
        return gy * self.factor


class Affine(Function):
    """`x @ w + b` with an optional bias, as linear."""

    def forward(self, x: Array, w: Array, b: Array | None = None) -> Array:
        y: Array = x @ w
        return y if b is None else y + b

    def backward(self, gy: Variable) -> tuple[Variable, ...]:
        raise NotImplementedError


class SinCos(Function[tuple[Variable, ...]]):
    def forward(self, x: Array) -> tuple[Array, Array]:
        return np.sin(x), np.cos(x)

    def backward(self, gs: Variable, gc: Variable) -> Variable:
        x = self.inputs[0]
        s, c = SinCos()(x)
        return gs * c - gc * s


class Stack(Function):
    def __init__(self, axis: int = 0) -> None:
        super().__init__()
        self.axis = axis

    def forward(self, *xs: Array) -> Array:
        return np.stack(xs, axis=self.axis)

    def backward(self, gy: Variable) -> tuple[Variable, ...]:
        raise NotImplementedError


def test_check_signature_accepts_a_faithful_stub() -> None:
    def scale(x: Input, /, factor: float, shift: float = 0.0) -> Variable:
        raise NotImplementedError

    def affine(x: Input, w: Input, /, b: Input | None = None) -> Variable:
        raise NotImplementedError

    def sincos(x: Input, /) -> tuple[Variable, Variable]:
        raise NotImplementedError

    def stack(*xs: Input, axis: int = 0) -> Variable:
        raise NotImplementedError

    assert check_signature(scale, Scale) == []
    assert check_signature(affine, Affine) == []
    assert check_signature(sincos, SinCos) == []
    assert check_signature(stack, Stack) == []


@pytest.mark.parametrize(
    ("source", "cls", "complaint"),
    [
        ("def f(x, y, /, factor, shift=0.0) -> Variable: ...", Scale, r"stub has \['y', 'fac"),
        ("def f(x, factor, shift=0.0) -> Variable: ...", Scale, r"inputs"),
        ("def f(x, /, factr, shift=0.0) -> Variable: ...", Scale, r"\['factr', 'shift'\]"),
        ("def f(x, /, shift=0.0, factor=1.0) -> Variable: ...", Scale, r"parameters: the stub"),
        ("def f(x, /, factor, shift=1.0) -> Variable: ...", Scale, r"'shift': default 1.0"),
        ("def f(x, /, factor, *, shift=0.0) -> Variable: ...", Scale, r"'shift': keyword-only"),
        ("def f(x, /, factor, shift=0.0): ...", Scale, r"no return annotation"),
        ("def f(x, w, b=None, /) -> Variable: ...", Affine, r"inputs"),
        ("def f(x, w, /, bias=None) -> Variable: ...", Affine, r"inputs"),
        ("def f(x, /) -> Variable: ...", SinCos, r"must be a tuple of Variables"),
        ("def f(x, /) -> tuple[Variable, ...]: ...", Scale, r"inputs|parameters"),
        ("def f(x, /, axis=0) -> Variable: ...", Stack, r"inputs"),
        ("def f(*xs, axis=1) -> Variable: ...", Stack, r"'axis': default 1"),
        ("def f(*xs, axis=0) -> tuple[Variable, ...]: ...", Stack, r"must be Variable"),
    ],
)
def test_check_signature_names_each_disagreement(
    source: str, cls: type[Function[Any]], complaint: str
) -> None:
    namespace: dict[str, Any] = {"Variable": Variable}
    exec(source, namespace)
    problems = check_signature(namespace["f"], cls)
    assert problems, f"{source} agrees with {cls.__name__}?"
    assert any(re.search(complaint, p) for p in problems), problems


# F.<name> at run time: the calling form of any registered class


def plugin(**functions: type[Function[Any]]) -> object:
    class Plugin:
        @hookimpl
        def register_functions(self, registry: FunctionRegistry) -> None:
            for name, cls in functions.items():
                registry.register(name, cls)

    return Plugin()


def test_a_third_party_function_takes_its_parameters_positionally(
    in_process_plugin: RegisterPlugin,
) -> None:
    in_process_plugin(plugin(scale=Scale, affine=Affine, pile=Stack, sincos=SinCos), "third")
    scale, affine, stack, sincos = map(F.registry.caller, ["scale", "affine", "pile", "sincos"])
    a = np.array([1.0, -2.0])
    for y in (scale(a, 3.0, 1.0), scale(a, 3.0, shift=1.0), scale(a, factor=3.0, shift=1.0)):
        np.testing.assert_array_equal(y.data, 3.0 * a + 1.0)
    w, b = np.ones((2, 3)), np.arange(3.0)
    for y in (affine(a, w, b), affine(a, w, b=b)):
        np.testing.assert_array_equal(y.data, a @ w + b)
    for y in (affine(a, w), affine(a, w, None), affine(a, w, b=None)):
        np.testing.assert_array_equal(y.data, a @ w)
    np.testing.assert_array_equal(stack(a, a, axis=1).data, np.stack([a, a], axis=1))
    s, c = sincos(a)
    np.testing.assert_allclose(s.data**2 + c.data**2, 1.0)
    assert str(inspect.signature(scale)) == "(x, /, factor, shift=0.0)"
    assert str(inspect.signature(affine)) == "(x, w, /, b=None)"
    assert str(inspect.signature(stack)) == "(*xs, axis=0)"
    name = "scale"  # F.<name> for a function mypy does not know: looked up at run time
    np.testing.assert_array_equal(getattr(F, name)(a, 2.0).data, 2.0 * a)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda f, x: f["scale"](x), r"scale\(x, /, factor, shift=0.0\): missing .*'factor'"),
        (lambda f, x: f["scale"](x, 1.0, 2.0, 3.0), r"scale\(x, /, factor, shift=0.0\): too many"),
        (lambda f, x: f["scale"](x, 1.0, factor=2.0), r"multiple values for argument 'factor'"),
        (lambda f, x: f["scale"](x, factr=2.0), r"keyword argument 'factr'; did you mean 'factor'"),
        (lambda f, x: f["affine"](x), r"affine\(x, w, /, b=None\): missing .*'w'"),
        (lambda f, x: f["affine"](x, x, x, x), r"affine\(x, w, /, b=None\): too many"),
        (lambda f, x: f["pile"](x, x, axes=1), r"pile\(\*xs, axis=0\): unexpected .*'axes'"),
        (lambda f, x: f["scale"](x=x, factor=1.0), r"scale\(x, /, factor, shift=0.0\):"),
    ],
)
def test_a_call_that_does_not_fit_names_the_function_and_its_signature(
    in_process_plugin: RegisterPlugin, call: Any, message: str
) -> None:
    in_process_plugin(plugin(scale=Scale, affine=Affine, pile=Stack), "misfits")
    callers = {n: F.registry.caller(n) for n in ("scale", "affine", "pile")}
    x = Variable(np.ones(2))
    with pytest.raises(TypeError, match=message):
        call(callers, x)
    assert x.creator is None and x.grad is None


def test_standard_calls_that_do_not_fit_name_the_signature() -> None:
    x = Variable(np.ones((2, 3)))
    bad: Any = F  # the mistakes mypy rejects, made at run time
    signature = r"^sum\(x, /, axis=None, keepdims=False\): "
    with pytest.raises(TypeError, match=signature + r"unexpected .*'axs'; did you mean 'axis'\?"):
        bad.sum(x, axs=0)
    with pytest.raises(TypeError, match=r"^tanh\(x, /\): too many positional arguments"):
        bad.tanh(x, x)
    with pytest.raises(TypeError, match=r"^clip\(x, /, low, high\): missing .* argument: 'high'"):
        bad.clip(x, 0)
    with pytest.raises(TypeError, match=r"^softmax_cross_entropy\(x, t, /\): missing .*'t'"):
        bad.softmax_cross_entropy(x)
    with pytest.raises(TypeError, match=r"^linear\(x, W, /, b=None\): missing .*'W'"):
        bad.linear(x)
    with pytest.raises(TypeError, match=r"input 0 takes a Variable, a numpy.ndarray .*got list"):
        bad.tanh([1.0, 2.0])


def test_signature_and_help_show_types_and_docstring() -> None:
    assert str(inspect.signature(F.sum)) == (
        "(x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False)"
        " -> Variable"
    )
    linear = "(x: Input, W: Input, /, b: Input | None = None) -> Variable"
    assert str(inspect.signature(F.linear)) == linear
    assert str(inspect.signature(F.concatenate)) == "(*xs: Input, axis: int = 0) -> Variable"
    text = pydoc.plain(pydoc.render_doc(F.sum))
    assert "sum(x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool" in text
    assert "The sum of the elements along `axis`" in text
    assert F.sum.__name__ == "sum" and F.tanh.__doc__ == "The hyperbolic tangent, elementwise."


def test_f_names_are_resolved_once_and_forgotten_with_their_plugin(
    in_process_plugin: RegisterPlugin,
) -> None:
    assert F.tanh is F.tanh  # the same caller, kept as a module attribute
    assert "tanh" in vars(F)
    name = "cube_once"
    register_plugin(plugin(cube_once=Cube), name="once")
    try:
        first = getattr(F, name)
        assert vars(F)[name] is first is getattr(F, name)
    finally:
        unregister_plugin("once")
    assert name not in vars(F)
    with pytest.raises(AttributeError, match="cube_once"):
        getattr(F, name)

    class Other(Cube):
        def forward(self, x: Array) -> Array:
            return 2 * x**3

    in_process_plugin(plugin(cube_once=Other), "again")  # a new function under the old name
    np.testing.assert_array_equal(getattr(F, name)(np.array(2.0)).data, 16.0)


def test_a_multi_output_function_typed_as_a_tuple(in_process_plugin: RegisterPlugin) -> None:
    @typed(SinCos)
    def sincos(x: Input, /) -> tuple[Variable, Variable]:
        """The sine and the cosine."""
        raise NotImplementedError

    assert check_signature(sincos, SinCos) == []
    x = Variable(np.array([0.3, 1.2]))
    s, c = sincos(x)
    assert_type(s, Variable)
    (s * c).sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, np.cos(2 * x.data))  # d(sin cos)/dx = cos 2x
    in_process_plugin(plugin(sincos=SinCos), "multi")
    shown = str(inspect.signature(F.registry.caller("sincos")))
    assert shown == "(x: Input, /) -> tuple[Variable, Variable]"


def test_a_typed_stub_calls_its_class_with_the_fast_paths() -> None:
    @typed(Scale)
    def scale(x: Input, /, factor: float, shift: float = 0.0) -> Variable:
        """`factor * x + shift`."""
        raise NotImplementedError

    a = Variable(np.array([1.0, 2.0]))  # a Variable: recorded (an ndarray is a constant)
    for y in (scale(a, 2.0), scale(a, factor=2.0), scale(a, 2.0, 0.0)):
        assert type(y.creator) is Scale
        np.testing.assert_array_equal(y.data, 2.0 * a.data)
    assert scale.__doc__ == "`factor * x + shift`."
    with pytest.raises(TypeError, match=r"^scale\(x, /, factor, shift=0.0\): missing"):
        scale(a)  # type: ignore[call-arg]  # the mistake is the point


class Strided(Function):
    """An optional input then parameters, as conv2d(x, W, b=None, stride=1, pad=0)."""

    def __init__(self, stride: int = 1, pad: int = 0) -> None:
        super().__init__()
        self.stride, self.pad = stride, pad

    def forward(self, x: Array, w: Array, b: Array | None = None) -> Array:
        y: Array = (x @ w)[:: self.stride] + self.pad
        return y if b is None else y + b

    def backward(self, gy: Variable) -> tuple[Variable, ...]:
        raise NotImplementedError


def test_parameters_after_an_optional_input(in_process_plugin: RegisterPlugin) -> None:
    in_process_plugin(plugin(strided=Strided), "strided")
    f = F.registry.caller("strided")
    assert str(inspect.signature(f)) == "(x, w, /, b=None, stride=1, pad=0)"
    a, b = Variable(np.arange(8.0).reshape(4, 2)), np.arange(3.0)  # a Variable: recorded
    w = np.ones((2, 3))
    want = (a.data @ w)[::2] + 1
    for y in (f(a, w, None, 2, 1), f(a, w, stride=2, pad=1), f(a, w, None, 2, pad=1)):
        assert len(y.creator.inputs) == 2  # the bias left out, not passed as None
        np.testing.assert_array_equal(y.data, want)
    for y in (f(a, w, b, 2, 1), f(a, w, b=b, stride=2, pad=1)):
        np.testing.assert_array_equal(y.data, want + b)
    with pytest.raises(TypeError, match=r"strided\(x, w, /, b=None, stride=1, pad=0\): too many"):
        f(a, w, b, 2, 1, 0)
