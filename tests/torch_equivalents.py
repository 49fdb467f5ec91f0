"""PyTorch's equivalent of each standard function, for tests that compare with it.

`TORCH[name](torch, inputs, params)` computes what `F.<name>(*inputs, **params)` computes,
with torch tensors for the inputs (floating ones requiring grad, integer ones as they are).
A function missing from the table (a third party's, or one added later) is compared with
nothing but its own promises.

Each entry computes what ours computes, where our documented conventions differ from
PyTorch's defaults: `split` takes the number of equal parts (and, as ours, refuses a length
it does not divide), `pad` takes numpy's `pad_width`, `squeeze` refuses to squeeze an axis
whose length is not 1, `expand_dims`, `flip` and the reductions take numpy's axes, `var` and
`std` take numpy's `ddof`, `std` has gradient 0 where it is 0 (PyTorch's is nan there),
`softplus` has no `threshold` (it is `logaddexp(beta x, 0) / beta` everywhere), zero
channels give empty results where PyTorch fails (`batch_norm`, `conv2d` and the pools: see
each), and
`dropout` in training draws its mask exactly as ours documents, `rng.random(x.shape) >=
ratio`, from the Generator in the parameters (so it is no more than a check of the scaling
and of the gradient through a given mask); with no Generator its mask cannot be known and
the entry raises.
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


def _reduce_all(op: str) -> TorchCall:
    """A reduction over several axes that PyTorch takes one at a time (`prod`)."""

    def call(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
        (x,) = xs
        keep = bool(p.get("keepdims", False))
        dims = sorted((d % x.dim() for d in _dims(x, p.get("axis"))), reverse=True)
        y = x
        for d in dims:
            y = getattr(torch, op)(y, dim=d, keepdim=True)
        return y if keep else y.reshape([n for i, n in enumerate(y.shape) if i not in dims])

    return call


def _flat_0d(x: Any, p: dict[str, Any]) -> tuple[Any, tuple[int, ...], bool]:
    """The input, its reduced axes and keepdims, with a 0-d input seen as shape (1,)."""
    keep = bool(p.get("keepdims", False))
    if x.dim() == 0:  # numpy reduces a 0-d input to a 0-d result, PyTorch's dim=() to all
        return x.reshape(1), (0,), False
    return x, _dims(x, p.get("axis")), keep


def _var(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    x, dims, keep = _flat_0d(xs[0], p)
    y = torch.var(x, dim=dims, correction=p.get("ddof", 0), keepdim=keep)
    return y.reshape(()) if xs[0].dim() == 0 else y


def _std(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    """sqrt(var), with gradient 0 where the deviation is 0 (ours; PyTorch's std gives nan)."""
    v = _var(torch, xs, p)
    zero = v == 0
    return torch.where(zero, 0 * v, torch.sqrt(torch.where(zero, torch.ones_like(v), v)))


def _logsumexp(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    x, dims, keep = _flat_0d(xs[0], p)
    y = torch.logsumexp(x, dim=dims, keepdim=keep)
    return y.reshape(()) if xs[0].dim() == 0 else y


def _cumsum(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    axis = p["axis"]
    return torch.cumsum(xs[0].reshape(-1), 0) if axis is None else torch.cumsum(xs[0], axis)


def _split(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    """`sections` equal parts along `axis`; a length it does not divide is refused (ours)."""
    (x,) = xs
    sections, axis = p["sections"], p.get("axis", 0)
    if x.dim() == 0 or x.shape[axis] % sections:
        raise ValueError(f"split: {tuple(x.shape)} does not split into {sections} along {axis}")
    return tuple(torch.tensor_split(x, sections, dim=axis))


def _expand_dims(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    """numpy's expand_dims: every axis named is an axis of the result."""
    (x,) = xs
    axis = p["axis"]
    given = (axis,) if isinstance(axis, int) else tuple(axis)
    ndim = x.dim() + len(given)
    if not all(-ndim <= a < ndim for a in given) or len({a % ndim for a in given}) < len(given):
        raise ValueError(f"expand_dims: bad axis {axis!r} for shape {tuple(x.shape)}")
    for a in sorted(a % ndim for a in given):
        x = x.unsqueeze(a)
    return x


def _squeeze(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    """numpy's squeeze: a named axis must have length 1 (PyTorch would leave it)."""
    (x,) = xs
    axis = p.get("axis")
    if axis is None:
        return torch.squeeze(x)
    dims = _dims(x, axis)
    if any(x.shape[d] != 1 for d in dims):
        raise ValueError(f"squeeze: an axis of {dims} in shape {tuple(x.shape)} is not 1")
    return torch.squeeze(x, dim=dims)


def _flip(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    return torch.flip(xs[0], dims=_dims(xs[0], p.get("axis")))


def _pad(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    """numpy's pad_width (one (before, after) pair per axis, first axis first), made
    PyTorch's (pairs from the last axis back)."""
    (x,) = xs
    widths = np.broadcast_to(np.asarray(p["pad_width"]), (x.dim(), 2))
    flat = [int(w) for pair in widths[::-1] for w in pair]
    return torch.nn.functional.pad(x, flat, mode="constant", value=float(p.get("value", 0.0)))


def _dropout(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    (x,) = xs
    ratio = p.get("ratio", 0.5)
    if not p.get("training", True) or ratio == 0:
        return torch.nn.functional.dropout(x, ratio, training=False)
    rng = p.get("rng")
    if rng is None:
        raise ValueError("dropout: with no Generator the mask is unknown")
    keep = rng.random(tuple(x.shape)) >= ratio
    return x * torch.as_tensor(np.where(keep, 1.0 / (1.0 - ratio), 0.0), dtype=x.dtype)


def _batch_norm(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    """PyTorch's batch_norm in training mode. As ours, gamma and beta must have shape (C,)
    (PyTorch does not check them for C = 0); for C = 0, where PyTorch fails on an index
    error, one extra channel (gamma 1, beta 0) is normalised and dropped: the empty result."""
    x, gamma, beta = xs
    eps = p.get("eps", 1e-5)
    c = x.shape[1] if x.dim() >= 2 else None
    if c is None or tuple(gamma.shape) != (c,) or tuple(beta.shape) != (c,):
        raise ValueError(f"batch_norm: gamma {tuple(gamma.shape)} does not fit {tuple(x.shape)}")
    if c == 0:
        x, gamma, beta = _one_more_channel(torch, x), gamma.new_ones(1), beta.new_zeros(1)
    y = torch.nn.functional.batch_norm(x, None, None, gamma, beta, training=True, eps=eps)
    return y[:, :c]


def _one_more_channel(torch: Any, x: Any) -> Any:
    """x with a channel of zeros appended along axis 1 (which changes no other channel)."""
    return torch.cat([x, x.new_zeros((x.shape[0], 1, *x.shape[2:]))], dim=1)


def _layer_norm(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    x, gamma, beta = xs
    eps = p.get("eps", 1e-5)
    return torch.nn.functional.layer_norm(x, tuple(x.shape[-1:]), gamma, beta, eps)


def _conv2d(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
    """PyTorch's conv2d. With no input channels PyTorch returns no output channels either
    (its bug: the result is the bias); one zero channel added to x and W fixes that and
    changes nothing else."""
    x, w = xs[0], xs[1]
    b = xs[2] if len(xs) == 3 else None
    if x.dim() == 4 and w.dim() == 4 and x.shape[1] == 0 and w.shape[1] == 0:
        x, w = _one_more_channel(torch, x), _one_more_channel(torch, w)
    stride, pad = p.get("stride", 1), p.get("pad", 0)
    return torch.nn.functional.conv2d(x, w, b, stride=stride, padding=pad)


def _pool(op: str) -> TorchCall:
    """PyTorch's pooling; it refuses an input with no channels, which ours pools to no
    channels: one extra channel is pooled and dropped."""

    def call(torch: Any, xs: tuple[Any, ...], p: dict[str, Any]) -> Any:
        (x,) = xs
        k, stride, pad = p["kernel_size"], p.get("stride"), p.get("pad", 0)
        empty = x.dim() == 4 and x.shape[1] == 0
        y = getattr(torch.nn.functional, op)(
            _one_more_channel(torch, x) if empty else x, k, stride=stride, padding=pad
        )
        return y[:, :0] if empty else y

    return call


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
    # math
    "tan": _unary("tan"),
    "log1p": _unary("log1p"),
    "expm1": _unary("expm1"),
    "leaky_relu": lambda torch, xs, p: torch.nn.functional.leaky_relu(xs[0], p.get("slope", 0.01)),
    "elu": lambda torch, xs, p: torch.nn.functional.elu(xs[0], p.get("alpha", 1.0)),
    "gelu": lambda torch, xs, p: torch.nn.functional.gelu(xs[0]),
    "softplus": lambda torch, xs, p: (
        torch.logaddexp(p.get("beta", 1.0) * xs[0], torch.zeros_like(xs[0])) / p.get("beta", 1.0)
    ),
    "maximum": _binary("maximum"),
    "minimum": _binary("minimum"),
    # tensor
    "prod": _reduce_all("prod"),
    "var": _var,
    "std": _std,
    "logsumexp": _logsumexp,
    "cumsum": _cumsum,
    "stack": lambda torch, xs, p: torch.stack(xs, dim=p.get("axis", 0)),
    "split": _split,
    "expand_dims": _expand_dims,
    "squeeze": _squeeze,
    "flatten": lambda torch, xs, p: torch.flatten(xs[0], start_dim=p.get("start_axis", 1)),
    "flip": _flip,
    "pad": _pad,
    "einsum": lambda torch, xs, p: torch.einsum(p["subscripts"], *xs),
    # nn
    "sigmoid_cross_entropy": lambda torch, xs, p: (
        torch.nn.functional.binary_cross_entropy_with_logits(xs[0], xs[1].to(xs[0].dtype))
    ),
    "huber_loss": lambda torch, xs, p: torch.nn.functional.huber_loss(
        xs[0], xs[1], delta=p.get("delta", 1.0)
    ),
    "dropout": _dropout,
    "batch_norm": _batch_norm,
    "layer_norm": _layer_norm,
    "embedding": lambda torch, xs, p: torch.nn.functional.embedding(xs[0].long(), xs[1]),
    # conv
    "conv2d": _conv2d,
    "max_pool2d": _pool("max_pool2d"),
    "avg_pool2d": _pool("avg_pool2d"),
}
