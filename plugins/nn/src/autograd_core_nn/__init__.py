"""autograd-core-nn: neural-network layers and losses for autograd-core, as a plugin.

Registers `linear`, `softmax`, `log_softmax`, `softmax_cross_entropy` and
`mean_squared_error`; `sigmoid_cross_entropy` and `huber_loss` (elementwise_losses.py),
`dropout` (regularization.py), `batch_norm` and `layer_norm` (normalization.py) and
`embedding` (embedding.py). Every backward is built from Functions, so it differentiates
again.
"""

from autograd_core import FunctionRegistry, hookimpl
from autograd_core_nn import functions
from autograd_core_nn.activations import LogSoftmax, Softmax, softmax_samples
from autograd_core_nn.elementwise_losses import (
    HuberLoss,
    SigmoidCrossEntropy,
    huber_samples,
    sigmoid_cross_entropy_samples,
)
from autograd_core_nn.embedding import Embedding, embedding_samples
from autograd_core_nn.functions import *  # noqa: F403  (the typed stubs: functions.__all__)
from autograd_core_nn.layers import Linear, linear_samples
from autograd_core_nn.losses import (
    MeanSquaredError,
    SoftmaxCrossEntropy,
    cross_entropy_samples,
    mse_samples,
)
from autograd_core_nn.normalization import (
    BatchNorm,
    LayerNorm,
    batch_norm_samples,
    layer_norm_samples,
)
from autograd_core_nn.regularization import Dropout, dropout_samples

__all__ = [
    "BatchNorm",
    "Dropout",
    "Embedding",
    "HuberLoss",
    "LayerNorm",
    "Linear",
    "LogSoftmax",
    "MeanSquaredError",
    "SigmoidCrossEntropy",
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
    registry.register(
        "sigmoid_cross_entropy", SigmoidCrossEntropy, samples=sigmoid_cross_entropy_samples
    )
    registry.register("huber_loss", HuberLoss, samples=huber_samples)
    registry.register("dropout", Dropout, samples=dropout_samples)
    registry.register("batch_norm", BatchNorm, samples=batch_norm_samples)
    registry.register("layer_norm", LayerNorm, samples=layer_norm_samples)
    registry.register("embedding", Embedding, samples=embedding_samples)
