"""Layers with parameters: `Parameter`, `Module` and the standard layers built on them.

A Module collects the Parameters and sub-Modules assigned to its attributes, in assignment
order (as `torch.nn.Module` and DeZero's `Layer`), so `params()`, `cleargrads()`,
`train()`/`eval()` and `save()`/`load()` reach every one of them::

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.hidden = nn.Linear(2, 10, seed=0)
            self.out = nn.Linear(10, 3, seed=1)

        def forward(self, x: Input) -> Variable:
            return self.out(F.relu(self.hidden(x)))

`Net()(x)` runs `forward` and is typed by it. Layers call registered functions through
`autograd_core.functions`, so a missing plugin gives the error that names it.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ParamSpec, Protocol, TypeVar, cast

import numpy as np

import autograd_core.functions as F
from autograd_core._core.variable import Input, Variable
from autograd_core._typing import Array, Shape

__all__ = [
    "ELU",
    "GELU",
    "MLP",
    "BatchNorm",
    "Conv2d",
    "Dropout",
    "Embedding",
    "LayerNorm",
    "LeakyReLU",
    "Linear",
    "Module",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softplus",
    "Tanh",
]

_P = ParamSpec("_P")
_R = TypeVar("_R", covariant=True)


class Parameter(Variable):
    """A Variable that a Module collects: a weight an optimizer updates."""

    __slots__ = ("_lazy",)

    def __init__(self, data: Array, name: str | None = None) -> None:
        super().__init__(data, name=name)
        self._lazy = False
        """True while the shape is not known yet (`Linear(None, n)` before its first call)."""


class _HasForward(Protocol[_P, _R]):
    def forward(self, *args: _P.args, **kwargs: _P.kwargs) -> _R: ...


def _generator(rng: np.random.Generator | None, seed: int | None) -> np.random.Generator:
    if rng is not None and seed is not None:
        raise TypeError("give rng= or seed=, not both")
    return rng if rng is not None else np.random.default_rng(seed)


class Module:
    """The base of every layer and model: subclass it and define `forward`.

    Parameters, buffers (arrays saved with the weights, such as BatchNorm's running
    statistics) and sub-Modules assigned as attributes are collected in assignment order.
    Calling the module runs `forward`; `model(x)` is typed by the subclass's `forward`.
    """

    training: bool
    _children: dict[str, Parameter | Module]
    _buffers: dict[str, None]

    def __init__(self) -> None:
        object.__setattr__(self, "_children", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "training", True)

    def __setattr__(self, name: str, value: object) -> None:
        children: dict[str, Parameter | Module] | None = self.__dict__.get("_children")
        if children is None:
            raise AttributeError(
                f"{type(self).__name__}.__init__ must call super().__init__() before "
                f"assigning {name!r}"
            )
        if isinstance(value, (Parameter, Module)):
            children[name] = value
        else:
            children.pop(name, None)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        self._children.pop(name, None)
        self._buffers.pop(name, None)
        object.__delattr__(self, name)

    def __call__(self: _HasForward[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
        return self.forward(*args, **kwargs)

    def register_buffer(self, name: str, value: Array) -> None:
        """Keep `value` as the attribute `name`, saved and loaded with the parameters."""
        self._buffers[name] = None
        object.__setattr__(self, name, value)

    # -- what the module holds -------------------------------------------------------------
    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module (named `prefix`) and every sub-Module, depth first, each once."""
        seen: set[int] = set()

        def walk(module: Module, path: str) -> Iterator[tuple[str, Module]]:
            if id(module) in seen:
                return
            seen.add(id(module))
            yield path, module
            for name, child in module._children.items():
                if isinstance(child, Module):
                    yield from walk(child, f"{path}.{name}" if path else name)

        return walk(self, prefix)

    def named_params(self) -> list[tuple[str, Parameter]]:
        """(dotted name, Parameter) pairs in assignment order; a shared Parameter once."""
        seen: set[int] = set()
        found: list[tuple[str, Parameter]] = []

        def walk(module: Module, prefix: str) -> None:
            if id(module) in seen:
                return
            seen.add(id(module))
            for name, child in module._children.items():
                if id(child) in seen:
                    continue
                if isinstance(child, Parameter):
                    seen.add(id(child))
                    found.append((prefix + name, child))
                else:
                    walk(child, f"{prefix}{name}.")

        walk(self, "")
        return found

    def params(self) -> list[Parameter]:
        """Every Parameter of this module and its sub-Modules, in assignment order."""
        return [p for _, p in self.named_params()]

    def named_buffers(self) -> list[tuple[str, Array]]:
        """(dotted name, array) of every buffer, such as BatchNorm's running statistics."""
        return [
            (f"{path}.{name}" if path else name, getattr(module, name))
            for path, module in self.named_modules()
            for name in module._buffers
        ]

    def cleargrads(self) -> None:
        """Forget every parameter's gradient (DeZero's name for `zero_grad`)."""
        for p in self.params():
            p.cleargrad()

    def train(self, mode: bool = True) -> None:
        """Training mode (the default) for this module and every sub-Module."""
        for _, module in self.named_modules():
            object.__setattr__(module, "training", mode)

    def eval(self) -> None:
        """Evaluation mode: Dropout is the identity, BatchNorm uses its running statistics."""
        self.train(False)

    # -- weights on disk ------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        """Write every parameter and buffer to `path`, an `.npz` archive keyed by dotted
        name (written to `path` exactly: no `.npz` is appended)."""
        for name, p in self.named_params():
            if p._lazy:
                raise ValueError(
                    f"{type(self).__name__}.save: parameter {name!r} is not initialised yet "
                    "(a Linear with in_size=None learns its size on its first call)"
                )
        arrays: dict[str, Any] = {name: p.data for name, p in self.named_params()}
        arrays.update(self.named_buffers())
        with open(path, "wb") as file:
            np.savez(file, **arrays)

    def load(self, path: str | os.PathLike[str]) -> None:
        """Read weights written by `save`. Every name and shape is checked before anything
        changes: a missing, extra or mis-shaped entry raises ValueError naming each one."""
        params = dict(self.named_params())
        buffers = dict(self.named_buffers())
        with np.load(path) as file:
            stored = {name: file[name] for name in file.files}
        problems = [f"missing {name!r}" for name in [*params, *buffers] if name not in stored]
        problems += [f"unexpected {name!r}" for name in stored if name not in params | buffers]
        for name, array in stored.items():
            current: Shape | None = None
            if name in params:
                p = params[name]
                lazy_ok = p._lazy and array.shape[1:] == p.shape[1:] and array.ndim == p.ndim
                current = None if lazy_ok else p.shape
            elif name in buffers:
                current = buffers[name].shape
            if current is not None and array.shape != current:
                problems.append(f"{name!r} has shape {array.shape} in the file, {current} here")
        if problems:
            raise ValueError(
                f"{type(self).__name__}.load({str(path)!r}): the file does not match this "
                f"model, nothing was loaded: {'; '.join(problems)}"
            )
        for name, p in params.items():
            p.data = np.array(stored[name], dtype=p.dtype)
            p._lazy = False
        for path_name, module in self.named_modules():
            for name in module._buffers:
                full = f"{path_name}.{name}" if path_name else name
                old: Array = getattr(module, name)
                object.__setattr__(module, name, np.array(stored[full], dtype=old.dtype))

    def extra_repr(self) -> str:
        """The arguments shown in `repr(module)`."""
        return ""

    def __repr__(self) -> str:
        subs = [(n, c) for n, c in self._children.items() if isinstance(c, Module)]
        if not subs:
            return f"{type(self).__name__}({self.extra_repr()})"
        lines = [f"  ({n}): " + repr(c).replace("\n", "\n  ") for n, c in subs]
        return f"{type(self).__name__}(\n" + "\n".join(lines) + "\n)"


def _uniform(rng: np.random.Generator, bound: float, shape: Shape, dtype: Any) -> Array:
    return rng.uniform(-bound, bound, size=shape).astype(dtype)


class Linear(Module):
    """`x @ W + b` with W of shape (in_size, out_size), as DeZero and `F.linear`.

    Initialised as PyTorch's `nn.Linear`: W and b uniform in +-1/sqrt(in_size), drawn from
    `rng` (a `numpy.random.Generator`) or a generator seeded with `seed`. With
    `in_size=None` the input width is taken from the first call.
    """

    def __init__(
        self,
        in_size: int | None,
        out_size: int,
        bias: bool = True,
        *,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
        dtype: type[np.floating[Any]] = np.float64,
    ) -> None:
        super().__init__()
        self.out_size = out_size
        self._rng = _generator(rng, seed)
        self._dtype = dtype
        self.W = Parameter(np.empty((0, out_size), dtype=dtype), name="W")
        self.b = Parameter(np.zeros(out_size, dtype=dtype), name="b") if bias else None
        if in_size is None:
            self.W._lazy = True
        else:
            self._init(in_size)

    def _init(self, in_size: int) -> None:
        bound = 1 / math.sqrt(in_size)
        self.W.data = _uniform(self._rng, bound, (in_size, self.out_size), self._dtype)
        self.W._lazy = False
        if self.b is not None:
            self.b.data = _uniform(self._rng, bound, (self.out_size,), self._dtype)

    @property
    def in_size(self) -> int | None:
        """The input width (None until the first call when constructed with None)."""
        return None if self.W._lazy else self.W.shape[0]

    def forward(self, x: Input) -> Variable:
        shape = np.shape(x.data if isinstance(x, Variable) else x)
        width = shape[-1] if shape else None
        if self.W._lazy and width is not None:
            self._init(width)
        if width != self.in_size:
            raise ValueError(
                f"{self!r}: input of shape {shape} has width {width}, this layer takes "
                f"in_size={self.in_size} (out_size={self.out_size})"
            )
        return F.linear(x, self.W, self.b)

    def extra_repr(self) -> str:
        return f"in_size={self.in_size}, out_size={self.out_size}, bias={self.b is not None}"


class Conv2d(Module):
    """2-d convolution over NCHW input, W of shape (out, in, kh, kw), PyTorch's initialisation."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        stride: int | tuple[int, int] = 1,
        pad: int | tuple[int, int] = 0,
        bias: bool = True,
        *,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
        dtype: type[np.floating[Any]] = np.float64,
    ) -> None:
        super().__init__()
        kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.pad = (kh, kw), stride, pad
        generator = _generator(rng, seed)
        bound = 1 / math.sqrt(in_channels * kh * kw)
        self.W = Parameter(
            _uniform(generator, bound, (out_channels, in_channels, kh, kw), dtype), name="W"
        )
        self.b = (
            Parameter(_uniform(generator, bound, (out_channels,), dtype), name="b")
            if bias
            else None
        )

    def forward(self, x: Input) -> Variable:
        return F.conv2d(x, self.W, self.b, stride=self.stride, pad=self.pad)

    def extra_repr(self) -> str:
        return (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, pad={self.pad}"
        )


