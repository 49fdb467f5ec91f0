"""The core's own arithmetic: what the Variable operators build.

These eight functions are registered under the names add, sub, mul, div, neg, pow,
sum_to and broadcast_to by the built-in plugin (`_plugins/builtin.py`), which cannot be disabled.
Binary operators follow numpy broadcasting, and each input's gradient is summed back
to that input's own shape.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, Final

import numpy as np

from autograd_core._core.config import _grad_enabled
from autograd_core._core.function import _NEEDS_TWO, Function, describe_class
from autograd_core._core.variable import Input, Variable, _new, weak_scalar
from autograd_core._typing import Array, Scalar, Shape


def sum_to(gy: Variable, shape: Shape) -> Variable:
    """`gy` summed down to `shape` (itself when the shapes already agree)."""
    return gy if gy.shape == shape else SumTo(shape=shape)(gy)


def broadcast_to(x: Variable, shape: Shape) -> Variable:
    """`x` broadcast to `shape` (itself when the shapes already agree)."""
    return x if x.shape == shape else BroadcastTo(shape=shape)(x)


def _check_shape(shape: object, fn: str) -> Shape:
    if not isinstance(shape, tuple) or not all(isinstance(n, int | np.integer) for n in shape):
        raise TypeError(f"{fn}: shape must be a tuple of ints, got {shape!r}")
    return tuple(int(n) for n in shape)


class _Binary(Function):
    """An elementwise binary numpy ufunc, broadcasting as numpy does.

    The most frequent node of any graph. When an operator records it (`binary`), the call
    is kept in its output Variable (`_op`, `_x0`, `_x1`, `_needs`) and this object is made
    only when somebody asks for `y.creator`; the engine runs the class's
    `gradients` straight from the output. Either way one formula, `gradients`, serves.
    """

    __slots__ = ("_x0", "_x1")
    _x0: Variable | None
    _x1: Variable | None

    @property
    def inputs(self) -> tuple[Variable, ...]:
        x0, x1 = self._x0, self._x1
        return () if x0 is None or x1 is None else (x0, x1)

    @inputs.setter
    def inputs(self, xs: tuple[Variable, ...]) -> None:
        self._x0, self._x1 = xs if xs else (None, None)

    ufunc: ClassVar[np.ufunc]

    def forward(self, x0: Array, x1: Array) -> Array:
        y: Array = self.ufunc(x0, x1)
        return y

    def backward(self, gy: Variable) -> tuple[Variable | None, Variable | None]:
        x0, x1 = self._x0, self._x1
        assert x0 is not None and x1 is not None  # a recorded node has its inputs
        need0, need1 = self.needs_input_grad
        return self.gradients(gy, x0, x1, need0, need1)

    @staticmethod
    @abstractmethod
    def gradients(
        gy: Variable, x0: Variable, x1: Variable, need0: bool, need1: bool
    ) -> tuple[Variable | None, Variable | None]:
        """The gradients of both inputs (None for one not needed), as `backward` returns."""


def _to(g: Variable, x: Variable) -> Variable:
    """`g` summed to `x`'s shape (itself when the shapes agree, as is most common)."""
    shape = x._data.shape
    return g if g._data.shape == shape else SumTo(shape=shape)(g)


class Add(_Binary):
    ufunc = np.add

    @staticmethod
    def gradients(
        gy: Variable, x0: Variable, x1: Variable, need0: bool, need1: bool
    ) -> tuple[Variable | None, Variable | None]:
        return (_to(gy, x0) if need0 else None, _to(gy, x1) if need1 else None)


class Sub(_Binary):
    ufunc = np.subtract

    @staticmethod
    def gradients(
        gy: Variable, x0: Variable, x1: Variable, need0: bool, need1: bool
    ) -> tuple[Variable | None, Variable | None]:
        return (_to(gy, x0) if need0 else None, _to(-gy, x1) if need1 else None)


class Mul(_Binary):
    ufunc = np.multiply

    @staticmethod
    def gradients(
        gy: Variable, x0: Variable, x1: Variable, need0: bool, need1: bool
    ) -> tuple[Variable | None, Variable | None]:
        return (
            _to(binary(Mul, gy, x1), x0) if need0 else None,  # gy * x1, without the operator
            _to(binary(Mul, gy, x0), x1) if need1 else None,
        )


