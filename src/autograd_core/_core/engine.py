"""The backward engine: one iterative loop over the graph, in reverse topological order.

`propagate` is the loop. It never recurses, so a chain of 100,000 functions works at
Python's default recursion limit. Functions are taken from a heap by generation (a
function's generation is the largest of its inputs'), so every function runs once, after
every function that consumed its outputs; while only one function is pending (a plain
chain), the next one is taken directly, without the heap.

Only what needs a gradient is visited: a call is recorded only when one of its inputs
requires a gradient (constants do not), the engine follows only the inputs whose
`needs_input_grad` is set; `grad()` runs only the functions that lead to the inputs it
is asked for (a constant among them included). Each gradient is checked (count, type,
shape) and cast to its input's floating dtype; one that is an input of the function is
copied first, so that no Variable becomes its own gradient. Gradients are summed as
`old + new`, never in place, and are written to `.grad` only once the whole pass has
succeeded (a backward that raises leaves every `.grad` as it was), under one lock, so
passes from several threads into shared leaves lose no update.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeAlias

import numpy as np

from autograd_core._core.arithmetic import Cast, Copy
from autograd_core._core.config import _enabled as _grad_mode
from autograd_core._core.config import enable_grad, no_grad
from autograd_core._core.errors import BackwardError
from autograd_core._core.function import Function, describe
from autograd_core._core.variable import Variable, _new, check_array

_write_lock: Final = threading.Lock()
"""Serialises the write phase of `backward`: the `.grad` of shared leaves from several threads."""


_Node: TypeAlias = Function[Any] | Variable
"""A recorded call, as the engine sees it: its Function, or, for a core operator's call kept
in its output (see `arithmetic._Binary`), that output Variable."""


def propagate(
    outputs: Sequence[Variable],
    seeds: list[Variable],
    *,
    create_graph: bool,
    keep: Callable[[Variable], bool] | None = None,
    only: tuple[set[Variable], set[_Node]] | None = None,
) -> dict[Variable, Variable]:
    """Run the backward pass from `outputs` seeded with `seeds` (the list is emptied, so the
    seeds are freed as soon as they are used).

    Returns the gradient of every leaf reached (a variable without creator), and of every
    other variable for which `keep(variable)` is true. `only=(wanted, useful)` (from `grad`)
    restricts the pass to the nodes in `useful`, those that lead to a Variable in
    `wanted`, and differentiates each input in `wanted` or made by a useful node,
    whether or not it requires a gradient.
    """
    grads: dict[Variable, Variable] = {}
    kept: dict[Variable, Variable] = {}
    heap: list[tuple[int, int, _Node]] = []  # (-generation, arrival, node)
    # The nodes in the heap, each once; one leaves when it is taken (every consumer of its
    # outputs has a higher generation, so it has run already and cannot bring it back).
    # The node taken next without the heap (`pending`) is in neither.
    seen: set[_Node] = set()
    arrival = 0  # ties in the heap are taken in order of arrival

    mode = _grad_mode.set(create_graph)  # what `with enable_grad()/no_grad()` does, cheaper
    try:
        if len(seeds) != len(outputs):
            raise ValueError(f"{len(seeds)} seeds for {len(outputs)} outputs")
        for i, out in enumerate(outputs):
            grads[out] = seeds[i] if out not in grads else grads[out] + seeds[i]
            node = _node(out)
            if node is not None and node not in seen:
                seen.add(node)
                arrival += 1
                heapq.heappush(heap, (-_generation(node), arrival, node))
        seeds.clear()

        node = heapq.heappop(heap)[2] if heap else None
        seen.discard(node)  # (None was never added: a no-op)
        while node is not None:
            op = None
            if isinstance(node, Variable):  # a core operator's call, kept in its output
                y: Variable | None = node
                op = node._op
                assert op is not None
                inputs: tuple[Variable, ...] = (node._x0, node._x1)
                needs: tuple[bool, ...] = node._needs
            else:
                fn = node
                inputs = fn.inputs
                needs = fn.needs_input_grad
                ref = fn._out  # one output's weak reference, or a tuple of them
                # one output: alive, since what consumed it holds it
                y = None if isinstance(ref, tuple) else ref()
            if y is not None:
                g = grads.pop(y, None)
                if g is None:
                    g = _new(np.zeros_like(y._data), False)  # (as PyTorch)
                elif keep is not None and keep(y):
                    kept[y] = g
                gy: Variable = g
                gys: tuple[Variable, ...] | None = None
            else:
                gys = _output_grads(fn, grads, kept, keep)

            if only is not None:  # grad(): what leads to the inputs asked for, this call only
                wanted, useful = only
                needs = tuple([x in wanted or _node(x) in useful for x in inputs])
            try:
                if op is not None:
                    raw: object = op.gradients(gy, inputs[0], inputs[1], needs[0], needs[1])
                elif only is None:
                    raw = fn.backward(gy) if gys is None else fn.backward(*gys)
                else:
                    recorded, fn.needs_input_grad = fn.needs_input_grad, needs
                    try:
                        raw = fn.backward(gy) if gys is None else fn.backward(*gys)
                    finally:
                        fn.needs_input_grad = recorded
            except Exception as exc:
                exc.add_note(f"while running {_describe(node)}.backward")
                raise

            if type(raw) is Variable and len(inputs) == 1 and needs[0] and not heap and not only:
                # A plain chain: one input, one gradient and nothing else pending, so the
                # input's node runs next. The same checks as below, for one gradient.
                x = inputs[0]
                data = raw._data
                if data.shape != x._data.shape or data.dtype is not x._data.dtype or raw is x:
                    raw = _checked(node, inputs, 0, raw, x)  # raises, casts or copies
                old = grads.get(x)
                grads[x] = raw if old is None else old + raw
                node = x if x._op is not None else x._creator  # `_node(x)`, written out
                continue

            gxs: tuple[object, ...] = raw if isinstance(raw, tuple) else (raw,)
            n = len(inputs)
            if len(gxs) != n:
                raise BackwardError(
                    f"{_describe(node)}.backward returned {len(gxs)} gradient(s) "
                    f"for {n} input(s)"
                )
            pending = None  # the next node, while it is the only one pending
            for i, gx in enumerate(gxs):
                if gx is None or not needs[i]:
                    continue
                x = inputs[i]
                if (
                    type(gx) is not Variable
                    or gx._data.shape != x._data.shape
                    or gx._data.dtype is not x._data.dtype
                    or gx is x  # `gx in inputs`, by identity, without calling __eq__
                    or (n == 2 and gx is inputs[1 - i])
                    or (n > 2 and gx in inputs)
                ):
                    gx = _checked(node, inputs, i, gx, x)  # raises, casts or copies
                old = grads.get(x)
                grads[x] = gx if old is None else old + gx
                # x's node (`_node(x)`, written out): its operator call, or its creator
                creator: _Node | None = x if x._op is not None else x._creator
                if creator is not None and creator is not pending and creator not in seen:
                    if only is not None and creator not in only[1]:
                        continue
                    if pending is None and not heap:  # a plain chain: no heap, no set
                        pending = creator
                    else:
                        if pending is not None:
                            seen.add(pending)
                            heapq.heappush(heap, (-_generation(pending), -arrival, pending))
                            pending = None
                        seen.add(creator)
                        arrival += 1
                        heapq.heappush(heap, (-_generation(creator), arrival, creator))
            if pending is not None:
                node = pending
            elif heap:
                node = heapq.heappop(heap)[2]
                seen.discard(node)
            else:
                node = None
    finally:
        _grad_mode.reset(mode)

    kept.update(grads)  # what is left has no creator (or one recorded under no_grad)
    return kept


def _node(x: Variable) -> _Node | None:
    """The call that made `x`: its operator call kept in `x`, or its creator (None: a leaf)."""
    return x if x._op is not None else x._creator


def _generation(node: _Node) -> int:
    # an operator's output is one generation above its call, as for every Function
    return node.generation - 1 if isinstance(node, Variable) else node.generation


def _inputs(node: _Node) -> tuple[Variable, ...]:
    return (node._x0, node._x1) if isinstance(node, Variable) else node.inputs


def _describe(node: _Node) -> str:
    fn = node.creator if isinstance(node, Variable) else node  # (made for the message)
    assert fn is not None
    return describe(fn)


def _checked(
    node: _Node, inputs: tuple[Variable, ...], index: int, gx: object, x: Variable
) -> Variable:
    """`gx` as the gradient of input `index`: a Variable of `x`'s shape, cast to `x`'s
    floating dtype, copied if it is one of the `inputs`; else a BackwardError naming `node`."""
    who = _describe(node)
    if not isinstance(gx, Variable):
        raise BackwardError(
            f"{who}.backward returned {type(gx).__name__} for input {index}; "
            "expected a Variable or None"
        )
    if gx.shape != x.shape:
        raise BackwardError(
            f"{who}.backward returned a gradient of shape {gx.shape} "
            f"for input {index} of shape {x.shape}"
        )
    if gx.dtype != x.dtype:
        gx = _cast(who, index, gx, x.dtype)
    if gx in inputs:  # identity: never let a Variable become its own gradient
        gx = Copy()(gx)
    return gx


def _leading_to(outputs: Sequence[Variable], wanted: set[Variable]) -> set[_Node]:
    """The nodes of the graph of `outputs` from which a Variable in `wanted` is reached
    (through their inputs): all that a pass for `grad` needs to run. Iterative, post-order."""
    useful: set[_Node] = set()
    done: dict[_Node, bool] = {}  # False while its inputs' nodes are visited
    stack = [node for node in map(_node, outputs) if node is not None]
    while stack:
        node = stack[-1]
        state = done.get(node)
        if state is None:
            done[node] = False
            for x in _inputs(node):
                c = _node(x)
                if c is not None and c not in done:
                    stack.append(c)
            continue
        stack.pop()
        if state is False:
            done[node] = True
            for x in _inputs(node):
                if x in wanted or _node(x) in useful:
                    useful.add(node)
                    break
    return useful


def _output_grads(
    fn: Function[Any],
    grads: dict[Variable, Variable],
    kept: dict[Variable, Variable],
    keep: Callable[[Variable], bool] | None,
) -> tuple[Variable, ...]:
    """One gradient per output of a multi-output `fn`: zeros where none arrived (as PyTorch)."""
    gys: list[Variable] = []
    for i, ref in enumerate(fn.outputs):
        y = ref()
        gy = grads.pop(y, None) if y is not None else None
        if gy is None:
            gy = _zeros(fn, i, y)
        elif keep is not None and y is not None and keep(y):
            kept[y] = gy
        gys.append(gy)
    return tuple(gys)


def _zeros(fn: Function[Any], index: int, y: Variable | None) -> Variable:
    shape, dtype = fn.output_specs[index] if y is None else (y.shape, y.dtype)
    return _new(np.zeros(shape, dtype=dtype), False)


def _cast(who: str, index: int, gx: Variable, dtype: np.dtype[Any]) -> Variable:
    """`gx` in its input's floating dtype; a non-floating gradient of a floating input is an
    error. An integer input keeps whatever gradient it was given (it is never cast to int)."""
    if dtype.kind != "f":
        return gx
    if gx.dtype.kind != "f":
        raise BackwardError(
            f"{who}.backward returned a gradient of dtype {gx.dtype} for input "
            f"{index} of dtype {dtype}; a floating input needs a floating gradient"
        )
    return Cast(dtype=dtype)(gx)


def _seed(y: Variable, grad: Variable | Any | None) -> Variable:
    if grad is None:
        return _new(np.ones_like(y._data), False)
    seed = grad if isinstance(grad, Variable) else _new(check_array(grad, "grad"), False)
    if seed.shape != y.shape:
        raise ValueError(f"the gradient seed has shape {seed.shape}, the output {y.shape}")
    return seed


def _owner(v: Variable) -> int:
    """The id of the array that owns `v`'s memory (a view's base, or the array itself)."""
    return id(v.data if v.data.base is None else v.data.base)


def _unshared(grads: Sequence[Variable], taken: set[int]) -> list[Variable]:
    """`grads`, each copied where its array (or what it views) was already handed out."""
    out = []
    for g in grads:
        owner = _owner(g)
        if owner in taken:
            g = Copy()(g)
        else:
            taken.add(owner)
        out.append(g)
    return out


def backward(
    y: Variable,
    grad: Variable | Any | None = None,
    *,
    retain_grad: bool = False,
    create_graph: bool = False,
) -> None:
    """Accumulate d(y)/d(leaf) into every leaf's `.grad` (into every variable's with
    `retain_grad`), seeding with ones or `grad`: `y.backward(...)`, installed on Variable."""
    seeds = [_seed(y, grad)]
    # The seed is the caller's own object: never hand it out as somebody's .grad.
    taken = {_owner(seeds[0])} if grad is not None else set()
    keep = _everything if retain_grad else None
    pairs = list(propagate([y], seeds, create_graph=create_graph, keep=keep).items())
    with enable_grad() if create_graph else no_grad():
        fresh = _unshared([g for _, g in pairs], taken)
        with _write_lock:  # `v.grad + g` reads and writes: one pass at a time
            for (v, _), g in zip(pairs, fresh, strict=True):
                old = v.grad
                v.grad = g if old is None else old + g


def _everything(v: Variable) -> bool:
    return True


def grad(
    outputs: Variable | Sequence[Variable],
    inputs: Variable | Sequence[Variable],
    *,
    grad_outputs: Variable | Any | Sequence[Variable | Any] | None = None,
    create_graph: bool = False,
) -> tuple[Variable, ...]:
    """d(outputs)/d(inputs) without touching any `.grad`; zeros for an unreached input.

    An input made with `requires_grad=False` is differentiated too when it is an input of
    a recorded function; a value computed from constants only was never recorded (as under
    `no_grad()`), so nothing depends on it and its gradient is zeros.
    """
    ys = [outputs] if isinstance(outputs, Variable) else list(outputs)
    xs = [inputs] if isinstance(inputs, Variable) else list(inputs)
    for what, vs in (("outputs", ys), ("inputs", xs)):
        for v in vs:
            if not isinstance(v, Variable):
                raise TypeError(f"grad: {what} must be Variables, got {type(v).__name__}")
    if grad_outputs is None:
        gos: list[Variable | Any | None] = [None] * len(ys)
    elif isinstance(grad_outputs, Variable | np.ndarray):
        gos = [grad_outputs]
    else:
        gos = list(grad_outputs)
    if len(gos) != len(ys):
        raise ValueError(f"grad: {len(gos)} grad_outputs for {len(ys)} outputs")
    seeds = [_seed(y, g) for y, g in zip(ys, gos, strict=True)]
    taken = {_owner(s) for s in seeds}
    wanted = set(xs)
    only = (wanted, _leading_to(ys, wanted))
    found = propagate(ys, seeds, create_graph=create_graph, keep=wanted.__contains__, only=only)
    grads = [found[x] if x in found else _new(np.zeros_like(x._data), False) for x in xs]
    mode = _grad_mode.set(create_graph)
    try:
        return tuple(_unshared(grads, taken))
    finally:
        _grad_mode.reset(mode)


setattr(Variable, "backward", backward)  # noqa: B010  (`y.backward()`: see Variable's declaration)