class BatchNorm(Module):
    """Batch normalisation over every axis but 1 (features/channels), as `nn.BatchNorm1d/2d`.

    In training mode it normalises with the batch statistics and updates the running ones
    as PyTorch does (`running = (1 - momentum) * running + momentum * batch`, the variance
    unbiased); in eval mode it normalises with the running statistics.
    """

    def __init__(
        self,
        num_features: int,
        momentum: float = 0.1,
        eps: float = 1e-5,
        *,
        dtype: type[np.floating[Any]] = np.float64,
    ) -> None:
        super().__init__()
        self.num_features, self.momentum, self.eps = num_features, momentum, eps
        self.gamma = Parameter(np.ones(num_features, dtype=dtype), name="gamma")
        self.beta = Parameter(np.zeros(num_features, dtype=dtype), name="beta")
        self.running_mean: Array = np.zeros(num_features, dtype=dtype)
        self.running_var: Array = np.ones(num_features, dtype=dtype)
        self.register_buffer("running_mean", self.running_mean)
        self.register_buffer("running_var", self.running_var)

    def forward(self, x: Input) -> Variable:
        data = x.data if isinstance(x, Variable) else np.asarray(x)
        if data.ndim < 2 or data.shape[1] != self.num_features:
            raise ValueError(
                f"{self!r}: input of shape {data.shape} must have {self.num_features} "
                "features on axis 1"
            )
        axes = (0, *range(2, data.ndim))
        shape = (1, self.num_features) + (1,) * (data.ndim - 2)
        if self.training:
            n = data.size // self.num_features
            mean, var = data.mean(axis=axes), data.var(axis=axes)
            m = self.momentum
            unbiased = var * (n / max(n - 1, 1))
            self.running_mean = (1 - m) * self.running_mean + m * mean.astype(self.gamma.dtype)
            self.running_var = (1 - m) * self.running_var + m * unbiased.astype(self.gamma.dtype)
            return F.batch_norm(x, self.gamma, self.beta, eps=self.eps)
        scale = (1 / np.sqrt(self.running_var + self.eps)).reshape(shape)
        normalized = (x - self.running_mean.reshape(shape)) * scale
        return F.reshape(self.gamma, shape=shape) * normalized + F.reshape(self.beta, shape=shape)

    def extra_repr(self) -> str:
        return f"{self.num_features}, momentum={self.momentum}, eps={self.eps}"


