"""Tests of the cube plugin, as its author would write them (run with the plugin installed)."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import autograd_core.functions as F
import autograd_core_cube
from autograd_core import AutogradPlugin, Variable, gradcheck, gradgradcheck
from autograd_core.testing import CHECKS, ConformanceError, check_function
from autograd_core_cube import Cube, cube, cube_samples

# mypy checks the module's hook implementations against autograd-core's hookspecs.
plugin: AutogradPlugin = autograd_core_cube


def test_registered_through_the_entry_point() -> None:
    info = F.registry.info("cube")
    assert info.cls is Cube
    assert info.plugin.name == "cube"
    assert info.distribution == "autograd-core-cube"
    name = "cube"  # F.cube at run time (mypy knows only the standard functions on F)
    x = np.array([2.0, -1.0])
    np.testing.assert_allclose(getattr(F, name)(x).data, cube(x).data)


def test_value_and_derivatives_match_the_closed_form() -> None:
    data = np.array([-1.5, -0.2, 0.0, 0.7, 2.0])
    x = Variable(data)
    y = cube(x)  # typed: mypy knows it takes one input and returns a Variable
    np.testing.assert_allclose(y.data, data * data * data)
    y.backward(create_graph=True)
    assert x.grad is not None
    gx = x.grad
    np.testing.assert_allclose(gx.data, 3 * data**2)
    x.cleargrad()
    gx.backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.data, 6 * data)


@pytest.mark.parametrize("index", range(3))
def test_samples_pass_gradcheck_and_gradgradcheck(index: int) -> None:
    inputs, params = list(cube_samples(np.random.default_rng(index)))[index]
    f = functools.partial(cube, **params)
    assert gradcheck(f, *inputs)
    assert gradgradcheck(f, *inputs)


def test_conforms_to_autograd_core_checks() -> None:
    # The checks `autograd-core check cube` runs (autograd_core.testing.CHECKS): gradients
    # and second derivatives against central differences, gradient shapes and dtypes,
    # float32 against float64, inputs and cotangents unchanged, any cotangent layout,
    # linearity in the cotangent, unused outputs, nothing recorded under no_grad.
    report = check_function("cube")
    assert report.passed
    assert [r.check for r in report.results] == list(CHECKS)
    assert report["unused_outputs"].status == "n/a"  # one output


class RawCube(Cube):
    """The same cube with a DeZero-style backward on raw arrays: right once, not twice."""

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return Variable(np.asarray(3 * x.data**2 * gy.data))


def test_the_checks_catch_a_backward_on_raw_arrays() -> None:
    with pytest.raises(ConformanceError, match="second_derivative") as caught:
        check_function(RawCube, samples=cube_samples)
    assert [r.check for r in caught.value.report.failures] == ["second_derivative"]
    assert "write it with Variable arithmetic" in str(caught.value)
