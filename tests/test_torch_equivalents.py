"""The table of PyTorch equivalents itself: complete, and faithful on every registered sample.

tests/test_differential.py compares random graphs with PyTorch through this table, and
tests/test_empty_arrays.py zero-size calls; both trust an entry to compute what our function
computes. Here every registered sample of every function is run through both, once, in
float64: values and gradients (for a random cotangent) must agree to round-off.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from torch_equivalents import TORCH

import autograd_core.functions as F
from autograd_core import Variable, grad
from autograd_core._plugins.registry import default_samples

torch = pytest.importorskip("torch")

STANDARD_PLUGINS = {"builtin", "math", "tensor", "nn", "conv"}


def test_every_standard_function_has_an_entry() -> None:
    missing = [
        name
        for name in F.registry
        if F.registry.info(name).plugin.name in STANDARD_PLUGINS and name not in TORCH
    ]
    assert missing == []


def _outputs(value: Any) -> list[Any]:
    return list(value) if isinstance(value, tuple) else [value]


@pytest.mark.parametrize("name", sorted(n for n in F.registry if n in TORCH))
def test_the_entry_computes_what_ours_computes_on_every_sample(name: str) -> None:
    factory = F.registry.info(name).samples or default_samples
    for k, (inputs, params) in enumerate(factory(np.random.default_rng(0))):
        where = f"{name} sample {k} ({params})"
        xs = [np.asarray(x) for x in inputs]
        ours_in = [Variable(x.copy()) if x.dtype.kind == "f" else x for x in xs]
        ours = _outputs(F.registry.get(name)(**copy.deepcopy(params))(*ours_in))
        theirs_in = [torch.tensor(x, requires_grad=x.dtype.kind == "f") for x in xs]
        theirs = _outputs(TORCH[name](torch, tuple(theirs_in), copy.deepcopy(params)))
        assert len(ours) == len(theirs), where
        for y, t in zip(ours, theirs, strict=True):
            assert y.shape == tuple(t.shape), where
            np.testing.assert_allclose(
                y.data, t.detach().numpy(), rtol=1e-12, atol=1e-13, err_msg=where
            )
        floating = [i for i, y in enumerate(ours) if y.dtype.kind == "f"]
        wrt = [v for v in ours_in if isinstance(v, Variable)]
        if not floating or not wrt:
            continue
        rng = np.random.default_rng(k)
        seeds = [rng.standard_normal(ours[i].shape) for i in floating]
        gs = grad([ours[i] for i in floating], wrt, grad_outputs=seeds)
        gts = torch.autograd.grad(
            [theirs[i] for i in floating],
            [t for t in theirs_in if t.requires_grad],
            grad_outputs=[torch.tensor(s) for s in seeds],
            allow_unused=True,
        )
        for g, gt in zip(gs, gts, strict=True):
            want = np.zeros(g.shape) if gt is None else gt.numpy()
            np.testing.assert_allclose(g.data, want, rtol=1e-10, atol=1e-12, err_msg=where)