class LayerNorm(Module):
    """Normalisation over the last axis with gamma (ones) and beta (zeros), as `nn.LayerNorm`."""

    def __init__(
        self, size: int, eps: float = 1e-5, *, dtype: type[np.floating[Any]] = np.float64
    ) -> None:
        super().__init__()
        self.size, self.eps = size, eps
        self.gamma = Parameter(np.ones(size, dtype=dtype), name="gamma")
        self.beta = Parameter(np.zeros(size, dtype=dtype), name="beta")

    def forward(self, x: Input) -> Variable:
        return F.layer_norm(x, self.gamma, self.beta, eps=self.eps)

    def extra_repr(self) -> str:
        return f"{self.size}, eps={self.eps}"


class Embedding(Module):
    """A lookup table: row `i` of W (num, dim) for each integer id, W ~ N(0, 1) as PyTorch."""

    def __init__(
        self,
        num: int,
        dim: int,
        *,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
        dtype: type[np.floating[Any]] = np.float64,
    ) -> None:
        super().__init__()
        self.num, self.dim = num, dim
        generator = _generator(rng, seed)
        self.W = Parameter(generator.standard_normal((num, dim)).astype(dtype), name="W")

    def forward(self, ids: Array) -> Variable:
        return F.embedding(ids, self.W)

    def extra_repr(self) -> str:
        return f"{self.num}, {self.dim}"


