"""The conformance checks every registered function must pass, for plugin authors' tests.

`check_function("tanh")` (or `check_function(MyFunction, samples=...)`) runs, on each
sample input, the checks named in `CHECKS`, in this order:

- ``gradient``: backward agrees with central differences (random cotangent, float64);
- ``second_derivative``: the backward's own derivative agrees with central differences;
- ``grad_shape_dtype``: each gradient backward returns has its input's shape and dtype
  (float64 and float32), as returned, before the engine casts it;
- ``float32``: a float32 call agrees with the float64 one within float32 tolerance (values
  and gradients), and its outputs stay float32;
- ``inputs_unchanged``: forward and backward leave input arrays and cotangents untouched;
- ``cotangent_layouts``: backward gives the same result for a non-contiguous, a broadcast
  (zero-stride) and a read-only cotangent as for a plain one;
- ``linearity``: backward is linear in the cotangent, and repeatable (same result twice);
- ``unused_outputs``: a multi-output function whose outputs are used partly treats the
  others as zero (n/a for a single output);
- ``no_grad``: under `no_grad()` no graph is recorded.

Each check gets fresh inputs and cotangents, so a defect is reported by the check whose
own evidence shows it; an exception raised by a sample is reported under the first check
that met it, and later checks meeting the same kind of exception are skipped. A failure's
message names the function, the check, the sample (its shapes and dtypes) and the worst
error, with a hint for the common mistakes. `run_checks` returns a `ConformanceReport`;
`check_function` raises `ConformanceError` (an AssertionError, so pytest shows it as a
failure). Integer inputs (labels) are passed through and not differentiated.
`autograd-core check` runs the same checks on every registered function.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np

from autograd_core._checking import (
    first_derivative,
    fresh_inputs,
    gradcheck,
    gradgradcheck,
    gradient_errors,
)
from autograd_core._core.config import no_grad
from autograd_core._core.engine import grad
from autograd_core._core.errors import AutogradError, GradcheckError
from autograd_core._core.function import Function
from autograd_core._core.variable import Variable
from autograd_core._plugins.registry import CHECKS as CHECKS
from autograd_core._plugins.registry import FunctionRegistry, Sample, SampleFactory, default_samples
from autograd_core._typing import Array

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

FLOAT32_TOLERANCE: Final = 1e-4
"""float32 against float64: the largest difference allowed, relative to max(1, max|value|)."""
EXACT_TOLERANCE: Final = 1e-9
"""Layouts and linearity, in float64: the largest difference allowed, relative likewise."""

Status = Literal["pass", "FAIL", "xfail", "XPASS", "skip", "n/a"]


@dataclass
class CheckResult:
    """One check over every sample.

    `passed` is False for a failure (or an expected failure that passed); `status` says
    which: ``pass``, ``FAIL``, ``xfail`` (an expected failure, listed by the plugin),
    ``XPASS`` (expected to fail, but passed), ``skip`` (not run on some sample, because it
    raised under an earlier check, or the gradient check failed), ``n/a`` (the check does
    not apply, e.g. `unused_outputs` for one output).
    `worst_error` is the largest discrepancy measured (for a failure: on the failing
    evidence only), None for a check without a measure or one that failed by raising.
    """

    check: str
    passed: bool = True
    worst_error: float | None = None
    message: str | None = None
    expected: str | None = None
    """Why the check is expected to fail (`register(..., expected_failures=...)`), or None."""
    raised: str | None = None
    """The exception's type name when the failure was an exception."""
    ran: int = 0
    skipped: int = 0
    applicable: bool = False
    _failed: bool = field(default=False, repr=False)

    @property
    def status(self) -> Status:
        if self.expected is not None:
            return "xfail" if self._failed else "XPASS"
        if self._failed:
            return "FAIL"
        if self.skipped:  # not run on every sample: not a pass
            return "skip"
        return "pass" if self.applicable else "n/a"

    def _record(self, error: float | None) -> None:
        if error is not None and not self._failed:
            self.worst_error = error if self.worst_error is None else max(self.worst_error, error)

    def _fail(self, message: str, error: float | None = None, raised: str | None = None) -> None:
        if not self._failed:  # the first failure is the one reported; its measure alone
            self._failed, self.passed = True, False
            self.message, self.worst_error, self.raised = message, error, raised

    def _finish(self, function: str) -> None:
        if self.expected is None:
            return
        if self._failed:
            self.passed = True
            self.message = f"expected to fail ({self.expected}): {self.message}"
        else:
            self.passed = False
            self.message = (
                f"{function}: {self.check} passed, but the function lists it in "
                f"expected_failures ({self.expected}): an unexpected pass; remove the entry"
            )

    def cell(self) -> str:
        """The table cell: `pass 3.2e-11`, `FAIL 1.0e+00`, `FAIL raised TypeError`, ..."""
        status = self.status
        if status in ("FAIL", "xfail") and self.raised is not None:
            return f"{status} raised {self.raised}"
        if status in ("pass", "FAIL", "xfail") and self.worst_error is not None:
            return f"{status} {format_error(self.worst_error)}"
        return status


