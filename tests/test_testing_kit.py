"""`autograd_core.testing`: the conformance checks, on good and deliberately broken functions."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from user_functions import Scale, SinCos, Square

import autograd_core
import autograd_core.functions as F
from autograd_core import (
    Array,
    Function,
    FunctionRegistry,
    Sample,
    Scalar,
    UnknownFunctionError,
    Variable,
    enable_grad,
)
from autograd_core._core import errors
from autograd_core.extend import output_of
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
    assert_only_failure(report, "inputs_unchanged")
    assert "backward modified output gradient (gy) 0 in place" in str(
        report["inputs_unchanged"].message
    )


def test_a_gradient_of_the_wrong_floating_dtype_fails_only_grad_shape_dtype() -> None:
    report = run_checks(Float64Gradient, samples=ONE_VECTOR)
    assert_only_failure(report, "grad_shape_dtype")
    message = str(report["grad_shape_dtype"].message)
    assert "for floating input 0 of shape (3,) and dtype float32" in message
    assert "a gradient of shape (3,) and dtype float64" in message
    assert "(float32[3])" in message  # found in the float32 call, not the float64 one
    assert "use gy.dtype" in message


def test_the_engine_still_casts_a_wrong_floating_dtype_for_the_user() -> None:
    """The engine gives every gradient its input's dtype (as PyTorch does), so the
    check above must look at what backward returns, not at what `.grad` holds."""
    x = Variable(np.ones(3, dtype=np.float32))
    Float64Gradient()(x).backward()
    assert x.grad is not None and x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.data, np.full(3, 2.0, dtype=np.float32))


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
    assert "gradient           FAIL 1.0e+00" in text
    assert "unused_outputs     n/a" in text  # one output: the check does not apply


def test_the_numerical_checks_are_reexported() -> None:
    assert gradcheck is autograd_core.gradcheck
    assert gradgradcheck is autograd_core.gradgradcheck
    assert GradcheckError is autograd_core.GradcheckError
    assert issubclass(ConformanceError, autograd_core.AutogradError)
    assert "ConformanceError" in str(errors.__doc__)  # drawn in the error tree


# Each kind of bug the later checks target, planted: the check that catches it, and only it,
# fails, with a message that names the mistake.


class ScratchesGy(Function):
    """2x whose backward uses gy's memory as scratch space and restores it afterwards."""

    def forward(self, x: Array) -> Array:
        return 2 * x

    def backward(self, gy: Variable) -> Variable:
        scratch = gy.data
        scratch *= 2.0  # fails on a read-only (e.g. broadcast) cotangent
        g = Variable(scratch.copy())
        scratch /= 2.0  # gy looks untouched afterwards, so inputs_unchanged cannot tell
        return g


class ClipsGy(Function):
    """2x whose backward clips its cotangent to [-10, 10]: right for small cotangents only."""

    def forward(self, x: Array) -> Array:
        return 2 * x

    def backward(self, gy: Variable) -> Variable:
        return F.clip(gy, low=-10.0, high=10.0) * 2.0


class FreesItsMask(Function):
    """relu whose backward drops the mask forward saved: a second backward gets ones."""

    def forward(self, x: Array) -> Array:
        self.mask = (x > 0).astype(x.dtype)
        y: Array = x * self.mask
        return y

    def backward(self, gy: Variable) -> Variable:
        mask, self.mask = self.mask, np.ones_like(self.mask)
        return gy * Variable(mask)


class Float64Forward(Function):
    """2x computed in float64 whatever the input's dtype."""

    def forward(self, x: Array) -> Array:
        return 2.0 * x.astype(np.float64)

    def backward(self, gy: Variable) -> Variable:
        return gy * 2.0


class SumsItsGradient(Function):
    """2x whose backward returns a scalar: the wrong gradient shape for a vector input."""

    def forward(self, x: Array) -> Array:
        return 2 * x

    def backward(self, gy: Variable) -> Variable:
        return F.sum(gy) * 2.0


