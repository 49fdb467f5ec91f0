"""Mistakes with the training kit that `mypy --strict` must report, one per line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PRELUDE = """\
import numpy as np
from autograd_core import Variable, nn, optim
from autograd_core.data import ArrayDataset, DataLoader

class Net(nn.Module):
    def forward(self, x: Variable) -> Variable:
        return x

net = Net()
"""

MISTAKES = {
    "net(np.ones(2), 1)": "Too many arguments",
    'net("a")': "incompatible type",
    "nn.Module()(np.ones(2))": "Invalid self argument",
    "y: str = nn.Linear(2, 2)(np.ones(2))": "Incompatible types in assignment",
    "nn.Linear(2, 2, sed=0)": 'Unexpected keyword argument "sed"',
    "optim.SGD(net.params())": 'Missing positional argument "lr"',
    "optim.Adam([Variable(np.ones(2))])": "List item 0 has incompatible type",
    'DataLoader(ArrayDataset(np.ones(2)), batch_size="2")': "incompatible type",
    "nn.MLP([2, 3], activation=np.tanh)": "incompatible type",
}


def test_each_mistake_is_a_mypy_error(tmp_path: Path) -> None:
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists():
        pytest.skip("mypy is not installed next to this Python")
    lines = list(MISTAKES)
    source = tmp_path / "mistakes.py"
    source.write_text(PRELUDE + "\n".join(lines) + "\n", encoding="utf-8")
    first = PRELUDE.count("\n") + 1
    done = subprocess.run(
        [str(mypy), "--config-file", str(ROOT / "mypy.ini"), str(source)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    errors: dict[int, str] = {}
    for out in done.stdout.splitlines():
        parts = out.split(":", 3)
        if len(parts) == 4 and parts[2].strip() == "error":
            errors.setdefault(int(parts[1]), "")
            errors[int(parts[1])] += parts[3]
    assert set(errors) == set(range(first, first + len(lines))), done.stdout
    for k, line in enumerate(lines):
        assert MISTAKES[line] in errors[first + k], (line, errors[first + k])
