"""The backward engine: one iterative loop over the graph, in reverse topological order.

`propagate` is the loop. It never recurses, so a chain of 100,000 functions works at
Python's default recursion limit. Functions are taken from a heap by generation (a
function's generation is the largest of its inputs'), so every function runs once, after
every function that consumed its outputs. Gradients are summed as `old + new`, never in
place, and are written to `.grad` only once the whole pass has succeeded: a backward
that raises leaves every `.grad` as it was.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd_core.arithmetic import Copy
from autograd_core.config import enable_grad, no_grad
from autograd_core.errors import BackwardError
from autograd_core.function import Function, describe
from autograd_core.variable import Variable, check_array


def propagate(
    outputs: Sequence[Variable],
    seeds: Sequence[Variable],
    *,
    create_graph: bool,
    keep: Callable[[Variable], bool] | None = None,
) -> dict[Variable, Variable]:
    """Run the backward pass from `outputs` seeded with `seeds`.

    Returns the gradient of every leaf reached (a variable without creator), and of every
    other variable for which `keep(variable)` is true.
    """
    grads: dict[Variable, Variable] = {}
    kept: dict[Variable, Variable] = {}
    heap: list[tuple[int, int, Function[Any]]] = []  # (-generation, arrival, function)
    seen: set[Function[Any]] = set()  # every function enters the heap once

    with enable_grad() if create_graph else no_grad():
        for out, seed in zip(outputs, seeds, strict=True):
            grads[out] = seed if out not in grads else grads[out] + seed
            creator = out.creator
            if creator is not None and creator not in seen:
                seen.add(creator)
                heapq.heappush(heap, (-creator.generation, len(seen), creator))

        while heap:
            fn = heapq.heappop(heap)[2]
            gys: list[Variable] = []
            for i, ref in enumerate(fn.outputs):
                y = ref()
                gy = grads.pop(y, None) if y is not None else None
                if gy is not None:
                    if keep is not None and y is not None and keep(y):
                        kept[y] = gy
                    gys.append(gy)
                else:  # an output nobody differentiated: zeros, as in PyTorch
                    shape, dtype = fn.output_specs[i] if y is None else (y.shape, y.dtype)
                    gys.append(Variable(np.zeros(shape, dtype=dtype)))

            try:
                gxs = fn.backward(*gys)
            except Exception as exc:
                exc.add_note(f"while running {describe(fn)}.backward")
                raise
            for x, gx in zip(fn.inputs, _check_gradients(fn, gxs), strict=True):
                if gx is None:
                    continue
                old = grads.get(x)
                grads[x] = gx if old is None else old + gx
                creator = x.creator
                if creator is not None and creator not in seen:
                    seen.add(creator)
                    heapq.heappush(heap, (-creator.generation, len(seen), creator))

    kept.update(grads)  # what is left has no creator (or one recorded under no_grad)
    return kept


def _check_gradients(fn: Function[Any], gxs: object) -> tuple[Variable | None, ...]:
    """What `fn.backward` returned, as one Variable or None per input; else BackwardError."""
    if not isinstance(gxs, tuple):
        gxs = (gxs,)
    if len(gxs) != len(fn.inputs):
        raise BackwardError(
            f"{describe(fn)}.backward returned {len(gxs)} gradient(s) for {len(fn.inputs)} input(s)"
        )
    for i, (x, gx) in enumerate(zip(fn.inputs, gxs, strict=True)):
        if gx is None:
            continue
        if not isinstance(gx, Variable):
            raise BackwardError(
                f"{describe(fn)}.backward returned {type(gx).__name__} for input {i}; "
                "expected a Variable or None"
            )
        if gx._data.shape != x._data.shape:
            raise BackwardError(
                f"{describe(fn)}.backward returned a gradient of shape {gx.shape} "
                f"for input {i} of shape {x.shape}"
            )
    return gxs


def _seed(y: Variable, grad: Variable | Any | None) -> Variable:
    if grad is None:
        return Variable(np.ones_like(y.data))
    seed = grad if isinstance(grad, Variable) else Variable(check_array(grad, "grad"))
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
    """`y.backward(...)`: accumulate into `.grad` of the leaves (of every variable if retained)."""
    seed = _seed(y, grad)
    keep = (lambda v: True) if retain_grad else None
    pairs = list(propagate([y], [seed], create_graph=create_graph, keep=keep).items())
    # The seed is the caller's own object: never hand it out as somebody's .grad.
    taken = {_owner(seed)} if grad is not None else set()
    with enable_grad() if create_graph else no_grad():
        fresh = _unshared([g for _, g in pairs], taken)
        for (v, _), g in zip(pairs, fresh, strict=True):
            v.grad = g if v.grad is None else v.grad + g


def grad(
    outputs: Variable | Sequence[Variable],
    inputs: Variable | Sequence[Variable],
    *,
    grad_outputs: Variable | Any | Sequence[Variable | Any] | None = None,
    create_graph: bool = False,
) -> tuple[Variable, ...]:
    """d(outputs)/d(inputs) without touching any `.grad`; zeros for an unreached input."""
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
    wanted = set(xs)
    found = propagate(ys, seeds, create_graph=create_graph, keep=wanted.__contains__)
    grads = [found[x] if x in found else Variable(np.zeros_like(x.data)) for x in xs]
    with enable_grad() if create_graph else no_grad():
        return tuple(_unshared(grads, {_owner(s) for s in seeds}))
