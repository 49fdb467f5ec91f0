"""2-d convolution (cross-correlation, as in PyTorch and DeZero) via im2col and matmul."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core import Array, Function, Sample, Scalar, Variable
from autograd_core.extend import sum_to
from autograd_core_conv._im2col import Col2im, Im2col, im2col, output_size, pair
from autograd_core_tensor import MatMul, Reshape, Transpose


def needs_input_grad(fn: Function[Any]) -> tuple[bool, ...]:
    """`fn.needs_input_grad` as the engine sets it before a backward; every input when unset."""
    needs: tuple[bool, ...] | None = getattr(fn, "needs_input_grad", None)
    return tuple(needs) if needs is not None else (True,) * len(fn.inputs)


def check_conv(x: Array, w: Array, b: Array | None) -> None:
    """Raise unless x is (N, C, H, W), W (OC, C, KH, KW) and b (OC,)."""
    if x.ndim != 4:
        raise ValueError(f"conv2d: x must have shape (N, C, H, W), got {x.shape}")
    if w.ndim != 4:
        raise ValueError(f"conv2d: W must have shape (out, in, kh, kw), got {w.shape}")
    if x.shape[1] != w.shape[1]:
        raise ValueError(
            f"conv2d: x has {x.shape[1]} channels (shape {x.shape}) but W expects "
            f"{w.shape[1]} (shape {w.shape})"
        )
    if w.shape[2] == 0 or w.shape[3] == 0:  # as PyTorch (and as the pools' kernel_size)
        raise ValueError(f"conv2d: W's kernel must be at least 1 x 1, got W of shape {w.shape}")
    if b is not None and b.shape != (w.shape[0],):
        raise ValueError(f"conv2d: b must have shape ({w.shape[0]},), got {b.shape}")


class Conv2d(Function):
    """`y[n, o] = sum over c, i, j of W[o, c, i, j] * xpad[n, c, s*oh + i, s*ow + j] + b[o]`:
    PyTorch's `conv2d` (a cross-correlation) on NCHW images, W of shape (out, in, kh, kw).

    `stride` and `pad` (zeros on each side) are an int or a pair (rows, columns). The
    forward is im2col then one matmul, as in DeZero; the backward is written with
    `Im2col`, `Col2im`, matmul and reshapes, so it differentiates again. Called with
    (x, W) or (x, W, None) there is no bias.
    """

    def __init__(self, stride: int | tuple[int, int] = 1, pad: int | tuple[int, int] = 0) -> None:
        super().__init__()
        self.stride = pair("conv2d", "stride", stride, minimum=1)
        self.pad = pair("conv2d", "pad", pad, minimum=0)

    def __call__(self, *inputs: Variable | Array | Scalar | None) -> Variable:
        if len(inputs) == 3 and inputs[2] is None:  # conv2d(x, W, None): no bias
            inputs = inputs[:2]
        given = [v for v in inputs if v is not None]
        if len(given) != len(inputs) or len(given) not in (2, 3):
            kinds = ", ".join(type(v).__name__ for v in inputs)
            raise TypeError(f"conv2d takes x, W and an optional b (or None), got ({kinds})")
        return super().__call__(*given)

    def forward(self, x: Array, w: Array, b: Array | None = None) -> Array:
        check_conv(x, w, b)
        kernel = (w.shape[2], w.shape[3])
        oh, ow = output_size("conv2d", x.shape, kernel, self.stride, self.pad)
        col = im2col(x, kernel, self.stride, self.pad)
        y = col @ w.reshape(w.shape[0], -1).T  # (N * OH * OW, OC)
        if b is not None:
            y = y + b
        out: Array = np.ascontiguousarray(
            y.reshape(x.shape[0], oh, ow, w.shape[0]).transpose(0, 3, 1, 2)
        )
        return out

    def backward(self, gy: Variable) -> tuple[Variable | None, ...]:
        x, w = self.inputs[:2]
        needs = needs_input_grad(self)
        out_c, kernel = w.shape[0], (w.shape[2], w.shape[3])
        rows = gy.shape[0] * gy.shape[2] * gy.shape[3]
        # gy (N, OC, OH, OW) as the matrix (N * OH * OW, OC) that the forward's matmul made
        g = Reshape(shape=(rows, out_c))(Transpose(axes=(0, 2, 3, 1))(gy))
        gx = gw = None
        if needs[0]:
            gcol = MatMul()(g, Reshape(shape=(out_c, w.shape[1] * kernel[0] * kernel[1]))(w))
            gx = Col2im(x.shape, kernel, self.stride, self.pad)(gcol)
        if needs[1]:
            col = Im2col(kernel, self.stride, self.pad)(x)
            gw = Reshape(shape=w.shape)(MatMul()(Transpose()(g), col))
        if len(self.inputs) == 2:
            return gx, gw
        gb = Reshape(shape=(out_c,))(sum_to(gy, (1, out_c, 1, 1))) if needs[2] else None
        return gx, gw, gb


def conv2d_samples(rng: np.random.Generator) -> list[Sample]:
    """With and without bias; unit and uneven strides and paddings; a non-square kernel."""

    def normal(*shape: int) -> Array:
        return rng.standard_normal(shape)

    return [
        ((normal(2, 2, 4, 4), normal(3, 2, 3, 3), normal(3)), {"stride": 1, "pad": 1}),
        ((normal(1, 2, 5, 4), normal(2, 2, 2, 3)), {"stride": (2, 1), "pad": (0, 1)}),
        ((normal(1, 1, 5, 5), normal(2, 1, 3, 3), normal(2)), {"stride": 2, "pad": 0}),
    ]
