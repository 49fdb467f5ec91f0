# ruff: noqa: E402  (the imports follow the thread settings, which numpy reads when imported)
"""conv2d forward and backward: autograd-core against hand-written numpy and PyTorch.

Run it with `python benchmarks/bench_conv.py`. A batch x of shape (32, 3, 32, 32), a kernel
W of shape (16, 3, 3, 3) and a bias b (16,), stride 1 and padding 1, in float32 and
float64. Each contender computes y = conv2d(x, W, b), then, for a fixed cotangent gy, the
gradients of x, W and b. Times are the best of several runs, the contenders taking turns.

- autograd-core: `autograd_core_conv.conv2d` (im2col and one matmul; its backward builds
  Col2im, Im2col, matmul and reshapes, as recorded Functions);
- numpy: the same algorithm written directly (DeZero's im2col and col2im loops over the
  kernel positions), keeping only what the backward needs;
- PyTorch (when importable): `torch.nn.functional.conv2d` on the CPU.

Before timing, the three results are checked to agree. Every contender runs on one thread
(numpy's BLAS through the environment variables set below, before numpy is imported, and
PyTorch through `torch.set_num_threads(1)`), so the ratios compare the work done.
"""

from __future__ import annotations

from _bench import best_times, limit_threads, load_torch

limit_threads()

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from autograd_core import Array, Variable
from autograd_core_conv import conv2d

SHAPE_X, SHAPE_W, STRIDE, PAD = (32, 3, 32, 32), (16, 3, 3, 3), 1, 1
REPEAT = 10


# ---------------------------------------------------------------- hand-written numpy


def np_im2col(x: Array, kh: int, kw: int, s: int, p: int) -> tuple[Array, int, int]:
    n, c, h, w = x.shape
    oh, ow = (h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    col = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            col[:, :, i, j] = xp[:, :, i : i + s * oh : s, j : j + s * ow : s]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1), oh, ow


def np_col2im(col: Array, shape: tuple[int, ...], kh: int, kw: int, s: int, p: int) -> Array:
    n, c, h, w = shape
    oh, ow = (h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1
    cols = col.reshape(n, oh, ow, c, kh, kw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * p, w + 2 * p), dtype=col.dtype)
    for i in range(kh):
        for j in range(kw):
            img[:, :, i : i + s * oh : s, j : j + s * ow : s] += cols[:, :, i, j]
    return img[:, :, p : p + h, p : p + w]


def numpy_forward(x: Array, w: Array, b: Array) -> tuple[Array, Array]:
    oc, _, kh, kw = w.shape
    col, oh, ow = np_im2col(x, kh, kw, STRIDE, PAD)
    y = col @ w.reshape(oc, -1).T + b
    return y.reshape(x.shape[0], oh, ow, oc).transpose(0, 3, 1, 2), col


def numpy_forward_backward(x: Array, w: Array, b: Array, gy: Array) -> tuple[Array, ...]:
    y, col = numpy_forward(x, w, b)
    oc, _, kh, kw = w.shape
    g = gy.transpose(0, 2, 3, 1).reshape(-1, oc)
    gw = (g.T @ col).reshape(w.shape)
    gx = np_col2im(g @ w.reshape(oc, -1), x.shape, kh, kw, STRIDE, PAD)
    return y, gx, gw, g.sum(axis=0)


# ---------------------------------------------------------------- autograd-core


def ours_forward(x: Array, w: Array, b: Array) -> Array:
    return conv2d(Variable(x), Variable(w), Variable(b), stride=STRIDE, pad=PAD).data


def ours_forward_backward(x: Array, w: Array, b: Array, gy: Array) -> tuple[Array, ...]:
    xv, wv, bv = Variable(x), Variable(w), Variable(b)
    y = conv2d(xv, wv, bv, stride=STRIDE, pad=PAD)
    y.backward(gy)
    assert xv.grad is not None and wv.grad is not None and bv.grad is not None
    return y.data, xv.grad.data, wv.grad.data, bv.grad.data


# ---------------------------------------------------------------- PyTorch


def torch_runs(
    torch: Any, x: Array, w: Array, b: Array, gy: Array
) -> tuple[Callable[[], object], Callable[[], tuple[Array, ...]]]:
    tx, tw, tb, tgy = (torch.from_numpy(a) for a in (x, w, b, gy))
    nnf = torch.nn.functional

    def forward() -> Any:
        with torch.no_grad():
            return nnf.conv2d(tx, tw, tb, stride=STRIDE, padding=PAD)

    def forward_backward() -> tuple[Array, ...]:
        xs = [t.detach().requires_grad_() for t in (tx, tw, tb)]
        y = nnf.conv2d(*xs, stride=STRIDE, padding=PAD)
        y.backward(tgy)
        return tuple(a.detach().numpy() for a in (y, *(v.grad for v in xs)))

    return forward, forward_backward


def bench(dtype: type[np.floating[Any]], torch: ModuleType | None) -> list[str]:
    """One line per pass (forward, forward+backward) for inputs of `dtype`."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(SHAPE_X).astype(dtype)
    w = rng.standard_normal(SHAPE_W).astype(dtype)
    b = rng.standard_normal(SHAPE_W[0]).astype(dtype)
    gy = rng.standard_normal((SHAPE_X[0], SHAPE_W[0], *SHAPE_X[2:])).astype(dtype)
    fwd: dict[str, Callable[[], object]] = {
        "ours": lambda: ours_forward(x, w, b),
        "numpy": lambda: numpy_forward(x, w, b),
    }
    both: dict[str, Callable[[], tuple[Array, ...]]] = {
        "ours": lambda: ours_forward_backward(x, w, b, gy),
        "numpy": lambda: numpy_forward_backward(x, w, b, gy),
    }
    if torch is not None:
        fwd["torch"], both["torch"] = torch_runs(torch, x, w, b, gy)
    results = {name: run() for name, run in both.items()}  # y, gx, gW, gb: all must agree
    tol = 1e-3 if dtype == np.float32 else 1e-9
    for name, result in results.items():
        for a, r in zip(results["ours"], result, strict=True):
            np.testing.assert_allclose(a, r, rtol=tol, atol=tol, err_msg=name)
    lines = []
    for label, runs in (("forward", fwd), ("forward+backward", both)):
        t = best_times(runs, repeat=REPEAT)
        line = f"{np.dtype(dtype).name:<8} {label:<17} {t['ours'] * 1e3:>10.2f} ms"
        line += f" {t['numpy'] * 1e3:>6.2f} ms {t['ours'] / t['numpy']:>6.2f}"
        if "torch" in t:
            line += f" {t['torch'] * 1e3:>6.2f} ms {t['ours'] / t['torch']:>6.2f}"
        lines.append(line)
    return lines


def main() -> None:
    torch = load_torch()
    if torch is not None:
        print(f"PyTorch {torch.__version__} on the CPU, 1 thread (torch.set_num_threads(1))")
    else:
        print("PyTorch is not installed: only numpy is compared")
    print(f"conv2d x {SHAPE_X}, W {SHAPE_W}, b ({SHAPE_W[0]},), stride {STRIDE}, pad {PAD}")
    print(f"best of {REPEAT} runs; ratio = autograd-core time / reference time (lower is better)")
    print()
    header = f"{'dtype':<8} {'pass':<17} {'autograd-core':>13} {'numpy':>9} {'ratio':>6}"
    if torch is not None:
        header += f" {'torch':>9} {'ratio':>6}"
    print(header)
    for dtype in (np.float32, np.float64):
        for line in bench(dtype, torch):
            print(line)


if __name__ == "__main__":
    main()
