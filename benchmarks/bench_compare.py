"""autograd-core side by side with hand-written numpy, PyTorch, HIPS autograd and DeZero.

Run it with `python benchmarks/bench_compare.py` (`--quick` for fewer repetitions). One
process, one thread (OMP/MKL/OPENBLAS and torch limited to one), float64, the cyclic
garbage collector on (as users have it). Each workload is run by every contender
installed, the contenders taking turns, and the best of the repetitions is kept. Time is
the process's CPU time (`time.process_time`): with one thread it is the wall time on an
idle machine, and other processes sharing the cores do not inflate it. Every contender's
result is checked against the hand-written numpy one before anything is timed. Ratios are
autograd-core's time over the other's.

Workloads (issue 8):

- tanh chain: 2,000 chained tanh on shape (4,), forward and backward;
- tanh-scale-shift: `y = tanh(y) * 1.01 + 0.5`, 1,000 times on shape (4,);
- MLP step: one SGD step of a 784-256-10 MLP (linear, sigmoid, linear, softmax
  cross-entropy) on a batch of 128;
- 4th derivative: the 4th derivative of tanh on shape (4,) by repeated `create_graph`;
- deep chain: `y = y * 1.0`, 10,000 and 100,000 deep, on a 0-d array;
- large: 20 chained tanh on 10**6 elements; also peak memory (tracemalloc) against numpy.

After the table, a diagnostic of the deep chain's growth: how many full collections of the
cyclic garbage collector our 100,000-deep run triggers and what they cost, and the growth of
ours and torch's with the objects alive before the runs frozen (`gc.freeze()`, as a
long-running service does after its imports), so that a full collection walks only what
the runs create. It is printed as such and changes no number of the table.

PyTorch, HIPS autograd and DeZero are optional (`pip install autograd dezero`); none of
them is a dependency of autograd-core.
"""

from __future__ import annotations

from _bench import best_times, limit_threads, load_torch, peak_bytes

limit_threads()

import gc  # noqa: E402 - the thread limits must be set before numpy loads
import importlib  # noqa: E402
import importlib.util  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import types  # noqa: E402
from collections.abc import Callable  # noqa: E402
from functools import partial  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from _chains import (  # noqa: E402
    numpy_scale_chain,
    numpy_tanh_chain,
    ours_scale_chain,
    torch_scale_chain,
    torch_tanh_chain,
)

import autograd_core.functions as F  # noqa: E402
from autograd_core import Array, Variable, grad  # noqa: E402

Run = Callable[[], Array]

TINY = np.linspace(-1.0, 1.0, 4)
rng = np.random.default_rng(0)
MLP_X = rng.standard_normal((128, 784))
MLP_T = rng.integers(0, 10, size=128)
MLP_W1 = rng.standard_normal((784, 256)) * 0.05
MLP_B1 = np.zeros(256)
MLP_W2 = rng.standard_normal((256, 10)) * 0.05
MLP_B2 = np.zeros(10)
LR = 0.1
LARGE = np.linspace(-1.0, 1.0, 10**6)


# ---------------------------------------------------------------- hand-written numpy


def np_scale_shift(data: Array, n: int) -> Array:
    ts = []
    y = data
    for _ in range(n):
        t = np.tanh(y)
        ts.append(t)
        y = t * 1.01 + 0.5
    g = np.ones_like(y)
    for t in reversed(ts):
        g = g * 1.01 * (1 - t * t)
    return g


def np_mlp(x: Array, t: Array, w1: Array, b1: Array, w2: Array, b2: Array) -> Array:
    a = x @ w1 + b1
    h = 1 / (1 + np.exp(-a))
    z = h @ w2 + b2
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    gz = p
    gz[np.arange(len(t)), t] -= 1
    gz /= len(t)
    gw2, gb2 = h.T @ gz, gz.sum(axis=0)
    gh = gz @ w2.T
    ga = gh * h * (1 - h)
    gw1, gb1 = x.T @ ga, ga.sum(axis=0)
    new = [w1 - LR * gw1, b1 - LR * gb1, w2 - LR * gw2, b2 - LR * gb2]
    return np.concatenate([p.ravel() for p in new])


def np_tanh_4th(data: Array) -> Array:
    """The closed form: with t = tanh(x), d/dx p(t) = p'(t) (1 - t**2)."""
    p = np.polynomial.Polynomial([0.0, 1.0])
    s = np.polynomial.Polynomial([1.0, 0.0, -1.0])
    for _ in range(4):
        p = p.deriv() * s
    result: Array = p(np.tanh(data))
    return result


# ---------------------------------------------------------------- autograd-core


