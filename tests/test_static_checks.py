"""mypy --strict on what users write, and the README's Python blocks run.

One mypy run (through `mypy.api`, with the project's mypy.ini and cache) checks:
- `tests/typing/mistakes.py.txt`: the mistakes users make through the typed surface. Every
  line marked `# error` must be a mypy error, and no other line: checked line by line.
  (The file does not end in `.py`, so the project's own mypy and ruff runs skip it.)
- every ```python block of README.md, each as its own module: no error at all.
Each README block also runs, in a fresh namespace, from a temporary directory.
"""

from __future__ import annotations

import os
import re
import runpy
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MISTAKES = ROOT / "tests" / "typing" / "mistakes.py.txt"
ERROR_LINE = re.compile(r"^(?P<file>[^:\n]+\.py):(?P<line>\d+): error: ", re.M)


def readme_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def marked_lines(source: str) -> set[int]:
    """The lines of code (not comment lines) marked `# error: why`."""
    lines = enumerate(source.splitlines(), 1)
    return {n for n, line in lines if "  # error: " in line and not line.startswith("#")}


@dataclass(frozen=True)
class Report:
    errors: dict[str, set[int]]  # file name -> lines with an error
    output: str  # mypy's own report, shown when a test fails


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """One mypy run over the mistakes and the README blocks (written to a temporary dir)."""
    api = pytest.importorskip("mypy.api")
    where = tmp_path_factory.mktemp("static")
    (where / "mistakes.py").write_text(MISTAKES.read_text())
    for i, block in enumerate(readme_blocks()):
        (where / f"readme_block_{i}.py").write_text(block)
    files = sorted(str(p) for p in where.glob("*.py"))
    before = Path.cwd()
    os.chdir(ROOT)  # mypy.ini's mypy_path is relative to the project root
    try:
        stdout, stderr, _ = api.run(["--config-file", "mypy.ini", *files])
    finally:
        os.chdir(before)
    assert not stderr, stderr
    errors: dict[str, set[int]] = {}
    for match in ERROR_LINE.finditer(stdout):
        errors.setdefault(Path(match["file"]).name, set()).add(int(match["line"]))
    outside = set(errors) - {Path(f).name for f in files}
    assert not outside, f"mypy reports errors outside the checked files:\n{stdout}"
    return Report(errors, stdout)


def test_every_marked_mistake_is_a_mypy_error_and_nothing_else(checked: Report) -> None:
    marked = marked_lines(MISTAKES.read_text())
    assert len(marked) >= 20
    got = checked.errors.get("mistakes.py", set())
    assert got - marked == set(), f"unmarked lines with errors:\n{checked.output}"
    assert marked - got == set(), f"marked lines {sorted(marked - got)} pass mypy"


def test_the_readme_python_blocks_pass_mypy_strict(checked: Report) -> None:
    assert readme_blocks(), "README.md has no ```python block"
    bad = {n: lines for n, lines in checked.errors.items() if n.startswith("readme_block_")}
    assert not bad, f"mypy errors in README blocks:\n{checked.output}"


@pytest.mark.parametrize("index", range(len(readme_blocks())))
def test_the_readme_python_blocks_run(
    index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / f"readme_block_{index}.py"
    path.write_text(readme_blocks()[index])
    runpy.run_path(str(path), run_name="__readme__")
