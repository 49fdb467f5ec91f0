"""Every registered function on zero-size arrays, forward and backward, as PyTorch does.

The inputs come from each function's own registered samples, with one axis made empty:
either that axis of one input alone, or, jointly, every axis of that size in every input
(and in a `shape` parameter), so that a contraction (`matmul` over an empty inner axis) or
a concatenation along an empty axis stays a valid call. Where PyTorch gives a result, ours
must have its shape and values, and the gradients PyTorch gives; where PyTorch raises, ours
must raise an error that names the function. A function PyTorch has no entry for here (a
third party's, or one added after this file) must either raise naming itself or give
gradients of its inputs' shapes.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from torch_equivalents import TORCH

import autograd_core.functions as F
from autograd_core import Array, Variable, grad
from autograd_core._plugins.registry import default_samples

# The mean or variance of nothing is nan with numpy's RuntimeWarning ("Mean of empty slice",
# "Degrees of freedom <= 0"), as PyTorch warns too: the values are what is checked here.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

torch = pytest.importorskip("torch")

NUMPY_OVER_TORCH: dict[tuple[str, str], str] = {}
"""(function, variant) where we deliberately give numpy's result and PyTorch raises, why."""


@dataclass(frozen=True)
class Case:
    name: str
    inputs: tuple[Array, ...]
    params: dict[str, Any]
    variant: str

    def __str__(self) -> str:
        shapes = ", ".join(str(x.shape) for x in self.inputs)
        return f"{self.name}({shapes}; {self.params}) [{self.variant}]"


def _emptied(shape: tuple[int, ...], size: int | None, axis: int | None) -> tuple[int, ...]:
    """`shape` with `axis` set to 0, or with every axis of length `size` set to 0."""
    if axis is not None:
        return tuple(0 if i == axis else n for i, n in enumerate(shape))
    return tuple(0 if n == size else n for n in shape)


def _like(x: Array, shape: tuple[int, ...]) -> Array:
    return x if x.shape == shape else np.zeros(shape, dtype=x.dtype)


def variants(name: str, inputs: tuple[Array, ...], params: dict[str, Any]) -> Iterator[Case]:
    """The zero-size calls derived from one sample (duplicates dropped)."""
    seen: set[tuple[object, ...]] = set()
    for i, x in enumerate(inputs):
        for axis in range(x.ndim):
            single = tuple(
                _like(y, _emptied(y.shape, None, axis)) if j == i else y
                for j, y in enumerate(inputs)
            )
            size = x.shape[axis]
            joint = tuple(_like(y, _emptied(y.shape, size, None)) for y in inputs)
            joint_params = dict(params)
            shape = params.get("shape")
            if isinstance(shape, tuple):
                joint_params["shape"] = _emptied(shape, size, None)
            for kind, xs, ps in (("one axis", single, params), ("joint", joint, joint_params)):
                key = (tuple(y.shape for y in xs), repr(ps))
                if key not in seen and any(y.size == 0 for y in xs):
                    seen.add(key)
                    yield Case(name, xs, ps, f"{kind}: input {i} axis {axis}")


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for name in F.registry:
        factory = F.registry.info(name).samples or default_samples
        for inputs, params in factory(np.random.default_rng(0)):
            cases.extend(variants(name, tuple(inputs), params))
    return cases


CASES = all_cases()


def names_function(exc: BaseException, case: Case) -> bool:
    cls = F.registry.get(case.name)
    text = "\n".join([str(exc), *getattr(exc, "__notes__", [])])
    return case.name in text or cls.__name__ in text


def run_ours(case: Case) -> tuple[list[Array], list[Array | None]]:
    """Our outputs and the gradients of the floating inputs (None for an integer one)."""
    xs: list[Variable | Array] = [
        Variable(x.copy()) if x.dtype.kind == "f" else x for x in case.inputs
    ]
    cls = F.registry.get(case.name)
    out = cls(**case.params)(*xs)
    outs = list(out) if isinstance(out, tuple) else [out]
    seeds = [np.random.default_rng(1).standard_normal(y.shape) for y in outs]
    wrt = [x for x in xs if isinstance(x, Variable)]
    gs = iter(grad(outs, wrt, grad_outputs=seeds) if wrt else ())
    grads = [next(gs).data if isinstance(x, Variable) else None for x in xs]
    return [y.data for y in outs], grads