def ours_tanh_chain(data: Array, n: int) -> Array:
    tanh = F.tanh
    x = Variable(data)
    y = x
    for _ in range(n):
        y = tanh(y)
    y.backward()
    assert x.grad is not None
    return x.grad.data


def ours_scale_shift(data: Array, n: int) -> Array:
    tanh = F.tanh
    x = Variable(data)
    y = x
    for _ in range(n):
        y = tanh(y) * 1.01 + 0.5
    y.backward()
    assert x.grad is not None
    return x.grad.data


def ours_mlp(x: Array, t: Array, w1: Array, b1: Array, w2: Array, b2: Array) -> Array:
    linear, sigmoid, sce = F.linear, F.sigmoid, F.softmax_cross_entropy
    params = [Variable(w1), Variable(b1), Variable(w2), Variable(b2)]
    p1, q1, p2, q2 = params
    loss = sce(linear(sigmoid(linear(x, p1, q1)), p2, q2), t)
    loss.backward()
    for p in params:
        assert p.grad is not None
        p.data = p.data - LR * p.grad.data
    return np.concatenate([p.data.ravel() for p in params])


def ours_tanh_4th(data: Array) -> Array:
    x = Variable(data)
    y = F.tanh(x)
    for _ in range(4):
        (y,) = grad(y, x, create_graph=True)
    return y.data


# ---------------------------------------------------------------- PyTorch


def torch_scale_shift(torch: Any, data: Array, n: int) -> Array:
    x = torch.tensor(data, requires_grad=True)
    y = x
    for _ in range(n):
        y = torch.tanh(y) * 1.01 + 0.5
    y.backward(torch.ones_like(y))
    return x.grad.numpy()  # type: ignore[no-any-return]


def torch_mlp(
    torch: Any, x: Array, t: Array, w1: Array, b1: Array, w2: Array, b2: Array
) -> Array:
    cross_entropy = torch.nn.functional.cross_entropy
    params = [torch.tensor(a, requires_grad=True) for a in (w1, b1, w2, b2)]
    p1, q1, p2, q2 = params
    xt, tt = torch.from_numpy(x), torch.from_numpy(t)
    loss = cross_entropy(torch.sigmoid(xt @ p1 + q1) @ p2 + q2, tt)
    loss.backward()
    with torch.no_grad():
        new = [p - LR * p.grad for p in params]
    return np.concatenate([p.numpy().ravel() for p in new])


def torch_tanh_4th(torch: Any, data: Array) -> Array:
    x = torch.tensor(data, requires_grad=True)
    y = torch.tanh(x)
    for _ in range(4):
        (y,) = torch.autograd.grad(y, x, torch.ones_like(y), create_graph=True)
    return y.detach().numpy()  # type: ignore[no-any-return]


# ---------------------------------------------------------------- HIPS autograd


def hips_tanh_chain(ag: Any, data: Array, n: int) -> Array:
    anp = ag.numpy

    def f(x: Any) -> Any:
        for _ in range(n):
            x = anp.tanh(x)
        return x

    vjp, y = ag.make_vjp(f)(data)
    return vjp(np.ones_like(y))  # type: ignore[no-any-return]


def hips_scale_shift(ag: Any, data: Array, n: int) -> Array:
    anp = ag.numpy

    def f(x: Any) -> Any:
        for _ in range(n):
            x = anp.tanh(x) * 1.01 + 0.5
        return x

    vjp, y = ag.make_vjp(f)(data)
    return vjp(np.ones_like(y))  # type: ignore[no-any-return]


def hips_mlp(ag: Any, x: Array, t: Array, w1: Array, b1: Array, w2: Array, b2: Array) -> Array:
    anp = ag.numpy

    def loss(params: list[Any]) -> Any:
        p1, q1, p2, q2 = params
        h = 1 / (1 + anp.exp(-(anp.dot(x, p1) + q1)))
        z = anp.dot(h, p2) + q2
        z = z - anp.max(z, axis=1, keepdims=True)
        log_p = z - anp.log(anp.sum(anp.exp(z), axis=1, keepdims=True))
        return -anp.mean(log_p[np.arange(len(t)), t])

    params = [w1, b1, w2, b2]
    grads = ag.grad(loss)(params)
    return np.concatenate([(p - LR * g).ravel() for p, g in zip(params, grads, strict=True)])


def hips_tanh_4th(ag: Any, data: Array) -> Array:
    f = ag.numpy.tanh
    for _ in range(4):
        f = ag.elementwise_grad(f)
    return f(data)  # type: ignore[no-any-return]


def hips_deep(ag: Any, data: Array, n: int, factor: float) -> Array:
    def f(x: Any) -> Any:
        for _ in range(n):
            x = x * factor
        return x

    vjp, y = ag.make_vjp(f)(data)
    return vjp(np.ones_like(y))  # type: ignore[no-any-return]


