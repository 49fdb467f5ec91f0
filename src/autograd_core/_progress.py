"""Progress bars with tqdm when it is installed (`autograd-core[progress]`) and stderr is a
terminal; otherwise the iterable is returned as it is and nothing is drawn."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from typing import TypeVar

_T = TypeVar("_T")


def progress_bar(iterable: Iterable[_T], *, total: int, desc: str) -> Iterable[_T]:
    """`iterable` wrapped in a tqdm bar when one can be drawn, else `iterable` itself."""
    if not sys.stderr.isatty():
        return iterable
    try:
        tqdm = importlib.import_module("tqdm")
    except ImportError:
        return iterable
    bar: Iterable[_T] = tqdm.tqdm(iterable, total=total, desc=desc, leave=False)
    return bar
