"""Derivatives of functions, as `torch.autograd.functional`: vjp, jvp, jacobian, hessian, ...

Each takes a function `f` and the point `inputs` (an ndarray, a Variable, or a tuple of
them; `f` is called as `f(*inputs)`) and returns Variables shaped as PyTorch's results for
the same call: for one input and one output a single Variable, for several a tuple (the
Jacobian of output i with respect to input j is `J[i][j]`, of shape
`outputs[i].shape + inputs[j].shape`).

Everything is built on `autograd_core.grad`: a Jacobian is one backward pass per output
element (or per input element, when there are fewer), a Hessian the Jacobian of the
gradient, and `jvp` is reverse mode applied twice (the vjp of the vjp), so no function needs
a forward-mode rule. The point is copied into fresh Variables, so no `.grad` of the
caller's Variables is touched. With `create_graph=False` every result is detached (no
creator). With `create_graph=True` the results are recorded, and differentiable with
respect to the caller's Variables (inputs and `v`), as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias, overload

import numpy as np

from autograd_core._core.arithmetic import Copy
from autograd_core._core.config import enable_grad
from autograd_core._core.engine import grad
from autograd_core._core.function import Function
from autograd_core._core.variable import Variable
from autograd_core._typing import Array, Shape

__all__ = ["hessian", "hvp", "jacobian", "jvp", "value_and_grad", "vhp", "vjp"]

Point: TypeAlias = Variable | Array
"""One input of `f`: a Variable or an ndarray of a floating dtype."""

Points: TypeAlias = tuple[Point, ...]
"""Several inputs of `f`, called as `f(*inputs)`."""

Vectors: TypeAlias = Point | Sequence[Point]
"""`v`: shaped as the outputs (vjp) or the inputs (jvp, hvp, vhp), a tuple for several."""

Fn1: TypeAlias = Callable[[Variable], Variable]
FnN: TypeAlias = Callable[..., Variable]
Fn1T: TypeAlias = Callable[[Variable], tuple[Variable, ...]]
FnNT: TypeAlias = Callable[..., tuple[Variable, ...]]


# --- checking and preparing the arguments -----------------------------------------------


def _points(fn: str, inputs: object) -> tuple[bool, list[Point]]:
    """Whether `inputs` is a tuple, and its items; TypeError naming what is not allowed."""
    is_tuple = isinstance(inputs, tuple)
    items: list[object] = list(inputs) if isinstance(inputs, tuple) else [inputs]
    if is_tuple and not items:
        raise ValueError(f"{fn}: inputs is an empty tuple; give at least one input")
    out: list[Point] = []
    for i, x in enumerate(items):
        label = f"inputs[{i}]" if is_tuple else "inputs"
        if not isinstance(x, Variable | np.ndarray):
            hint = ""
            if isinstance(x, list):
                hint = "; give an ndarray (np.array(...)), or a tuple for several inputs"
            elif isinstance(x, int | float | np.generic):
                hint = f"; wrap it first, e.g. np.array({x!r})"
            raise TypeError(
                f"{fn}: {label} must be a numpy.ndarray, a Variable or a tuple of them, "
                f"got {type(x).__name__}{hint}"
            )
        dtype = x.dtype
        if dtype.kind != "f":
            raise TypeError(
                f"{fn}: {label} must have a floating dtype to be differentiated, got dtype "
                f"{dtype} (shape {x.shape}); convert it, e.g. x.astype(np.float64)"
            )
        out.append(x)
    return is_tuple, out


def _leaf(x: Point, create_graph: bool) -> Variable:
    """A Variable standing for `x` inside the computation.

    A fresh copy that requires a gradient; with `create_graph` and a Variable `x`, a recorded
    identity of it instead, so that results stay differentiable with respect to `x`.
    """
    if isinstance(x, Variable):
        if create_graph and getattr(x, "requires_grad", True):
            with enable_grad():
                return Copy()(x)
        x = x.data
    return Variable(np.array(x, copy=True))


def _call(fn: str, f: Callable[..., object], xs: list[Variable]) -> tuple[bool, list[Variable]]:
    """Run `f(*xs)` recording the graph: whether it returned a tuple, and its outputs."""
    if not callable(f):
        raise TypeError(f"{fn}: f must be callable, got {type(f).__name__}")
    with enable_grad():
        result = f(*xs)
    is_tuple = isinstance(result, tuple)
    items: list[object] = list(result) if isinstance(result, tuple) else [result]
    outs: list[Variable] = []
    for i, y in enumerate(items):
        if not isinstance(y, Variable):
            where = f"output {i} of f is" if is_tuple else "f returned"
            hint = ""
            if isinstance(y, np.ndarray | np.generic | float | int):
                hint = " (compute it with Variable operations so that it can be differentiated)"
            raise TypeError(
                f"{fn}: f must return a Variable or a tuple of Variables; {where} "
                f"{type(y).__name__}{hint}"
            )
        outs.append(y)
    if is_tuple and not outs:
        raise ValueError(f"{fn}: f returned an empty tuple; it must return Variables")
    return is_tuple, outs


def _scalar_output(fn: str, is_tuple: bool, outs: list[Variable]) -> Variable:
    """The only output of a function that must return one single-element Variable."""
    if is_tuple or outs[0].size != 1:
        got = (
            f"a tuple of {len(outs)} Variables"
            if is_tuple
            else f"a Variable of shape {outs[0].shape}"
        )
        raise ValueError(f"{fn}: f must return a single Variable with one element, got {got}")
    return outs[0]


def _vectors(
    fn: str, v: object, like: list[Variable], is_tuple: bool, what: str
) -> list[Variable | Array]:
    """`v` checked against the shapes of `like` (the outputs or the inputs, called `what`)."""
    if is_tuple:
        if not isinstance(v, tuple | list):
            raise TypeError(
                f"{fn}: v must be a tuple of {len(like)} arrays, one per {what[:-1]}, "
                f"as the {what} are a tuple; got {type(v).__name__}"
            )
        items = list(v)
        if len(items) != len(like):
            raise ValueError(f"{fn}: v has {len(items)} entries but there are {len(like)} {what}")
    else:  # a tuple of one, as PyTorch takes it, or the array itself
        items = list(v) if isinstance(v, tuple) and len(v) == 1 else [v]
    out: list[Variable | Array] = []
    for i, (vi, ref) in enumerate(zip(items, like, strict=True)):
        label = f"v[{i}]" if is_tuple else "v"
        ref_label = f"{what}[{i}]" if is_tuple else what
        if not isinstance(vi, Variable | np.ndarray):
            raise TypeError(
                f"{fn}: {label} must be a numpy.ndarray or a Variable of shape {ref.shape} "
                f"(the shape of {ref_label}), got {type(vi).__name__}"
            )
        if vi.shape != ref.shape:
            raise ValueError(
                f"{fn}: {label} has shape {vi.shape} but {ref_label} has shape {ref.shape}"
            )
        if vi.dtype.kind not in "iuf":
            raise TypeError(f"{fn}: {label} must have a numeric dtype, got {vi.dtype}")
        out.append(vi)
    return out


def _default_v(fn: str, like: list[Variable], what: str) -> list[Variable | Array]:
    """Ones for `v=None`, allowed (as in PyTorch) only when `like` holds a single element."""
    if len(like) != 1 or like[0].size != 1:
        shapes = ", ".join(str(x.shape) for x in like)
        raise ValueError(
            f"{fn}: v may be omitted only when the {what} are a single element; "
            f"the {what} have shape(s) {shapes}"
        )
    return [np.ones_like(like[0].data)]


def _result(vs: list[Variable], create_graph: bool) -> list[Variable]:
    """`vs` as handed to the caller: detached (new Variables, no creator) unless recording."""
    return vs if create_graph else [Variable(v.data) for v in vs]


def _pack(is_tuple: bool, vs: Sequence[Any]) -> Any:
    return tuple(vs) if is_tuple else vs[0]


# --- stacking rows of a Jacobian, differentiably (create_graph=True) ---------------------


class _Stack(Function):
    """`k` arrays of one shape stacked into `shape` (whose size is `k` times theirs)."""

    def __init__(self, shape: Shape) -> None:
        super().__init__()
        self.shape = shape

    def forward(self, *rows: Array) -> Array:
        return np.stack(rows).reshape(self.shape)

    def backward(self, gy: Variable) -> tuple[Variable, ...]:
        row = self.inputs[0].shape
        return tuple(_Take(i, len(self.inputs), row)(gy) for i in range(len(self.inputs)))


class _Take(Function):
    """Row `i` of `k` equal rows of shape `row` (the inverse of `_Stack`)."""

    def __init__(self, i: int, k: int, row: Shape) -> None:
        super().__init__()
        self.i, self.k, self.row = i, k, row

    def forward(self, y: Array) -> Array:
        row: Array = np.reshape(y, (self.k, *self.row))[self.i].copy()
        return row

    def backward(self, g: Variable) -> Variable:
        (y,) = self.inputs
        zeros = Variable(np.zeros(self.row, dtype=g.dtype))
        rows = [g if j == self.i else zeros for j in range(self.k)]
        return _Stack(y.shape)(*rows)


def _stack(rows: list[Variable], shape: Shape, create_graph: bool) -> Variable:
    """The rows (at least one, each of one input's shape) as one Variable of `shape`."""
    if create_graph:
        return _Stack(shape)(*rows)
    return Variable(np.stack([r.data for r in rows]).reshape(shape))


# --- the engine of the Jacobians -------------------------------------------------------


def _jacobian_blocks(
    outs: list[Variable], xs: list[Variable], create_graph: bool
) -> list[list[Variable]]:
    """`J[i][j]` of shape `outs[i].shape + xs[j].shape`: one backward pass per output element.

    Each pass seeds one element of one output with 1 (a one-hot cotangent), so its
    gradients are one row of every block `J[i][...]`. A tall Jacobian (fewer input elements
    than output elements) is built column by column instead, unless it must be recorded.
    """
    if not create_graph and sum(x.size for x in xs) < sum(y.size for y in outs):
        return _jacobian_columns(outs, xs)
    blocks: list[list[Variable]] = []
    for y in outs:
        rows: list[list[Variable]] = [[] for _ in xs]
        seed_dtype = y.dtype if y.dtype.kind == "f" else np.dtype(np.float64)
        for k in range(y.size):
            onehot = np.zeros(y.size, dtype=seed_dtype)
            onehot[k] = 1
            gs = grad(y, xs, grad_outputs=onehot.reshape(y.shape), create_graph=create_graph)
            for j, g in enumerate(gs):
                rows[j].append(g)
        blocks.append(
            [
                _stack(rows[j], (*y.shape, *x.shape), create_graph)
                if y.size
                else Variable(np.zeros((*y.shape, *x.shape), dtype=x.dtype))
                for j, x in enumerate(xs)
            ]
        )
    return blocks


def _jacobian_columns(outs: list[Variable], xs: list[Variable]) -> list[list[Variable]]:
    """`J[i][j]` by one pass per input element, over the graph of `u -> J^T u`.

    `J^T u` is linear in the dummy cotangent `u`, so its gradient with respect to `u`,
    seeded with the one-hot vector of an input element, is that element's column `J e`
    (forward mode emulated by reverse mode twice, as `jvp`).
    """
    us = [Variable(np.zeros(y.shape, y.dtype if y.dtype.kind == "f" else np.float64)) for y in outs]
    with enable_grad():
        gs = grad(outs, xs, grad_outputs=us, create_graph=True)
    blocks: list[list[Variable]] = [[] for _ in outs]
    for x, g in zip(xs, gs, strict=True):
        columns: list[list[Array]] = [[] for _ in outs]
        for k in range(x.size):
            onehot = np.zeros(x.size, dtype=g.dtype)
            onehot[k] = 1
            for i, c in enumerate(grad(g, us, grad_outputs=onehot.reshape(x.shape))):
                columns[i].append(c.data)
        for i, y in enumerate(outs):
            shape = (*y.shape, *x.shape)
            if x.size:
                block = np.stack(columns[i], axis=-1).reshape(shape).astype(x.dtype, copy=False)
            else:
                block = np.zeros(shape, dtype=x.dtype)
            blocks[i].append(Variable(block))
    return blocks


# --- the public functions ----------------------------------------------------------------


@overload
def vjp(
    f: Fn1, inputs: Point, v: Vectors | None = None, create_graph: bool = False
) -> tuple[Variable, Variable]: ...
@overload
def vjp(
    f: Fn1T, inputs: Point, v: Vectors | None = None, create_graph: bool = False
) -> tuple[tuple[Variable, ...], Variable]: ...
@overload
def vjp(
    f: FnN, inputs: Points, v: Vectors | None = None, create_graph: bool = False
) -> tuple[Variable, tuple[Variable, ...]]: ...
@overload
def vjp(
    f: FnNT, inputs: Points, v: Vectors | None = None, create_graph: bool = False
) -> tuple[tuple[Variable, ...], tuple[Variable, ...]]: ...
def vjp(
    f: Callable[..., Any],
    inputs: Point | Points,
    v: Vectors | None = None,
    create_graph: bool = False,
) -> tuple[Any, Any]:
    """`(f(inputs), v^T J)`: the vector-Jacobian product, shaped as the inputs.

    `v` has the outputs' shapes (a tuple for several outputs); it may be None when `f`
    returns a single element, as in PyTorch.
    """
    in_tuple, points = _points("vjp", inputs)
    xs = [_leaf(p, create_graph) for p in points]
    out_tuple, outs = _call("vjp", f, xs)
    vs = (
        _default_v("vjp", outs, "outputs")
        if v is None
        else _vectors("vjp", v, outs, out_tuple, "outputs")
    )
    gs = list(grad(outs, xs, grad_outputs=vs, create_graph=create_graph))
    return _pack(out_tuple, _result(outs, create_graph)), _pack(in_tuple, gs)


@overload
def jvp(
    f: Fn1, inputs: Point, v: Vectors | None = None, create_graph: bool = False
) -> tuple[Variable, Variable]: ...
@overload
def jvp(
    f: Fn1T, inputs: Point, v: Vectors | None = None, create_graph: bool = False
) -> tuple[tuple[Variable, ...], tuple[Variable, ...]]: ...
@overload
def jvp(
    f: FnN, inputs: Points, v: Vectors | None = None, create_graph: bool = False
) -> tuple[Variable, Variable]: ...
@overload
def jvp(
    f: FnNT, inputs: Points, v: Vectors | None = None, create_graph: bool = False
) -> tuple[tuple[Variable, ...], tuple[Variable, ...]]: ...
def jvp(
    f: Callable[..., Any],
    inputs: Point | Points,
    v: Vectors | None = None,
    create_graph: bool = False,
) -> tuple[Any, Any]:
    """`(f(inputs), J v)`: the Jacobian-vector product, shaped as the outputs.

    Reverse mode twice: `u -> J^T u` is linear in a dummy cotangent `u`, and its vjp with
    `v` is `J v`. `v` has the inputs' shapes; it may be None for a single-element input.
    """
    in_tuple, points = _points("jvp", inputs)
    xs = [_leaf(p, create_graph) for p in points]
    out_tuple, outs = _call("jvp", f, xs)
    vs = (
        _default_v("jvp", xs, "inputs") if v is None else _vectors("jvp", v, xs, in_tuple, "inputs")
    )
    us = [Variable(np.zeros(y.shape, y.dtype if y.dtype.kind == "f" else np.float64)) for y in outs]
    with enable_grad():
        gs = grad(outs, xs, grad_outputs=us, create_graph=True)  # J^T u, recorded
    js = list(grad(list(gs), us, grad_outputs=vs, create_graph=create_graph))
    return _pack(out_tuple, _result(outs, create_graph)), _pack(out_tuple, js)


@overload
def jacobian(f: Fn1, inputs: Point, *, create_graph: bool = False) -> Variable: ...
@overload
def jacobian(f: Fn1T, inputs: Point, *, create_graph: bool = False) -> tuple[Variable, ...]: ...
@overload
def jacobian(f: FnN, inputs: Points, *, create_graph: bool = False) -> tuple[Variable, ...]: ...
@overload
def jacobian(
    f: FnNT, inputs: Points, *, create_graph: bool = False
) -> tuple[tuple[Variable, ...], ...]: ...
def jacobian(f: Callable[..., Any], inputs: Point | Points, *, create_graph: bool = False) -> Any:
    """The Jacobian of `f` at `inputs`, of shape `output.shape + input.shape`.

    One input and one output: a Variable. Several inputs or several outputs: a tuple over
    the one that is several. Both: `J[i][j]` for output i and input j, as in PyTorch.
    """
    in_tuple, points = _points("jacobian", inputs)
    xs = [_leaf(p, create_graph) for p in points]
    out_tuple, outs = _call("jacobian", f, xs)
    blocks = _jacobian_blocks(outs, xs, create_graph)
    per_output = [_pack(in_tuple, row) for row in blocks]
    return _pack(out_tuple, per_output)


@overload
def hessian(f: Fn1, inputs: Point, *, create_graph: bool = False) -> Variable: ...
@overload
def hessian(
    f: FnN, inputs: Points, *, create_graph: bool = False
) -> tuple[tuple[Variable, ...], ...]: ...
def hessian(f: Callable[..., Any], inputs: Point | Points, *, create_graph: bool = False) -> Any:
    """The Hessian of a single-element `f`: shape `input.shape + input.shape`.

    For several inputs `H[i][j]`, the block of inputs i and j, as in PyTorch. Computed as the
    Jacobian of the gradient (one backward pass per input element, over the gradient's graph).
    """
    in_tuple, points = _points("hessian", inputs)
    xs = [_leaf(p, create_graph) for p in points]
    y = _scalar_output("hessian", *_call("hessian", f, xs))
    with enable_grad():
        gs = list(grad(y, xs, create_graph=True))
    blocks = _jacobian_blocks(gs, xs, create_graph)  # y's own shape drops out, as in PyTorch
    return _pack(in_tuple, [_pack(in_tuple, row) for row in blocks])


@overload
def vhp(
    f: Fn1, inputs: Point, v: Vectors | None = None, create_graph: bool = False
) -> tuple[Variable, Variable]: ...
@overload
def vhp(
    f: FnN, inputs: Points, v: Vectors | None = None, create_graph: bool = False
) -> tuple[Variable, tuple[Variable, ...]]: ...
def vhp(
    f: Callable[..., Any],
    inputs: Point | Points,
    v: Vectors | None = None,
    create_graph: bool = False,
) -> tuple[Variable, Any]:
    """`(f(inputs), v^T H)` for a single-element `f`; shaped as the inputs."""
    return _hessian_product("vhp", f, inputs, v, create_graph)


@overload
def hvp(
    f: Fn1, inputs: Point, v: Vectors | None = None, create_graph: bool = False
) -> tuple[Variable, Variable]: ...
@overload
def hvp(
    f: FnN, inputs: Points, v: Vectors | None = None, create_graph: bool = False
) -> tuple[Variable, tuple[Variable, ...]]: ...
def hvp(
    f: Callable[..., Any],
    inputs: Point | Points,
    v: Vectors | None = None,
    create_graph: bool = False,
) -> tuple[Variable, Any]:
    """`(f(inputs), H v)` for a single-element `f`; shaped as the inputs.

    The Hessian of a twice continuously differentiable function is symmetric, so `H v` is
    `v^T H`, computed by one backward pass over the gradient's graph (as `vhp`).
    """
    return _hessian_product("hvp", f, inputs, v, create_graph)


def _hessian_product(
    fn: str,
    f: Callable[..., Any],
    inputs: Point | Points,
    v: Vectors | None,
    create_graph: bool,
) -> tuple[Variable, Any]:
    in_tuple, points = _points(fn, inputs)
    xs = [_leaf(p, create_graph) for p in points]
    y = _scalar_output(fn, *_call(fn, f, xs))
    vs = _default_v(fn, xs, "inputs") if v is None else _vectors(fn, v, xs, in_tuple, "inputs")
    with enable_grad():
        gs = list(grad(y, xs, create_graph=True))
    hs = list(grad(gs, xs, grad_outputs=vs, create_graph=create_graph))
    (value,) = _result([y], create_graph)
    return value, _pack(in_tuple, hs)


@overload
def value_and_grad(
    f: Fn1, inputs: Point, *, create_graph: bool = False
) -> tuple[Variable, Variable]: ...
@overload
def value_and_grad(
    f: FnN, inputs: Points, *, create_graph: bool = False
) -> tuple[Variable, tuple[Variable, ...]]: ...
def value_and_grad(
    f: Callable[..., Any], inputs: Point | Points, *, create_graph: bool = False
) -> tuple[Variable, Any]:
    """`(f(inputs), gradient)` for a single-element `f`; the gradient shaped as the inputs.

    One forward and one backward pass (JAX's `value_and_grad`, `torch.func.grad_and_value`
    with the pair in this order).
    """
    in_tuple, points = _points("value_and_grad", inputs)
    xs = [_leaf(p, create_graph) for p in points]
    y = _scalar_output("value_and_grad", *_call("value_and_grad", f, xs))
    gs = list(grad(y, xs, create_graph=create_graph))
    (value,) = _result([y], create_graph)
    return value, _pack(in_tuple, gs)
