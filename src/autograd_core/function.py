"""`Function`: the base class of every differentiable operation."""

from __future__ import annotations

import weakref
from abc import ABC, abstractmethod
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeGuard, cast

import numpy as np

from autograd_core import config
from autograd_core._typing import Array, Scalar
from autograd_core.variable import Variable, as_variable

if TYPE_CHECKING:  # the default (PEP 696) only matters to type checkers; 3.11 has none
    from typing_extensions import TypeVar

    _Out = TypeVar("_Out", bound="Variable | tuple[Variable, ...]", default=Variable)
else:
    from typing import TypeVar

    _Out = TypeVar("_Out", bound="Variable | tuple[Variable, ...]")

_origins: dict[type[Function[Any]], str] = {}
"""Where each registered Function class came from, filled in by the registry."""


def _all_variables(inputs: tuple[object, ...]) -> TypeGuard[tuple[Variable, ...]]:
    """True when every input is already a Variable (the common case, checked cheaply)."""
    for x in inputs:
        if not isinstance(x, Variable):
            return False
    return True


def describe(fn: Function[Any]) -> str:
    """`Tanh` or `Tanh (function 'tanh' from plugin 'math', autograd-core-math 0.1.0)`."""
    return describe_class(type(fn))


def describe_class(cls: type[Function[Any]]) -> str:
    origin = _origins.get(cls)
    return f"{cls.__name__} ({origin})" if origin else cls.__name__


class Function(ABC, Generic[_Out]):
    """A differentiable operation: `forward` on ndarrays, `backward` on Variables.

    Subclass it and call an instance on Variables (or ndarrays, or numbers); the call
    returns a Variable, or a tuple of them when `forward` returns a tuple. A multi-output
    subclass declares itself as `Function[tuple[Variable, ...]]` for type checkers.
    Instances are single-use: each call records one node of the graph.
    """

    def __init__(self) -> None:
        self.inputs: tuple[Variable, ...] = ()
        self.outputs: tuple[weakref.ref[Variable], ...] = ()
        self.output_specs: tuple[tuple[tuple[int, ...], np.dtype[Any]], ...] = ()
        self.generation = 0

    @abstractmethod
    def forward(self, *xs: Any) -> Array | tuple[Array, ...]:
        """Compute the outputs from the input ndarrays."""

    @abstractmethod
    def backward(self, *gys: Any) -> Variable | tuple[Variable | None, ...] | None:
        """Given one gradient Variable per output, return one per input (None: no gradient)."""

    def __call__(self, *inputs: Variable | Array | Scalar) -> _Out:
        # The hot path: no comprehension where avoidable (each one is a call on Python 3.11).
        xs = inputs if _all_variables(inputs) else self._as_variables(inputs)
        try:
            ys = self.forward(*[x._data for x in xs])
        except Exception as exc:
            exc.add_note(f"while running {describe(self)}.forward")
            raise
        if isinstance(ys, tuple):
            outputs = [self._wrap(y) for y in ys]
        else:
            outputs = [self._wrap(ys)]

        if config._mode.enabled:
            try:
                used = bool(self.outputs)
            except AttributeError:
                raise TypeError(
                    f"{type(self).__name__}.__init__ must call super().__init__()"
                ) from None
            if used:
                raise RuntimeError(
                    f"this {type(self).__name__} instance was already called; "
                    "Function instances are single-use, create a new one per call"
                )
            generation = 0
            for x in xs:
                if x.generation > generation:
                    generation = x.generation
            self.generation = generation
            self.inputs = xs
            for y in outputs:
                y.creator = self
                y.generation = generation + 1
            if len(outputs) == 1:
                self.outputs = (weakref.ref(outputs[0]),)
            else:
                self.outputs = tuple([weakref.ref(y) for y in outputs])
                self.output_specs = tuple([(y.shape, y.dtype) for y in outputs])
        return cast(_Out, outputs[0] if len(outputs) == 1 else tuple(outputs))

    def _as_variables(self, inputs: tuple[object, ...]) -> tuple[Variable, ...]:
        """The inputs with each ndarray or number wrapped; anything else is named in a TypeError."""
        xs: list[Variable] = []
        for i, x in enumerate(inputs):
            if not isinstance(x, Variable):
                x = as_variable(x, inputs, partial(self._input_label, i))
            xs.append(x)
        return tuple(xs)

    def _input_label(self, index: int) -> str:
        return f"{describe(self)} input {index}"

    def _wrap(self, y: object) -> Variable:
        if type(y) is not np.ndarray:
            if isinstance(y, np.generic):  # numpy ufuncs turn 0-d arrays into scalars
                y = np.asarray(y)
            elif not isinstance(y, np.ndarray):
                raise TypeError(
                    f"{describe(self)}.forward must return ndarrays, got {type(y).__name__}"
                )
        return Variable(y)
