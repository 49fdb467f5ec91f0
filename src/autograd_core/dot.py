"""`to_dot`: the graph that produced a Variable, as Graphviz DOT text.

Variables are ellipses, Functions boxes, edges run from inputs through functions to
outputs. The walk is iterative (a chain of 100,000 functions works) and visits each
node once; nodes are numbered in visit order, so the same graph gives the same text.
"""

from __future__ import annotations

from typing import Any

from autograd_core._core.function import Function
from autograd_core._core.variable import Variable


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _variable_label(v: Variable, verbose: bool) -> str:
    label = v.name or ""
    if verbose:
        label += (": " if label else "") + f"{v.shape} {v.dtype}"
    return label


def to_dot(output: Variable, *, verbose: bool = False) -> str:
    """The computational graph that produced `output`, as DOT text for Graphviz's `dot`.

    Variables are labelled with their name (plus shape and dtype when `verbose`),
    functions with their class name.
    """
    if not isinstance(output, Variable):
        raise TypeError(f"to_dot takes a Variable, got {type(output).__name__}")
    ids: dict[int, str] = {}
    lines = ["digraph autograd {", "  rankdir=BT;"]

    def variable_node(v: Variable) -> str:
        node = ids.get(id(v))
        if node is None:
            node = ids[id(v)] = f"v{len(ids)}"
            label = _quote(_variable_label(v, verbose))
            lines.append(f"  {node} [label={label}, shape=ellipse, color=orange, style=filled];")
        return node

    variable_node(output)
    stack: list[Function[Any]] = [output.creator] if output.creator is not None else []
    while stack:
        fn = stack.pop()
        if id(fn) in ids:
            continue
        node = ids[id(fn)] = f"f{len(ids)}"
        label = _quote(type(fn).__name__)
        lines.append(f"  {node} [label={label}, shape=box, color=lightblue, style=filled];")
        for x in fn.inputs:
            lines.append(f"  {variable_node(x)} -> {node};")
            if x.creator is not None and id(x.creator) not in ids:
                stack.append(x.creator)
        for ref in fn.outputs:
            y = ref()
            if y is not None:  # an output nobody holds any more is gone from the graph
                lines.append(f"  {node} -> {variable_node(y)};")
    lines.append("}")
    return "\n".join(lines) + "\n"
