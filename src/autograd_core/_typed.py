"""`typed`: a typed, module-level calling form for a registered Function class.

mypy cannot read a call signature out of a class's `forward` and `__init__` together, so a
plugin writes it once as a stub and `typed` binds the stub to the class::

    @typed(Tanh)
    def tanh(x: Input, /) -> Variable:
        \"\"\"The hyperbolic tangent.\"\"\"

The stub's parameters are the class's inputs (the parameters of `forward`, in order, an
optional input such as a bias taking a default of None) followed by its parameters (the
arguments of `__init__`). The body is never run: a call binds the arguments to the stub's
signature, passes the inputs to the call and the parameters to `__init__` by keyword.
`check_signature(stub, cls)` says where a stub and its class disagree.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from autograd_core.function import Function
from autograd_core.variable import Variable

P = ParamSpec("P")
R = TypeVar("R", bound="Variable | tuple[Variable, ...]")

_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def input_names(cls: type[Function[Any]]) -> tuple[list[str], bool]:
    """The names of `forward`'s inputs, and whether it takes any number of them (`*xs`)."""
    params = list(inspect.signature(cls.forward).parameters.values())[1:]  # without self
    names = [p.name for p in params if p.kind not in _VARIADIC]
    return names, any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params)


def typed(cls: type[Function[Any]]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a typed stub so that calling it calls `cls`; see the module docstring."""

    def bind(stub: Callable[P, R]) -> Callable[P, R]:
        sig = inspect.signature(stub)
        names, variadic = input_names(cls)
        stub_params = list(sig.parameters.values())
        if variadic:
            star = next(p.name for p in stub_params if p.kind is inspect.Parameter.VAR_POSITIONAL)
            head: list[str] = []
        else:
            star = None
            head = [p.name for p in stub_params[: len(names)]]

        @functools.wraps(stub)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError as exc:
                raise TypeError(f"{stub.__name__}{sig}: {exc}") from None
            values = bound.arguments
            if star is not None:
                inputs = list(values.pop(star, ()))
            else:
                inputs = [values.pop(n) for n in head if n in values]
                while inputs and inputs[-1] is None:  # an optional input left out
                    inputs.pop()
            result: R = cls(**values)(*inputs)
            return result

        return call

    return bind


def check_signature(stub: Callable[..., Any], cls: type[Function[Any]]) -> list[str]:
    """Where `stub` disagrees with `cls` (input count, parameter names, defaults); [] if nowhere."""
    problems: list[str] = []
    params = list(inspect.signature(stub).parameters.values())
    names, variadic = input_names(cls)
    if variadic:
        stars = [p for p in params if p.kind is inspect.Parameter.VAR_POSITIONAL]
        if not stars:
            problems.append(f"{cls.__name__}.forward takes *inputs, the stub does not")
        rest = [p for p in params if p.kind is not inspect.Parameter.VAR_POSITIONAL]
    else:
        if len(params) < len(names) or any(p.kind in _VARIADIC for p in params[: len(names)]):
            problems.append(f"{cls.__name__}.forward takes {len(names)} input(s): {names}")
            return problems
        rest = params[len(names) :]
    init = [
        p
        for p in list(inspect.signature(cls.__init__).parameters.values())[1:]
        if p.kind not in _VARIADIC
    ]
    got = [(p.name, p.default) for p in rest]
    want = [(p.name, p.default) for p in init]
    if [n for n, _ in got] != [n for n, _ in want]:
        problems.append(
            f"parameters: the stub has {[n for n, _ in got]}, {cls.__name__}.__init__ "
            f"has {[n for n, _ in want]}"
        )
    else:
        for (name, d1), (_, d2) in zip(got, want, strict=True):
            if d1 is not d2 and d1 != d2:
                problems.append(
                    f"parameter {name!r}: default {d1!r} in the stub, {d2!r} in the class"
                )
    return problems
