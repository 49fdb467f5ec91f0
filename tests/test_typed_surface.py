"""The surface users write against, as they write it, checked twice.

mypy --strict checks this file with the rest of tests/: every `assert_type(..., Variable)`
fails the type check if a standard function through `F`, a plugin's typed export or a
Variable convenience is typed `Any`, a union, or needs a cast. pytest then checks the
values against numpy's maths, and that positional parameters, keyword parameters and the
conveniences give the same values, gradients and second derivatives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, assert_type

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Array, Variable, grad
from autograd_core_math import tanh
from autograd_core_nn import linear, softmax_cross_entropy
from autograd_core_tensor import sum as tensor_sum

rng = np.random.default_rng(7)
Fn = Callable[[Variable], Variable]


def close(v: Variable, expected: Array | np.floating[Any] | float | list[float]) -> None:
    np.testing.assert_allclose(v.data, expected, rtol=1e-12, atol=1e-12)


def derivatives(f: Fn, x: Variable) -> tuple[Array, Array]:
    """d sum(f(x)) / dx and the derivative of sum(that) again (second derivatives)."""
    (gx,) = grad(f(x).sum(), x, create_graph=True)
    (ggx,) = grad(gx.sum(), x)
    return gx.data, ggx.data


def test_the_core_arithmetic_through_f() -> None:
    a, b = rng.standard_normal((2, 3)), rng.standard_normal(3) + 3.0
    x, y = Variable(a), Variable(b)
    assert_type(F.add(x, y), Variable)
    close(F.add(x, y), a + b)
    close(F.sub(x, 2.0), a - 2.0)
    close(F.mul(a, y), a * b)
    close(F.div(x, y), a / b)
    close(F.neg(x), -a)
    close(F.pow(y, 3), b**3)
    close(F.pow(y, exponent=0.5), np.sqrt(b))
    close(F.sum_to(x, (3,)), a.sum(axis=0))
    close(F.sum_to(x, shape=(2, 1)), a.sum(axis=1, keepdims=True))
    close(F.broadcast_to(y, (2, 3)), np.broadcast_to(b, (2, 3)))


def test_the_math_plugin_through_f_and_its_package() -> None:
    a = rng.uniform(0.5, 2.0, (2, 3))
    x = Variable(a)
    cases: list[tuple[Variable, Array]] = [
        (F.square(x), a**2),
        (F.exp(x), np.exp(a)),
        (F.log(x), np.log(a)),
        (F.sqrt(x), np.sqrt(a)),
        (F.sin(x), np.sin(a)),
        (F.cos(x), np.cos(a)),
        (F.tanh(x), np.tanh(a)),
        (F.sigmoid(x), 1 / (1 + np.exp(-a))),
        (F.relu(x - 1.0), np.maximum(a - 1.0, 0)),
        (F.abs(x - 1.0), np.abs(a - 1.0)),
        (F.clip(x, 0.8, 1.5), np.clip(a, 0.8, 1.5)),
        (tanh(a), np.tanh(a)),
    ]
    for got, want in cases:
        assert_type(got, Variable)
        close(got, want)
    close(F.clip(x, low=0.8, high=1.5), np.clip(a, 0.8, 1.5))
    assert_type(tanh(x), Variable)


def test_the_tensor_plugin_through_f_and_its_package() -> None:
    a = rng.standard_normal((2, 3))
    x = Variable(a)
    assert_type(F.reshape(x, (3, 2)), Variable)
    close(F.reshape(x, (3, -1)), a.reshape(3, 2))
    close(F.reshape(x, 6), a.reshape(6))
    close(F.transpose(x), a.T)
    close(F.transpose(F.reshape(x, (1, 2, 3)), (2, 0, 1)), a.reshape(1, 2, 3).transpose(2, 0, 1))
    close(F.get_item(x, (1, slice(0, 2))), a[1, 0:2])
    close(F.get_item(x, np.array([1, 1, 0])), a[[1, 1, 0]])
    close(F.concatenate(x, x, axis=1), np.concatenate([a, a], axis=1))
    close(F.sum(x), a.sum())
    close(F.sum(x, 0), a.sum(axis=0))
    close(F.sum(x, (0, 1), True), a.sum(axis=(0, 1), keepdims=True))
    close(F.mean(x, 1), a.mean(axis=1))
    close(F.max(x, axis=1, keepdims=True), a.max(axis=1, keepdims=True))
    close(F.min(x, 0), a.min(axis=0))
    w = rng.standard_normal((3, 4))
    close(F.matmul(x, w), a @ w)
    assert_type(F.concatenate(x, x), Variable)
    assert_type(tensor_sum(x, 1), Variable)
    close(tensor_sum(x, 1), a.sum(axis=1))


def test_the_nn_plugin_through_f_and_its_package() -> None:
    a, w, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    x, wv = Variable(a), Variable(w)
    assert_type(F.linear(x, wv), Variable)
    close(F.linear(x, wv), a @ w)
    close(F.linear(x, wv, b), a @ w + b)
    close(F.linear(x, wv, b=b), a @ w + b)
    close(F.linear(x, wv, None), a @ w)
    close(linear(x, wv, b), a @ w + b)
    e = np.exp(a - a.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    close(F.softmax(x), p)
    close(F.softmax(x, 0), np.exp(a) / np.exp(a).sum(axis=0))
    close(F.log_softmax(x, axis=-1), np.log(p))
    t = np.array([0, 2, 1, 2])
    loss = F.softmax_cross_entropy(x, t)
    assert_type(loss, Variable)
    close(loss, -np.mean(np.log(p[np.arange(4), t])))
    close(softmax_cross_entropy(x, Variable(t)), -np.mean(np.log(p[np.arange(4), t])))
    close(F.mean_squared_error(x, np.zeros((4, 3))), np.mean(a**2))


def test_positional_and_keyword_parameters_agree_to_the_second_derivative() -> None:
    a = rng.uniform(0.5, 1.5, (2, 3))

    def pairs() -> list[tuple[Fn, Fn]]:
        return [
            (lambda v: F.sum(v**3, 0, True), lambda v: F.sum(v**3, axis=0, keepdims=True)),
            (lambda v: F.mean(v**3, 1), lambda v: F.mean(v**3, axis=1)),
            (lambda v: F.max(v**2, 1), lambda v: F.max(v**2, axis=1)),
            (lambda v: F.min(v**2, 0), lambda v: F.min(v**2, axis=0)),
            (lambda v: F.reshape(v**3, (3, 2)), lambda v: F.reshape(v**3, shape=(3, 2))),
            (lambda v: F.transpose(v**3, (1, 0)), lambda v: F.transpose(v**3, axes=(1, 0))),
            (lambda v: F.clip(v**3, 0.5, 2.0), lambda v: F.clip(v**3, low=0.5, high=2.0)),
            (lambda v: F.pow(v, 3), lambda v: F.pow(v, exponent=3)),
            (lambda v: F.softmax(v, 0), lambda v: F.softmax(v, axis=0)),
            (lambda v: F.sum_to(v**3, (3,)), lambda v: F.sum_to(v**3, shape=(3,))),
        ]

    for positional, keyword in pairs():
        x = Variable(a)
        np.testing.assert_array_equal(positional(x).data, keyword(x).data)
        for got, want in zip(derivatives(positional, x), derivatives(keyword, x), strict=True):
            np.testing.assert_array_equal(got, want)
    # and against the closed forms: d/dx sum(x**3) = 3x**2, and again 6x
    gx, ggx = derivatives(lambda v: F.sum(v**3, 0), Variable(a))
    np.testing.assert_allclose(gx, 3 * a**2)
    np.testing.assert_allclose(ggx, 6 * a)


def test_the_conveniences_are_typed_variables() -> None:
    x = Variable(rng.standard_normal((2, 3)))
    w = rng.standard_normal((3, 4))
    assert_type(x.T, Variable)
    assert_type(x.transpose(), Variable)
    assert_type(x.transpose(1, 0), Variable)
    assert_type(x.transpose((1, 0)), Variable)
    assert_type(x.reshape(3, 2), Variable)
    assert_type(x.reshape((3, 2)), Variable)
    assert_type(x.sum(), Variable)
    assert_type(x.mean(0), Variable)
    assert_type(x.max(axis=1, keepdims=True), Variable)
    assert_type(x.min(), Variable)
    assert_type(x @ w, Variable)
    assert_type(x @ Variable(w), Variable)
    assert_type(np.ones((4, 2)) @ x, Variable)
    assert_type(np.ones(3) + x[0], Variable)
    assert_type(x[0], Variable)
    assert_type(x[:, 1:], Variable)
    assert_type(x[0, 0].item(), float)
    assert_type(x.detach(), Variable)


def test_the_conveniences_match_numpy_and_f() -> None:
    a, w = rng.standard_normal((2, 3)), rng.standard_normal((3, 4))
    x = Variable(a)
    close(x.T, a.T)
    close(x.transpose(), a.T)
    close(x.transpose(1, 0), a.transpose(1, 0))
    close(x.transpose((1, 0)), a.T)
    close(x.reshape(3, 2), a.reshape(3, 2))
    close(x.reshape((3, -1)), a.reshape(3, 2))
    close(x.reshape(6), a.reshape(6))
    close(x.sum(), a.sum())
    close(x.sum(1, True), a.sum(axis=1, keepdims=True))
    close(x.mean(axis=0), a.mean(axis=0))
    close(x.max(1), a.max(axis=1))
    close(x.min(keepdims=True), a.min(keepdims=True))
    close(x @ w, a @ w)
    close(np.ones((4, 2)) @ x, np.ones((4, 2)) @ a)
    close(x @ Variable(w), F.matmul(x, w).data)
    close(x[1], a[1])
    close(x[:, np.array([2, 0])], a[:, [2, 0]])
    close(x[..., None][0], a[..., None][0])
    assert x[1, 2].item() == float(a[1, 2]) and type(x[1, 2].item()) is float
    assert Variable(np.array([3])).item() == 3 and type(Variable(np.array([3])).item()) is int
    assert type(x.sum().creator) is F.registry.get("sum")  # recorded as the function


def test_the_conveniences_differentiate_twice_as_their_functions() -> None:
    a, w = rng.uniform(0.5, 1.5, (2, 3)), rng.standard_normal((3, 4))
    pairs: list[tuple[Fn, Fn]] = [
        (lambda v: (v**3).T, lambda v: F.transpose(v**3)),
        (lambda v: (v**3).transpose(1, 0), lambda v: F.transpose(v**3, (1, 0))),
        (lambda v: (v**3).reshape(3, 2), lambda v: F.reshape(v**3, (3, 2))),
        (lambda v: (v**3).sum(0), lambda v: F.sum(v**3, axis=0)),
        (lambda v: (v**3).mean(1, True), lambda v: F.mean(v**3, axis=1, keepdims=True)),
        (lambda v: (v**2).max(1), lambda v: F.max(v**2, axis=1)),
        (lambda v: (v**2).min(), lambda v: F.min(v**2)),
        (lambda v: (v**2) @ w, lambda v: F.matmul(v**2, w)),
        (lambda v: w.T @ (v**2).T, lambda v: F.matmul(w.T, F.transpose(v**2))),
        (lambda v: (v**3)[1], lambda v: F.get_item(v**3, 1)),
    ]
    for convenience, function in pairs:
        x = Variable(a)
        np.testing.assert_array_equal(convenience(x).data, function(x).data)
        for got, want in zip(derivatives(convenience, x), derivatives(function, x), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-14)
    # closed forms: d/dx sum((x**2) @ w) = 2x * rowsum(w), and again 2 * rowsum(w)
    gx, ggx = derivatives(lambda v: (v**2) @ w, Variable(a))
    np.testing.assert_allclose(gx, 2 * a * w.sum(axis=1))
    np.testing.assert_allclose(ggx, 2 * np.broadcast_to(w.sum(axis=1), a.shape))
    gx, ggx = derivatives(lambda v: (v**3)[1], Variable(a))
    np.testing.assert_allclose(gx, np.array([[0, 0, 0], [1, 1, 1]]) * 3 * a**2)
    np.testing.assert_allclose(ggx, np.array([[0, 0, 0], [1, 1, 1]]) * 6 * a)


def test_iteration_gives_recorded_rows() -> None:
    a = rng.standard_normal((3, 2))
    x = Variable(a)
    rows = list(x)
    assert len(rows) == 3
    for row, want in zip(rows, a, strict=True):
        assert_type(row, Variable)
        close(row, want)
    weighted = [r.sum() * (i + 1) for i, r in enumerate(x)]
    (weighted[0] + weighted[1] + weighted[2]).backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [[1, 1], [2, 2], [3, 3]])
    with pytest.raises(TypeError, match="iteration over a 0-d Variable"):
        list(Variable(np.array(1.0)))


def test_item_needs_one_element_and_detach_cuts_the_graph() -> None:
    x = Variable(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"item\(\) needs a Variable of size 1, got shape \(2,\)"):
        x.item()
    y = (x * 3.0).detach()
    assert y.creator is None
    np.testing.assert_array_equal(y.data, [3.0, 6.0])
    z = x * 2.0
    d = z.detach()
    assert d.data is z.data  # shares the data, as PyTorch's detach
    (d * x).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [2.0, 4.0])  # d is a constant: d, not 4x


def test_numpy_cannot_turn_a_variable_into_an_array() -> None:
    x = Variable(np.array([1.0, 2.0]))
    for convert in (np.asarray, np.array):
        with pytest.raises(TypeError, match=r"x\.data"):
            convert(x)
    with pytest.raises(TypeError, match=r"x\.data"):
        np.testing.assert_allclose(x, [1.0, 2.0])  # type: ignore[call-overload]  # the mistake
    close(np.ones(2) + x, [2.0, 3.0])  # numpy's operators still defer to Variable
    close(np.ones((2, 2)) @ x, [3.0, 3.0])


def test_reshape_without_a_shape_is_an_error() -> None:
    x = Variable(np.ones(4))
    with pytest.raises(TypeError, match=r"reshape needs a shape"):
        x.reshape()  # type: ignore[call-overload]  # mypy rejects it too: the point


@pytest.mark.parametrize(
    ("use", "what", "function"),
    [
        (lambda v: v.T, "x.T", "transpose"),
        (lambda v: v.transpose(1, 0), r"x.transpose\(\)", "transpose"),
        (lambda v: v.reshape(3, 2), r"x.reshape\(\)", "reshape"),
        (lambda v: v.sum(), r"x.sum\(\)", "sum"),
        (lambda v: v.mean(0), r"x.mean\(\)", "mean"),
        (lambda v: v.max(), r"x.max\(\)", "max"),
        (lambda v: v.min(), r"x.min\(\)", "min"),
        (lambda v: v @ np.ones(3), "x @ y", "matmul"),
        (lambda v: np.ones(2) @ v, "x @ y", "matmul"),
        (lambda v: v[0], r"x\[index\]", "get_item"),
    ],
)
def test_without_the_tensor_plugin_a_convenience_names_function_and_plugin(
    plugin_env: pytest.MonkeyPatch, use: Fn, what: str, function: str
) -> None:
    from autograd_core import FunctionRegistry, UnknownFunctionError
    from autograd_core._plugins import loading as plugins

    plugin_env.setenv(plugins.DISABLE_ENV, "tensor")
    plugin_env.setattr(plugins, "registry", FunctionRegistry(loader=plugins.load_all))
    x = Variable(np.ones((2, 3)))
    with pytest.raises(UnknownFunctionError) as caught:
        use(x)
    message = str(caught.value)
    assert re.match(rf"{what} needs the function '{function}' of the plugin 'tensor'", message)
    assert "autograd-core-tensor" in message
    assert "left out by AUTOGRAD_CORE_DISABLE_PLUGINS='tensor'" in message
    assert isinstance(caught.value, AttributeError)
    assert x.creator is None and x.grad is None


def test_a_missing_tensor_distribution_is_named_with_the_install_command(
    plugin_env: pytest.MonkeyPatch,
) -> None:
    from importlib import metadata

    from autograd_core import FunctionRegistry, UnknownFunctionError
    from autograd_core._plugins import loading as plugins

    plugin_env.setenv(plugins.LOAD_ENV, "math")
    plugin_env.setattr(plugins, "registry", FunctionRegistry(loader=plugins.load_all))

    def not_installed(name: str) -> metadata.Distribution:
        raise metadata.PackageNotFoundError(name)

    plugin_env.setattr(metadata, "distribution", not_installed)
    with pytest.raises(
        UnknownFunctionError, match=r"not installed: pip install autograd-core-tensor"
    ):
        Variable(np.ones(2)).sum()