class ConformanceError(AutogradError, AssertionError):
    """A function failed `autograd_core.testing.check_function`; an AssertionError for pytest.

    `report` holds every check with its worst error; `function` and `check` name the
    first failure.
    """

    def __init__(
        self, message: str, *, report: ConformanceReport, function: str, check: str
    ) -> None:
        super().__init__(message)
        self.report = report
        self.function = function
        self.check = check


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
            lines.append(f"  {r.check:<18} {r.cell()}")
            if r.message:
                lines.append(f"    {r.message}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (what `autograd-core check --json` prints)."""
        return {
            "function": self.function,
            "samples": self.samples,
            "passed": self.passed,
            "checks": {
                r.check: {
                    "status": r.status,
                    "passed": r.passed,
                    "worst_error": r.worst_error,
                    "message": r.message,
                    "expected": r.expected,
                }
                for r in self.results
            },
        }

    def raise_for_failures(self) -> None:
        """Raise ConformanceError naming the function and each failed check, if any failed."""
        failures = self.failures
        if failures:
            details = "; ".join(f"{r.check!r}: {r.message}" for r in failures)
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
    expected_failures: Mapping[str, str] | None = None,
    seed: int = 0,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    registry: FunctionRegistry | None = None,
) -> ConformanceReport:
    """Run every check on a registered function (by name) or a Function class.

    Samples come from `samples` (a factory taking a numpy Generator, or the samples
    themselves), else from the registration, else `autograd_core._plugins.registry.default_samples`
    (unary, float64). `expected_failures` (else the registration's) maps a check to why it
    is known to fail. Returns the report; raises ConformanceError if any check failed.
    """
    report = run_checks(
        name_or_class,
        samples=samples,
        expected_failures=expected_failures,
        seed=seed,
        eps=eps,
        atol=atol,
        rtol=rtol,
        registry=registry,
    )
    report.raise_for_failures()
    return report