def run_torch(case: Case) -> tuple[list[Array], list[Array | None]]:
    xs = [torch.tensor(x, requires_grad=x.dtype.kind == "f") for x in case.inputs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mse_loss warns of empty inputs
        out = TORCH[case.name](torch, tuple(xs), case.params)
    outs = list(out) if isinstance(out, tuple) else [out]
    seeds = [torch.tensor(np.random.default_rng(1).standard_normal(tuple(y.shape))) for y in outs]
    wrt = [x for x in xs if x.requires_grad]
    gs = iter(torch.autograd.grad(outs, wrt, grad_outputs=seeds, allow_unused=True))
    grads: list[Array | None] = []
    for x in xs:
        if not x.requires_grad:
            grads.append(None)
            continue
        g = next(gs)
        grads.append(np.zeros(tuple(x.shape)) if g is None else g.numpy())
    return [y.detach().numpy() for y in outs], grads


def test_every_function_gets_zero_size_cases() -> None:
    """Every registered function whose samples have an axis is exercised."""
    covered = {c.name for c in CASES}
    for name in F.registry:
        factory = F.registry.info(name).samples or default_samples
        if any(x.ndim for xs, _ in factory(np.random.default_rng(0)) for x in xs):
            assert name in covered, name


@pytest.mark.parametrize("case", CASES, ids=str)
def test_zero_size_inputs(case: Case) -> None:
    try:
        ours = run_ours(case)
    except Exception as exc:  # any error is acceptable if it names the function
        ours_error: Exception | None = exc
    else:
        ours_error = None
    if case.name not in TORCH:
        if ours_error is not None:
            assert names_function(ours_error, case), f"{case}: {ours_error!r} does not name it"
        else:
            for x, g in zip(case.inputs, ours[1], strict=True):
                assert g is None or g.shape == x.shape, case
        return
    try:
        expected = run_torch(case)
    except Exception as exc:  # PyTorch rejects the call
        if ours_error is None:
            assert (case.name, case.variant) in NUMPY_OVER_TORCH, (
                f"{case}: PyTorch raises {exc!r}, ours gives a result"
            )
        else:
            assert names_function(ours_error, case), f"{case}: {ours_error!r} does not name it"
        return
    if ours_error is not None:
        raise AssertionError(f"{case}: PyTorch gives a result, ours raises") from ours_error
    for got, want in zip(ours[0], expected[0], strict=True):
        assert got.shape == want.shape, case
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=str(case))
    for got_g, want_g in zip(ours[1], expected[1], strict=True):
        if got_g is None or want_g is None:
            assert got_g is None and want_g is None
            continue
        assert got_g.shape == want_g.shape, case
        np.testing.assert_allclose(got_g, want_g, rtol=1e-12, atol=1e-12, err_msg=str(case))


def test_the_reported_cases() -> None:
    """Issue 13's examples, by hand: an empty batch has empty gradients, not an error."""
    x = Variable(np.zeros((0, 3)))
    total = F.sum(F.mean(x, axis=1))
    np.testing.assert_array_equal(total.data, 0.0)
    total.backward()
    assert x.grad is not None and x.grad.shape == (0, 3)
    assert F.softmax(Variable(np.zeros((0, 3))), axis=0).shape == (0, 3)
    np.testing.assert_array_equal(F.mean(Variable(np.zeros((0, 3))), axis=0).data, [np.nan] * 3)
    w, b = Variable(np.ones((3, 2))), Variable(np.ones(2))
    gw, gb = grad(F.sum(F.linear(np.zeros((0, 3)), w, b)), [w, b])
    np.testing.assert_array_equal(gw.data, np.zeros((3, 2)))  # no rows: nothing accumulated
    np.testing.assert_array_equal(gb.data, np.zeros(2))
    with pytest.raises(ValueError, match=r"max: cannot reduce over an empty axis .*\(0, 3\)"):
        F.max(Variable(np.zeros((0, 3))), axis=0)
