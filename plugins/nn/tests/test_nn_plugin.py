"""The plugin as a plugin: its hook, what it registers, and every registered sample checked."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd_core.functions as F
import autograd_core_nn
from autograd_core import AutogradPlugin, FunctionRegistry, Variable, gradcheck, gradgradcheck

NAMES = {
    "linear",
    "softmax",
    "log_softmax",
    "softmax_cross_entropy",
    "mean_squared_error",
    "sigmoid_cross_entropy",
    "huber_loss",
    "dropout",
    "batch_norm",
    "layer_norm",
    "embedding",
}

plugin: AutogradPlugin = autograd_core_nn  # mypy checks the hook's signature against the spec


@pytest.fixture
def registry() -> FunctionRegistry:
    """A fresh registry filled by the hook alone."""
    fresh = FunctionRegistry()
    plugin.register_functions(registry=fresh)
    return fresh


def test_the_hook_registers_exactly_its_functions(registry: FunctionRegistry) -> None:
    assert set(registry) == NAMES
    assert all(registry.info(name).samples is not None for name in NAMES)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_every_sample_passes_gradcheck_and_gradgradcheck(
    registry: FunctionRegistry, name: str
) -> None:
    info = registry.info(name)
    assert info.samples is not None
    samples = list(info.samples(np.random.default_rng(0)))
    assert samples
    for inputs, params in samples:
        assert all(a.dtype == np.float64 or a.dtype.kind in "iu" for a in inputs)

        def f(*xs: Variable, params: dict[str, Any] = params) -> Variable:
            y = info.cls(**params)(*xs)
            assert isinstance(y, Variable)  # every nn function has a single output
            return y

        assert gradcheck(f, *inputs)
        assert gradgradcheck(f, *inputs)


def test_integer_labels_are_among_the_cross_entropy_samples(registry: FunctionRegistry) -> None:
    factory = registry.info("softmax_cross_entropy").samples
    assert factory is not None
    for (x, t), _ in factory(np.random.default_rng(0)):
        assert t.dtype.kind == "i" and t.shape == (x.shape[0],)
        assert np.all((t >= 0) & (t < x.shape[1]))


def test_installed_entry_point_provides_the_functions() -> None:
    for name in NAMES:
        assert F.registry.info(name).distribution == "autograd-core-nn"
    x = Variable(np.array([[0.0, np.log(3.0)]]))
    np.testing.assert_allclose(F.softmax(x, axis=-1).data, [[0.25, 0.75]], rtol=1e-12)
