"""The array aliases every module uses, so numpy's typing shows up in one place."""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

Array: TypeAlias = npt.NDArray[Any]
"""Any numpy ndarray; the core checks the dtype at run time (see `variable.check_array`)."""

Scalar: TypeAlias = int | float | np.integer[Any] | np.floating[Any]
"""A constant that the operators accept beside Variables and ndarrays."""

Shape: TypeAlias = tuple[int, ...]
