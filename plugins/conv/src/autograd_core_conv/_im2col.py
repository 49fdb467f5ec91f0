"""im2col and col2im: the windows of an NCHW image as rows of a matrix, and back.

`Im2col` and `Col2im` are linear and each is the other's backward (they are adjoint), so
everything built from them differentiates to any order. A row of the matrix is one window
position (n, oh, ow); a column is one (channel, kernel row, kernel column), which is the
order of a conv2d weight `W (out, in, kh, kw)` flattened to `(out, in * kh * kw)`.
"""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Shape, Variable

Pair = tuple[int, int]


def pair(fn: str, name: str, value: object, *, minimum: int) -> Pair:
    """`value` (an int or a pair of ints, each at least `minimum`) as a pair."""
    items = value if isinstance(value, tuple | list) else (value, value)
    if len(items) != 2 or not all(
        isinstance(v, int | np.integer) and not isinstance(v, bool) for v in items
    ):
        raise TypeError(f"{fn}: {name} must be an int or a pair of ints, got {value!r}")
    a, b = int(items[0]), int(items[1])
    if a < minimum or b < minimum:
        what = "positive" if minimum == 1 else "non-negative"
        raise ValueError(f"{fn}: {name} must be {what}, got {value!r}")
    return a, b


def output_size(fn: str, shape: Shape, kernel: Pair, stride: Pair, pad: Pair) -> Pair:
    """(OH, OW) of sliding `kernel` over the padded image; an error if it does not fit."""
    hp, wp = shape[2] + 2 * pad[0], shape[3] + 2 * pad[1]
    if kernel[0] > hp or kernel[1] > wp:
        raise ValueError(
            f"{fn}: the kernel {kernel} is larger than the padded input ({hp}, {wp}) "
            f"(input of shape {shape}, pad {pad})"
        )
    return (hp - kernel[0]) // stride[0] + 1, (wp - kernel[1]) // stride[1] + 1


def im2col(x: Array, kernel: Pair, stride: Pair, pad: Pair, fill: float = 0.0) -> Array:
    """The windows of x padded with `fill` as a matrix (N * OH * OW, C * KH * KW).

    Built in channels-last order, one slab copy per kernel position (the fastest layout
    for numpy here: the rows come out contiguous).
    """
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, pad
    oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=fill)
    xp = np.ascontiguousarray(xp.transpose(0, 2, 3, 1))  # (N, H + 2 ph, W + 2 pw, C)
    col = np.empty((n, oh, ow, c, kh, kw), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            col[..., i, j] = xp[:, i : i + sh * oh : sh, j : j + sw * ow : sw, :]
    return col.reshape(n * oh * ow, c * kh * kw)


def col2im(col: Array, shape: Shape, kernel: Pair, stride: Pair, pad: Pair) -> Array:
    """The adjoint of `im2col`: each window's entries added back where they came from."""
    n, c, h, w = shape
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, pad
    oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
    cols = col.reshape(n, oh, ow, c, kh, kw)
    img = np.zeros((n, h + 2 * ph, w + 2 * pw, c), dtype=col.dtype)  # channels last
    for i in range(kh):
        for j in range(kw):
            img[:, i : i + sh * oh : sh, j : j + sw * ow : sw, :] += cols[..., i, j]
    out: Array = np.ascontiguousarray(img[:, ph : ph + h, pw : pw + w].transpose(0, 3, 1, 2))
    return out


class Im2col(Function):
    """x (N, C, H, W) to its zero-padded windows as a matrix (N * OH * OW, C * KH * KW)."""

    def __init__(self, kernel: Pair, stride: Pair, pad: Pair) -> None:
        super().__init__()
        self.kernel, self.stride, self.pad = kernel, stride, pad

    def forward(self, x: Array) -> Array:
        return im2col(x, self.kernel, self.stride, self.pad)

    def backward(self, gcol: Variable) -> Variable:
        (x,) = self.inputs
        return Col2im(x.shape, self.kernel, self.stride, self.pad)(gcol)


class Col2im(Function):
    """A window matrix back to an image of `shape`, overlapping entries added up."""

    def __init__(self, shape: Shape, kernel: Pair, stride: Pair, pad: Pair) -> None:
        super().__init__()
        self.shape, self.kernel, self.stride, self.pad = shape, kernel, stride, pad

    def forward(self, col: Array) -> Array:
        return col2im(col, self.shape, self.kernel, self.stride, self.pad)

    def backward(self, gx: Variable) -> Variable:
        return Im2col(self.kernel, self.stride, self.pad)(gx)