class SinCosFromOutputs(Function[tuple[Variable, ...]]):
    """(sin x, cos x) whose backward reads both outputs, which are freed when unused."""

    def forward(self, x: Array) -> tuple[Array, Array]:
        return np.sin(x), np.cos(x)

    def backward(self, gs: Variable, gc: Variable) -> Variable:
        s, c = output_of(self, 0), output_of(self, 1)
        return gs * c - gc * s


class SinCosOneGy(Function[tuple[Variable, ...]]):
    """(sin x, cos x) whose backward takes one gy, as if it had one output."""

    def forward(self, x: Array) -> tuple[Array, Array]:
        return np.sin(x), np.cos(x)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return gy * F.cos(x)


MATRIX: list[Sample] = [((np.array([[1.0, -3.0, 2.0], [0.5, 4.0, -1.5]]),), {})]


def statuses(report: ConformanceReport) -> dict[str, str]:
    return {r.check: r.status for r in report.results}


def test_a_backward_writing_into_gy_fails_only_inputs_unchanged() -> None:
    report = run_checks(ScalesItsGradientInPlace, samples=MATRIX)
    assert_only_failure(report, "inputs_unchanged")
    message = str(report["inputs_unchanged"].message)
    assert "backward modified output gradient (gy) 0 in place" in message


@pytest.mark.parametrize("samples", [ONE_VECTOR, MATRIX], ids=["vector", "matrix"])
def test_a_backward_that_cannot_take_a_broadcast_cotangent_fails_only_layouts(
    samples: list[Sample],
) -> None:
    report = run_checks(ScratchesGy, samples=samples)
    assert_only_failure(report, "cotangent_layouts")
    message = str(report["cotangent_layouts"].message)
    assert "backward raised on a broadcast (zero-stride) cotangent" in message
    assert "read-only" in message and "do not write into it" in message


def test_a_backward_that_is_not_linear_in_gy_fails_only_linearity() -> None:
    report = run_checks(ClipsGy)
    assert_only_failure(report, "linearity")
    message = str(report["linearity"].message)
    assert "not linear in the cotangent" in message and "no clipping" in message
    # b(3 g1 - 1000 g2) is clipped to 20 where 3 b(g1) - 1000 b(g2) is thousands
    worst = report["linearity"].worst_error
    assert worst is not None and worst > 0.5


def test_a_backward_that_changes_on_a_second_call_fails_only_linearity() -> None:
    report = run_checks(FreesItsMask, samples=MATRIX)
    assert_only_failure(report, "linearity")
    assert "backward is not repeatable" in str(report["linearity"].message)


def test_a_float32_call_returning_float64_fails_only_float32() -> None:
    report = run_checks(Float64Forward, samples=MATRIX)
    assert_only_failure(report, "float32")
    message = str(report["float32"].message)
    assert "float32 inputs gave output 0 of dtype float64" in message
    assert "(float32[2, 3])" in message  # the tag says what the check ran: float32


def test_a_wrong_gradient_shape_fails_one_check_and_does_not_read_like_a_pass() -> None:
    report = run_checks(SumsItsGradient, samples=MATRIX)
    assert_only_failure(report, "gradient")
    result = report["gradient"]
    assert result.cell() == "FAIL raised BackwardError" and result.worst_error is None
    assert "shape () for input 0 of shape (2, 3)" in str(result.message)
    # the later checks met the same error: skipped, not failed again, not passed either
    assert statuses(report) == {
        "gradient": "FAIL",
        "second_derivative": "skip",
        "grad_shape_dtype": "skip",
        "float32": "skip",
        "inputs_unchanged": "skip",
        "cotangent_layouts": "skip",
        "linearity": "skip",
        "unused_outputs": "n/a",
        "no_grad": "pass",
    }


