"""Calling forms of registered Function classes: `F.<name>`, and `typed` for static types.

A registered class is called as `name(*inputs, *params)`: first the inputs of its `forward`
(positional), then the parameters of its `__init__`, positionally or by keyword, as DeZero
and PyTorch write them (`F.sum(x, 0)`, `F.clip(x, 0, 1)`). An optional input (a `forward`
argument with a default, such as linear's bias `b`) is an input, given positionally or by
keyword; a trailing None stands for "left out". A function with any number of inputs
(`forward(self, *xs)`) takes its parameters by keyword only; when such a call fails and
its last input is a Python int, float or str (`F.concatenate(x, y, 1)`), the TypeError
says so and names the keyword to use. `caller(cls, name)` builds that calling form from
the class, with a signature for `inspect.signature` and `help`.

mypy cannot read a call signature out of a class's `forward` and `__init__` together, so a
plugin writes it once as a stub and `typed` binds the stub to the class::

    @typed(Sum)
    def sum(
        x: Input, /, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
    ) -> Variable:
        \"\"\"The sum of the elements along `axis` (all of them for None).\"\"\"
        raise NotImplementedError  # never runs: calling `sum` calls `Sum`

The stub's parameters are the class's inputs (positional-only; an optional input after the
`/`, with default None) then its parameters (same names and defaults as `__init__`, with
precise types); it returns `Variable`, or `tuple[Variable, ...]` (or a tuple of a fixed
length) for a multi-output function. The body is never run: the decorated name calls the
class as `F.<name>` does, and keeps the stub's signature and docstring.
`check_signature(stub, cls)` says where a stub and its class disagree.
"""

from __future__ import annotations

import difflib
import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from autograd_core._core.function import Function
from autograd_core._core.variable import Variable

P = ParamSpec("P")
R = TypeVar("R", bound="Variable | tuple[Variable, ...]")

_P = inspect.Parameter
_VARIADIC = (_P.VAR_POSITIONAL, _P.VAR_KEYWORD)

_LITERALS = (int, float, str)
"""The types of a variadic function's last input that mark it as a misplaced parameter
(exactly these: a bool, a numpy scalar or an array is a plausible input)."""

_MISSING: Any = object()
"""No argument given (a calling form's first input)."""

_stubs: dict[type[Function[Any]], Callable[..., Any]] = {}
"""The typed stub of each class that has one, so `F.<name>` shows its types and docstring."""


class _Shown(str):
    """A string annotation that `inspect` prints without quotes: `axis: int | None = None`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def _shown(sig: inspect.Signature) -> inspect.Signature:
    """`sig` with its string annotations (from `from __future__ import annotations`) unquoted."""

    def show(annotation: object) -> object:
        return _Shown(annotation) if isinstance(annotation, str) else annotation

    return sig.replace(
        parameters=[p.replace(annotation=show(p.annotation)) for p in sig.parameters.values()],
        return_annotation=show(sig.return_annotation),
    )


def _plain(sig: inspect.Signature) -> inspect.Signature:
    """`sig` without annotations: `sum(x, /, axis=None, keepdims=False)`, for messages."""
    return sig.replace(
        parameters=[p.replace(annotation=_P.empty) for p in sig.parameters.values()],
        return_annotation=inspect.Signature.empty,
    )


@dataclass(frozen=True)
class _Layout:
    """How a call's arguments map onto a class: which are inputs, which `__init__` takes."""

    inputs: tuple[str, ...]  # the fixed inputs of forward, in order
    required: int  # how many of them have no default (the rest are optional inputs)
    variadic: bool  # forward(self, *xs)
    positional: tuple[str, ...]  # __init__ parameters that may come positionally, in order
    required_positional: int  # how many of those have no default (always a prefix)
    params: frozenset[str]  # every named __init__ parameter
    required_params: frozenset[str]
    any_keyword: bool  # __init__(self, ..., **kwargs)
    signature: inspect.Signature  # the calling form, without annotations


