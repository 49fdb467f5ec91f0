"""PyTorch's equivalent of each standard function, for tests that compare with it.

`TORCH[name](torch, inputs, params)` computes what `F.<name>(*inputs, **params)` computes,
with torch tensors for the inputs (floating ones requiring grad, integer ones as they are).
A function missing from the table (a third party's, or one added later) is compared with
nothing but its own promises.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

TorchCall = Callable[[Any, tuple[Any, ...], dict[str, Any]], Any]


def _dims(x: Any, axis: int | tuple[int, ...] | None) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(x.dim()))
    return (axis,) if isinstance(axis, int) else tuple(axis)


def _reduce(op: str) -> TorchCall:
    def call(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
        (x,) = xs
        dims = _dims(x, p.get("axis"))
        keep = bool(p.get("keepdims", False))
        if not dims:  # a 0-d input: nothing to reduce
            return x.clone()
        return getattr(torch, op)(x, dim=dims, keepdim=keep)

    return call


def _unary(op: str) -> TorchCall:
    return lambda torch, xs, p: getattr(torch, op)(xs[0])


def _binary(op: str) -> TorchCall:
    return lambda torch, xs, p: getattr(torch, op)(xs[0], xs[1])


def _get_item(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    """numpy's indexing exactly: the positions it picks, gathered from the flat tensor."""
    (x,) = xs
    positions = np.arange(x.numel()).reshape(tuple(x.shape))[p["index"]].copy()
    return x.reshape(-1)[torch.as_tensor(np.asarray(positions, dtype=np.int64))]


def _linear(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    y = xs[0] @ xs[1]
    return y if len(xs) == 2 or xs[2] is None else y + xs[2]


def _transpose(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    (x,) = xs
    axes = p.get("axes")
    return x.permute(*(reversed(range(x.dim())) if axes is None else axes))


TORCH: dict[str, TorchCall] = {
    "add": _binary("add"),
    "sub": _binary("sub"),
    "mul": _binary("mul"),
    "div": _binary("div"),
    "neg": _unary("neg"),
    "pow": lambda torch, xs, p: torch.pow(xs[0], p["exponent"]),
    "sum_to": lambda torch, xs, p: xs[0].sum_to_size(tuple(p["shape"])),
    "broadcast_to": lambda torch, xs, p: torch.broadcast_to(xs[0], tuple(p["shape"])),
    "square": _unary("square"),
    "exp": _unary("exp"),
    "log": _unary("log"),
    "sqrt": _unary("sqrt"),
    "sin": _unary("sin"),
    "cos": _unary("cos"),
    "tanh": _unary("tanh"),
    "sigmoid": _unary("sigmoid"),
    "relu": _unary("relu"),
    "abs": _unary("abs"),
    "clip": lambda torch, xs, p: torch.clamp(xs[0], p["low"], p["high"]),
    "reshape": lambda torch, xs, p: torch.reshape(
        xs[0], (p["shape"],) if isinstance(p["shape"], int) else p["shape"]
    ),
    "transpose": _transpose,
    "sum": _reduce("sum"),
    "mean": _reduce("mean"),
    "max": _reduce("amax"),
    "min": _reduce("amin"),
    "matmul": _binary("matmul"),
    "get_item": _get_item,
    "concatenate": lambda torch, xs, p: torch.cat(xs, dim=p.get("axis", 0)),
    "linear": _linear,
    "softmax": lambda torch, xs, p: torch.softmax(xs[0], dim=p.get("axis", -1)),
    "log_softmax": lambda torch, xs, p: torch.log_softmax(xs[0], dim=p.get("axis", -1)),
    "softmax_cross_entropy": lambda torch, xs, p: torch.nn.functional.cross_entropy(
        xs[0], xs[1].long()
    ),
    "mean_squared_error": lambda torch, xs, p: torch.nn.functional.mse_loss(xs[0], xs[1]),
}
