"""`autograd-core demo`: printed values against closed forms, training against hand backprop."""

from __future__ import annotations

import io
import math
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import cli, demo

SEED_LINE = re.compile(
    r"^\s+(?P<label>.+?)\s+x=(?P<x>\S+)\s+y=(?P<y>\S+)\s+dy/dx=(?P<d1>\S+)"
    r"(?:\s+d2y/dx2=(?P<d2>\S+))?$"
)
PROGRESS = re.compile(r"^\s+iteration\s+(\d+)\s+loss\s+(\S+)$")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    dot: Path


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One run of `python -m autograd_core demo --dot FILE`, shared by the tests below."""
    dot = tmp_path_factory.mktemp("demo") / "step.dot"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRAD_CORE_")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "autograd_core", "demo", "--dot", str(dot)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr, time.perf_counter() - start, dot)


def seed_values(stdout: str) -> dict[str, dict[str, float]]:
    found = {}
    for line in stdout.splitlines():
        if m := SEED_LINE.match(line):
            values = {k: v for k, v in m.groupdict().items() if k != "label" and v}
            found[m["label"]] = {k: float(v) for k, v in values.items()}
    return found


def test_the_demo_exits_0_quickly_without_errors(run: Run) -> None:
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.seconds < 60  # the brief: well under a minute (it takes about a second)


def test_the_seed_examples_match_closed_forms(run: Run) -> None:
    v = seed_values(run.stdout)
    assert len(v) == 5, run.stdout

    s = v["square(exp(square(x)))"]  # y = exp(x^2)^2 = exp(2x^2), y' = 4x exp(2x^2)
    assert s["x"] == 0.5
    assert s["y"] == pytest.approx(math.exp(0.5), rel=1e-15)
    assert s["d1"] == pytest.approx(2 * math.exp(0.5), rel=1e-15)
    assert s["d1"] == pytest.approx(3.297442541400256, rel=1e-15)  # the value in the issue

    assert v["x + x"] == {"x": 3.0, "y": 6.0, "d1": 2.0}
    assert v["(x + x) + x"] == {"x": 3.0, "y": 9.0, "d1": 3.0}

    p = v["x**4 - 2*x**2"]  # at x = 2: y' = 4x^3 - 4x = 24, y'' = 12x^2 - 4 = 44
    assert p == {"x": 2.0, "y": 8.0, "d1": 24.0, "d2": 44.0}

    t = v["sigmoid(tanh(x))"]  # y' = s(1 - s)(1 - tanh(1)^2), s = sigmoid(tanh(1))
    sig = 1 / (1 + math.exp(-math.tanh(1.0)))
    assert t["y"] == pytest.approx(sig, rel=1e-14)
    assert t["d1"] == pytest.approx(sig * (1 - sig) * (1 - math.tanh(1.0) ** 2), rel=1e-14)
    assert t["d1"] == pytest.approx(0.09112821805819912, rel=1e-14)


def test_the_loss_falls_below_the_stated_threshold(run: Run) -> None:
    threshold = float(re.findall(r"below (\S+?) \(", run.stdout)[0])
    assert threshold == demo.THRESHOLD
    lines = run.stdout.splitlines()
    progress = [(int(m[1]), float(m[2])) for line in lines if (m := PROGRESS.match(line))]
    assert len(progress) >= 3
    assert progress[0][0] == 0 and progress[0][1] > 5 * threshold
    assert progress[-1][1] < threshold <= progress[-2][1]
    assert f"Converged: loss {progress[-1][1]:.6f} < {threshold}" in run.stdout
    # the first printed loss is the mean squared error of the initial network
    assert progress[0][1] == pytest.approx(reference_losses(0)[0], abs=1e-6)


def test_the_dot_file_holds_the_graph_of_one_training_step(run: Run) -> None:
    text = run.dot.read_text()
    assert text.startswith("digraph")
    for name in ("linear", "tanh", "mean_squared_error"):
        assert f'label="{F.registry.get(name).__name__}"' in text
    for variable in ("x", "y", "W1", "b1", "W2", "b2", "loss"):
        assert f'label="{variable}: ' in text  # verbose labels: name, shape, dtype
    assert f"Wrote the graph of one training step to {run.dot}" in run.stdout


def reference_losses(steps: int) -> list[float]:
    """The demo's network trained by numpy with backprop derived by hand: loss per step."""
    rng = np.random.default_rng(demo.SEED)
    x = rng.random((100, 1))
    y = np.sin(2 * np.pi * x) + 0.1 * rng.standard_normal((100, 1))
    w1 = rng.standard_normal((1, demo.HIDDEN))
    b1 = np.zeros(demo.HIDDEN)
    w2 = rng.standard_normal((demo.HIDDEN, 1)) / math.sqrt(demo.HIDDEN)
    b2 = np.zeros(1)
    losses = []
    for _ in range(steps + 1):
        h = np.tanh(x @ w1 + b1)
        err = h @ w2 + b2 - y
        losses.append(float(np.mean(err**2)))
        g = 2 * err / err.size  # d loss / d prediction
        gh = (g @ w2.T) * (1 - h**2)
        lr = demo.LEARNING_RATE
        w2, b2 = w2 - lr * h.T @ g, b2 - lr * g.sum(axis=0)
        w1, b1 = w1 - lr * x.T @ gh, b1 - lr * gh.sum(axis=0)
    return losses


def test_training_steps_match_hand_written_backprop() -> None:
    result = demo.train(io.StringIO(), threshold=0.0, max_iterations=3)
    assert not result.converged and result.iterations == 3
    assert result.loss == pytest.approx(reference_losses(3)[3], rel=1e-12)


def test_the_demo_exits_1_when_it_does_not_converge(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(demo, "train", partial(demo.train, max_iterations=2))
    assert cli.main(["demo"]) == 1
    err = capsys.readouterr().err
    assert "did not converge" in err and "after 2 iterations" in err
    assert len(err.strip().splitlines()) == 1