class Div(_Binary):
    ufunc = np.true_divide

    @staticmethod
    def gradients(
        gy: Variable, x0: Variable, x1: Variable, need0: bool, need1: bool
    ) -> tuple[Variable | None, Variable | None]:
        gx0 = gy / x1
        return (
            _to(gx0, x0) if need0 else None,
            _to(-gx0 * x0 / x1, x1) if need1 else None,
        )


def binary(
    cls: type[_Binary], x0: Variable | Array | Scalar, x1: Variable | Array | Scalar
) -> Variable:
    """`cls()(x0, x1)`, what the operators call, without the generic call path.

    The common operands (Variables and Python numbers) go straight to the ufunc, which
    follows numpy's rules (Python numbers are weak); the node is recorded only when grad
    mode is on and an operand requires a gradient. Anything else takes `cls()(x0, x1)`.
    """
    # A Python number becomes its (cached) constant first: numpy's weak-scalar rules give
    # that 0-d array the other operand's dtype, and array-with-array is the ufunc's fast path.
    if isinstance(x0, Variable):
        if isinstance(x1, Variable):
            v0, v1 = x0, x1
        elif type(x1) in _WEAK:
            v0, v1 = x0, _constant(cls, x1, x0._data.dtype)  # type: ignore[arg-type]  # a number
        else:
            return cls()(x0, x1)
    elif type(x0) in _WEAK and isinstance(x1, Variable):
        v0, v1 = _constant(cls, x0, x1._data.dtype), x1  # type: ignore[arg-type]  # a number
    else:
        return cls()(x0, x1)
    try:
        y = cls.ufunc(v0._data, v1._data)
    except Exception as exc:
        exc.add_note(f"while running {describe_class(cls)}.forward")
        raise
    if type(y) is not np.ndarray:
        y = np.asarray(y)  # numpy turns a 0-d result into a scalar
    out: Variable = _object_new(Variable)
    out._data = y
    out.name = None
    out.grad = None
    out._creator = None  # (a recorded call is kept below, its Function made when asked)
    if not (_grad_enabled() and (v0.requires_grad or v1.requires_grad)):
        out.requires_grad = False
        out._op = None
        out.generation = 0
        return out
    out.requires_grad = True
    out._op = cls  # the call is kept here; `y.creator` makes its Function when asked
    out._x0 = v0
    out._x1 = v1
    out._needs = _NEEDS_TWO[v0.requires_grad, v1.requires_grad]
    out.generation = (v0.generation if v0.generation > v1.generation else v1.generation) + 1
    return out


_WEAK: Final = (int, float)
_object_new = object.__new__
_constants: dict[tuple[type, Scalar, np.dtype[Any]], Variable] = {}


def _constant(cls: type[_Binary], value: int | float, dtype: np.dtype[Any]) -> Variable:
    """A Python number beside an array of `dtype`, as a constant Variable (for `cls`'s notes).

    The same read-only Variable serves every call with that number and dtype (`y * 1.01`
    in a loop allocates nothing for it); zeros (signed) and NaN are never shared.
    """
    key = (type(value), value, dtype)
    c = _constants.get(key)
    if c is None:
        try:
            data = weak_scalar(value, dtype)
        except Exception as exc:
            exc.add_note(f"while running {describe_class(cls)}.forward")
            raise
        c = _new(data, False)
        if value and value == value:
            data.flags.writeable = False
            if len(_constants) >= 1024:
                _constants.clear()
            _constants[key] = c
    return c


class Neg(Function):
    __slots__ = ()

    def forward(self, x: Array) -> Array:
        return -x

    def backward(self, gy: Variable) -> Variable:
        return -gy


class Pow(Function):
    """`x ** exponent` for a constant exponent."""

    __slots__ = ("exponent",)

    def __init__(self, exponent: Scalar) -> None:
        super().__init__()
        if isinstance(exponent, bool) or not isinstance(
            exponent, int | float | np.integer | np.floating
        ):
            raise TypeError(
                f"pow: the exponent must be a constant number, got {type(exponent).__name__}"
            )
        self.exponent = exponent

    def forward(self, x: Array) -> Array:
        return x**self.exponent

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        c = self.exponent
        if c == 0:
            return gy * 0.0
        return gy * c * x ** (c - 1)


