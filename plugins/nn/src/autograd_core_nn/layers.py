"""The fully connected layer as one function: `linear(x, W, b=None) = x @ W + b`."""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Sample, Scalar, Shape, Variable
from autograd_core.extend import sum_to
from autograd_core_tensor import Reshape


def _reshape(x: Variable, shape: Shape) -> Variable:
    return x if x.shape == shape else Reshape(shape=shape)(x)


def check_linear(x: Array, w: Array, b: Array | None) -> None:
    """Raise ValueError unless `x @ W + b` is a linear layer: W (in, out), x (..., in), b (out,)."""
    if w.ndim != 2:
        raise ValueError(f"linear: W must have shape (in, out), got {w.shape}")
    if x.ndim == 0 or x.shape[-1] != w.shape[0]:
        raise ValueError(
            f"linear: x of shape {x.shape} does not match W of shape {w.shape} "
            f"(x must end in in={w.shape[0]})"
        )
    if b is not None and b.shape != (w.shape[1],):
        raise ValueError(f"linear: b must have shape ({w.shape[1]},), got {b.shape}")


class Linear(Function):
    """`x @ W + b` with W of shape (in, out) as in DeZero; called with (x, W) there is no bias.

    x may be (in,), (N, in) or have more leading axes. The backward is
    `gx = gy @ W.T`, `gW = x.T @ gy`, `gb = sum of gy over the leading axes`,
    written with Linear itself so that it differentiates again.
    """

    def __call__(self, *inputs: Variable | Array | Scalar | None) -> Variable:
        if len(inputs) == 3 and inputs[2] is None:  # linear(x, W, None): no bias
            inputs = inputs[:2]
        given = [v for v in inputs if v is not None]
        if len(given) != len(inputs) or len(given) not in (2, 3):
            kinds = ", ".join(type(v).__name__ for v in inputs)
            raise TypeError(f"linear takes x, W and an optional b (or None), got ({kinds})")
        return super().__call__(*given)

    def forward(self, x: Array, w: Array, b: Array | None = None) -> Array:
        check_linear(x, w, b)
        y: Array = x @ w
        return y if b is None else y + b

    def backward(self, gy: Variable) -> tuple[Variable | None, ...]:
        x, w = self.inputs[:2]
        needs = self.needs_input_grad
        n_in, n_out = w.shape
        rows = int(np.prod(x.shape[:-1]))  # 1 for a single vector
        gy2 = _reshape(gy, (rows, n_out))
        gx = _reshape(Linear()(gy2, _Transposed()(w)), x.shape) if needs[0] else None
        gw = Linear()(_Transposed()(_reshape(x, (rows, n_in))), gy2) if needs[1] else None
        if len(self.inputs) == 2:
            return gx, gw
        return gx, gw, sum_to(gy, self.inputs[2].shape) if needs[2] else None


class _Transposed(Function):
    """A matrix's transpose as a view, not a copy: an operand inside Linear's backward."""

    def forward(self, x: Array) -> Array:
        return x.T

    def backward(self, gy: Variable) -> Variable:
        return _Transposed()(gy)


def linear_samples(rng: np.random.Generator) -> list[Sample]:
    """With and without bias, for a batch, a single vector and a batch of sequences."""
    return [
        ((rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)), {}),
        ((rng.standard_normal((4, 3)), rng.standard_normal((3, 2))), {}),
        ((rng.standard_normal(3), rng.standard_normal((3, 2)), rng.standard_normal(2)), {}),
        ((rng.standard_normal((2, 2, 3)), rng.standard_normal((3, 2))), {}),
    ]
