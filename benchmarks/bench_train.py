"""Time per epoch of one MLP trained with the training kit, by hand in numpy, and in PyTorch.

Run it with `python benchmarks/bench_train.py` (or `make bench`). The task is digits-sized:
1,797 images of 8x8 pixels (values 0..16) in 10 classes, made from 10 random prototypes
plus noise (scikit-learn's digits has the same shape), an MLP 64-100-10 with ReLU, softmax
cross entropy, Adam (lr 1e-3), shuffled minibatches of 32, so 57 steps per epoch.

Contenders, timed as the best of several epochs each, taking turns:

- `kit`: `nn.MLP`, `optim.Adam`, `DataLoader`, in float64 and in float32;
- `numpy`: the same forward, backward and Adam written by hand (the floor for any numpy
  engine);
- `torch`: `torch.nn` and `torch.optim.Adam` on the CPU in float32 and float64, when
  PyTorch is importable (one thread, as numpy's matrix products here are small).

After the timing, each contender trains 3 epochs from the same initial weights and its loss
on the whole training set is printed, so a fast but wrong contender shows.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
from _bench import best_times, load_torch

import autograd_core.functions as F
from autograd_core import Array, nn, optim
from autograd_core.data import ArrayDataset, DataLoader

SIZES = (64, 100, 10)
BATCH = 32
LR = 1e-3
SEED = 0


def digits_like(n: int = 1797, seed: int = SEED) -> tuple[Array, Array]:
    """Noisy copies of 10 random 8x8 prototypes, pixel values 0..16, labels 0..9."""
    rng = np.random.default_rng(seed)
    prototypes = rng.integers(0, 17, size=(10, 64)).astype(float)
    t = rng.integers(0, 10, size=n)
    x = np.clip(prototypes[t] + rng.normal(0, 12, size=(n, 64)), 0, 16)
    return x / 16, t


def kit_trainer(x: Array, t: Array, dtype: type[np.floating[Any]]) -> Callable[[], float]:
    """One epoch with the kit per call; returns the loss over the whole training set after it."""
    model = nn.MLP(list(SIZES), seed=SEED, dtype=dtype)
    opt = optim.Adam(model.params(), lr=LR)
    loader = DataLoader(ArrayDataset(x.astype(dtype), t), batch_size=BATCH, shuffle=True, seed=0)

    def epoch() -> float:
        for xb, tb in loader:
            loss = F.softmax_cross_entropy(model(xb), tb)
            model.cleargrads()
            loss.backward()
            opt.step()
        return float(F.softmax_cross_entropy(model(x.astype(dtype)), t).data)

    return epoch


def numpy_trainer(x: Array, t: Array) -> Callable[[], float]:
    """The same MLP, backward and Adam by hand in numpy (float64)."""
    params = [p.data.copy() for p in nn.MLP(list(SIZES), seed=SEED).params()]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    rng = np.random.default_rng(0)
    step = 0

    def epoch() -> float:
        nonlocal step
        order = rng.permutation(len(x))
        for i in range(0, len(x), BATCH):
            idx = order[i : i + BATCH]
            xb, tb = x[idx], t[idx]
            w1, b1, w2, b2 = params
            h_pre = xb @ w1 + b1
            h = np.maximum(h_pre, 0)
            z = h @ w2 + b2
            p = np.exp(z - z.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            gz = p
            gz[np.arange(len(tb)), tb] -= 1
            gz /= len(tb)
            gh = (gz @ w2.T) * (h_pre > 0)
            grads = [xb.T @ gh, gh.sum(0), h.T @ gz, gz.sum(0)]
            step += 1
            for k, g in enumerate(grads):
                m[k] = 0.9 * m[k] + 0.1 * g
                v[k] = 0.999 * v[k] + 0.001 * g * g
                m_hat, v_hat = m[k] / (1 - 0.9**step), v[k] / (1 - 0.999**step)
                params[k] = params[k] - LR * m_hat / (np.sqrt(v_hat) + 1e-8)
        w1, b1, w2, b2 = params
        z = np.maximum(x @ w1 + b1, 0) @ w2 + b2
        z = z - z.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(t)), t]))

    return epoch


def torch_trainer(torch: ModuleType, x: Array, t: Array, dtype: Any) -> Callable[[], float]:
    """The same MLP in PyTorch, initialised with the kit's weights."""
    ours = nn.MLP(list(SIZES), seed=SEED).params()
    model = torch.nn.Sequential(
        torch.nn.Linear(SIZES[0], SIZES[1]), torch.nn.ReLU(), torch.nn.Linear(SIZES[1], SIZES[2])
    ).to(dtype)
    with torch.no_grad():
        for k, layer in enumerate((model[0], model[2])):
            layer.weight.copy_(torch.tensor(ours[2 * k].data.T))
            layer.bias.copy_(torch.tensor(ours[2 * k + 1].data))
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    data = torch.utils.data.TensorDataset(torch.tensor(x, dtype=dtype), torch.tensor(t))
    generator = torch.Generator().manual_seed(0)
    loader = torch.utils.data.DataLoader(data, batch_size=BATCH, shuffle=True, generator=generator)
    xt, tt = torch.tensor(x, dtype=dtype), torch.tensor(t)

    def epoch() -> float:
        for xb, tb in loader:
            loss = torch.nn.functional.cross_entropy(model(xb), tb)
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            return float(torch.nn.functional.cross_entropy(model(xt), tt))

    return epoch


def make_trainers(x: Array, t: Array, torch: ModuleType | None) -> dict[str, Callable[[], float]]:
    trainers = {
        "kit float64": kit_trainer(x, t, np.float64),
        "kit float32": kit_trainer(x, t, np.float32),
        "numpy by hand float64": numpy_trainer(x, t),
    }
    if torch is not None:
        trainers["torch float32"] = torch_trainer(torch, x, t, torch.float32)
        trainers["torch float64"] = torch_trainer(torch, x, t, torch.float64)
    return trainers


def main() -> None:
    torch = load_torch()
    x, t = digits_like()
    steps = -(-len(x) // BATCH)
    print(
        f"MLP {'-'.join(map(str, SIZES))} (ReLU), Adam lr={LR}, batches of {BATCH}: "
        f"{len(x)} samples, {steps} steps per epoch"
    )
    times = best_times(make_trainers(x, t, torch), repeat=7)
    reference = times.get("torch float32")
    print(f"\n{'contender':<24}{'ms/epoch':>10}{'ms/step':>10}{'x numpy':>10}{'x torch32':>11}")
    for name, seconds in times.items():
        vs_torch = f"{seconds / reference:>11.2f}" if reference else f"{'-':>11}"
        print(
            f"{name:<24}{seconds * 1e3:>10.2f}{seconds / steps * 1e3:>10.3f}"
            f"{seconds / times['numpy by hand float64']:>10.2f}{vs_torch}"
        )
    if torch is None:
        print("(PyTorch is not installed: no torch column)")
    print("\ntraining loss after 3 epochs from the same initial weights (shuffles differ):")
    for name, run in make_trainers(x, t, torch).items():
        loss = [run() for _ in range(3)][-1]
        print(f"  {name:<24}{loss:.4f}")


if __name__ == "__main__":
    main()
