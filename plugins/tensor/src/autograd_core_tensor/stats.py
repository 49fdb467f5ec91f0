"""Reductions beyond sum and mean: prod, var, std, logsumexp, and the running sum cumsum.

Every backward is written with Variable arithmetic and this plugin's Functions, so
derivatives of any order work. A reduction over no elements gives what numpy and PyTorch
give: prod 1, logsumexp -inf, var and std nan (with numpy's RuntimeWarning).
"""

from __future__ import annotations

import numpy as np

from autograd_core import Array, Function, Shape, Variable
from autograd_core.extend import broadcast_to, constant_mask, output_of
from autograd_core_tensor._axes import is_int, normalize
from autograd_core_tensor.arrange import Flip
from autograd_core_tensor.reduce import Sum, _Reduction
from autograd_core_tensor.shape import Reshape, Transpose


class Prod(_Reduction):
    """The product of the elements along `axis` (all of them for None); 1 for none.

    The gradient of each element is the product of the others, exact when some elements
    are 0: without zeros it is `y / x`; with zeros (or a product that underflows to 0 or
    overflows) it is built from prefix and suffix products, never dividing by 0. Second
    derivatives are exact in both cases.
    """

    name = "prod"

    def forward(self, x: Array) -> Array:
        y: Array = np.prod(x, axis=self._prepare(x), keepdims=self.keepdims)
        return y

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        y = output_of(self)
        if np.all(x.data != 0) and np.all(y.data != 0) and np.all(np.isfinite(y.data)):
            return self._spread(gy) * self._spread(y) / x
        return self._spread(gy) * self._others(x)  # zeros (or an underflow): never y / 0

    def _others(self, x: Variable) -> Variable:
        """For each element, the product of the other elements it is reduced with."""
        rest = tuple(a for a in range(x.ndim) if a not in self.axes)
        order = rest + self.axes
        moved = Transpose(axes=order)(x) if order != tuple(range(x.ndim)) else x
        lead = moved.shape[: len(rest)]
        rows = Reshape(shape=(*lead, self._count(x.shape)))(moved)
        others = Reshape(shape=moved.shape)(_ProdOthers()(rows))
        if order == tuple(range(x.ndim)):
            return others
        return Transpose(axes=tuple(int(a) for a in np.argsort(order)))(others)