def _layout(cls: type[Function[Any]]) -> _Layout:
    forward = list(inspect.signature(cls.forward).parameters.values())[1:]
    init = list(inspect.signature(cls.__init__).parameters.values())[1:]
    variadic = any(p.kind is _P.VAR_POSITIONAL for p in forward)
    fixed = [p for p in forward if p.kind not in _VARIADIC]
    named = [p for p in init if p.kind not in _VARIADIC]
    any_keyword = any(p.kind is _P.VAR_KEYWORD for p in init)
    # Inputs: required ones positional-only, optional ones (default None) also by keyword.
    parts = [
        _P(p.name, _P.POSITIONAL_ONLY)
        if p.default is _P.empty
        else _P(p.name, _P.POSITIONAL_OR_KEYWORD, default=None)
        for p in fixed
    ]
    if variadic:
        star = next(p for p in forward if p.kind is _P.VAR_POSITIONAL)
        parts.append(_P(star.name, _P.VAR_POSITIONAL))
    kind = _P.KEYWORD_ONLY if variadic else _P.POSITIONAL_OR_KEYWORD
    after = [
        _P(p.name, _P.KEYWORD_ONLY if p.kind is _P.KEYWORD_ONLY else kind, default=p.default)
        for p in named
    ]
    if any_keyword:
        after.append(_P("params", _P.VAR_KEYWORD))
    try:
        signature = inspect.Signature([*parts, *after])
    except ValueError:  # a required parameter after an optional input: keyword only
        after = [p.replace(kind=_P.KEYWORD_ONLY) if p.kind is kind else p for p in after]
        signature = inspect.Signature([*parts, *after])
    positional = [p for p in after if p.kind is _P.POSITIONAL_OR_KEYWORD]
    return _Layout(
        inputs=tuple(p.name for p in fixed),
        required=sum(p.default is _P.empty for p in fixed),
        variadic=variadic,
        positional=tuple(p.name for p in positional),
        required_positional=sum(p.default is _P.empty for p in positional),
        params=frozenset(p.name for p in named),
        required_params=frozenset(p.name for p in named if p.default is _P.empty),
        any_keyword=any_keyword,
        signature=signature,
    )


