"""`Function`: the base class of every differentiable operation."""

from __future__ import annotations

import weakref
from abc import ABC, abstractmethod
from functools import partial
from typing import TYPE_CHECKING, Any, Final, Generic, cast

import numpy as np

from autograd_core._core.config import _grad_enabled
from autograd_core._core.variable import _NUMERIC_KINDS, Variable, _new, as_variable
from autograd_core._typing import Array, Scalar

if TYPE_CHECKING:  # the default (PEP 696) only matters to type checkers; 3.11 has none
    from typing_extensions import TypeVar

    _Out = TypeVar("_Out", bound="Variable | tuple[Variable, ...]", default=Variable)
else:
    from typing import TypeVar

    _Out = TypeVar("_Out", bound="Variable | tuple[Variable, ...]")

_origins: dict[type[Function[Any]], str] = {}
"""Where each registered Function class came from, filled in by the registry."""


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

    A call is recorded only when grad mode is on and some input requires a gradient; its
    outputs then require one too. Before `backward` runs, `needs_input_grad` holds one bool
    per input: a backward may return None for an input that needs no gradient.
    """

    # Slots keep the core's own functions (which add none of their own) free of a __dict__;
    # a subclass without __slots__ gets one as usual.
    # `generation` is set when the call is recorded (only a recorded node is ever asked).
    # A single output's weak reference is kept alone in `_out`, not in a 1-tuple: one object
    # fewer per node for the cyclic garbage collector to scan (`outputs` builds the tuple).
    __slots__ = ("__weakref__", "_out", "generation", "inputs", "needs_input_grad")
    output_specs: tuple[tuple[tuple[int, ...], np.dtype[Any]], ...] = ()
    """Shape and dtype of each output of a multi-output call, for zeros once one is freed."""

    def __init__(self) -> None:
        self.inputs: tuple[Variable, ...] = ()
        self._out: weakref.ref[Variable] | tuple[weakref.ref[Variable], ...] = ()
        self.needs_input_grad: tuple[bool, ...] = ()

    @property
    def outputs(self) -> tuple[weakref.ref[Variable], ...]:
        """A weak reference to each output of the recorded call (empty before the call)."""
        out = self._out
        return out if isinstance(out, tuple) else (out,)

    @outputs.setter
    def outputs(self, refs: tuple[weakref.ref[Variable], ...]) -> None:
        self._out = refs[0] if len(refs) == 1 else refs

    @abstractmethod
    def forward(self, *xs: Any) -> Array | tuple[Array, ...]:
        """Compute the outputs from the input ndarrays."""

    @abstractmethod
    def backward(self, *gys: Any) -> Variable | tuple[Variable | None, ...] | None:
        """Given one gradient Variable per output, return one per input (None: no gradient)."""

    def __call__(self, *inputs: Variable | Array | Scalar) -> _Out:
        # The hot path, written out: one or two inputs and one output are the common case,
        # and each helper call, comprehension or `cast` is a Python call on 3.11.
        xs: tuple[Variable, ...] = inputs  # type: ignore[assignment]  # checked just below
        for x in inputs:
            if not isinstance(x, Variable):
                xs = self._as_variables(inputs)
                break
        n = len(xs)
        try:
            if n == 1:
                ys = self.forward(xs[0]._data)
            elif n == 2:
                ys = self.forward(xs[0]._data, xs[1]._data)
            else:
                ys = self.forward(*[x._data for x in xs])
        except Exception as exc:
            exc.add_note(f"while running {describe(self)}.forward")
            raise
        record = False
        generation = 0  # the largest of the inputs' (read only when the call is recorded)
        if _grad_enabled():
            for x in xs:
                if x.requires_grad:
                    record = True
                if x.generation > generation:
                    generation = x.generation
        if type(ys) is not np.ndarray or ys.dtype.kind not in _NUMERIC_KINDS:
            return self._wrap_all(xs, ys, record)
        y: Variable = _object_new(Variable)
        y._data = ys
        y.name = None
        y.grad = None
        y.requires_grad = record
        y._op = None
        if not record:
            y._creator = None
            y.generation = 0
            return y  # type: ignore[return-value]  # _Out is Variable for one output
        try:
            used = self._out
        except AttributeError:
            raise self._no_init() from None
        if used:  # a weak reference (even a dead one) is true, () is false
            raise self._used()
        self.generation = generation
        self.inputs = xs
        if n == 1:
            self.needs_input_grad = _NEEDS_ONE
        elif n == 2:
            self.needs_input_grad = _NEEDS_TWO[xs[0].requires_grad, xs[1].requires_grad]
        else:
            self.needs_input_grad = tuple([x.requires_grad for x in xs])
        y._creator = self
        y.generation = generation + 1
        self._out = _ref(y)
        return y  # type: ignore[return-value]  # _Out is Variable for one output

    def _wrap_all(self, xs: tuple[Variable, ...], ys: object, record: bool) -> _Out:
        """The outputs of a multi-output call (or of an unusual forward result) as Variables."""
        if isinstance(ys, tuple):
            outputs = tuple([self._wrap(y, record) for y in ys])
            if record:
                self._record(xs, outputs)
            return cast(_Out, outputs)
        y = self._wrap(ys, record)
        if record:
            self._record(xs, (y,))
        return cast(_Out, y)

    def _no_init(self) -> TypeError:
        return TypeError(f"{type(self).__name__}.__init__ must call super().__init__()")

    def _used(self) -> RuntimeError:
        return RuntimeError(
            f"this {type(self).__name__} instance was already called; "
            "Function instances are single-use, create a new one per call"
        )

    def _record(self, xs: tuple[Variable, ...], outputs: tuple[Variable, ...]) -> None:
        """Make this call a node of the graph: inputs kept, outputs held weakly."""
        try:
            used = self._out
        except AttributeError:
            raise self._no_init() from None
        if used:
            raise self._used()
        generation = 0
        for x in xs:
            if x.generation > generation:
                generation = x.generation
        self.generation = generation
        self.inputs = xs
        if len(xs) == 1:
            self.needs_input_grad = _NEEDS_ONE
        elif len(xs) == 2:
            self.needs_input_grad = _NEEDS_TWO[xs[0].requires_grad, xs[1].requires_grad]
        else:
            self.needs_input_grad = tuple([x.requires_grad for x in xs])
        for y in outputs:
            y._creator = self  # (made by _wrap: no core operator's call recorded in it)
            y.generation = generation + 1
        if len(outputs) == 1:
            self._out = _ref(outputs[0])
        else:
            self._out = tuple([_ref(y) for y in outputs])
            self.output_specs = tuple([(y.shape, y.dtype) for y in outputs])  # type: ignore[misc]  # a multi-output subclass has a __dict__

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

    def _wrap(self, y: object, requires_grad: bool) -> Variable:
        """One output of `forward` as a Variable; anything but a numeric ndarray is named."""
        if isinstance(y, np.generic):  # numpy ufuncs turn 0-d arrays into scalars
            y = np.asarray(y)
        if not isinstance(y, np.ndarray):
            problem = f"ndarrays, got {type(y).__name__}"
        elif y.dtype.kind not in _NUMERIC_KINDS:
            problem = f"ndarrays of integer or floating dtype, got dtype {y.dtype}"
        else:
            return _new(y, requires_grad)
        exc = TypeError(f"{describe(self)}.forward must return {problem}")
        exc.add_note(f"while running {describe(self)}.forward")
        raise exc


_object_new = object.__new__
_ref = weakref.ref
_NEEDS_ONE: Final = (True,)
_NEEDS_TWO: Final = {(a, b): (a, b) for a in (False, True) for b in (False, True)}
"""Shared tuples: one allocation fewer per call (and one object fewer for the collector)."""
