"""The README's Training example runs as written and passes `mypy --strict`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def training_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Training\n", 1)[1].split("\n## ", 1)[0]
    blocks: list[str] = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "the Training section has one Python example"
    return blocks[0]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("readme") / "training_example.py"
    path.write_text(training_example(), encoding="utf-8")
    return path


def test_the_training_example_runs_and_learns(example: Path) -> None:
    done = subprocess.run(
        [sys.executable, example.name], cwd=example.parent, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (accuracy,) = re.findall(r"^train accuracy (\S+)$", done.stdout, flags=re.M)
    assert float(accuracy) >= 0.95
    assert (example.parent / "classifier.npz").exists()


def test_the_training_example_passes_mypy_strict(example: Path) -> None:
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists():
        pytest.skip("mypy is not installed next to this Python")
    done = subprocess.run(
        [str(mypy), "--config-file", str(ROOT / "mypy.ini"), str(example)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
