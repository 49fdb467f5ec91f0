"""autograd-core-nn: neural-network layers and losses for autograd-core, as a plugin.

Registers `linear`, `softmax`, `log_softmax`, `softmax_cross_entropy` and
`mean_squared_error`; every backward is built from Functions, so it differentiates again.
"""

from autograd_core import FunctionRegistry, hookimpl
from autograd_core_nn import functions
from autograd_core_nn.activations import LogSoftmax, Softmax, softmax_samples
from autograd_core_nn.functions import *  # noqa: F403  (the typed stubs: functions.__all__)
from autograd_core_nn.layers import Linear, linear_samples
from autograd_core_nn.losses import (
    MeanSquaredError,
    SoftmaxCrossEntropy,
    cross_entropy_samples,
    mse_samples,
)

__all__ = [
    "Linear",
    "LogSoftmax",
    "MeanSquaredError",
    "Softmax",
    "SoftmaxCrossEntropy",
    "register_functions",
]
__all__ += functions.__all__


@hookimpl
def register_functions(registry: FunctionRegistry) -> None:
    registry.register("linear", Linear, samples=linear_samples)
    registry.register("softmax", Softmax, samples=softmax_samples)
    registry.register("log_softmax", LogSoftmax, samples=softmax_samples)
    registry.register("softmax_cross_entropy", SoftmaxCrossEntropy, samples=cross_entropy_samples)
    registry.register("mean_squared_error", MeanSquaredError, samples=mse_samples)
