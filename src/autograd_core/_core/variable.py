"""`Variable`: an ndarray with a gradient and a link to the Function that made it."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from types import EllipsisType
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeAlias, overload

import numpy as np

from autograd_core._typing import Array, Scalar, Shape

if TYPE_CHECKING:
    from autograd_core._core.function import Function

_NUMERIC_KINDS: Final = frozenset("iuf")

def check_array(value: object, what: str) -> Array:
    """Return `value` if it is an ndarray of an integer or floating dtype, else raise TypeError."""
    if not isinstance(value, np.ndarray):
        hint = ""
        if isinstance(value, (int, float, np.generic, list, tuple)):
            hint = f"; wrap it first, e.g. np.array({value!r})"
        raise TypeError(f"{what} takes a numpy.ndarray, got {type(value).__name__}{hint}")
    if value.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(
            f"{what} takes an ndarray of integer or floating dtype, got dtype {value.dtype}"
        )
    return value


class Variable:
    """A node of the graph: `data` (an ndarray), `grad` (a Variable or None), `creator`.

    Only numeric ndarrays are accepted: a Python float, a list, a numpy scalar or a
    string array raises TypeError. Arithmetic with `+ - * / **` records the graph.
    `requires_grad=False` makes a constant, for which no gradient is computed; a
    function's result requires a gradient when any of its inputs does.
    """

    # A core operator (`+ - * /`) records its call in its output: `_op` is its Function class
    # and `_x0`, `_x1`, `_needs` are the node's inputs and `needs_input_grad`, so that the
    # deepest graphs hold one object per operation, not three (output, node, weak reference)
    # for the cyclic garbage collector to scan. `creator` builds that node when first asked.
    __slots__ = (
        "__weakref__",
        "_creator",
        "_data",
        "_needs",
        "_op",
        "_x0",
        "_x1",
        "generation",
        "grad",
        "name",
        "requires_grad",
    )
    _creator: Function[Any] | None
    _op: _Operator | None
    _x0: Variable
    _x1: Variable
    _needs: tuple[bool, bool]
    # numpy defers every binary operator with an ndarray on the left to our reflected one.
    __array_ufunc__ = None

    def __init__(self, data: Array, name: str | None = None, *, requires_grad: bool = True) -> None:
        if type(data) is not np.ndarray or data.dtype.kind not in _NUMERIC_KINDS:
            data = check_array(data, "Variable")
        self._data: Array = data
        self.name = name
        self.grad: Variable | None = None
        self._creator = None
        self._op = None
        self.generation = 0
        self.requires_grad = requires_grad
        """False for a constant: no gradient is computed for it (DeZero's and PyTorch's flag)."""

    @property
    def data(self) -> Array:
        return self._data

    @data.setter
    def data(self, value: Array | np.number[Any]) -> None:
        # 0-d arithmetic in numpy yields scalars (`p.data - lr * g.data`): take those as 0-d.
        if isinstance(value, np.number):
            value = np.asarray(value)
        self._data = check_array(value, "Variable.data")

    @property
    def creator(self) -> Function[Any] | None:
        """The Function whose call made this Variable (None for a leaf, or a constant)."""
        if self._op is not None and self._creator is None:
            return _node_of(self)
        return self._creator

    @creator.setter
    def creator(self, fn: Function[Any] | None) -> None:
        # `y.creator = None` cuts the graph here (DeZero's `unchain`).
        if self._op is not None:
            self._op = None
            del self._x0, self._x1  # the inputs a core operator kept: free them too
        self._creator = fn

    @property
    def shape(self) -> Shape:
        return self._data.shape

    @property
    def ndim(self) -> int:
        return self._data.ndim

    @property
    def size(self) -> int:
        return self._data.size

    @property
    def dtype(self) -> np.dtype[Any]:
        return self._data.dtype

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d Variable")
        return len(self._data)

    def __repr__(self) -> str:
        body = str(self._data).replace("\n", "\n" + " " * 9)
        return f"variable({body})"

    def cleargrad(self) -> None:
        """Forget the accumulated gradient."""
        self.grad = None

    if TYPE_CHECKING:
        # Methods of modules that build on this one, installed by them on this class
        # (DeZero's `setup_variable`) and declared here for type checkers.

        # `backward` is the engine's `backward` (engine.py):
        def backward(
            self,
            grad: Variable | Array | None = None,
            *,
            retain_grad: bool = False,
            create_graph: bool = False,
        ) -> None:
            """Accumulate d(self)/d(leaf) into every leaf's `.grad`, seeding with ones or `grad`."""

        # The operators each build one core arithmetic Function, or, when no graph is
        # recorded, go straight to numpy (arithmetic.py):
        def __add__(self, other: Variable | Array | Scalar) -> Variable: ...
        def __radd__(self, other: Variable | Array | Scalar) -> Variable: ...
        def __sub__(self, other: Variable | Array | Scalar) -> Variable: ...
        def __rsub__(self, other: Variable | Array | Scalar) -> Variable: ...
        def __mul__(self, other: Variable | Array | Scalar) -> Variable: ...
        def __rmul__(self, other: Variable | Array | Scalar) -> Variable: ...
        def __truediv__(self, other: Variable | Array | Scalar) -> Variable: ...
        def __rtruediv__(self, other: Variable | Array | Scalar) -> Variable: ...
        def __neg__(self) -> Variable: ...
        def __pow__(self, exponent: Scalar) -> Variable: ...

    # Array conveniences, as in DeZero and PyTorch. Each calls a registered function (the
    # tensor plugin's), so it is recorded and differentiable; without that plugin the error
    # names the function and the plugin (`_registered`).
    @property
    def T(self) -> Variable:  # noqa: N802  (numpy's and PyTorch's name)
        """The transpose: the axes reversed (`F.transpose(x)`)."""
        y: Variable = _registered("transpose", "x.T")(self)
        return y

    @overload
    def transpose(self, axes: tuple[int, ...] | list[int] | None, /) -> Variable: ...
    @overload
    def transpose(self, *axes: int) -> Variable: ...
    def transpose(self, *axes: Any) -> Variable:
        """The axes permuted: `x.transpose(1, 0)` or `x.transpose((1, 0))`; none reverses them."""
        one = len(axes) == 1 and (axes[0] is None or isinstance(axes[0], tuple | list))
        y: Variable = _registered("transpose", "x.transpose()")(
            self, axes[0] if one else axes or None
        )
        return y

    @overload
    def reshape(self, shape: tuple[int, ...], /) -> Variable: ...
    @overload
    def reshape(self, dim: int, /, *dims: int) -> Variable: ...
    def reshape(self, *shape: Any) -> Variable:
        """The same elements in a new shape: `x.reshape(2, 3)` or `x.reshape((2, -1))`."""
        if not shape:
            raise TypeError("Variable.reshape needs a shape: x.reshape(2, 3) or x.reshape((2, 3))")
        one = len(shape) == 1 and isinstance(shape[0], tuple | list)
        y: Variable = _registered("reshape", "x.reshape()")(
            self, tuple(shape[0]) if one else shape
        )
        return y

    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:
        """The sum along `axis` (all axes for None): `F.sum(x, axis, keepdims)`."""
        y: Variable = _registered("sum", "x.sum()")(self, axis, keepdims)
        return y

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:
        """The mean along `axis` (all axes for None): `F.mean(x, axis, keepdims)`."""
        y: Variable = _registered("mean", "x.mean()")(self, axis, keepdims)
        return y

    def max(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:
        """The largest element along `axis` (all axes for None): `F.max(x, axis, keepdims)`."""
        y: Variable = _registered("max", "x.max()")(self, axis, keepdims)
        return y

    def min(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:
        """The smallest element along `axis` (all axes for None): `F.min(x, axis, keepdims)`."""
        y: Variable = _registered("min", "x.min()")(self, axis, keepdims)
        return y

    def __matmul__(self, other: Variable | Array) -> Variable:
        y: Variable = _registered("matmul", "x @ y")(self, other)
        return y

    def __rmatmul__(self, other: Variable | Array) -> Variable:
        y: Variable = _registered("matmul", "x @ y")(other, self)
        return y

    def __getitem__(self, index: _Index) -> Variable:
        """`x[index]` as numpy indexes (ints, slices, Ellipsis, None, integer arrays)."""
        y: Variable = _registered("get_item", "x[index]")(self, index)
        return y

    def __iter__(self) -> Iterator[Variable]:
        """The rows `x[0], x[1], ...`, each recorded; a 0-d Variable is not iterable."""
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d Variable")
        for i in range(len(self._data)):
            yield self[i]

    def item(self) -> float:
        """The one element as a Python number (an int for an integer dtype); not recorded."""
        if self._data.size != 1:
            raise ValueError(
                f"Variable.item() needs a Variable of size 1, got shape {self._data.shape} "
                f"(size {self._data.size}); index or reduce it first (x[0].item(), "
                "x.sum().item())"
            )
        value: float = self._data.item()
        return value

    def detach(self) -> Variable:
        """A new Variable sharing this one's data, with no creator: the graph stops here."""
        return Variable(self._data)

    if not TYPE_CHECKING:  # hidden from numpy's stubs, which would then type `a + x` as array

        def __array__(self, dtype: object = None, copy: object = None) -> Array:
            raise TypeError(
                "numpy cannot convert a Variable to an array: use its ndarray, x.data "
                "(np.asarray(x.data)); a Variable holds a graph, not just values"
            )


Input: TypeAlias = Variable | Array | Scalar
"""What a function accepts as an input: a Variable, a numeric ndarray or a number."""


def as_variable(value: object, inputs: tuple[object, ...], what: Callable[[], str]) -> Variable:
    """Turn one input of a Function call into a Variable; `what()` names it in a TypeError.

    An ndarray or a number becomes a constant (`requires_grad=False`). Python numbers are
    "weak", as in numpy: beside a float32 Variable or ndarray, `2.0` is float32, while a
    numpy scalar keeps its own dtype (`np.float64(2.0) * x` is float64, as in numpy).
    """
    if isinstance(value, Variable):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in _NUMERIC_KINDS:
            check_array(value, what())  # raises, naming the input
        return _new(value, False)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{what()} takes a Variable, a numpy.ndarray or a number, got {type(value).__name__}"
        )
    if not isinstance(value, np.generic):
        for like in inputs:
            if isinstance(like, Variable):
                return _new(weak_scalar(value, like._data.dtype), False)
            if isinstance(like, np.ndarray):
                return _new(weak_scalar(value, like.dtype), False)
    return _new(np.asarray(value), False)


def weak_scalar(value: int | float, dtype: np.dtype[Any]) -> Array:
    """A Python number as the 0-d array numpy would combine with an array of `dtype`."""
    if dtype.kind == "f" or (dtype.kind in "iu" and type(value) is int):
        return np.asarray(value, dtype=dtype)
    return np.asarray(value)


_object_new = object.__new__


def _new(data: Array, requires_grad: bool) -> Variable:
    """A Variable around an ndarray already known to be numeric: `Variable()` without checks."""
    v: Variable = _object_new(Variable)
    v._data = data
    v.name = None
    v.grad = None
    v._creator = None
    v._op = None
    v.generation = 0
    v.requires_grad = requires_grad
    return v


class _Operator(Protocol):
    """A core operator's Function class (`arithmetic._Binary`), as a Variable keeps it."""

    def __call__(self) -> Function[Any]: ...

    @staticmethod
    def gradients(
        gy: Variable, x0: Variable, x1: Variable, need0: bool, need1: bool
    ) -> tuple[Variable | None, Variable | None]: ...


def _node_of(y: Variable) -> Function[Any]:
    """The Function of the operator call kept in `y` (see `Variable.__slots__`), made once:
    the same object for every later `y.creator`, holding `y` by weak reference as any
    node does."""
    with _node_lock:  # two threads asking at once get the same node
        fn = y._creator
        if fn is None:
            op = y._op
            assert op is not None  # only asked for a Variable that keeps a call
            fn = op()
            fn.inputs = (y._x0, y._x1)
            fn.needs_input_grad = y._needs
            fn.generation = y.generation - 1
            fn.outputs = (weakref.ref(y),)
            y._creator = fn
        return fn


_node_lock: Final = threading.Lock()

_IndexItem: TypeAlias = int | np.integer[Any] | slice | EllipsisType | Array | list[Any] | None
_Index: TypeAlias = _IndexItem | tuple[_IndexItem, ...]
"""What `x[index]` takes, as numpy: ints, slices, Ellipsis, None, integer (or bool) arrays."""


def _registered(name: str, what: str) -> Callable[..., Any]:
    """The caller of registered function `name`, which the convenience `what` uses; without
    it, an UnknownFunctionError naming the function and the plugin that provides it."""
    return _lookup(name, what)


def _unwired(name: str, what: str) -> Callable[..., Any]:
    raise RuntimeError(f"{what} needs the function registry: import autograd_core")


_lookup: Callable[[str, str], Callable[..., Any]] = _unwired
"""What `_registered` does, set by _plugins/loading.py (`convenience`) when it loads: it builds on
this module, which therefore does not import it. (`import autograd_core` loads it.)"""
