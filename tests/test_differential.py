"""A differential test of every registered function, in random graphs (hypothesis).

A graph is a list of steps; each step calls one registered function on the inputs of one
of its registered samples, where each floating input is either a new leaf (the sample's
value) or fed from an earlier node through `s + 0.1 * h / (1 + h * h)` (`h` summed to a
number first when the shapes differ). That keeps every input within 0.05 of the sample's
value, and the samples keep at least 0.1 away from the points where a function is not
differentiable (relu, abs, clip, ties of max) or not defined (log, sqrt, division), so a
graph is as valid as its samples while nodes get reused: chains, diamonds, shared inputs.
The graph's value is a random weighting of every node; in float64 its gradient with
respect to every leaf is compared with central differences, its Hessian-vector product
(`autograd_core.functional.hvp`) with central differences of the gradient, and, when
PyTorch has every function of the graph, value and gradients with PyTorch's.

`make test` runs a small number of graphs; set AUTOGRAD_CORE_DIFFERENTIAL_EXAMPLES (and
AUTOGRAD_CORE_DIFFERENTIAL_STEPS, the most steps in a graph) to run it much longer.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from torch_equivalents import TORCH

import autograd_core.functions as F
from autograd_core import Array, Variable, grad, no_grad
from autograd_core._plugins.registry import Sample, default_samples
from autograd_core.extend import sum_to
from autograd_core.functional import hvp

EXAMPLES = int(os.environ.get("AUTOGRAD_CORE_DIFFERENTIAL_EXAMPLES", "50"))
MAX_STEPS = int(os.environ.get("AUTOGRAD_CORE_DIFFERENTIAL_STEPS", "5"))
EPS = 1e-6
MAX_ELEMENTS = 60
"""The most leaf elements whose derivative one graph checks (a random subset beyond)."""

SKIPPED: dict[str, str] = {}
"""Functions left out, each with the reason central differences cannot judge it."""


@dataclass(frozen=True)
class Usable:
    """One sample of one function that central differences can judge."""

    name: str
    inputs: tuple[Array, ...]
    params: dict[str, Any]
    float_outputs: int


def _outputs(value: Variable | tuple[Variable, ...]) -> list[Variable]:
    return list(value) if isinstance(value, tuple) else [value]


def _call(name: str, params: dict[str, Any], args: Sequence[Variable | Array]) -> list[Variable]:
    """One call of the registered function, with fresh parameters (a Generator in them
    restarts from the same state, so a random function repeats itself)."""
    cls = F.registry.get(name)
    return _outputs(cls(**copy.deepcopy(params))(*args))


def _judgeable(name: str, inputs: tuple[Array, ...], params: dict[str, Any]) -> str | None:
    """Why central differences cannot judge this sample, or None if they can."""
    if not any(x.dtype.kind == "f" for x in inputs):
        return "no floating input: nothing to differentiate (integer inputs are constants)"
    with no_grad():
        first = [y.data for y in _call(name, params, inputs)]
        again = [y.data for y in _call(name, params, inputs)]
    if not all(np.array_equal(a, b, equal_nan=True) for a, b in zip(first, again, strict=True)):
        return "not deterministic for fixed parameters: central differences measure noise"
    if not any(y.dtype.kind == "f" for y in first):
        return "no floating output: nothing is differentiable"
    if not all(np.isfinite(y).all() for y in first if y.dtype.kind == "f"):
        return "the sample gives non-finite values"
    return None


def _usable() -> dict[str, list[Usable]]:
    usable: dict[str, list[Usable]] = {}
    for name in F.registry:
        info = F.registry.info(name)
        expected = getattr(info, "expected_failures", None) or {}
        if "gradient" in expected:
            SKIPPED[name] = f"a known gradient failure: {expected['gradient']}"
            continue
        factory = info.samples or default_samples
        found: list[Usable] = []
        reasons: list[str] = []
        for seed in (0, 1):
            samples: list[Sample] = list(factory(np.random.default_rng(seed)))
            for inputs, params in samples:
                xs = tuple(np.asarray(x) for x in inputs)
                reason = _judgeable(name, xs, params)
                if reason is not None:
                    reasons.append(reason)
                    continue
                with no_grad():
                    outs = _call(name, params, xs)
                n_float = sum(y.dtype.kind == "f" for y in outs)
                found.append(Usable(name, xs, dict(params), n_float))
        if found:
            usable[name] = found
        else:
            SKIPPED[name] = "; ".join(sorted(set(reasons)))
    return usable


USABLE = _usable()
NAMES = sorted(USABLE)


@dataclass(frozen=True)
class Step:
    name: str
    sample: int
    sources: tuple[int | None, ...]
    """For each input: None (a new leaf, or the sample's integer array), or an earlier node."""


@dataclass(frozen=True)
class Graph:
    steps: tuple[Step, ...]
    seed: int

    def usable(self, step: Step) -> Usable:
        return USABLE[step.name][step.sample]

    def leaves(self) -> list[Array]:
        """The initial values of the leaves, in the order `run` takes them."""
        out = []
        for step in self.steps:
            for x, src in zip(self.usable(step).inputs, step.sources, strict=True):
                if x.dtype.kind == "f" and src is None:
                    out.append(x)
        return out

    def weights(self) -> list[Array]:
        """One random weight array per node: the value is sum(node * weight) over all nodes."""
        rng = np.random.default_rng(self.seed)
        shapes = []
        for step in self.steps:
            u = self.usable(step)
            with no_grad():
                shapes += [
                    y.shape for y in _call(u.name, u.params, u.inputs) if y.dtype.kind == "f"
                ]
        return [rng.standard_normal(s) for s in shapes]

    def run(self, leaves: Sequence[Variable]) -> Variable:
        """The weighted sum of every node, computed with our functions."""
        nodes: list[Variable] = []
        it = iter(leaves)
        for step in self.steps:
            u = self.usable(step)
            args: list[Variable | Array] = []
            for x, src in zip(u.inputs, step.sources, strict=True):
                if x.dtype.kind != "f":
                    args.append(x)
                elif src is None:
                    args.append(next(it))
                else:
                    h = nodes[src]
                    h = h if h.shape == x.shape else sum_to(h, ())
                    args.append(x + 0.1 * h / (1.0 + h * h))
            nodes += [y for y in _call(u.name, u.params, args) if y.dtype.kind == "f"]
        total = Variable(np.array(0.0))
        for y, w in zip(nodes, self.weights(), strict=True):
            total = total + sum_to(y * w, ())
        return total

    def run_torch(self, torch: Any, leaves: Sequence[Any]) -> Any:
        """The same value computed with PyTorch's equivalents."""
        nodes: list[Any] = []
        it = iter(leaves)
        for step in self.steps:
            u = self.usable(step)
            args: list[Any] = []
            for x, src in zip(u.inputs, step.sources, strict=True):
                if x.dtype.kind != "f":
                    args.append(torch.tensor(x))
                elif src is None:
                    args.append(next(it))
                else:
                    h = nodes[src]
                    h = h if tuple(h.shape) == x.shape else h.sum()
                    args.append(torch.tensor(x) + 0.1 * h / (1.0 + h * h))
            out = TORCH[u.name](torch, tuple(args), copy.deepcopy(u.params))
            nodes += [
                y for y in (out if isinstance(out, tuple) else (out,)) if y.is_floating_point()
            ]
        total = torch.tensor(0.0, dtype=torch.float64)
        for y, w in zip(nodes, self.weights(), strict=True):
            total = total + (y * torch.tensor(w)).sum()
        return total


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    steps = []
    nodes = 0
    for _ in range(draw(st.integers(1, MAX_STEPS))):
        name = draw(st.sampled_from(NAMES))
        k = draw(st.integers(0, len(USABLE[name]) - 1))
        u = USABLE[name][k]
        sources: list[int | None] = []
        for x in u.inputs:
            if x.dtype.kind != "f" or nodes == 0:
                sources.append(None)
            else:
                sources.append(draw(st.one_of(st.none(), st.integers(0, nodes - 1))))
        steps.append(Step(name, k, tuple(sources)))
        nodes += u.float_outputs
    return Graph(tuple(steps), draw(st.integers(0, 2**32 - 1)))


def value(graph: Graph, leaves: Sequence[Array]) -> float:
    with no_grad():
        return float(graph.run([Variable(x) for x in leaves]).data)


def moved(leaves: list[Array], k: int, idx: tuple[int, ...], step: float) -> list[Array]:
    """The leaves with element `idx` of leaf `k` moved by `step`."""
    out = [x.copy() for x in leaves]
    out[k][idx] += step
    return out


PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_every_registered_function_takes_part() -> None:
    """Each function is in the graphs, or skipped for a stated reason."""
    for name in F.registry:
        assert name in USABLE or SKIPPED.get(name), name


@PROPERTY
@given(graphs())
def test_gradients_match_central_differences(graph: Graph) -> None:
    leaves = graph.leaves()
    assume(leaves)
    xs = [Variable(x.copy()) for x in leaves]
    total = graph.run(xs)
    gs = grad(total, xs)
    mid = float(total.data)
    scale = 1.0 + abs(mid)
    for g, x in zip(gs, leaves, strict=True):
        assert g.shape == x.shape
    elements = [(k, idx) for k, x in enumerate(leaves) for idx in np.ndindex(*x.shape)]
    if len(elements) > MAX_ELEMENTS:  # large samples: a random subset of the elements
        picked = np.random.default_rng(graph.seed).choice(len(elements), MAX_ELEMENTS, False)
        elements = [elements[i] for i in sorted(picked)]
    for k, idx in elements:
        up = value(graph, moved(leaves, k, idx, EPS))
        down = value(graph, moved(leaves, k, idx, -EPS))
        numerical = (up - down) / (2 * EPS)
        # Where the one-sided differences disagree the graph has a kink at this point:
        # a derivative is not defined there, and central differences cannot judge it.
        assume(abs((up - mid) - (mid - down)) / EPS <= 1e-3 * (1 + abs(numerical)))
        analytical = gs[k].data[idx]
        assert abs(analytical - numerical) <= 1e-7 * scale + 1e-6 * abs(numerical), (
            f"{graph}: leaf {k} element {idx}: analytical {analytical!r}, numerical {numerical!r}"
        )


@PROPERTY
@given(graphs(), st.integers(0, 2**32 - 1))
def test_hessian_vector_products_match_central_differences(graph: Graph, seed: int) -> None:
    leaves = graph.leaves()
    assume(leaves)
    rng = np.random.default_rng(seed)
    vs = [rng.standard_normal(x.shape) for x in leaves]
    _, hv = hvp(lambda *ls: graph.run(ls), tuple(leaves), tuple(vs))

    def gradient(ls: list[Array]) -> list[Array]:
        xs = [Variable(np.asarray(x)) for x in ls]
        return [g.data for g in grad(graph.run(xs), xs)]

    eps = 1e-5
    up = gradient([x + eps * v for x, v in zip(leaves, vs, strict=True)])
    down = gradient([x - eps * v for x, v in zip(leaves, vs, strict=True)])
    scale = 1.0 + max(float(np.abs(g).max(initial=0.0)) for g in up)
    for k, (h, a, b) in enumerate(zip(hv, up, down, strict=True)):
        numerical = (a - b) / (2 * eps)
        assert h.shape == leaves[k].shape
        np.testing.assert_allclose(
            h.data, numerical, rtol=1e-6, atol=1e-7 * scale, err_msg=f"{graph}: leaf {k}"
        )


@PROPERTY
@given(graphs())
def test_values_and_gradients_match_pytorch(graph: Graph) -> None:
    torch = pytest.importorskip("torch")
    assume(all(step.name in TORCH for step in graph.steps))
    leaves = graph.leaves()
    xs = [Variable(x.copy()) for x in leaves]
    total = graph.run(xs)
    ts = [torch.tensor(x, requires_grad=True) for x in leaves]
    total_t = graph.run_torch(torch, ts)
    np.testing.assert_allclose(total.data, total_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    if not leaves:
        return
    gs = grad(total, xs)
    gts = torch.autograd.grad(total_t, ts, allow_unused=True)
    for g, gt in zip(gs, gts, strict=True):
        want = np.zeros(g.shape) if gt is None else gt.numpy()
        np.testing.assert_allclose(g.data, want, rtol=1e-9, atol=1e-12, err_msg=str(graph))