def run_checks(
    name_or_class: str | type[Function[Any]],
    *,
    samples: SampleFactory | Iterable[Sample] | None = None,
    expected_failures: Mapping[str, str] | None = None,
    seed: int = 0,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    registry: FunctionRegistry | None = None,
) -> ConformanceReport:
    """Like `check_function`, but return the report without raising when a check fails."""
    given: object = name_or_class  # untyped callers: check what was actually passed
    expected: Mapping[str, str] = expected_failures or {}
    if isinstance(given, str):
        if registry is None:
            from autograd_core._plugins.loading import registry as loaded

            registry = loaded
        info = registry.info(given)  # UnknownFunctionError names close matches
        cls, label = info.cls, given
        factory: SampleFactory | Iterable[Sample] = (
            samples if samples is not None else info.samples or default_samples
        )
        if expected_failures is None:
            expected = info.expected_failures
    elif isinstance(given, type) and issubclass(given, Function):
        cls, label = given, given.__name__
        factory = samples if samples is not None else default_samples
    else:
        raise TypeError(
            f"check_function takes a function name or a Function subclass, got {name_or_class!r}"
        )
    unknown = set(expected) - set(CHECKS)
    if unknown:
        raise ValueError(f"expected_failures names no check {sorted(unknown)} (checks: {CHECKS})")
    report = ConformanceReport(label, [CheckResult(c, expected=expected.get(c)) for c in CHECKS])
    rng = np.random.default_rng(seed)
    try:
        cases = _validate(factory(rng) if callable(factory) else factory)
        if not cases:
            raise ValueError("there are none, so nothing would be checked")
    except Exception as exc:
        for r in report.results:
            r._fail(f"{label}: cannot build the sample inputs: {_one_line(exc)}")
            r._finish(label)
        return report
    report.samples = len(cases)
    met: dict[type[BaseException], str] = {}  # exception type -> the check that reported it
    for k, (inputs, params) in enumerate(cases):
        case = _Case(cls, label, inputs, params, rng, eps, atol, rtol, factory is default_samples)
        for r, run in zip(report.results, _RUNNERS, strict=True):
            if r._failed:
                continue  # one failure per check is reported; its first one
            if r.check == "linearity" and report["gradient"]._failed:
                r.skipped += 1  # a wrong gradient is the gradient check's to report
                continue
            case.dtype = np.float64
            where = f"sample {k + 1} of {len(cases)}"
            try:
                applicable = run(r, case)
            except _EvidenceError as failure:
                r.ran += 1
                r._fail(
                    f"{label}: {r.check} failed on {where} ({case.tag()}): {failure.detail}",
                    failure.error,
                )
            except Exception as exc:
                first = met.get(type(exc))
                if first is not None:
                    r.skipped += 1
                    continue
                met[type(exc)] = r.check
                r.ran += 1
                r._fail(
                    f"{label}: {r.check} failed on {where} ({case.tag()}): "
                    f"{_one_line(exc)}{_hint(exc, case)}",
                    raised=type(exc).__name__,
                )
            else:
                r.ran += 1
                r.applicable = r.applicable or applicable
    for r in report.results:
        r._finish(label)
    return report


def _one_line(exc: BaseException) -> str:
    notes = " ".join(getattr(exc, "__notes__", ()))
    return " ".join(f"{type(exc).__name__}: {exc} {notes}".split())


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


class _EvidenceError(Exception):
    """A check's own evidence of a defect: what is wrong and the measure of it."""

    def __init__(self, detail: str, error: float | None = None) -> None:
        super().__init__(detail)
        self.detail, self.error = detail, error


@dataclass
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
    default_samples: bool
    dtype: type[np.floating[Any]] = np.float64
    """The floating dtype the running check is calling the function in (for the tag)."""
    cotangent_written: bool = False
    """`inputs_unchanged` saw backward write into its cotangent (for `cotangent_layouts`)."""

    def tag(self) -> str:
        """`float64[2, 3], int64[2], axis=0`: the sample as the running check used it."""
        parts = [
            f"{np.dtype(self.dtype) if a.dtype.kind == 'f' else a.dtype}{list(a.shape)}"
            for a in self.inputs
        ]
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
        self.dtype = dtype
        return fresh_inputs(self.inputs, dtype)

    def call(self, dtype: type[np.floating[Any]] = np.float64) -> tuple[
        list[Variable], tuple[Variable, ...], list[Variable], list[Variable]
    ]:
        """A fresh call: (inputs, outputs, floating inputs, floating outputs)."""
        xs = self.variables(dtype)
        ys = _as_tuple(self.f(*xs))
        return xs, ys, _floating(xs), _floating(ys)

    def cotangents(self, ys: Iterable[Variable]) -> list[Array]:
        return [np.asarray(self.rng.standard_normal(y.shape)).astype(y.dtype) for y in ys]


def _as_tuple(ys: Variable | tuple[Variable, ...]) -> tuple[Variable, ...]:
    return ys if isinstance(ys, tuple) else (ys,)


def _floating(vs: Iterable[Variable]) -> list[Variable]:
    return [v for v in vs if v.dtype.kind == "f"]


def _grads(ys: list[Variable], wrt: list[Variable], cotangents: list[Array]) -> list[Array]:
    """The gradients' arrays for these cotangents (passed as copies: a backward may write)."""
    gos = [Variable(np.array(c)) for c in cotangents]
    return [g.data for g in grad(ys, wrt, grad_outputs=gos)]


def _relative(a: Array, b: Array) -> float:
    """max |a - b| relative to max(1, max |b|); inf for a shape mismatch, nan for a NaN."""
    if a.shape != b.shape:
        return math.inf
    if a.size == 0:
        return 0.0
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    same_nan = np.isnan(a64) & np.isnan(b64)
    diff = np.where(same_nan, 0.0, np.abs(a64 - b64))
    scale = max(1.0, float(np.max(np.abs(np.where(np.isnan(b64), 0.0, b64)))))
    return float(np.max(diff)) / scale


