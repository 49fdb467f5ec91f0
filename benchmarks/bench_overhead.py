"""How much autograd-core costs over hand-written numpy doing the same forward and backward.

Run it with `python benchmarks/bench_overhead.py` (or `make bench`). Three cases, each timed
as the best of several runs with `time.perf_counter`, the contenders taking turns (the
cyclic garbage collector is left on, as users have it):

1. a chain of 2,000 tanh Functions on shape (4,): the per-function overhead;
2. 20 tanh Functions on 10**6 float64 elements: where numpy's work should dominate;
3. a chain of 100,000 `y = y * 1.0001` on a 0-d array: the operator path on a deep graph.

A second table gives the peak memory of the first two cases, traced by tracemalloc.

The numpy reference computes the same values: the forward keeps every intermediate array
(as autograd must), the backward applies the same formulas (`gy * (1 - y * y)`,
`gy * 1.0001`). When PyTorch is importable the same work is timed with it on the CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from types import ModuleType

import numpy as np
from _bench import best_times, load_torch, peak_bytes
from _chains import (
    numpy_scale_chain,
    numpy_tanh_chain,
    ours_scale_chain,
    torch_scale_chain,
    torch_tanh_chain,
)

from autograd_core import Array, Function, Variable


class Tanh(Function):
    """tanh; its derivative `1 - y**2` reads the output through the weak reference."""

    def forward(self, x: Array) -> Array:
        return np.tanh(x)

    def backward(self, gy: Variable) -> Variable:
        y = self.outputs[0]()
        assert y is not None
        return gy * (1 - y * y)


# ---------------------------------------------------------------- tanh chains


def tanh_chain_autograd(data: Array, n: int) -> Array:
    x = Variable(data)
    y = x
    for _ in range(n):
        y = Tanh()(y)
    y.backward()
    assert x.grad is not None
    return x.grad.data


# ---------------------------------------------------------------- the table


@dataclass
class Case:
    name: str
    functions: int
    data: Array
    autograd: Callable[[Array, int], Array]
    numpy: Callable[[Array, int], Array]
    torch: Callable[[ModuleType, Array, int], Array]
    repeat: int


CASES = [
    Case("tiny: 2,000 tanh on (4,)", 2_000, np.linspace(-1, 1, 4), tanh_chain_autograd,
         numpy_tanh_chain, torch_tanh_chain, repeat=15),
    Case("large: 20 tanh on 10**6", 20, np.linspace(-1, 1, 10**6), tanh_chain_autograd,
         numpy_tanh_chain, torch_tanh_chain, repeat=7),
    Case("deep: 100,000 y*1.0001 on ()", 100_000, np.array(0.5),
         partial(ours_scale_chain, factor=1.0001), partial(numpy_scale_chain, factor=1.0001),
         partial(torch_scale_chain, factor=1.0001), repeat=3),
]


def memory_table() -> None:
    """Peak memory of one forward + backward, against numpy keeping the same intermediates."""
    print(f"{'case':32} {'autograd-core':>14} {'numpy':>11} {'ratio':>7} {'extra/fn':>10}")
    for case in CASES[:2]:  # the deep chain takes too long under tracemalloc
        ours = peak_bytes(partial(case.autograd, case.data, case.functions))
        ref = peak_bytes(partial(case.numpy, case.data, case.functions))
        extra = (ours - ref) / case.functions
        print(
            f"{case.name:32} {ours / 2**20:11.2f} MB {ref / 2**20:8.2f} MB"
            f" {ours / ref:6.2f}x {extra / 1024:7.2f} KB"
        )
    print("peak memory traced by tracemalloc during one forward + backward (torch not traced)")


def main() -> None:
    torch = load_torch(one_thread=False)
    header = f"{'case':32} {'autograd-core':>14} {'numpy':>11} {'ratio':>7} {'us/fn':>7}"
    header += f" {'fn-overhead':>12}"
    if torch is not None:
        header += f" {'torch':>11} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for case in CASES:
        ours = case.autograd(case.data, case.functions)
        reference = case.numpy(case.data, case.functions)
        np.testing.assert_allclose(ours, reference, rtol=1e-10)
        runs: dict[str, Callable[[], object]] = {
            "ours": partial(case.autograd, case.data, case.functions),
            "numpy": partial(case.numpy, case.data, case.functions),
        }
        if torch is not None:
            runs["torch"] = partial(case.torch, torch, case.data, case.functions)
        best = best_times(runs, case.repeat)
        t_ours, t_numpy = best["ours"], best["numpy"]
        per_fn = t_ours / case.functions * 1e6
        overhead = (t_ours - t_numpy) / case.functions * 1e6
        line = f"{case.name:32} {t_ours * 1e3:11.1f} ms {t_numpy * 1e3:8.1f} ms"
        line += f" {t_ours / t_numpy:6.2f}x {per_fn:7.1f} {overhead:9.1f} us"
        if torch is not None:
            line += f" {best['torch'] * 1e3:8.1f} ms {t_ours / best['torch']:6.2f}x"
        print(line)
    print()
    print("ratio: autograd-core time / numpy time (forward + backward, best of several runs)")
    print("us/fn: autograd-core microseconds per function (forward + backward)")
    print("fn-overhead: what autograd-core adds per function over numpy")
    if torch is None:
        print("PyTorch: not installed, no comparison")
    else:
        print(f"PyTorch {torch.__version__}: ratio = autograd-core time / torch time (CPU)")
    print()
    memory_table()


if __name__ == "__main__":
    main()
