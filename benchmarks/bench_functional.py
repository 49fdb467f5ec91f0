"""Time `jacobian` and `hessian` of a 100-dimensional function against references.

Run it with `python benchmarks/bench_functional.py`. The functions, for a fixed 100x100
matrix W:

- jacobian of `f(x) = tanh(W @ x)`, R^100 -> R^100 (100 backward passes);
- hessian of `g(x) = sum(tanh(W @ x))`, R^100 -> R (the Jacobian of the gradient);
- a tall Jacobian, of `h(z) = sin(B @ z)` from R^10 to R^100 (B 100x10), which
  autograd-core builds column by column (10 passes, forward over reverse) where a
  reverse-mode Jacobian takes 100.

References measured in the same run: the closed forms in hand-written numpy
(`J = (1 - t^2)[:, None] * W`, `H = W.T @ diag(-2 t (1 - t^2)) @ W`), and, where PyTorch is
installed, `torch.autograd.functional.jacobian`/`hessian` on the CPU in float64 (its
default, one backward pass per output element as here, and `vectorize=True`, which batches
them with vmap). Each time is the best of several runs, the contenders taking turns; every
result is checked against the closed form first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from _bench import best_times, load_torch

import autograd_core.functions as F
from autograd_core import Array, Variable
from autograd_core.functional import hessian, jacobian

N = 100
RNG = np.random.default_rng(0)
W = RNG.standard_normal((N, N)) / np.sqrt(N)
X = RNG.standard_normal(N)
B = RNG.standard_normal((N, 10))
Z = RNG.standard_normal(10)


def f(x: Variable) -> Variable:
    return F.tanh(F.matmul(W, x))


def g(x: Variable) -> Variable:
    return F.sum(F.tanh(F.matmul(W, x)))


def h(z: Variable) -> Variable:
    return F.sin(F.matmul(B, z))


def numpy_tall() -> Array:
    out: Array = np.cos(B @ Z)[:, None] * B
    return out


def numpy_jacobian() -> Array:
    th = np.tanh(W @ X)
    out: Array = (1 - th**2)[:, None] * W
    return out


def numpy_hessian() -> Array:
    th = np.tanh(W @ X)
    out: Array = W.T @ ((-2 * th * (1 - th**2))[:, None] * W)
    return out


def main() -> None:
    torch = load_torch()
    np.testing.assert_allclose(jacobian(f, X).data, numpy_jacobian(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(hessian(g, X).data, numpy_hessian(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(jacobian(h, Z).data, numpy_tall(), rtol=1e-10, atol=1e-12)
    cases: dict[str, dict[str, Callable[[], object]]] = {
        "jacobian": {"autograd-core": lambda: jacobian(f, X), "numpy closed form": numpy_jacobian},
        "hessian": {"autograd-core": lambda: hessian(g, X), "numpy closed form": numpy_hessian},
        "tall": {"autograd-core": lambda: jacobian(h, Z), "numpy closed form": numpy_tall},
    }
    if torch is not None:
        tf: Any = torch.autograd.functional
        wt, xt, bt, zt = torch.tensor(W), torch.tensor(X), torch.tensor(B), torch.tensor(Z)

        def ft(x: Any) -> Any:
            return torch.tanh(wt @ x)

        def gt(x: Any) -> Any:
            return torch.tanh(wt @ x).sum()

        np.testing.assert_allclose(tf.jacobian(ft, xt).numpy(), numpy_jacobian(), rtol=1e-10)
        np.testing.assert_allclose(tf.hessian(gt, xt).numpy(), numpy_hessian(), rtol=1e-10)

        def ht(z: Any) -> Any:
            return torch.sin(bt @ z)

        np.testing.assert_allclose(tf.jacobian(ht, zt).numpy(), numpy_tall(), rtol=1e-10)
        cases["jacobian"]["torch"] = lambda: tf.jacobian(ft, xt)
        cases["jacobian"]["torch vectorize=True"] = lambda: tf.jacobian(ft, xt, vectorize=True)
        cases["hessian"]["torch"] = lambda: tf.hessian(gt, xt)
        cases["hessian"]["torch vectorize=True"] = lambda: tf.hessian(gt, xt, vectorize=True)
        cases["tall"]["torch"] = lambda: tf.jacobian(ht, zt)
        cases["tall"]["torch vectorize=True"] = lambda: tf.jacobian(ht, zt, vectorize=True)
    else:
        print("PyTorch is not installed: comparing with numpy only")

    print(f"n = {N}, float64, best of 7 runs (torch on 1 thread)")
    print(f"{'case':<10} {'contender':<22} {'time':>10} {'autograd-core / it':>20}")
    for case, runs in cases.items():
        times = best_times(runs, repeat=7, collect=False)
        ours = times["autograd-core"]
        for name, seconds in times.items():
            ratio = "" if name == "autograd-core" else f"{ours / seconds:.2f}x"
            print(f"{case:<10} {name:<22} {seconds * 1e3:>8.2f}ms {ratio:>20}")


if __name__ == "__main__":
    main()
