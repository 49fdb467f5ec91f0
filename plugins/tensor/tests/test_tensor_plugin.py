"""The plugin as a whole: its hook, its entry point, and every registered sample checked.

Each sample call is compared with numpy, differentiated once and twice against central
differences (random cotangents), and must leave its inputs untouched and unaliased.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata
from typing import Any

import numpy as np
import pytest

import autograd_core_tensor
from autograd_core import (
    Array,
    AutogradPlugin,
    FunctionRegistry,
    Sample,
    Variable,
    grad,
    gradcheck,
    gradgradcheck,
)

plugin: AutogradPlugin = autograd_core_tensor  # mypy checks the hook against the spec

EXPECTED = {
    "concatenate",
    "get_item",
    "matmul",
    "max",
    "mean",
    "min",
    "reshape",
    "sum",
    "transpose",
}

ISSUE_10 = {
    "cumsum",
    "einsum",
    "expand_dims",
    "flatten",
    "flip",
    "logsumexp",
    "pad",
    "prod",
    "split",
    "squeeze",
    "stack",
    "std",
    "var",
}
"""Issue 10's functions: checked against PyTorch in test_tensor_stats/arrange/einsum.py."""

registry = FunctionRegistry()
plugin.register_functions(registry=registry)

NUMPY: dict[str, Callable[..., Any]] = {
    "concatenate": lambda *xs, axis: np.concatenate(xs, axis=axis),
    "get_item": lambda x, index: x[index],
    "matmul": np.matmul,
    "max": np.max,
    "mean": np.mean,
    "min": np.min,
    "reshape": np.reshape,
    "sum": np.sum,
    "transpose": np.transpose,
}
"""The numpy function each registered function must agree with, called the same way."""


def samples() -> list[tuple[str, int, Sample]]:
    out = []
    for name in sorted(EXPECTED):
        factory = registry.info(name).samples
        assert factory is not None, f"{name} registers no samples"
        for i, sample in enumerate(factory(np.random.default_rng(0))):
            out.append((name, i, sample))
    return out


SAMPLES = samples()
IDS = [f"{name}-{i}" for name, i, _ in SAMPLES]


def call(name: str, params: dict[str, Any]) -> Callable[..., Variable]:
    f = registry.caller(name)
    return lambda *xs: f(*xs, **params)


def test_the_hook_registers_exactly_the_tensor_functions() -> None:
    fresh = FunctionRegistry()
    plugin.register_functions(registry=fresh)
    assert set(fresh) == EXPECTED | ISSUE_10
    assert fresh.get("matmul") is autograd_core_tensor.MatMul
    assert fresh.get("get_item") is autograd_core_tensor.GetItem


def test_the_entry_point_names_the_module() -> None:
    (ep,) = [e for e in metadata.entry_points(group="autograd_core") if e.name == "tensor"]
    assert ep.value == "autograd_core_tensor"
    assert ep.dist is not None and ep.dist.name == "autograd-core-tensor"
    assert ep.load() is autograd_core_tensor


def test_every_function_has_several_float64_samples() -> None:
    for name in EXPECTED:
        found = [s for n, _, s in SAMPLES if n == name]
        assert len(found) >= 3, name
        for xs, _ in found:
            given: list[object] = list(xs)  # factories are untyped at run time: numpy
            assert all(type(x) is np.ndarray for x in given), name  # scalars sneak in for ()
            assert all(x.dtype == np.float64 for x in xs), name


@pytest.mark.parametrize(("name", "i", "sample"), SAMPLES, ids=IDS)
def test_sample_values_match_numpy(name: str, i: int, sample: Sample) -> None:
    xs, params = sample
    y = call(name, params)(*xs)
    np.testing.assert_allclose(y.data, NUMPY[name](*xs, **params), rtol=1e-12)


@pytest.mark.parametrize(("name", "i", "sample"), SAMPLES, ids=IDS)
def test_sample_gradients_match_central_differences(name: str, i: int, sample: Sample) -> None:
    xs, params = sample
    assert gradcheck(call(name, params), *xs)


@pytest.mark.parametrize(("name", "i", "sample"), SAMPLES, ids=IDS)
def test_sample_second_derivatives_match_central_differences(
    name: str, i: int, sample: Sample
) -> None:
    xs, params = sample
    assert gradgradcheck(call(name, params), *xs)


@pytest.mark.parametrize(("name", "i", "sample"), SAMPLES, ids=IDS)
def test_inputs_are_neither_modified_nor_aliased(name: str, i: int, sample: Sample) -> None:
    xs, params = sample
    before = [x.copy() for x in xs]
    vs = [Variable(x) for x in xs]
    y = call(name, params)(*vs)
    gxs = grad(y, vs, grad_outputs=np.ones(y.shape), create_graph=True)
    for x, old in zip(xs, before, strict=True):
        np.testing.assert_array_equal(x, old)
    arrays: list[Array] = [y.data, *(g.data for g in gxs)]
    for a in arrays:
        assert not any(np.shares_memory(a, x) for x in xs)