def _same_gradients(
    got: list[Array], expected: list[Array], worst: float, when: str, than: str
) -> float:
    """The worst relative error so far; an `_EvidenceError` ("{when} the gradient of floating
    input i differs by e{than}") as soon as a gradient differs by more than round-off."""
    for i, (a, b) in enumerate(zip(got, expected, strict=True)):
        err = _relative(a, b)
        worst = max(worst, err)
        if not err <= EXACT_TOLERANCE:
            raise _EvidenceError(
                f"{when} the gradient of floating input {i} differs by {err:.3g}{than}", err
            )
    return worst


# The checks. Each returns whether it applied to the sample, raises _EvidenceError with its
# evidence, or lets an exception of the function propagate.


def _check_gradient(r: CheckResult, case: _Case) -> bool:
    try:
        r._record(
            gradient_errors(case.f, *case.inputs, eps=case.eps, atol=case.atol, rtol=case.rtol)
        )
    except GradcheckError as exc:
        try:  # measure the worst error over every element, not just the first bad one
            worst = gradient_errors(case.f, *case.inputs, eps=case.eps, atol=math.inf, rtol=0.0)
        except GradcheckError:
            worst = math.nan
        raise _EvidenceError(f"backward disagrees with central differences: {exc}", worst) from None
    return True


def _check_second_derivative(r: CheckResult, case: _Case) -> bool:
    df = first_derivative(case.f, *case.inputs)
    try:
        r._record(gradient_errors(df, *case.inputs, eps=case.eps, atol=case.atol, rtol=case.rtol))
    except GradcheckError as exc:
        try:
            worst = gradient_errors(df, *case.inputs, eps=case.eps, atol=math.inf, rtol=0.0)
        except GradcheckError:
            worst = math.nan
        hint = ""
        try:
            recorded = _backward_is_recorded(case)
        except Exception:
            recorded = True
        if not recorded:
            hint = (
                "; the gradient backward returned has no graph back to the inputs, so its "
                "own derivative reads as 0: backward was computed on raw arrays (as "
                "`Variable(gy.data * ...)`); write it with Variable arithmetic and "
                "registered functions, so it can be differentiated again"
            )
        raise _EvidenceError(
            f"the derivative of backward disagrees with central differences: {exc}{hint}", worst
        ) from None
    return True


def _backward_is_recorded(case: _Case) -> bool:
    """Whether backward's result, built with create_graph, depends on the inputs."""
    _, _, wrt, outs = case.call()
    if not wrt or not outs:
        return True
    gos = [Variable(c) for c in case.cotangents(outs)]
    gxs = grad(outs, wrt, grad_outputs=gos, create_graph=True)
    targets = {id(x) for x in wrt}
    stack = [g.creator for g in gxs if g.creator is not None]
    seen: set[int] = set()
    while stack:
        fn = stack.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        for v in fn.inputs:
            if id(v) in targets:
                return True
            if v.creator is not None:
                stack.append(v.creator)
    return False


def _check_grad_shape_dtype(r: CheckResult, case: _Case) -> bool:
    applied = False
    for dtype in (np.float64, np.float32):
        _, _, wrt, outs = case.call(dtype)
        if not outs or not wrt:
            continue
        if any(y.dtype != np.dtype(dtype) for y in outs):
            continue  # forward did not keep float32: the float32 check's evidence
        applied = True
        cotangents = case.cotangents(outs)
        # The engine first: a gradient it rejects (count, type, shape) raises its
        # BackwardError, reported once, under the first check that met it.
        grad(outs, wrt, grad_outputs=[Variable(np.array(c)) for c in cotangents])
        # Then what backward itself returns, which the engine casts to the input's dtype.
        _, ys, wrt, outs = case.call(dtype)
        for i, (x, g) in enumerate(_backward_results(ys, wrt, outs, cotangents)):
            if g is not None and (g.shape != x.shape or g.dtype != x.dtype):
                raise _EvidenceError(
                    f"backward returned, for floating input {i} of shape {x.shape} and dtype "
                    f"{x.dtype}, a gradient of shape {g.shape} and dtype {g.dtype}: backward "
                    "must return each gradient in its input's shape and dtype (the engine "
                    "casts it, at the cost of a copy per call; a float64 constant or "
                    "np.float64 array in backward promotes it: use gy.dtype)"
                )
    return applied