class _ProdOthers(Function):
    """Along the last axis, each element replaced by the product of all the others.

    Forward: exclusive prefix times exclusive suffix products (exact with zeros). Backward:
    d others_i / d x_k is the product of all but i and k, obtained as `_ProdOthers` of the
    rows `T[i] = x with x_i replaced by 1`, zeroed on the diagonal; so it differentiates
    to any order (at the cost of one more axis per order).
    """

    def forward(self, x: Array) -> Array:
        n = x.shape[-1]
        if n == 0:
            return x.copy()
        ones = np.ones((*x.shape[:-1], 1), dtype=x.dtype)
        before = np.cumprod(np.concatenate([ones, x[..., : n - 1]], axis=-1), axis=-1)
        after = np.cumprod(np.concatenate([ones, x[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
        y: Array = before * after
        return y

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        n = x.shape[-1]
        eye = np.eye(n, dtype=gy.dtype)
        full = (*x.shape[:-1], n, n)
        rows = broadcast_to(Reshape(shape=(*x.shape[:-1], 1, n))(x), full)
        replaced = rows * Variable(1 - eye) + Variable(eye)
        pairs = _ProdOthers()(replaced) * Variable(1 - eye)  # [.., i, k]: all but i and k
        spread = broadcast_to(Reshape(shape=(*x.shape[:-1], n, 1))(gy), full)
        total: Variable = Sum(axis=x.ndim - 1)(spread * pairs)
        return total


def _check_ddof(fn: str, ddof: object) -> int:
    if not is_int(ddof):
        raise TypeError(f"{fn}: ddof must be an int, got {ddof!r}")
    if ddof < 0:
        raise ValueError(f"{fn}: ddof must not be negative, got {ddof!r}")
    return int(ddof)


class Var(_Reduction):
    """The variance along `axis`: the mean of squared deviations, divided by `N - ddof`.

    `ddof=0` (the default, numpy's) is the population variance; `ddof=1` is PyTorch's
    default (unbiased). With `N - ddof <= 0` the result is inf or nan, as in numpy and
    PyTorch. The variance of a constant is 0 with gradient 0.
    """

    name = "var"

    def __init__(
        self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False, ddof: int = 0
    ) -> None:
        super().__init__(axis, keepdims)
        self.ddof = _check_ddof(self.name, ddof)

    def forward(self, x: Array) -> Array:
        y: Array = np.var(x, axis=self._prepare(x), keepdims=self.keepdims, ddof=self.ddof)
        return y

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return self._spread(gy) * self._centered(x) * (2 * self._inverse_dof(x.shape))

    def _centered(self, x: Variable) -> Variable:
        """`x` minus its mean over the reduced axes, as a Variable (the mean depends on x)."""
        total: Variable = Sum(axis=self.axes, keepdims=True)(x)
        return x - broadcast_to(total / max(self._count(x.shape), 1), x.shape)

    def _inverse_dof(self, shape: Shape) -> float:
        """`1 / (N - ddof)`, inf when `N <= ddof` (as numpy: the variance is then inf or nan)."""
        dof = max(self._count(shape) - self.ddof, 0)
        return 1 / dof if dof else np.inf


class Std(Var):
    """The standard deviation along `axis`: `sqrt(var(x, axis, ddof=ddof))`.

    Where the standard deviation is 0 (a constant slice) the gradient is 0, the
    subgradient a norm gets (PyTorch's `std` gives nan there).
    """

    name = "std"

    def forward(self, x: Array) -> Array:
        return np.sqrt(super().forward(x))

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        y = output_of(self)
        zero = y.data == 0
        inverse = constant_mask(~zero, gy) / (y + constant_mask(zero, gy))
        return self._spread(gy * inverse) * self._centered(x) * self._inverse_dof(x.shape)


class _Exp(Function):
    """`exp(x)`, for logsumexp's backward (this plugin does not depend on the math plugin)."""

    def forward(self, x: Array) -> Array:
        return np.exp(x)

    def backward(self, gy: Variable) -> Variable:
        return gy * output_of(self)


class LogSumExp(_Reduction):
    """`log(sum(exp(x)))` along `axis`, computed stably by shifting by the maximum.

    Finite for any finite input (logsumexp([1000, 1000]) = 1000 + log 2); -inf over no
    elements, as PyTorch. The gradient is the softmax `exp(x - y)`, which lies in [0, 1].
    """

    name = "logsumexp"

    def forward(self, x: Array) -> Array:
        axes = self._prepare(x)
        shift = np.max(x, axis=axes, keepdims=True, initial=-np.inf)
        shift = np.where(np.isfinite(shift), shift, 0).astype(x.dtype, copy=False)
        with np.errstate(divide="ignore", under="ignore"):
            total = np.sum(np.exp(x - shift), axis=axes, keepdims=True)
            y: Array = np.log(total) + shift
        return y if self.keepdims else np.squeeze(y, axis=axes)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return self._spread(gy) * _Exp()(x - self._spread(output_of(self)))


class Cumsum(Function):
    """The running sum along `axis`; `axis=None` sums over the flattened input (numpy's).

    The gradient is the running sum of `gy` taken backwards along the same axis.
    """

    def __init__(self, axis: int | None) -> None:
        super().__init__()
        if axis is not None and not is_int(axis):
            raise TypeError(f"cumsum: axis must be an int or None, got {axis!r}")
        self.axis = None if axis is None else int(axis)

    def forward(self, x: Array) -> Array:
        if self.axis is None:
            return np.cumsum(x.reshape(-1))
        if x.ndim == 0:
            raise ValueError(f"cumsum: axis {self.axis} needs an input with an axis, got 0-d")
        self.axis = normalize("cumsum", self.axis, x.shape)
        return np.cumsum(x, axis=self.axis)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        axis = 0 if self.axis is None else self.axis
        gx: Variable = Flip(axis=axis)(Cumsum(axis=axis)(Flip(axis=axis)(gy)))
        return gx if gx.shape == x.shape else Reshape(shape=x.shape)(gx)
