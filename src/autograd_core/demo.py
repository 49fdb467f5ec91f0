"""`autograd-core demo`: the seed examples, then a classifier trained with the training kit.

The classifier is an MLP (2-30-30-3, ReLU) trained with Adam on minibatches of DeZero's
spiral data set (3 arms of 100 points, `autograd_core.data.spiral(seed=0)`), then evaluated
on a second spiral drawn with another seed. The demo passes (exit status 0) when the test
accuracy reaches `THRESHOLD`. Everything is seeded, so a run is reproducible.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import numpy as np

import autograd_core.functions as F
from autograd_core import nn, optim
from autograd_core._core.config import no_grad
from autograd_core._core.variable import Variable
from autograd_core._typing import Array
from autograd_core.data import ArrayDataset, DataLoader, spiral

THRESHOLD = 0.9
"""The test accuracy the classifier must reach for the demo to pass (chance is 1/3)."""

EPOCHS = 200
BATCH_SIZE = 30
HIDDEN = 30
LEARNING_RATE = 1e-2
POINTS_PER_CLASS = 100
CLASSES = 3
SEED = 0
REPORT_EVERY = 20


def _scalar(value: float) -> Variable:
    return Variable(np.array(value))


def _grad(x: Variable) -> float:
    assert x.grad is not None, "backward left no gradient"
    return float(x.grad.data)


def seed_examples(out: TextIO) -> None:
    """Differentiate the seed examples, printing each value and derivative in full precision."""
    print("Seed examples (values and derivatives at the given point):", file=out)

    def show(label: str, x: Variable, y: Variable, *derivatives: float) -> None:
        names = ["dy/dx", "d2y/dx2"]
        parts = [f"x={float(x.data)!r}", f"y={float(y.data)!r}"]
        parts += [f"{n}={d!r}" for n, d in zip(names, derivatives, strict=False)]
        print(f"  {label:<24} " + "  ".join(parts), file=out)

    x = _scalar(0.5)
    y = F.square(F.exp(F.square(x)))
    y.backward()
    show("square(exp(square(x)))", x, y, _grad(x))

    x = _scalar(3.0)
    y = x + x  # one variable used twice: the gradients add up
    y.backward()
    show("x + x", x, y, _grad(x))

    x = _scalar(3.0)
    y = (x + x) + x
    y.backward()
    show("(x + x) + x", x, y, _grad(x))

    x = _scalar(2.0)
    y = x**4 - 2 * x**2
    y.backward(create_graph=True)  # record the backward pass to differentiate it again
    gx = x.grad
    assert gx is not None
    x.cleargrad()
    gx.backward()
    show("x**4 - 2*x**2", x, y, float(gx.data), _grad(x))

    x = _scalar(1.0)
    y = F.sigmoid(F.tanh(x))
    y.backward()
    show("sigmoid(tanh(x))", x, y, _grad(x))


@dataclass
class TrainingResult:
    model: nn.MLP
    epochs: int
    losses: list[float]
    """The mean training loss of each epoch."""
    train_accuracy: float
    test_accuracy: float
    seconds: float
    last_step_loss: Variable
    """The loss Variable of the last step, with its graph, for `to_dot`."""
    threshold: float = THRESHOLD
    data: dict[str, Array] = field(default_factory=dict)
    """x_train, t_train, x_test, t_test, for the plot."""

    @property
    def passed(self) -> bool:
        return self.test_accuracy >= self.threshold


def accuracy(model: nn.MLP, x: Array, t: Array) -> float:
    """The fraction of rows of `x` whose highest logit is the label in `t`."""
    with no_grad():
        logits = model(x).data
    return float((logits.argmax(axis=1) == t).mean())


def train(out: TextIO, *, epochs: int = EPOCHS, threshold: float = THRESHOLD) -> TrainingResult:
    """Train the spiral classifier, printing the loss and accuracy every few epochs."""
    x, t = spiral(POINTS_PER_CLASS, CLASSES, seed=SEED)
    x_test, t_test = spiral(POINTS_PER_CLASS, CLASSES, seed=SEED + 1)
    model = nn.MLP([2, HIDDEN, HIDDEN, CLASSES], seed=SEED)
    opt = optim.Adam(model.params(), lr=LEARNING_RATE)
    loader = DataLoader(ArrayDataset(x, t), batch_size=BATCH_SIZE, shuffle=True, seed=SEED)
    print(
        f"\nTraining a classifier on the spiral data set ({CLASSES} classes, {len(x)} training "
        f"and {len(x_test)} test points):\nMLP 2-{HIDDEN}-{HIDDEN}-{CLASSES} with ReLU, Adam "
        f"lr={LEARNING_RATE}, batches of {BATCH_SIZE}, {epochs} epochs; it passes when the "
        f"test accuracy reaches {threshold} (seed {SEED}):",
        file=out,
    )
    losses: list[float] = []
    start = time.perf_counter()
    loss = Variable(np.zeros(()))
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for xb, tb in loader:
            loss = F.softmax_cross_entropy(model(xb), tb)
            model.cleargrads()
            loss.backward()
            opt.step()
            total += float(loss.data) * len(tb)
        losses.append(total / len(x))
        if epoch == 1 or epoch % REPORT_EVERY == 0 or epoch == epochs:
            model.eval()
            print(
                f"  epoch {epoch:>4}  loss {losses[-1]:.4f}  "
                f"train accuracy {accuracy(model, x, t):.3f}",
                file=out,
                flush=True,
            )
    model.eval()
    seconds = time.perf_counter() - start
    loss.name = "loss"
    data = {"x_train": x, "t_train": t, "x_test": x_test, "t_test": t_test}
    return TrainingResult(
        model,
        epochs,
        losses,
        accuracy(model, x, t),
        accuracy(model, x_test, t_test),
        seconds,
        loss,
        threshold,
        data,
    )


def plot(result: TrainingResult, path: Path) -> None:
    """Write the loss per epoch and the decision regions over the data to `path`.

    matplotlib (the extra `autograd-core[plot]`) is imported here, only when asked for.
    """
    matplotlib = importlib.import_module("matplotlib")
    matplotlib.use("Agg")
    plt = importlib.import_module("matplotlib.pyplot")
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    left.plot(range(1, len(result.losses) + 1), result.losses)
    left.set(xlabel="epoch", ylabel="mean training loss", yscale="log", title="Loss")
    x, t = result.data["x_train"], result.data["t_train"]
    xs = np.linspace(-1.1, 1.1, 300)
    gx, gy = np.meshgrid(xs, xs)
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    with no_grad():
        regions = result.model(grid).data.argmax(axis=1).reshape(gx.shape)
    right.contourf(gx, gy, regions, levels=np.arange(CLASSES + 1) - 0.5, alpha=0.3, cmap="brg")
    right.scatter(x[:, 0], x[:, 1], c=t, s=12, cmap="brg", vmin=0, vmax=CLASSES - 1)
    right.set(
        aspect="equal",
        title=f"Decision regions (train {result.train_accuracy:.3f}, "
        f"test {result.test_accuracy:.3f})",
    )
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