def _backward_results(
    ys: tuple[Variable, ...], wrt: list[Variable], outs: list[Variable], cotangents: list[Array]
) -> list[tuple[Variable, Variable | None]]:
    """(input, what backward returned for it) for each input in `wrt`: the call's backward
    run directly, as `grad(outs, wrt, cotangents)` would run it, but before the engine
    checks or casts anything (outputs not in `outs` get zeros, as the engine gives them)."""
    fn = ys[0].creator
    assert fn is not None  # recorded: a floating input requires a gradient
    given = {id(y): c for y, c in zip(outs, cotangents, strict=True)}
    gys = [Variable(np.array(given.get(id(y), np.zeros_like(y.data)))) for y in ys]
    wanted = {id(x) for x in wrt}
    fn.needs_input_grad = tuple([id(x) in wanted for x in fn.inputs])
    with no_grad():
        raw = fn.backward(*gys)
    gxs = raw if isinstance(raw, tuple) else (raw,)
    out: list[tuple[Variable, Variable | None]] = []
    for x, g in zip(fn.inputs, gxs, strict=True):
        if id(x) in wanted:
            out.append((x, g if isinstance(g, Variable) else None))
    return out


def _check_float32(r: CheckResult, case: _Case) -> bool:
    xs32, _, wrt32, outs32 = case.call(np.float32)
    if not wrt32 or not outs32:
        return False
    for i, y in enumerate(outs32):
        if y.dtype != np.float32:
            raise _EvidenceError(
                f"float32 inputs gave output {i} of dtype {y.dtype}: forward must keep "
                "float32 (a float64 constant or np.float64 array in forward promotes it; "
                "use x.dtype)"
            )
    # The float64 reference on the very same (float32-rounded) values.
    xs64 = [Variable(x.data.astype(np.float64) if x.dtype.kind == "f" else x.data) for x in xs32]
    case.dtype = np.float64
    ys64 = _floating(_as_tuple(case.f(*xs64)))
    case.dtype = np.float32
    worst = 0.0
    for i, (a, b) in enumerate(zip(outs32, ys64, strict=True)):
        err = _relative(a.data, b.data)
        worst = max(worst, err)
        if not err <= FLOAT32_TOLERANCE:
            raise _EvidenceError(
                f"output {i} in float32 differs from float64 by {err:.3g} (relative to "
                f"max(1, |value|); allowed {FLOAT32_TOLERANCE}): forward loses precision "
                "in float32",
                err,
            )
    cotangents = case.cotangents(outs32)
    g32 = _grads(outs32, wrt32, cotangents)
    g64 = _grads(ys64, _floating(xs64), [c.astype(np.float64) for c in cotangents])
    for i, (ga, gb) in enumerate(zip(g32, g64, strict=True)):
        err = _relative(ga, gb)
        worst = max(worst, err)
        if not err <= FLOAT32_TOLERANCE:
            raise _EvidenceError(
                f"the gradient of floating input {i} in float32 differs from float64 by "
                f"{err:.3g} (allowed {FLOAT32_TOLERANCE}): backward loses precision in float32",
                err,
            )
    r._record(worst)
    return True


def _moved(before: Array, after: Array) -> float:
    """How far an array moved: the largest absolute change (inf if its shape changed)."""
    if before.shape != after.shape:
        return math.inf
    diff = np.abs(after.astype(np.float64) - before.astype(np.float64))
    return float(np.max(diff, initial=0.0))