# ---------------------------------------------------------------- DeZero


def dz_tanh_chain(dz: Any, data: Array, n: int) -> Array:
    x = dz.Variable(data)
    y = x
    for _ in range(n):
        y = dz.functions.tanh(y)
    y.backward()
    return x.grad.data  # type: ignore[no-any-return]


def dz_scale_shift(dz: Any, data: Array, n: int) -> Array:
    x = dz.Variable(data)
    y = x
    for _ in range(n):
        y = dz.functions.tanh(y) * 1.01 + 0.5
    y.backward()
    return x.grad.data  # type: ignore[no-any-return]


def dz_mlp(dz: Any, x: Array, t: Array, w1: Array, b1: Array, w2: Array, b2: Array) -> Array:
    fn = dz.functions
    params = [dz.Variable(a) for a in (w1, b1, w2, b2)]
    p1, q1, p2, q2 = params
    loss = fn.softmax_cross_entropy(fn.linear(fn.sigmoid(fn.linear(x, p1, q1)), p2, q2), t)
    loss.backward()
    return np.concatenate([(p.data - LR * p.grad.data).ravel() for p in params])


def dz_tanh_4th(dz: Any, data: Array) -> Array:
    x = dz.Variable(data)
    y = dz.functions.tanh(x)
    for _ in range(4):
        x.cleargrad()
        y.backward(create_graph=True)
        y = x.grad
    return y.data  # type: ignore[no-any-return]


def dz_deep(dz: Any, data: Array, n: int, factor: float) -> Array:
    x = dz.Variable(data)
    y = x
    for _ in range(n):
        y = y * factor
    y.backward()
    return x.grad.data  # type: ignore[no-any-return]


# ---------------------------------------------------------------- running


def load(name: str) -> Any:
    if name == "torch":
        return load_torch()
    try:
        if name == "dezero":
            np.int = int  # type: ignore[attr-defined]  # DeZero 0.0.13 still uses np.int
            for package, sub in (("matplotlib", "pyplot"), ("PIL", "Image")):
                if importlib.util.find_spec(package) is None:  # DeZero imports them, unused
                    parent = types.ModuleType(package)
                    setattr(parent, sub, types.ModuleType(f"{package}.{sub}"))
                    sys.modules[package] = parent
                    sys.modules[f"{package}.{sub}"] = getattr(parent, sub)
                    getattr(parent, sub).BILINEAR = 2  # a default argument in DeZero
        module = importlib.import_module(name)
        if name == "dezero":
            importlib.import_module("dezero.functions")
        return module
    except ImportError:
        return None


def workloads(peers: dict[str, Any]) -> list[tuple[str, int, dict[str, Run]]]:
    """(name, repetitions, {contender: run}) for every workload."""
    cases: list[tuple[str, int, dict[str, Run]]] = []

    def case(
        name: str,
        repeat: int,
        ours: Callable[..., Array],
        ref: Callable[..., Array],
        others: dict[str, Callable[..., Array]],
        *args: Any,
    ) -> None:
        runs: dict[str, Run] = {"ours": partial(ours, *args), "numpy": partial(ref, *args)}
        for peer, fn in others.items():
            if peers.get(peer) is not None:
                runs[peer] = partial(fn, peers[peer], *args)
        cases.append((name, repeat, runs))

    mlp_args = (MLP_X, MLP_T, MLP_W1, MLP_B1, MLP_W2, MLP_B2)
    case("tanh chain 2,000 on (4,)", 15, ours_tanh_chain, numpy_tanh_chain,
         {"torch": torch_tanh_chain, "autograd": hips_tanh_chain, "dezero": dz_tanh_chain},
         TINY, 2000)
    case("tanh*1.01+0.5 x1,000 on (4,)", 15, ours_scale_shift, np_scale_shift,
         {"torch": torch_scale_shift, "autograd": hips_scale_shift, "dezero": dz_scale_shift},
         TINY, 1000)
    case("MLP step 784-256-10, batch 128", 15, ours_mlp, np_mlp,
         {"torch": torch_mlp, "autograd": hips_mlp, "dezero": dz_mlp}, *mlp_args)
    case("4th derivative of tanh", 30, ours_tanh_4th, np_tanh_4th,
         {"torch": torch_tanh_4th, "autograd": hips_tanh_4th, "dezero": dz_tanh_4th}, TINY)
    case("deep chain y*1.0 x10,000", 7, ours_scale_chain, numpy_scale_chain,
         {"torch": torch_scale_chain, "autograd": hips_deep, "dezero": dz_deep},
         np.array(0.5), 10_000, 1.0)
    case("deep chain y*1.0 x100,000", 3, ours_scale_chain, numpy_scale_chain,
         {"torch": torch_scale_chain, "autograd": hips_deep, "dezero": dz_deep},
         np.array(0.5), 100_000, 1.0)
    case("large: 20 tanh on 10**6", 7, ours_tanh_chain, numpy_tanh_chain,
         {"torch": torch_tanh_chain, "autograd": hips_tanh_chain, "dezero": dz_tanh_chain},
         LARGE, 20)
    return cases