def caller(
    cls: type[Function[Any]], name: str, stub: Callable[..., Any] | None = None
) -> Callable[..., Any]:
    """`name(*inputs, *params)`: calls `cls(params)(*inputs)`, checking the arguments first.

    The common calls go straight to the class: exactly the inputs (`F.tanh(x)`), the inputs
    and keyword parameters (`F.sum(x, axis=0)`), the inputs and positional parameters
    (`F.sum(x, 0)`). Anything else is bound to the signature, and a call that does not fit
    raises TypeError naming the function with its signature. `stub` (the `typed` stub of
    the class, if any) gives the signature and docstring that `help` shows.
    """
    try:
        layout = _layout(cls)
    except ValueError:  # an input and a parameter of one name: no calling form but the old one
        return _fallback(cls, name)
    plain = layout.signature
    shown = plain
    if stub is not None:
        shown = _shown(inspect.signature(stub))
        kinds = [p.kind for p in shown.parameters.values()]
        if kinds == [p.kind for p in plain.parameters.values()]:
            plain = _plain(shown)  # bind by the stub's names (linear's W), as help shows
    described = f"{name}{_plain(shown)}"
    names = list(plain.parameters)
    n, need = len(layout.inputs), layout.required
    params, required_params, positional = layout.params, layout.required_params, layout.positional
    first, last = n + layout.required_positional, n + len(layout.positional)
    simple = not layout.variadic and need == n and not required_params
    keyword_only = sorted(
        (p.name for p in plain.parameters.values() if p.kind is _P.KEYWORD_ONLY),
        key=lambda key: plain.parameters[key].default is not _P.empty,  # required ones first
    )

    def misplaced(args: tuple[Any, ...], kwargs: dict[str, Any], cause: Exception) -> None:
        """For a call of a variadic function that failed: if its last input is a Python int,
        float or str, it was surely meant as a parameter (`F.concatenate(x, y, 1)`, with
        concatenate refusing a 0-d input): raise the TypeError that says so."""
        if not layout.variadic or len(args) <= max(n, 1) or type(args[-1]) not in _LITERALS:
            return
        value = args[-1]
        free = [key for key in keyword_only if key not in kwargs]
        given = ", ".join(f"{key}=" for key in kwargs)
        fix = f"pass {free[0]}={value!r}" if free else f"remove it ({given} given already)"
        raise TypeError(
            f"{described}: the parameters of a function with any number of inputs are "
            f"keyword-only, so the trailing {value!r} was taken as input {len(args) - 1}; "
            f"{fix}"
        ) from cause

    def bind(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """The slow path: any other spelling, checked against the signature."""
        unknown = sorted(set(kwargs) - set(plain.parameters)) if not layout.any_keyword else []
        if unknown:
            close = difflib.get_close_matches(unknown[0], list(plain.parameters), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise TypeError(f"{described}: unexpected keyword argument {unknown[0]!r}{hint}")
        try:
            bound = plain.bind(*args, **kwargs)
        except TypeError as exc:
            misplaced(args, kwargs, exc)
            raise TypeError(f"{described}: {exc}") from None
        values = dict(bound.arguments)
        inputs = [values.pop(i, None) for i in names[:n]]
        while len(inputs) > need and inputs[-1] is None:  # an optional input left out
            inputs.pop()
        for key, value in plain.parameters.items():
            if value.kind is _P.VAR_POSITIONAL:
                inputs.extend(values.pop(key, ()))
            elif value.kind is _P.VAR_KEYWORD:
                values.update(values.pop(key, {}))
        if not layout.variadic:
            return cls(**values)(*inputs)
        try:
            return cls(**values)(*inputs)
        except Exception as exc:
            misplaced(args, kwargs, exc)
            raise

    def mixed(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Parameters partly positional, partly by keyword: `F.sum(x, 0, keepdims=True)`."""
        given = positional[: len(args) - n]
        if (
            kwargs.keys() <= params
            and kwargs.keys().isdisjoint(given)
            and required_params <= kwargs.keys() | set(given)
        ):
            return cls(*args[n:], **kwargs)(*args[:n])
        return bind(args, kwargs)

    if simple and n == 1 and not params and not layout.any_keyword:  # tanh, exp: the most called

        def call(x: Any = _MISSING, /, *args: Any, **kwargs: Any) -> Any:
            if x is not _MISSING and not args and not kwargs:
                return cls()(x)
            return bind(args if x is _MISSING else (x, *args), kwargs)

    elif simple:

        def call(*args: Any, **kwargs: Any) -> Any:
            if len(args) == n:
                if not kwargs:
                    return cls()(*args)
                if kwargs.keys() <= params:
                    return cls(**kwargs)(*args)
            elif n < len(args) <= last:
                if not kwargs:
                    return cls(*args[n:])(*args[:n])
                return mixed(args, kwargs)
            return bind(args, kwargs)

    elif not layout.variadic and need == n:  # required parameters (clip, pow, reshape)

        def call(*args: Any, **kwargs: Any) -> Any:
            if len(args) == n:
                if kwargs.keys() <= params and required_params <= kwargs.keys():
                    return cls(**kwargs)(*args)
            elif n < len(args) <= last:
                if not kwargs and len(args) >= first:
                    return cls(*args[n:])(*args[:n])
                return mixed(args, kwargs)
            return bind(args, kwargs)

    elif layout.variadic and need == 0 == n:  # concatenate(*xs, axis=0)

        def call(*args: Any, **kwargs: Any) -> Any:
            if kwargs.keys() <= params and required_params <= kwargs.keys():
                try:  # free unless it raises
                    return cls(**kwargs)(*args)
                except Exception as exc:
                    misplaced(args, kwargs, exc)
                    raise
            return bind(args, kwargs)

    else:  # optional inputs (linear's b) and the rare rest: always bound

        def call(*args: Any, **kwargs: Any) -> Any:
            if not kwargs and not required_params and need <= len(args) <= n:
                if len(args) == need or args[-1] is not None:
                    return cls()(*args)
            return bind(args, kwargs)

    return _named(call, name, cls, stub, shown)


def _named(
    call: Callable[..., Any],
    name: str,
    cls: type[Function[Any]],
    stub: Callable[..., Any] | None,
    signature: inspect.Signature,
) -> Callable[..., Any]:
    call.__name__ = call.__qualname__ = name
    doc = stub.__doc__ if stub is not None else None
    call.__doc__ = doc or cls.__doc__
    if stub is not None:
        call.__module__ = stub.__module__
        call.__wrapped__ = stub  # type: ignore[attr-defined]  # as functools.wraps does
    call.__signature__ = signature  # type: ignore[attr-defined]  # what inspect and help show
    return call


def _fallback(cls: type[Function[Any]], name: str) -> Callable[..., Any]:
    def call(*inputs: Any, **params: Any) -> Any:
        return cls(**params)(*inputs)

    return _named(call, name, cls, None, inspect.signature(call))


def typed(cls: type[Function[Any]]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a typed stub so that calling it calls `cls`; see the module docstring."""

    def bind(stub: Callable[P, R]) -> Callable[P, R]:
        _stubs[cls] = stub
        call: Callable[P, R] = caller(cls, stub.__name__, stub)
        return call

    return bind


def stub_of(cls: type[Function[Any]]) -> Callable[..., Any] | None:
    """The typed stub of `cls`, if its plugin made one with `typed`."""
    return _stubs.get(cls)


def _multi_output(cls: type[Function[Any]]) -> bool | None:
    """Whether `forward` returns a tuple of arrays, if its annotation says so clearly."""
    try:
        hint = typing.get_type_hints(cls.forward).get("return")
    except Exception:  # annotations naming what only a type checker imports: unknown
        return None
    if hint is None:
        return None
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and any(
        typing.get_origin(h) is tuple for h in typing.get_args(hint)
    ):
        return None  # `Array | tuple[Array, ...]`: either
    return typing.get_origin(hint) is tuple


def _returns_tuple(stub: Callable[..., Any]) -> bool | None:
    annotation = inspect.signature(stub).return_annotation
    if annotation is inspect.Signature.empty:
        return None
    if isinstance(annotation, str):
        return annotation.replace(" ", "").startswith("tuple[")
    return typing.get_origin(annotation) is tuple


def check_signature(stub: Callable[..., Any], cls: type[Function[Any]]) -> list[str]:
    """Where `stub` disagrees with `cls`; [] if nowhere.

    Checked against the calling form `F.<name>` has at run time: the inputs (positional-only;
    an optional input after the `/` under its own name with default None; `*xs` for any
    number), the parameters' names, order, defaults and kinds (positional-or-keyword, or
    keyword-only after `*xs`), and a tuple result exactly when `forward` is annotated to
    return a tuple.
    """
    try:
        layout = _layout(cls)
    except ValueError as exc:
        return [f"{cls.__name__} has no calling form: {exc}"]
    want = [p for p in layout.signature.parameters.values() if p.kind is not _P.VAR_KEYWORD]
    got = [p for p in inspect.signature(stub).parameters.values() if p.kind is not _P.VAR_KEYWORD]
    count = len(layout.inputs) + layout.variadic

    def inputs(ps: list[inspect.Parameter]) -> list[tuple[Any, ...]]:
        return [
            (p.kind, p.name, p.default) if p.kind is _P.POSITIONAL_OR_KEYWORD else (p.kind,)
            for p in ps
        ]

    problems: list[str] = []
    if inputs(got[:count]) != inputs(want[:count]):
        problems.append(
            f"inputs: the stub starts {_plain(inspect.Signature(got[:count]))}, "
            f"{cls.__name__}.forward takes {inspect.Signature(want[:count])}"
        )
        return problems
    got, want = got[count:], want[count:]
    if [p.name for p in got] != [p.name for p in want]:
        problems.append(
            f"parameters: the stub has {[p.name for p in got]}, {cls.__name__}.__init__ "
            f"has {[p.name for p in want]}"
        )
    else:
        for g, w in zip(got, want, strict=True):
            if g.default is not w.default and g.default != w.default:
                problems.append(
                    f"parameter {g.name!r}: default {g.default!r} in the stub, "
                    f"{w.default!r} in the class"
                )
            if g.kind is not w.kind:
                problems.append(
                    f"parameter {g.name!r}: {g.kind.description} in the stub, "
                    f"{w.kind.description} at run time"
                )
    multi, returns_tuple = _multi_output(cls), _returns_tuple(stub)
    if returns_tuple is None:
        problems.append("the stub has no return annotation (Variable, or a tuple of them)")
    elif multi is not None and multi != returns_tuple:
        result = "a tuple of Variables" if multi else "Variable"
        problems.append(f"the stub's result must be {result}, as {cls.__name__}.forward returns")
    return problems