class SumTo(Function):
    """Sum `x` down to `shape`, the reverse of numpy broadcasting."""

    __slots__ = ("shape",)

    def __init__(self, shape: Shape) -> None:
        super().__init__()
        self.shape = _check_shape(shape, "sum_to")

    def forward(self, x: Array) -> Array:
        if np.broadcast_shapes(self.shape, x.shape) != x.shape:
            raise ValueError(f"sum_to: cannot sum shape {x.shape} to shape {self.shape}")
        lead = x.ndim - len(self.shape)
        lead_axes = tuple(range(lead))
        ones = tuple(i + lead for i, n in enumerate(self.shape) if n == 1)
        y: Array = x.sum(axis=lead_axes + ones, keepdims=True)
        return y.reshape(self.shape)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return BroadcastTo(shape=x.shape)(gy)


class BroadcastTo(Function):
    """`x` broadcast to `shape`, as a fresh array (never a read-only view)."""

    __slots__ = ("shape",)

    def __init__(self, shape: Shape) -> None:
        super().__init__()
        self.shape = _check_shape(shape, "broadcast_to")

    def forward(self, x: Array) -> Array:
        try:
            y: Array = np.broadcast_to(x, self.shape)
        except ValueError as exc:
            raise ValueError(
                f"broadcast_to: cannot broadcast shape {x.shape} to shape {self.shape}"
            ) from exc
        return y.copy()

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return sum_to(gy, x.shape)


class Copy(Function):
    """An identity that copies: the engine's way to hand out unshared gradient arrays."""

    __slots__ = ()

    def forward(self, x: Array) -> Array:
        return x.copy()

    def backward(self, gy: Variable) -> Variable:
        return gy


class Cast(Function):
    """`x` as `dtype`: how the engine gives a gradient its input's dtype (float32 or float64)."""

    __slots__ = ("dtype",)

    def __init__(self, dtype: np.dtype[Any]) -> None:
        super().__init__()
        self.dtype = dtype

    def forward(self, x: Array) -> Array:
        return x.astype(self.dtype)

    def backward(self, gy: Variable) -> Variable:
        (x,) = self.inputs
        return Cast(dtype=x.dtype)(gy)


CORE_FUNCTIONS: dict[str, type[Function[Any]]] = {
    "add": Add,
    "sub": Sub,
    "mul": Mul,
    "div": Div,
    "neg": Neg,
    "pow": Pow,
    "sum_to": SumTo,
    "broadcast_to": BroadcastTo,
}


def _operator(cls: type[_Binary], *, reflected: bool) -> Callable[[Variable, Input], Variable]:
    """`x + y` (or, reflected, `y + x`) for Variable `x`, with `cls` one of the functions above."""
    if reflected:

        def method(self: Variable, other: Input) -> Variable:
            return binary(cls, other, self)

    else:

        def method(self: Variable, other: Input) -> Variable:
            return binary(cls, self, other)

    return method


def _neg(self: Variable) -> Variable:
    return Neg()(self)


def _pow(self: Variable, exponent: Scalar) -> Variable:
    return Pow(exponent=exponent)(self)


# Variable's operators, installed on the class as DeZero's `setup_variable` does: they build
# the functions of this module, which imports variable.py (the class declares them for type
# checkers).
_OPERATORS: Final[dict[str, Callable[..., Variable]]] = {
    "__add__": _operator(Add, reflected=False),
    "__radd__": _operator(Add, reflected=True),
    "__sub__": _operator(Sub, reflected=False),
    "__rsub__": _operator(Sub, reflected=True),
    "__mul__": _operator(Mul, reflected=False),
    "__rmul__": _operator(Mul, reflected=True),
    "__truediv__": _operator(Div, reflected=False),
    "__rtruediv__": _operator(Div, reflected=True),
    "__neg__": _neg,
    "__pow__": _pow,
}
for _name, _method in _OPERATORS.items():
    _method.__name__, _method.__qualname__ = _name, f"Variable.{_name}"
    setattr(Variable, _name, _method)