class Dropout(Module):
    """Inverted dropout: zeroes each element with probability `ratio` and scales the rest by
    1/(1 - ratio), a fresh mask each call; the identity in eval mode."""

    def __init__(
        self,
        ratio: float = 0.5,
        *,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        if not 0 <= ratio < 1:
            raise ValueError(f"Dropout: ratio must be in [0, 1), got {ratio!r}")
        self.ratio = ratio
        self._rng = _generator(rng, seed)

    def forward(self, x: Input) -> Variable:
        if not self.training:
            return x if isinstance(x, Variable) else Variable(np.asarray(x))
        return F.dropout(x, ratio=self.ratio, training=True, rng=self._rng)

    def extra_repr(self) -> str:
        return f"ratio={self.ratio}"


class ReLU(Module):
    """max(x, 0) elementwise (`F.relu`)."""

    def forward(self, x: Input) -> Variable:
        return F.relu(x)


class Tanh(Module):
    """`F.tanh` elementwise."""

    def forward(self, x: Input) -> Variable:
        return F.tanh(x)


class Sigmoid(Module):
    """1 / (1 + exp(-x)) elementwise (`F.sigmoid`)."""

    def forward(self, x: Input) -> Variable:
        return F.sigmoid(x)


class GELU(Module):
    """x * Phi(x) elementwise, the erf form (`F.gelu`)."""

    def forward(self, x: Input) -> Variable:
        return F.gelu(x)


class LeakyReLU(Module):
    """x for x > 0, slope * x otherwise (`F.leaky_relu`)."""

    def __init__(self, slope: float = 0.01) -> None:
        super().__init__()
        self.slope = slope

    def forward(self, x: Input) -> Variable:
        return F.leaky_relu(x, slope=self.slope)

    def extra_repr(self) -> str:
        return f"slope={self.slope}"


class ELU(Module):
    """x for x > 0, alpha * (exp(x) - 1) otherwise (`F.elu`)."""

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = alpha

    def forward(self, x: Input) -> Variable:
        return F.elu(x, alpha=self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}"


class Softplus(Module):
    """log(1 + exp(beta * x)) / beta elementwise (`F.softplus`)."""

    def __init__(self, beta: float = 1.0) -> None:
        super().__init__()
        self.beta = beta

    def forward(self, x: Input) -> Variable:
        return F.softplus(x, beta=self.beta)

    def extra_repr(self) -> str:
        return f"beta={self.beta}"


class Sequential(Module):
    """Modules applied one after another; they are named "0", "1", ... as in PyTorch."""

    def __init__(self, *layers: Module) -> None:
        super().__init__()
        for i, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise TypeError(
                    f"Sequential: layer {i} must be an nn.Module, got {type(layer).__name__}"
                )
            setattr(self, str(i), layer)
        self._layers: tuple[Module, ...] = layers
        # Each layer maps one input to one Variable (Module.__call__ is typed per subclass).
        self._calls = [cast("Callable[[Input], Variable]", layer) for layer in layers]

    def __len__(self) -> int:
        return len(self._layers)

    def __getitem__(self, index: int) -> Module:
        return self._layers[index]

    def __iter__(self) -> Iterator[Module]:
        return iter(self._layers)

    def forward(self, x: Input) -> Variable:
        y = x
        for call in self._calls:
            y = call(y)
        return y if isinstance(y, Variable) else Variable(np.asarray(y))


class MLP(Sequential):
    """Fully connected layers of the given sizes with an activation between them.

    `MLP([2, 30, 30, 3])` is Linear(2, 30), ReLU, Linear(30, 30), ReLU, Linear(30, 3);
    `sizes[0]` may be None (inferred on the first call). `activation` makes the activation
    module (a class such as `nn.Tanh`, default `nn.ReLU`).
    """

    def __init__(
        self,
        sizes: Sequence[int | None],
        activation: Callable[[], Module] = ReLU,
        *,
        rng: np.random.Generator | None = None,
        seed: int | None = None,
        dtype: type[np.floating[Any]] = np.float64,
    ) -> None:
        if len(sizes) < 2 or any(s is None for s in sizes[1:]):
            raise ValueError(
                f"MLP: sizes must be (in, hidden..., out) with at least two sizes, only the "
                f"first may be None; got {list(sizes)}"
            )
        generator = _generator(rng, seed)
        layers: list[Module] = []
        for k, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
            assert n_out is not None
            if k:
                layers.append(activation())
            layers.append(Linear(n_in, n_out, rng=generator, dtype=dtype))
        super().__init__(*layers)