def main() -> None:
    quick = "--quick" in sys.argv
    names = {"torch": "torch", "autograd": "autograd", "dezero": "dezero"}
    peers = {key: load(module) for key, module in names.items()}
    present = [key for key, module in peers.items() if module is not None]
    header = f"{'workload':32} {'ours':>10} {'/numpy':>7}" + "".join(
        f" {'/' + key:>9}" for key in present
    )
    print(header)
    print("-" * len(header))
    deep: dict[int, float] = {}
    for name, repeat, runs in workloads(peers):
        reference = runs["numpy"]()
        for who, run in runs.items():
            np.testing.assert_allclose(run(), reference, rtol=1e-9, atol=1e-12, err_msg=who)
        best = best_times(runs, max(2, repeat // 3) if quick else repeat, clock=time.process_time)
        ours = best["ours"]
        line = f"{name:32} {ours * 1e3:7.2f} ms {ours / best['numpy']:6.2f}x"
        for key in present:
            line += f" {ours / best[key]:8.2f}x" if key in best else f" {'-':>9}"
        print(line)
        if name.startswith("deep"):
            deep[len(deep)] = ours
        if name.startswith("large"):
            ours_mem = peak_bytes(runs["ours"])
            ref_mem = peak_bytes(runs["numpy"])
    print()
    print("ours: autograd-core's best time; /x: autograd-core's time over x's (lower is better)")
    print(f"deep chain growth from 10**4 to 10**5: {deep[1] / deep[0]:.1f}x (linear: 10x)")
    print(
        f"large, peak memory (tracemalloc): ours {ours_mem / 2**20:.1f} MB, numpy "
        f"{ref_mem / 2**20:.1f} MB, ratio {ours_mem / ref_mem:.3f}x"
    )
    versions = [f"numpy {np.__version__}"]
    for key in present:
        versions.append(f"{key} {getattr(peers[key], '__version__', '?')}")
    print("one thread, float64; " + ", ".join(versions))
    gc_diagnostic(peers.get("torch"), quick)


def gc_diagnostic(torch: types.ModuleType | None, quick: bool) -> None:
    """Why the deep chain grows faster than linearly: the cyclic GC's full collections."""
    data = np.array(0.5)
    full: list[float] = []
    began = [0.0]

    def watch(phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                began[0] = time.process_time()
            else:
                full.append(time.process_time() - began[0])

    runs = []
    gc.callbacks.append(watch)
    try:
        for _ in range(2 if quick else 3):
            gc.collect()
            full.clear()
            start = time.process_time()
            ours_scale_chain(data, 100_000, 1.0)
            runs.append((time.process_time() - start, list(full)))
    finally:
        gc.callbacks.remove(watch)
    took, collections = min(runs)
    tracked = len(gc.get_objects())
    start = time.process_time()
    gc.collect()
    one = time.process_time() - start
    print()
    print(
        f"deep chain x100,000, ours: {len(collections)} full collection(s) of the cyclic GC, "
        f"{sum(collections) * 1e3:.0f} ms of the best run's {took * 1e3:.0f} ms; a full "
        f"collection walks all {tracked:,} tracked objects alive in this process (the "
        f"contenders' imports included): {one * 1e3:.0f} ms"
    )
    chains: dict[str, Callable[[Array, int], object]] = {
        "ours": lambda d, n: ours_scale_chain(d, n, 1.0)
    }
    if torch is not None:
        chains["torch"] = lambda d, n: torch_scale_chain(torch, d, n, 1.0)
    gc.collect()
    gc.freeze()  # what is alive now is never walked again, until unfreeze
    try:
        growth = []
        for who, chain in chains.items():
            small = best_times(
                {who: partial(chain, data, 10_000)}, 3 if quick else 7, clock=time.process_time
            )[who]
            big = best_times(
                {who: partial(chain, data, 100_000)}, 2 if quick else 3, clock=time.process_time
            )[who]
            growth.append(f"{who} {big / small:.1f}x")
    finally:
        gc.unfreeze()
    print("with those objects frozen (gc.freeze), growth from 10**4 to 10**5: " + ", ".join(growth))


if __name__ == "__main__":
    main()
