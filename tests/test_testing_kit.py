"""`autograd_core.testing`: the conformance checks, on good and deliberately broken functions."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from user_functions import Square

import autograd_core
from autograd_core import (
    Array,
    Function,
    Sample,
    Scalar,
    UnknownFunctionError,
    Variable,
    enable_grad,
    errors,
)
from autograd_core.testing import (
    CHECKS,
    ConformanceError,
    ConformanceReport,
    GradcheckError,
    check_function,
    gradcheck,
    gradgradcheck,
    run_checks,
)

ONE_VECTOR: list[Sample] = [((np.array([1.0, -3.0, 2.0]),), {})]


def assert_only_failure(report: ConformanceReport, check: str) -> None:
    assert [r.check for r in report.failures] == [check], str(report)




class OffByOne(Function):
    """x**2 whose backward adds 1: each gradient element is off by exactly 1."""

    def forward(self, x: Array) -> Array:
        return x**2

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return 2 * x * gy + 1.0


class RawNumpyBackward(Function):
    """x**2 whose backward is computed on raw arrays: right once, but not differentiable."""

    def forward(self, x: Array) -> Array:
        return x**2

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return Variable(np.asarray(2 * x.data * gy.data))


class ZeroesItsInput(Function):
    def forward(self, x: Array) -> Array:
        y = 2 * x
        x[...] = 0.0
        return y

    def backward(self, gy: Variable) -> Variable:
        return 2 * gy


class ScalesItsGradientInPlace(Function):
    def forward(self, x: Array) -> Array:
        return 2 * x

    def backward(self, gy: Variable) -> Variable:
        gy.data *= 2.0  # corrupts the caller's gradient, then undoes half of it
        return gy * 1.0


class Float64Gradient(Function):
    """2x whose backward multiplies by a float64 array: float32 inputs get float64 grads."""

    def forward(self, x: Array) -> Array:
        return 2 * x

    def backward(self, gy: Variable) -> Variable:
        return gy * Variable(np.full(gy.shape, 2.0))


class IgnoresNoGrad(Function):
    """Forces grad mode on, so it records a graph even inside no_grad()."""

    def __call__(self, *inputs: Variable | Array | Scalar) -> Variable:
        with enable_grad():
            return super().__call__(*inputs)

    def forward(self, x: Array) -> Array:
        return 2 * x

    def backward(self, gy: Variable) -> Variable:
        return 2 * gy


class ScaleByCount(Function):
    """x * k with an integer k that gets no gradient, like labels."""

    def forward(self, x: Array, k: Array) -> Array:
        y: Array = x * k.astype(x.dtype)
        return y

    def backward(self, gy: Variable) -> tuple[Variable, None]:
        k = self.inputs[1].data.astype(gy.dtype)  # a constant: no graph needed through it
        return gy * k, None


def test_a_registered_function_passes_every_check() -> None:
    report = check_function("tanh")
    assert report.passed and report.function == "tanh"
    assert [r.check for r in report.results] == list(CHECKS)
    assert report.samples >= 1
    for check in ("gradient", "second_derivative"):
        worst = report[check].worst_error
        assert worst is not None and 0 <= worst < 1e-5


def test_a_class_without_samples_is_checked_on_the_default_unary_samples() -> None:
    report = check_function(Square)
    assert report.passed and report.function == "Square"
    assert report.samples == 3  # shapes (), (3,), (2, 3)


def test_a_wrong_backward_fails_the_gradient_check_with_its_worst_error() -> None:
    with pytest.raises(ConformanceError) as caught:
        check_function(OffByOne)
    error = caught.value
    assert isinstance(error, AssertionError)  # pytest shows it as a failed assertion
    assert error.function == "OffByOne" and error.check == "gradient"
    assert "OffByOne" in str(error) and "'gradient'" in str(error)
    report = error.report
    assert_only_failure(report, "gradient")
    # analytical - numerical is exactly 1 at every element, whatever the cotangent
    worst = report["gradient"].worst_error
    assert worst == pytest.approx(1.0, abs=1e-6)
    message = report["gradient"].message
    assert message is not None and "input 0" in message and "sample 1 of 3" in message


def test_a_backward_on_raw_arrays_fails_only_the_second_derivative() -> None:
    report = run_checks(RawNumpyBackward)
    assert_only_failure(report, "second_derivative")
    # The true second derivative is 2 * v * w (cotangents of the first and second
    # differentiation); the graph-less backward yields 0, so the error is far from 0.
    worst = report["second_derivative"].worst_error
    assert worst is not None and worst > 1e-3


def test_a_forward_that_modifies_its_input_fails_by_how_far_it_moved() -> None:
    report = run_checks(ZeroesItsInput, samples=ONE_VECTOR)
    assert not report["inputs_unchanged"].passed
    assert report["inputs_unchanged"].worst_error == 3.0  # the largest |x| was zeroed
    assert "forward modified input 0" in str(report["inputs_unchanged"].message)


def test_a_backward_that_modifies_the_output_gradient_fails() -> None:
    report = run_checks(ScalesItsGradientInPlace, samples=ONE_VECTOR)
    assert not report["inputs_unchanged"].passed
    assert "backward modified output gradient 0" in str(report["inputs_unchanged"].message)


def test_a_gradient_of_the_wrong_floating_dtype_is_cast_by_the_engine() -> None:
    """Since issue 13 the engine gives every gradient its input's dtype (as PyTorch does),
    so a float64 gradient for a float32 input reaches the user as float32."""
    report = run_checks(Float64Gradient)
    assert not report.failures, str(report)
    x = Variable(np.ones(3, dtype=np.float32))
    Float64Gradient()(x).backward()
    assert x.grad is not None and x.grad.dtype == np.float32


def test_recording_a_graph_under_no_grad_fails() -> None:
    report = run_checks(IgnoresNoGrad)
    assert_only_failure(report, "no_grad")
    assert "creator" in str(report["no_grad"].message)


def test_integer_inputs_are_passed_through_and_not_differentiated() -> None:
    def samples(rng: np.random.Generator) -> list[Sample]:
        return [((rng.standard_normal((2, 3)), np.array([1, -2, 3])), {})]

    report = check_function(ScaleByCount, samples=samples)
    assert report.passed and report.samples == 1
    # d(x * k)/dx = k, which the check compared element by element
    assert report["gradient"].worst_error is not None and report["gradient"].worst_error < 1e-6


def test_sample_factories_and_sample_lists_are_both_accepted() -> None:
    assert check_function(Square, samples=ONE_VECTOR).samples == 1
    assert check_function("square", samples=lambda rng: ONE_VECTOR * 2).samples == 2


@pytest.mark.parametrize(
    ("samples", "reason"),
    [([("not a tuple of arrays", {})], "must be a tuple of ndarrays"), ([], "there are none")],
)
def test_bad_or_no_samples_fail_every_check_with_the_reason(samples: Any, reason: str) -> None:
    report = run_checks(Square, samples=samples)
    assert not report.passed and len(report.failures) == len(CHECKS)
    assert "cannot build the sample inputs" in str(report.failures[0].message)
    assert reason in str(report.failures[0].message)


def test_an_unknown_name_names_close_matches() -> None:
    with pytest.raises(UnknownFunctionError, match="'tanh'"):
        check_function("tahn")


def test_something_else_is_a_type_error() -> None:
    bad: Any = 42
    with pytest.raises(TypeError, match="function name or a Function subclass, got 42"):
        check_function(bad)


def test_the_report_prints_each_check_and_its_worst_error() -> None:
    text = str(run_checks(OffByOne, samples=ONE_VECTOR))
    for check in CHECKS:
        assert check in text
    assert "FAIL  worst error 1.0e+00" in text


def test_the_numerical_checks_are_reexported() -> None:
    assert gradcheck is autograd_core.gradcheck
    assert gradgradcheck is autograd_core.gradgradcheck
    assert GradcheckError is autograd_core.GradcheckError
    assert issubclass(ConformanceError, autograd_core.AutogradError)
    assert "ConformanceError" in str(errors.__doc__)  # drawn in the error tree
