"""The conformance checks every registered function must pass, for plugin authors' tests.

`check_function("tanh")` (or `check_function(MyFunction, samples=...)`) runs, on each
sample input, the checks named in `CHECKS`:

- ``gradient``: backward agrees with central differences (random cotangent, float64);
- ``grad_shape_dtype``: each gradient has its input's shape and dtype (float64 and float32);
- ``inputs_unchanged``: forward and backward leave their input arrays untouched;
- ``no_grad``: under `no_grad()` no graph is recorded;
- ``second_derivative``: the backward's own derivative agrees with central differences.

It returns a `ConformanceReport` listing each check with its worst error, or raises
`ConformanceError` (an AssertionError, so pytest shows it as a failure) naming the function
and the failed check. Integer inputs (labels) are passed through and not differentiated.
`autograd-core check` runs the same checks on every registered function.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from autograd_core._typing import Array
from autograd_core.checking import (
    first_derivative,
    fresh_inputs,
    gradcheck,
    gradgradcheck,
    gradient_errors,
)
from autograd_core.config import no_grad
from autograd_core.engine import grad
from autograd_core.errors import ConformanceError, GradcheckError
from autograd_core.function import Function
from autograd_core.registry import FunctionRegistry, Sample, SampleFactory, default_samples
from autograd_core.variable import Variable

__all__ = [
    "CHECKS",
    "CheckResult",
    "ConformanceError",
    "ConformanceReport",
    "GradcheckError",
    "check_function",
    "gradcheck",
    "gradgradcheck",
    "run_checks",
]

CHECKS: Final = (
    "gradient",
    "grad_shape_dtype",
    "inputs_unchanged",
    "no_grad",
    "second_derivative",
)


@dataclass
class CheckResult:
    """One check over every sample: passed or not, the worst error seen, the first failure."""

    check: str
    passed: bool = True
    worst_error: float | None = None
    """The largest discrepancy measured (|analytical - numerical|, or how far an input
    moved); None for a check that only passes or fails."""
    message: str | None = None

    def _record(self, error: float | None) -> None:
        if error is not None:
            self.worst_error = error if self.worst_error is None else max(self.worst_error, error)

    def _fail(self, message: str, error: float | None = None) -> None:
        if error is not None and math.isnan(error):
            self.worst_error = error
        else:
            self._record(error)
        if self.passed:
            self.passed, self.message = False, message


@dataclass
class ConformanceReport:
    """The checks of one function: `passed`, `failures`, and `report[check]` for each."""

    function: str
    results: list[CheckResult] = field(default_factory=list)
    samples: int = 0

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if not r.passed]

    def __getitem__(self, check: str) -> CheckResult:
        for r in self.results:
            if r.check == check:
                return r
        raise KeyError(check)

    def __str__(self) -> str:
        lines = [f"{self.function}: {self.samples} sample(s)"]
        for r in self.results:
            status = "pass" if r.passed else "FAIL"
            lines.append(f"  {r.check:<18} {status}  worst error {format_error(r.worst_error)}")
            if r.message:
                lines.append(f"    {r.message}")
        return "\n".join(lines)

    def raise_for_failures(self) -> None:
        """Raise ConformanceError naming the function and each failed check, if any failed."""
        failures = self.failures
        if failures:
            details = "; ".join(
                f"{r.check!r} (worst error {format_error(r.worst_error)}): {r.message}"
                for r in failures
            )
            raise ConformanceError(
                f"{self.function} failed the conformance check(s) {details}",
                report=self,
                function=self.function,
                check=failures[0].check,
            )


def format_error(error: float | None) -> str:
    """`3.2e-11`, `0`, or `-` for a check without a measure."""
    if error is None:
        return "-"
    return "0" if error == 0 else f"{error:.1e}"


def check_function(
    name_or_class: str | type[Function[Any]],
    *,
    samples: SampleFactory | Iterable[Sample] | None = None,
    seed: int = 0,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    registry: FunctionRegistry | None = None,
) -> ConformanceReport:
    """Run every check on a registered function (by name) or a Function class.

    Samples come from `samples` (a factory taking a numpy Generator, or the samples
    themselves), else from the registration, else `autograd_core.registry.default_samples`
    (unary, float64). Returns the report; raises ConformanceError if any check failed.
    """
    report = run_checks(
        name_or_class, samples=samples, seed=seed, eps=eps, atol=atol, rtol=rtol, registry=registry
    )
    report.raise_for_failures()
    return report


def run_checks(
    name_or_class: str | type[Function[Any]],
    *,
    samples: SampleFactory | Iterable[Sample] | None = None,
    seed: int = 0,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    registry: FunctionRegistry | None = None,
) -> ConformanceReport:
    """Like `check_function`, but return the report without raising when a check fails."""
    given: object = name_or_class  # untyped callers: check what was actually passed
    if isinstance(given, str):
        if registry is None:
            from autograd_core.plugins import registry as loaded

            registry = loaded
        info = registry.info(given)  # UnknownFunctionError names close matches
        cls, label = info.cls, given
        factory: SampleFactory | Iterable[Sample] = (
            samples if samples is not None else info.samples or default_samples
        )
    elif isinstance(given, type) and issubclass(given, Function):
        cls, label = given, given.__name__
        factory = samples if samples is not None else default_samples
    else:
        raise TypeError(
            f"check_function takes a function name or a Function subclass, got {name_or_class!r}"
        )
    report = ConformanceReport(label, [CheckResult(c) for c in CHECKS])
    rng = np.random.default_rng(seed)
    try:
        cases = _validate(factory(rng) if callable(factory) else factory)
        if not cases:
            raise ValueError("there are none, so nothing would be checked")
    except Exception as exc:
        for r in report.results:
            r._fail(f"cannot build the sample inputs: {_one_line(exc)}")
        return report
    report.samples = len(cases)
    for k, (inputs, params) in enumerate(cases):
        case = _Case(cls, label, inputs, params, rng, eps, atol, rtol)
        for r, run in zip(report.results, _RUNNERS, strict=True):
            failed_before = not r.passed
            try:
                run(r, case)
            except Exception as exc:
                r._fail(_one_line(exc))
            if not failed_before and not r.passed:
                r.message = f"{r.message} [sample {k + 1} of {len(cases)}: {case}]"
    return report


def _one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())


def _validate(cases: object) -> list[Sample]:
    if not isinstance(cases, Iterable):
        raise TypeError(f"samples must be an iterable of (inputs, params) pairs, got {cases!r}")
    out: list[Sample] = []
    for case in cases:
        if not (isinstance(case, tuple) and len(case) == 2):
            raise TypeError(f"each sample must be a pair (inputs, params), got {case!r}")
        inputs, params = case
        # numpy arithmetic turns 0-d arrays into numpy scalars: take those as 0-d arrays
        if not isinstance(inputs, tuple) or not all(
            isinstance(a, np.ndarray | np.number) for a in inputs
        ):
            raise TypeError(f"sample inputs must be a tuple of ndarrays, got {inputs!r}")
        if not isinstance(params, dict):
            raise TypeError(f"sample params must be a dict, got {params!r}")
        out.append((tuple(np.asarray(a) for a in inputs), params))
    return out


@dataclass(frozen=True)
class _Case:
    """One sample of one function, with the settings every check needs."""

    cls: type[Function[Any]]
    label: str
    inputs: tuple[Array, ...]
    params: dict[str, Any]
    rng: np.random.Generator
    eps: float
    atol: float
    rtol: float

    def __str__(self) -> str:
        parts = [f"{a.dtype}{list(a.shape)}" for a in self.inputs]
        return ", ".join(parts + [f"{k}={v!r}" for k, v in self.params.items()])

    @property
    def f(self) -> Callable[..., Variable | tuple[Variable, ...]]:
        """The function under test, a fresh instance per call (instances are single-use)."""

        def f(*xs: Variable) -> Variable | tuple[Variable, ...]:
            out: Variable | tuple[Variable, ...] = self.cls(**self.params)(*xs)
            return out

        f.__qualname__ = self.label  # error messages name the function
        return f

    def variables(self, dtype: type[np.floating[Any]] = np.float64) -> list[Variable]:
        """Fresh copies of the inputs, floating ones cast to `dtype`, integer ones untouched."""
        return fresh_inputs(self.inputs, dtype)

    def cotangents(self, ys: tuple[Variable, ...]) -> list[Variable]:
        return [Variable(self.rng.standard_normal(y.shape).astype(y.dtype)) for y in ys]


def _as_tuple(ys: Variable | tuple[Variable, ...]) -> tuple[Variable, ...]:
    return ys if isinstance(ys, tuple) else (ys,)


def _floating(vs: Iterable[Variable]) -> list[Variable]:
    return [v for v in vs if v.dtype.kind == "f"]


def _check_gradient(r: CheckResult, case: _Case, order: int = 1) -> None:
    f = case.f if order == 1 else first_derivative(case.f, *case.inputs)
    try:
        r._record(gradient_errors(f, *case.inputs, eps=case.eps, atol=case.atol, rtol=case.rtol))
    except GradcheckError as exc:
        try:  # measure the worst error over every element, not just the first bad one
            worst = gradient_errors(f, *case.inputs, eps=case.eps, atol=math.inf, rtol=0.0)
        except GradcheckError:
            worst = math.nan
        r._fail(str(exc), worst)


def _check_second_derivative(r: CheckResult, case: _Case) -> None:
    _check_gradient(r, case, order=2)


def _check_grad_shape_dtype(r: CheckResult, case: _Case) -> None:
    for dtype in (np.float64, np.float32):
        xs = case.variables(dtype)
        ys, wrt = _floating(_as_tuple(case.f(*xs))), _floating(xs)
        if not ys or not wrt:
            return
        gxs = grad(ys, wrt, grad_outputs=case.cotangents(tuple(ys)))
        for i, (x, g) in enumerate(zip(wrt, gxs, strict=True)):
            if g.shape != x.shape or g.dtype != x.dtype:
                r._fail(
                    f"the gradient of floating input {i} has shape {g.shape} and dtype "
                    f"{g.dtype}, the input shape {x.shape} and dtype {x.dtype}"
                )
                return


def _moved(before: Array, after: Array) -> float:
    """How far an array moved: the largest absolute change (inf if its shape changed)."""
    if before.shape != after.shape:
        return math.inf
    diff = np.abs(after.astype(np.float64) - before.astype(np.float64))
    return float(np.max(diff, initial=0.0))


def _check_inputs_unchanged(r: CheckResult, case: _Case) -> None:
    xs = case.variables()
    saved = [x.data.copy() for x in xs]
    ys, wrt = _floating(_as_tuple(case.f(*xs))), _floating(xs)
    # (step, what, before, after): forward, then backward on inputs and output gradients
    steps = [("forward", "input", saved, [x.data for x in xs])]
    if ys and wrt:
        gys = case.cotangents(tuple(ys))
        seeds = [g.data.copy() for g in gys]
        grad(ys, wrt, grad_outputs=gys)
        steps.append(("backward", "input", saved, [x.data for x in xs]))
        steps.append(("backward", "output gradient", seeds, [g.data for g in gys]))
    worst = 0.0
    for step, what, before, after in steps:
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            moved = _moved(b, a)
            worst = max(worst, moved)
            if moved > 0 or not np.array_equal(a, b, equal_nan=True):
                r._fail(f"{step} modified {what} {i} (by up to {moved:.3g})", moved)
                return
    r._record(worst)


def _check_no_grad(r: CheckResult, case: _Case) -> None:
    fn = case.cls(**case.params)
    with no_grad():
        ys = _as_tuple(fn(*case.variables()))
    for i, y in enumerate(ys):
        if y.creator is not None:
            r._fail(f"under no_grad(), output {i} has a creator ({type(y.creator).__name__})")
            return
    if fn.inputs or fn.outputs:
        r._fail("under no_grad(), the function kept references to its inputs or outputs")


_RUNNERS: Final[tuple[Callable[[CheckResult, _Case], None], ...]] = (
    _check_gradient,
    _check_grad_shape_dtype,
    _check_inputs_unchanged,
    _check_no_grad,
    _check_second_derivative,
)
