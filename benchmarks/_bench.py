"""What the benchmark scripts share: one-thread setup, best-of-N timing, optional imports.

Private to `benchmarks/` (each script is run as `python benchmarks/bench_x.py`, so this
folder is on `sys.path`). It imports no numpy: a script calls `limit_threads()` first, then
imports numpy, whose BLAS reads the thread limits when it loads.
"""

from __future__ import annotations

import gc
import importlib
import os
import time
import tracemalloc
from collections.abc import Callable, Mapping
from types import ModuleType

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def limit_threads() -> None:
    """One thread for numpy's BLAS (OpenMP, MKL, OpenBLAS): call it before numpy is imported."""
    for var in THREAD_VARIABLES:
        os.environ[var] = "1"


def best_times(
    runs: Mapping[str, Callable[[], object]],
    repeat: int,
    *,
    clock: Callable[[], float] = time.perf_counter,
    collect: bool = True,
) -> dict[str, float]:
    """The shortest of `repeat` runs of each, in seconds of `clock`, after one warm-up run each.

    The runs take turns, so a machine that gets busier or quieter part-way through affects
    every contender alike. With `collect`, the cyclic garbage collector runs (untimed) before
    each run; it stays enabled during the runs, as users have it.
    """
    for run in runs.values():
        run()
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            if collect:
                gc.collect()
            start = clock()
            run()
            best[name] = min(best[name], clock() - start)
    return best


def peak_bytes(run: Callable[[], object]) -> int:
    """The peak memory traced while `run` runs (numpy reports its buffers to tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def import_optional(name: str) -> ModuleType | None:
    """The module `name`, or None when it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def load_torch(*, one_thread: bool = True) -> ModuleType | None:
    """PyTorch, limited to one thread unless told otherwise, or None when it is not installed."""
    torch = import_optional("torch")
    if torch is not None and one_thread:
        torch.set_num_threads(1)
    return torch
