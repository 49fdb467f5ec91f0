# ruff: noqa: E402  (the imports follow the thread settings, which numpy reads when imported)
"""gelu's forward on a million elements: autograd-core against the references.

Run it with `python benchmarks/bench_gelu.py`. For one million standard normal float64
(and float32) elements, times the best of several runs, the contenders taking turns:

- autograd-core: `F.gelu(x)` under `no_grad()` (vectorised erfc, Cody's approximations);
- before: gelu as this project computed it until then, `x * erfc(-x / sqrt 2) / 2` with
  `math.erfc` applied per element (`numpy.frompyfunc`);
- numpy tanh: `np.tanh(x)`, the cost of one transcendental numpy ufunc;
- PyTorch (when importable): `torch.nn.functional.gelu` (erf form) on one thread.

It prints milliseconds per million elements and each time relative to autograd-core's.
"""

from __future__ import annotations

from _bench import best_times, limit_threads, load_torch

limit_threads()

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import autograd_core.functions as F
from autograd_core import Array, no_grad

N, REPEAT = 1_000_000, 7
_ERFC = np.frompyfunc(math.erfc, 1, 1)


def before(x: Array) -> Array:
    tail = np.asarray(_ERFC(-math.sqrt(0.5) * x.astype(np.float64)), dtype=np.float64)
    y: Array = (x * (0.5 * tail)).astype(x.dtype, copy=False)
    return y


def ours(x: Array) -> Array:
    with no_grad():
        return F.gelu(x).data


def bench(dtype: type[np.floating], torch: Any) -> None:
    x = np.random.default_rng(0).standard_normal(N).astype(dtype)
    np.testing.assert_allclose(ours(x), before(x), rtol=1e-6 if dtype == np.float32 else 1e-13)
    runs: dict[str, Callable[[], object]] = {
        "autograd-core F.gelu": lambda: ours(x),
        "before (math.erfc per element)": lambda: before(x),
        "numpy tanh": lambda: np.tanh(x),
    }
    if torch is not None:
        t = torch.from_numpy(x)
        runs["PyTorch gelu"] = lambda: torch.nn.functional.gelu(t)
    best = best_times(runs, REPEAT)
    print(f"gelu forward, {N:,} {np.dtype(dtype).name} elements")
    base = best["autograd-core F.gelu"]
    for name, seconds in best.items():
        print(f"  {name:32s} {seconds * 1e3:8.1f} ms   {seconds / base:6.2f} x ours")


def main() -> None:
    torch: Any = load_torch()
    for dtype in (np.float64, np.float32):
        bench(dtype, torch)


if __name__ == "__main__":
    main()
