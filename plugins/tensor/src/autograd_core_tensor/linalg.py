"""Linear algebra: matmul, as numpy's `@` (1-D operands, batched N-D with broadcasting)."""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Shape, Variable
from autograd_core.extend import sum_to
from autograd_core_tensor.shape import reshape


def _as_matrix(x: Variable, vector_shape: Shape) -> Variable:
    """A 1-D `x` reshaped to `vector_shape` (a row or a column); any other `x` as it is."""
    return reshape(x, vector_shape) if x.ndim == 1 else x


def _swap_last(x: Variable) -> Variable:
    """`x` with its last two axes swapped: the transpose of each matrix in a batch (a view)."""
    return _SwapLast()(x)


class _SwapLast(Function):
    """The last two axes swapped, as a view rather than a copy: an operand inside a backward."""

    def forward(self, x: Array) -> Array:
        return np.swapaxes(x, -1, -2)

    def backward(self, gy: Variable) -> Variable:
        return _SwapLast()(gy)


class MatMul(Function):
    """`a @ b`: a 1-D `a` is a row vector, a 1-D `b` a column vector, and leading
    (batch) axes broadcast; each gradient is summed back to its input's shape.
    """

    def forward(self, a: Array, b: Array) -> Array:
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError(
                f"matmul: inputs need at least one axis, got shapes {a.shape} and {b.shape}"
            )
        inner_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
        if a.shape[-1] != inner_b:
            raise ValueError(
                f"matmul: shapes {a.shape} and {b.shape} do not match: inner dimensions "
                f"{a.shape[-1]} and {inner_b} differ"
            )
        try:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        except ValueError:
            raise ValueError(
                f"matmul: the batch axes of shapes {a.shape} and {b.shape} do not broadcast"
            ) from None
        y: Array = np.matmul(a, b)
        return y

    def backward(self, gy: Variable) -> tuple[Variable | None, Variable | None]:
        a, b = self.inputs
        need_a, need_b = self.needs_input_grad
        if a.ndim == 2 and b.ndim == 1:  # matrix times vector, the common case: no reshapes
            return (
                MatMul()(reshape(gy, (a.shape[0], 1)), reshape(b, (1, b.shape[0])))
                if need_a
                else None,  # the outer product gy b^T
                MatMul()(_swap_last(a), gy) if need_b else None,  # a^T gy
            )
        a2 = _as_matrix(a, (1, a.shape[0]))
        b2 = _as_matrix(b, (b.shape[0], 1))
        batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
        gy2 = reshape(gy, (*batch, a2.shape[-2], b2.shape[-1]))
        ga = sum_to(MatMul()(gy2, _swap_last(b2)), a2.shape) if need_a else None
        gb = sum_to(MatMul()(_swap_last(a2), gy2), b2.shape) if need_b else None
        return (
            reshape(ga, a.shape) if ga is not None else None,
            reshape(gb, b.shape) if gb is not None else None,
        )
