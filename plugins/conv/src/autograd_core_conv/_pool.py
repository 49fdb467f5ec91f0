"""2-d max and average pooling over NCHW images, as PyTorch's defaults.

Both take `kernel_size`, `stride` (None: the kernel size) and `pad` as an int or a pair;
the padding is at most half the kernel (as PyTorch requires), so every window holds at
least one element of the image. Their backwards scatter with `Col2im`, so they differentiate
again (both are piecewise linear: second derivatives are zero).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from autograd_core import Array, Function, Sample, Variable
from autograd_core.extend import broadcast_to, constant_mask
from autograd_core_conv._im2col import Col2im, Pair, im2col, output_size, pair
from autograd_core_tensor import Reshape, Transpose


class _Pool2d(Function):
    fn: ClassVar[str]

    def __init__(
        self,
        kernel_size: int | tuple[int, int],
        stride: int | tuple[int, int] | None = None,
        pad: int | tuple[int, int] = 0,
    ) -> None:
        super().__init__()
        self.kernel = pair(self.fn, "kernel_size", kernel_size, minimum=1)
        self.stride = self.kernel if stride is None else pair(self.fn, "stride", stride, minimum=1)
        self.pad = pair(self.fn, "pad", pad, minimum=0)
        if any(p > k // 2 for p, k in zip(self.pad, self.kernel, strict=True)):
            raise ValueError(
                f"{self.fn}: pad must be at most half of kernel_size, got pad {pad!r} "
                f"and kernel_size {kernel_size!r}"
            )
        self.arg: Array = np.zeros((0, 0), dtype=np.intp)
        """Max pooling's choice in each window (N * OH * OW, C), for its backward."""

    def windows(self, x: Array, fill: float) -> tuple[Array, Pair]:
        """x's windows as (N * OH * OW, C, KH * KW), and (OH, OW)."""
        if x.ndim != 4:
            raise ValueError(f"{self.fn}: x must have shape (N, C, H, W), got {x.shape}")
        oh, ow = output_size(self.fn, x.shape, self.kernel, self.stride, self.pad)
        col = im2col(x, self.kernel, self.stride, self.pad, fill)
        k = self.kernel[0] * self.kernel[1]
        return col.reshape(col.shape[0], x.shape[1], k), (oh, ow)

    def image(self, y: Array, x: Array, size: Pair) -> Array:
        """The per-window results (N * OH * OW, C) as an image (N, C, OH, OW)."""
        out: Array = np.ascontiguousarray(
            y.reshape(x.shape[0], *size, x.shape[1]).transpose(0, 3, 1, 2)
        )
        return out

    def scatter(self, g: Variable) -> Variable:
        """Gradients per window element (N * OH * OW, C, KH * KW) back onto the input."""
        (x,) = self.inputs
        return Col2im(x.shape, self.kernel, self.stride, self.pad)(
            Reshape(shape=(g.shape[0], g.shape[1] * g.shape[2]))(g)
        )

    def per_window(self, gy: Variable) -> Variable:
        """gy (N, C, OH, OW) as (N * OH * OW, C, 1), the windows' order in `windows`."""
        n, c, oh, ow = gy.shape
        return Reshape(shape=(n * oh * ow, c, 1))(Transpose(axes=(0, 2, 3, 1))(gy))


class MaxPool2d(_Pool2d):
    """The maximum of each window, padding with -inf (PyTorch's `max_pool2d`).

    The gradient goes to the maximum's position; on ties, to the first in the window in
    row-major order (as PyTorch). A NaN counts as the maximum.
    """

    fn = "max_pool2d"

    def forward(self, x: Array) -> Array:
        fill = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
        col, size = self.windows(x, float(fill))
        arg = col.argmax(axis=2)
        y = np.take_along_axis(col, arg[..., None], axis=2)[..., 0]
        dead = y == fill  # all of the window is -inf: PyTorch picks its first real element
        if (self.pad[0] or self.pad[1]) and dead.any():
            real = im2col(np.ones((1, 1, *x.shape[2:])), self.kernel, self.stride, self.pad)
            first = np.tile(real.argmax(axis=1), x.shape[0])
            arg = np.where(dead, first[:, None], arg)
        self.arg = arg
        return self.image(y, x, size)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        onehot = np.zeros((*self.arg.shape, self.kernel[0] * self.kernel[1]), dtype=bool)
        np.put_along_axis(onehot, self.arg[..., None], True, axis=2)
        return self.scatter(self.per_window(gy) * constant_mask(onehot, x))


class AvgPool2d(_Pool2d):
    """The mean of each window, padded zeros counted (PyTorch's `avg_pool2d` defaults)."""

    fn = "avg_pool2d"

    def forward(self, x: Array) -> Array:
        col, size = self.windows(x, 0.0)
        return self.image(col.mean(axis=2), x, size)

    def backward(self, gy: Variable) -> Variable:
        k = self.kernel[0] * self.kernel[1]
        g = self.per_window(gy)
        return self.scatter(broadcast_to(g, (g.shape[0], g.shape[1], k)) * (1.0 / k))


def pool_samples(rng: np.random.Generator) -> list[Sample]:
    """Non-overlapping and overlapping windows, padding, a non-square kernel and stride."""
    return [
        ((rng.standard_normal((2, 2, 4, 4)),), {"kernel_size": 2}),
        ((rng.standard_normal((1, 2, 5, 5)),), {"kernel_size": 3, "stride": 2, "pad": 1}),
        ((rng.standard_normal((1, 1, 4, 5)),), {"kernel_size": (2, 3), "stride": (1, 2)}),
    ]