def test_a_backward_needing_a_freed_output_fails_only_unused_outputs() -> None:
    report = run_checks(SinCosFromOutputs)
    assert_only_failure(report, "unused_outputs")
    message = str(report["unused_outputs"].message)
    assert "with only output 0 used (the others freed), backward raised" in message
    assert "output 1 was freed" in message


def test_a_multi_output_function_passes_unused_outputs() -> None:
    report = check_function(SinCos)
    assert report["unused_outputs"].status == "pass"
    worst = report["unused_outputs"].worst_error
    assert worst is not None and worst < 1e-12


def test_one_gy_for_two_outputs_gets_a_hint() -> None:
    report = run_checks(SinCosOneGy)
    assert_only_failure(report, "gradient")
    message = str(report["gradient"].message)
    assert "TypeError" in message
    assert "returns 2 outputs, so backward receives one gradient per output" in message
    assert "def backward(self, gy0, gy1)" in message


def test_a_required_parameter_without_samples_gets_a_hint() -> None:
    report = run_checks(Scale)
    assert_only_failure(report, "gradient")
    message = str(report["gradient"].message)
    assert "missing 1 required positional argument: 'factor'" in message
    assert "requires 'factor', but the function was registered without samples=" in message
    assert "registry.register(name, cls, samples=...)" in message


def test_a_backward_on_raw_arrays_is_told_to_use_variables() -> None:
    report = run_checks(RawNumpyBackward)
    message = str(report["second_derivative"].message)
    assert "backward was computed on raw arrays" in message
    assert "write it with Variable arithmetic" in message
    assert "RawNumpyBackward: second_derivative failed on sample 1 of 3 (float64[])" in message


def test_an_expected_failure_is_shown_as_expected_and_an_unexpected_pass_fails() -> None:
    why = {"second_derivative": "written on raw arrays for speed"}
    report = check_function(RawNumpyBackward, expected_failures=why)  # does not raise
    result = report["second_derivative"]
    assert result.passed and result.status == "xfail"
    assert result.cell().startswith("xfail ")
    assert "expected to fail (written on raw arrays for speed)" in str(result.message)

    report = run_checks(Square, expected_failures={"gradient": "thought to be wrong"})
    assert_only_failure(report, "gradient")
    assert report["gradient"].status == "XPASS"
    assert "an unexpected pass; remove the entry" in str(report["gradient"].message)


def test_expected_failures_registered_with_the_function() -> None:
    registry = FunctionRegistry()
    registry.register(
        "raw_square", RawNumpyBackward, expected_failures={"second_derivative": "raw arrays"}
    )
    report = check_function("raw_square", registry=registry)
    assert report["second_derivative"].status == "xfail"
    with pytest.raises(ValueError, match="names no check 'second_derivatives'; did you mean"):
        registry.register("sq", Square, expected_failures={"second_derivatives": "x"})
    with pytest.raises(TypeError, match="must say why"):
        registry.register("sq", Square, expected_failures={"gradient": ""})
    assert "sq" not in registry


@pytest.mark.parametrize("name", sorted(F.registry))
def test_every_registered_function_passes_every_check(name: str) -> None:
    report = check_function(name)
    for r in report.results:
        assert r.status in ("pass", "n/a", "xfail"), str(report)
    assert report["gradient"].status == "pass"


class TwiceAndSign(Function[tuple[Variable, ...]]):
    """(2x, sign(x) as integers): a floating output beside an integer one."""

    def forward(self, x: Array) -> tuple[Array, Array]:
        return 2 * x, np.sign(x).astype(np.int64)

    def backward(self, g2x: Variable, gsign: Variable) -> Variable:
        return g2x * 2.0


def test_an_integer_output_beside_a_floating_one_is_not_differentiated() -> None:
    report = check_function(TwiceAndSign, samples=MATRIX)
    assert report["unused_outputs"].status == "pass"
    assert report["gradient"].worst_error is not None and report["gradient"].worst_error < 1e-8
