"""`autograd-core demo`: the seed examples, then a small network trained with plain functions.

Everything goes through `autograd_core.functions`, as user code would. The training data
is y = sin(2*pi*x) + noise from a seeded numpy Generator, so a run is reproducible.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TextIO

import numpy as np

import autograd_core.functions as F
from autograd_core.variable import Variable

THRESHOLD = 0.03
"""Training stops, successfully, once the mean squared error is below this (the noise
alone contributes about 0.01)."""

MAX_ITERATIONS = 10_000
HIDDEN = 10
LEARNING_RATE = 0.1
SEED = 0


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
    converged: bool
    iterations: int
    loss: float
    seconds: float
    last_step_loss: Variable
    """The loss Variable of the last step, with its graph, for `to_dot`."""


def make_data(rng: np.random.Generator, n: int = 100) -> tuple[Variable, Variable]:
    """n points of y = sin(2*pi*x) + N(0, 0.1^2) noise, x uniform in [0, 1)."""
    x = rng.random((n, 1))
    y = np.sin(2 * np.pi * x) + 0.1 * rng.standard_normal((n, 1))
    return Variable(x, name="x"), Variable(y, name="y")


def train(
    out: TextIO, *, threshold: float = THRESHOLD, max_iterations: int = MAX_ITERATIONS
) -> TrainingResult:
    """Fit linear -> tanh -> linear to the data by full-batch SGD until the loss < threshold."""
    rng = np.random.default_rng(SEED)
    x, y = make_data(rng)
    w1 = Variable(rng.standard_normal((1, HIDDEN)), name="W1")
    b1 = Variable(np.zeros(HIDDEN), name="b1")
    w2 = Variable(rng.standard_normal((HIDDEN, 1)) / math.sqrt(HIDDEN), name="W2")
    b2 = Variable(np.zeros(1), name="b2")
    params = [w1, b1, w2, b2]

    def predict(x: Variable) -> Variable:
        return F.linear(F.tanh(F.linear(x, w1, b1)), w2, b2)

    print(
        f"\nTraining a 1-{HIDDEN}-1 tanh network on y = sin(2*pi*x) + noise "
        f"({len(x)} points, seed {SEED}, learning rate {LEARNING_RATE}) until the mean "
        f"squared error is below {threshold} (at most {max_iterations} iterations):",
        file=out,
    )

    def report(i: int, value: float) -> None:
        print(f"  iteration {i:>5}  loss {value:.6f}", file=out, flush=True)

    start = time.perf_counter()
    for i in range(max_iterations + 1):
        loss = F.mean_squared_error(predict(x), y)
        loss.name = "loss"
        value = float(loss.data)
        if not math.isfinite(value) or value < threshold or i == max_iterations:
            break
        if i % 200 == 0:
            report(i, value)
        for p in params:
            p.cleargrad()
        loss.backward()
        for p in params:
            assert p.grad is not None, f"{p.name} got no gradient"
            p.data = p.data - LEARNING_RATE * p.grad.data
    report(i, value)
    seconds = time.perf_counter() - start
    return TrainingResult(value < threshold, i, value, seconds, loss)
