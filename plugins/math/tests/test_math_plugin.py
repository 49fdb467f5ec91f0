"""The math plugin as a plugin: its hook type-checks, and registers exactly its functions."""

from __future__ import annotations

from importlib import metadata
from typing import Any

import numpy as np
import pytest

import autograd_core.functions as F
import autograd_core_math
from autograd_core import AutogradPlugin, Function, FunctionRegistry
from autograd_core_math import Abs, Clip, Cos, Exp, Log, ReLU, Sigmoid, Sin, Sqrt, Square, Tanh
from autograd_core_math.more import Expm1, Log1p, Maximum, Minimum, Tan
from autograd_core_math.special import ELU, GELU, LeakyReLU, Softplus

plugin: AutogradPlugin = autograd_core_math  # mypy checks the hook against the spec here

EXPECTED: dict[str, type[Function[Any]]] = {
    "square": Square,
    "exp": Exp,
    "log": Log,
    "sqrt": Sqrt,
    "sin": Sin,
    "cos": Cos,
    "tanh": Tanh,
    "sigmoid": Sigmoid,
    "relu": ReLU,
    "abs": Abs,
    "clip": Clip,
}

MORE: dict[str, type[Function[Any]]] = {
    "tan": Tan,
    "log1p": Log1p,
    "expm1": Expm1,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "gelu": GELU,
    "softplus": Softplus,
    "maximum": Maximum,
    "minimum": Minimum,
}
"""Issue 10's functions; their samples are checked in test_math_more.py."""


def test_hook_registers_exactly_the_math_functions() -> None:
    registry = FunctionRegistry()
    plugin.register_functions(registry=registry)
    assert {name: registry.get(name) for name in registry} == EXPECTED | MORE
    assert all(registry.info(name).samples is not None for name in registry)


def test_functions_come_from_the_installed_distribution() -> None:
    version = metadata.version("autograd-core-math")
    for name, cls in EXPECTED.items():
        info = F.registry.info(name)
        assert info.cls is cls
        assert (info.plugin.name, info.distribution, info.version) == (
            "math",
            "autograd-core-math",
            version,
        )


@pytest.mark.parametrize("seed", range(10))
def test_samples_are_float64_and_keep_away_from_kinks(seed: int) -> None:
    margin = 0.1
    for name in EXPECTED:
        factory = F.registry.info(name).samples
        assert factory is not None
        pairs = list(factory(np.random.default_rng(seed)))
        assert [inputs[0].shape for inputs, _ in pairs] == [(), (3,), (2, 3)]
        for inputs, params in pairs:
            (x,) = inputs
            assert type(x) is np.ndarray and x.dtype == np.float64, name
            if name in ("log", "sqrt"):
                assert np.all(x >= margin), name
            if name in ("relu", "abs"):
                assert np.all(np.abs(x) >= margin), name
            if name == "clip":
                assert set(params) == {"low", "high"}
                assert params["high"] - params["low"] > 2 * margin
                assert np.all(np.abs(x - params["low"]) >= margin)
                assert np.all(np.abs(x - params["high"]) >= margin)
            else:
                assert params == {}, name