def _check_inputs_unchanged(r: CheckResult, case: _Case) -> bool:
    xs = case.variables()
    saved = [x.data.copy() for x in xs]
    ys, wrt = _floating(_as_tuple(case.f(*xs))), _floating(xs)
    # (step, what, before, after): forward, then backward on inputs and output gradients
    steps = [("forward", "input", saved, [x.data for x in xs])]
    if ys and wrt:
        gys = [Variable(c) for c in case.cotangents(ys)]
        seeds = [g.data.copy() for g in gys]
        grad(ys, wrt, grad_outputs=gys)
        steps.append(("backward", "input", saved, [x.data for x in xs]))
        steps.append(("backward", "output gradient (gy)", seeds, [g.data for g in gys]))
    worst = 0.0
    for step, what, before, after in steps:
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            moved = _moved(b, a)
            worst = max(worst, moved)
            if moved > 0 or not np.array_equal(a, b, equal_nan=True):
                case.cotangent_written = what.startswith("output")
                raise _EvidenceError(
                    f"{step} modified {what} {i} in place (by up to {moved:.3g}): compute "
                    "new arrays instead of writing into the ones received",
                    moved,
                )
    r._record(worst)
    return True


LAYOUTS: Final = ("non-contiguous", "broadcast (zero-stride)", "read-only")


def _layouts(c: Array, rng: np.random.Generator) -> dict[str, Array]:
    """Cotangents in other memory layouts (each compared with a plain copy of its values)."""
    out: dict[str, Array] = {}
    if c.ndim > 0 and c.size > 1:
        wide = np.zeros((*c.shape, 2), dtype=c.dtype)
        wide[..., 0] = c
        out["non-contiguous"] = wide[..., 0]
        # a row repeated (for a vector: one value repeated), as np.broadcast_to gives
        row = np.asarray(rng.standard_normal(c.shape[-1:] if c.ndim > 1 else ()))
        out["broadcast (zero-stride)"] = np.broadcast_to(row.astype(c.dtype), c.shape)
    frozen = c.copy()
    frozen.flags.writeable = False
    out["read-only"] = frozen
    return out


def _check_cotangent_layouts(r: CheckResult, case: _Case) -> bool:
    _, _, wrt, outs = case.call()
    if not wrt or not outs:
        return False
    cotangents = case.cotangents(outs)
    per_output = [_layouts(c, case.rng) for c in cotangents]
    worst = 0.0
    for layout in LAYOUTS:
        if case.cotangent_written and layout != "non-contiguous":
            continue  # writing into gy is the inputs_unchanged check's evidence
        if not any(layout in layouts for layouts in per_output):
            continue
        given = [ls.get(layout, c) for ls, c in zip(per_output, cotangents, strict=True)]
        plain = [np.array(g) for g in given]  # the same values, contiguous and writable
        _, _, wrt_a, outs_a = case.call()
        expected = [g.data for g in grad(outs_a, wrt_a, grad_outputs=[Variable(p) for p in plain])]
        _, _, wrt_b, outs_b = case.call()
        try:
            got = [g.data for g in grad(outs_b, wrt_b, grad_outputs=[Variable(g) for g in given])]
        except Exception as exc:
            raise _EvidenceError(
                f"backward raised on a {layout} cotangent: {_one_line(exc)}; backward must "
                "accept any cotangent array (use gy's values, never its memory layout or "
                "buffer, and do not write into it, even to restore it)"
            ) from exc
        worst = _same_gradients(
            got,
            expected,
            worst,
            f"with a {layout} cotangent",
            " from a plain one's: backward depends on gy's memory layout",
        )
    r._record(worst)
    return True


ALPHA, BETA = 3.0, -1000.0
"""The linearity check compares backward(ALPHA g1 + BETA g2) with ALPHA b(g1) + BETA b(g2)."""


def _check_linearity(r: CheckResult, case: _Case) -> bool:
    _, _, wrt, outs = case.call()
    if not wrt or not outs:
        return False
    g1, g2 = case.cotangents(outs), case.cotangents(outs)
    first = _grads(outs, wrt, g1)
    again = _grads(outs, wrt, g1)
    _same_gradients(
        again,
        first,
        0.0,
        "backward is not repeatable: run twice on one call with the same cotangent,",
        "; backward must not change the function's state (or consume what forward saved)",
    )
    second = _grads(outs, wrt, g2)
    mixed = _grads(outs, wrt, [ALPHA * a + BETA * b for a, b in zip(g1, g2, strict=True)])
    worst = 0.0
    for i, (m, a, b) in enumerate(zip(mixed, first, second, strict=True)):
        combined = ALPHA * a + BETA * b
        err = _relative(m, combined)
        worst = max(worst, err)
        if not err <= EXACT_TOLERANCE:
            raise _EvidenceError(
                f"backward is not linear in the cotangent: b({ALPHA:g} g1 + {BETA:g} g2) "
                f"differs from {ALPHA:g} b(g1) + {BETA:g} b(g2) by {err:.3g} for floating "
                f"input {i}; a backward multiplies gy by the Jacobian and nothing else "
                "(no clipping, normalising, adding or branching on gy)",
                err,
            )
    r._record(worst)
    return True


