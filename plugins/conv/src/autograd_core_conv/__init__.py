"""autograd-core-conv: 2-d convolution and pooling for autograd-core, as a plugin.

Registers `conv2d` (via im2col and one matmul, as DeZero does), `max_pool2d` and
`avg_pool2d`, on NCHW images. Written as any third party would: it imports only
`autograd_core`, `autograd_core.extend` and the package exports of autograd-core-tensor,
which it declares as a dependency. Every backward is built from Functions (`Im2col` and
`Col2im` are each other's backward), so derivatives of any order work.
"""

from __future__ import annotations

from autograd_core import FunctionRegistry, hookimpl
from autograd_core_conv._conv import Conv2d, conv2d_samples
from autograd_core_conv._im2col import Col2im, Im2col
from autograd_core_conv._pool import AvgPool2d, MaxPool2d, pool_samples
from autograd_core_conv.functions import avg_pool2d, conv2d, max_pool2d

__all__ = [
    "AvgPool2d",
    "Col2im",
    "Conv2d",
    "Im2col",
    "MaxPool2d",
    "avg_pool2d",
    "conv2d",
    "max_pool2d",
    "register_functions",
]


@hookimpl
def register_functions(registry: FunctionRegistry) -> None:
    registry.register("conv2d", Conv2d, samples=conv2d_samples)
    registry.register("max_pool2d", MaxPool2d, samples=pool_samples)
    registry.register("avg_pool2d", AvgPool2d, samples=pool_samples)
