"""`autograd-core demo`: printed values against closed forms, the classifier's accuracy
against a forward pass written with numpy."""

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
from autograd_core import cli, demo, nn
from autograd_core.data import spiral

SEED_LINE = re.compile(
    r"^\s+(?P<label>.+?)\s+x=(?P<x>\S+)\s+y=(?P<y>\S+)\s+dy/dx=(?P<d1>\S+)"
    r"(?:\s+d2y/dx2=(?P<d2>\S+))?$"
)


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


PROGRESS = re.compile(r"^\s+epoch\s+(\d+)\s+loss\s+(\S+)\s+train accuracy\s+(\S+)$")
SUMMARY = re.compile(
    r"^Passed: test accuracy (\S+) \(train (\S+)\) after (\d+) epochs in \S+ s, threshold (\S+)$"
)


def test_the_classifier_passes_the_stated_threshold_with_falling_loss(run: Run) -> None:
    assert f"test accuracy reaches {demo.THRESHOLD}" in run.stdout
    lines = run.stdout.splitlines()
    progress = [(int(m[1]), float(m[2]), float(m[3])) for s in lines if (m := PROGRESS.match(s))]
    assert [e for e, _, _ in progress] == [1, *range(20, demo.EPOCHS + 1, 20)]
    assert progress[0][1] > 0.5 and progress[-1][1] < progress[0][1] / 10
    (summary,) = [m for line in lines if (m := SUMMARY.match(line))]
    test_acc, train_acc = float(summary[1]), float(summary[2])
    assert int(summary[3]) == demo.EPOCHS and float(summary[4]) == demo.THRESHOLD
    assert test_acc >= demo.THRESHOLD and train_acc == progress[-1][2]


def numpy_mlp(params: list[np.ndarray], x: np.ndarray) -> np.ndarray:
    """The demo's MLP forward written with numpy: linear, relu, linear, relu, linear."""
    w1, b1, w2, b2, w3, b3 = params
    h = np.maximum(x @ w1 + b1, 0)
    h = np.maximum(h @ w2 + b2, 0)
    return np.asarray(h @ w3 + b3)


def test_reported_accuracies_match_an_independent_forward_pass(run: Run) -> None:
    result = demo.train(io.StringIO())
    params = [p.data for p in result.model.params()]
    x_test, t_test = spiral(demo.POINTS_PER_CLASS, demo.CLASSES, seed=demo.SEED + 1)
    x, t = spiral(demo.POINTS_PER_CLASS, demo.CLASSES, seed=demo.SEED)
    test_acc = float((numpy_mlp(params, x_test).argmax(1) == t_test).mean())
    train_acc = float((numpy_mlp(params, x).argmax(1) == t).mean())
    assert result.test_accuracy == test_acc and result.train_accuracy == train_acc
    # the run in the subprocess was the same (everything is seeded)
    assert f"Passed: test accuracy {test_acc:.3f} (train {train_acc:.3f})" in run.stdout
    # the initial network's loss, by numpy, bounds the first epoch's (it only falls after)
    fresh = [p.data for p in nn.MLP([2, demo.HIDDEN, demo.HIDDEN, 3], seed=demo.SEED).params()]
    logits = numpy_mlp(fresh, x)
    log_p = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    initial = float(-log_p[np.arange(len(t)), t].mean())
    assert initial == pytest.approx(np.log(3), rel=0.1)  # about chance at the start
    assert result.losses[0] < initial and len(result.losses) == demo.EPOCHS


def test_the_dot_file_holds_the_graph_of_one_training_step(run: Run) -> None:
    text = run.dot.read_text()
    assert text.startswith("digraph")
    for name in ("linear", "relu", "softmax_cross_entropy"):
        assert f'label="{F.registry.get(name).__name__}"' in text
    assert text.count('label="W: ') == 3 and text.count('label="b: ') == 3
    assert 'label="loss: ' in text
    assert f"Wrote the graph of one training step to {run.dot}" in run.stdout


def test_plot_writes_an_image_of_the_loss_and_the_regions(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    result = demo.train(io.StringIO(), epochs=2)
    target = tmp_path / "demo.png"
    demo.plot(result, target)
    header = target.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert width > height > 300


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--plot", "curve.txt"], "--plot FILE must end in .png, .svg, .pdf"),
        (["--plot", "no/such/dir/curve.png"], "does not exist"),
    ],
)
def test_bad_plot_arguments_exit_2_before_training(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", *args]) == 2
    captured = capsys.readouterr()
    assert expected in captured.err and captured.out == ""


def test_plot_without_matplotlib_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    assert cli.main(["demo", "--plot", str(tmp_path / "x.png")]) == 2
    captured = capsys.readouterr()
    assert "matplotlib is not installed" in captured.err
    assert "pip install 'autograd-core[plot]'" in captured.err and captured.out == ""


def test_the_demo_exits_1_when_the_classifier_misses_the_threshold(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(demo, "train", partial(demo.train, epochs=1, threshold=0.999))
    assert cli.main(["demo"]) == 1
    err = capsys.readouterr().err
    assert "did not converge" in err and "after 1 epochs" in err and "threshold 0.999" in err
    assert len(err.strip().splitlines()) == 1