def _check_unused_outputs(r: CheckResult, case: _Case) -> bool:
    _, ys, wrt, _ = case.call()
    floating = [k for k, y in enumerate(ys) if y.dtype.kind == "f"]
    if len(ys) < 2 or not wrt or not floating:
        return False
    worst = 0.0
    for k in floating:
        (c,) = case.cotangents([ys[k]])
        _, ys_a, wrt_a, _ = case.call()
        zeros = [c if j == k else np.zeros(ys_a[j].shape, ys_a[j].dtype) for j in floating]
        expected = _grads([ys_a[j] for j in floating], wrt_a, zeros)
        xs_b = case.variables()
        kept = _as_tuple(case.f(*xs_b))[k]  # the other outputs are dropped (freed) here
        try:
            got = _grads([kept], _floating(xs_b), [c])
        except Exception as exc:
            raise _EvidenceError(
                f"with only output {k} used (the others freed), backward raised "
                f"{_one_line(exc)}; an unused output gets a zero gradient, and backward must "
                "not need the freed outputs (keep what it needs in forward)"
            ) from exc
        worst = _same_gradients(
            got,
            expected,
            worst,
            f"with only output {k} used,",
            " from the one with zero cotangents for the others",
        )
    r._record(worst)
    return True


def _check_no_grad(r: CheckResult, case: _Case) -> bool:
    fn = case.cls(**case.params)
    with no_grad():
        ys = _as_tuple(fn(*case.variables()))
    for i, y in enumerate(ys):
        if y.creator is not None:
            raise _EvidenceError(
                f"under no_grad(), output {i} has a creator ({type(y.creator).__name__})"
            )
    if fn.inputs or fn.outputs:
        raise _EvidenceError(
            "under no_grad(), the function kept references to its inputs or outputs"
        )
    return True


_RUNNERS: Final[tuple[Callable[[CheckResult, _Case], bool], ...]] = (
    _check_gradient,
    _check_second_derivative,
    _check_grad_shape_dtype,
    _check_float32,
    _check_inputs_unchanged,
    _check_cotangent_layouts,
    _check_linearity,
    _check_unused_outputs,
    _check_no_grad,
)


# Hints for the common mistakes, appended to an exception's message.


def _required_parameters(cls: type[Function[Any]]) -> list[str]:
    try:
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    except (TypeError, ValueError):
        return []
    return [
        p.name
        for p in params
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def _positional_count(method: Callable[..., Any]) -> int | None:
    """How many positional arguments `method` takes after self (None: any number)."""
    try:
        params = list(inspect.signature(method).parameters.values())[1:]
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def _hint(exc: Exception, case: _Case) -> str:
    if not isinstance(exc, TypeError):
        return ""
    name = case.cls.__name__
    if case.default_samples:
        required = _required_parameters(case.cls)
        if required:
            return (
                f"; hint: {name}.__init__ requires {', '.join(map(repr, required))}, but the "
                "function was registered without samples=, so it was checked as a unary "
                "function without parameters: register samples giving its inputs and "
                "parameters (registry.register(name, cls, samples=...))"
            )
        inputs = _positional_count(case.cls.forward)
        if inputs is not None and inputs != 1:
            return (
                f"; hint: {name}.forward takes {inputs} inputs, but the function was "
                "registered without samples=, so it was checked as a unary function: "
                "register samples giving its inputs (registry.register(name, cls, samples=...))"
            )
    try:
        with no_grad():
            outputs = len(_as_tuple(case.f(*case.variables())))
    except Exception:
        return ""
    takes = _positional_count(case.cls.backward)
    if outputs > 1 and takes is not None and takes < outputs:
        gys = ", ".join(f"gy{i}" for i in range(outputs))
        return (
            f"; hint: {name}.forward returns {outputs} outputs, so backward receives one "
            f"gradient per output (def backward(self, {gys})), not one gy"
        )
    return ""
