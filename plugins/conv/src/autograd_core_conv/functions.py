"""Typed calling forms of the conv plugin's functions: `from autograd_core_conv import conv2d`.

Each stub's parameters are the function's inputs (positional-only; the bias is optional)
then its parameters, bound to the registered class by `typed`; `autograd_core.functions`
reaches the same classes by name. The bodies never run.
"""

from __future__ import annotations

from autograd_core.extend import Input, Variable, typed
from autograd_core_conv._conv import Conv2d
from autograd_core_conv._pool import AvgPool2d, MaxPool2d

__all__ = ["avg_pool2d", "conv2d", "max_pool2d"]


@typed(Conv2d)
def conv2d(
    x: Input,
    W: Input,  # noqa: N803 (the contract's name)
    /,
    b: Input | None = None,
    stride: int | tuple[int, int] = 1,
    pad: int | tuple[int, int] = 0,
) -> Variable:
    """2-d convolution (cross-correlation, as PyTorch's `conv2d`) of x (N, C, H, W) with
    W (out, C, kh, kw), plus the bias b (out,) if given; `stride` and `pad` (zeros) are
    an int or a pair (rows, columns). Output (N, out, OH, OW), OH = (H + 2 pad - kh) //
    stride + 1.
    """
    raise NotImplementedError  # the body never runs: typed() calls the class


@typed(MaxPool2d)
def max_pool2d(
    x: Input,
    /,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    pad: int | tuple[int, int] = 0,
) -> Variable:
    """The maximum of each window of x (N, C, H, W), padded with -inf; stride None means
    kernel_size, pad at most half the kernel. On ties the gradient goes to the first
    maximum in the window (row-major), as PyTorch.
    """
    raise NotImplementedError  # the body never runs: typed() calls the class


@typed(AvgPool2d)
def avg_pool2d(
    x: Input,
    /,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    pad: int | tuple[int, int] = 0,
) -> Variable:
    """The mean of each window of x (N, C, H, W), padded zeros counted (PyTorch's default);
    stride None means kernel_size, pad at most half the kernel.
    """
    raise NotImplementedError  # the body never runs: typed() calls the class
