"""`to_dot`: the graph as DOT text, checked against graphs counted by hand."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np
import pytest

from autograd_core import Array, Function, Variable, to_dot

NODE = re.compile(r'^\s*(\w+) \[label="((?:[^"\\]|\\.)*)", shape=(ellipse|box)')
EDGE = re.compile(r"^\s*(\w+) -> (\w+);$")


def parse(text: str) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]]]:
    """{node id: (label, shape)} and the edges as (label, label) pairs, in order."""
    assert text.startswith("digraph") and text.rstrip().endswith("}")
    nodes: dict[str, tuple[str, str]] = {}
    edges: list[tuple[str, str]] = []
    for line in text.splitlines():
        if m := NODE.match(line):
            assert m[1] not in nodes, f"node {m[1]} declared twice"
            nodes[m[1]] = (m[2], m[3])
        elif m := EDGE.match(line):
            edges.append((m[1], m[2]))
    labelled = [(nodes[a][0], nodes[b][0]) for a, b in edges]
    return nodes, labelled


def shapes(nodes: dict[str, tuple[str, str]]) -> Counter[str]:
    return Counter(shape for _, shape in nodes.values())


def test_a_small_graph_has_the_nodes_and_edges_counted_by_hand() -> None:
    a = Variable(np.array(2.0), name="a")
    b = Variable(np.array(3.0), name="b")
    t = a * b
    t.name = "t"
    y = t + a
    y.name = "y"
    nodes, edges = parse(to_dot(y))
    # variables a, b, t, y; functions Mul, Add; a feeds both functions
    assert shapes(nodes) == Counter(ellipse=4, box=2)
    assert sorted(label for label, shape in nodes.values() if shape == "ellipse") == [
        "a", "b", "t", "y"
    ]
    assert sorted(label for label, shape in nodes.values() if shape == "box") == ["Add", "Mul"]
    assert sorted(edges) == sorted(
        [("a", "Mul"), ("b", "Mul"), ("Mul", "t"), ("t", "Add"), ("a", "Add"), ("Add", "y")]
    )


def test_a_variable_used_twice_is_one_node_with_one_edge_per_use() -> None:
    x = Variable(np.array(1.0), name="x")
    y = x + x
    nodes, edges = parse(to_dot(y))
    assert shapes(nodes) == Counter(ellipse=2, box=1)
    assert Counter(edges) == Counter({("x", "Add"): 2, ("Add", ""): 1})


def test_a_shared_subgraph_is_drawn_once() -> None:
    x = Variable(np.array(0.5), name="x")
    s = x * x  # reached from y directly and through t
    s.name = "s"
    t = s + 1.0
    t.name = "t"
    y = s * t
    nodes, edges = parse(to_dot(y))
    # x, s, the constant 1, t, y; Mul(x, x), Add, Mul(s, t)
    assert shapes(nodes) == Counter(ellipse=5, box=3)
    assert Counter(edges) == Counter(
        {("x", "Mul"): 2, ("Mul", "s"): 1, ("s", "Add"): 1, ("", "Add"): 1, ("Add", "t"): 1,
         ("s", "Mul"): 1, ("t", "Mul"): 1, ("Mul", ""): 1}
    )


def test_labels_are_names_and_verbose_adds_shape_and_dtype() -> None:
    x = Variable(np.ones((2, 3), dtype=np.float32), name="x")
    y = -x
    plain, _ = parse(to_dot(y))
    assert sorted(plain.values()) == [("", "ellipse"), ("Neg", "box"), ("x", "ellipse")]
    verbose, _ = parse(to_dot(y, verbose=True))
    assert sorted(verbose.values()) == [
        ("(2, 3) float32", "ellipse"),
        ("Neg", "box"),
        ("x: (2, 3) float32", "ellipse"),
    ]


def test_quotes_in_names_are_escaped() -> None:
    x = Variable(np.array(1.0), name='say "hi"')
    nodes, _ = parse(to_dot(-x))
    assert ('say \\"hi\\"', "ellipse") in nodes.values()


def test_a_leaf_is_a_single_node() -> None:
    nodes, edges = parse(to_dot(Variable(np.zeros(3), name="w")))
    assert list(nodes.values()) == [("w", "ellipse")]
    assert edges == []


class Split(Function[tuple[Variable, ...]]):
    """Two outputs, x and 2x: to see outputs that are alive and outputs that are gone."""

    def forward(self, x: Array) -> tuple[Array, Array]:
        return x.copy(), 2 * x

    def backward(self, g0: Variable, g1: Variable) -> Variable:
        return g0 + 2 * g1


def test_every_live_output_of_a_function_is_drawn() -> None:
    x = Variable(np.array(1.0), name="x")
    y0, y1 = Split()(x)
    y0.name, y1.name = "y0", "y1"
    z = y0 * 3.0
    _, edges = parse(to_dot(z))
    assert ("Split", "y0") in edges and ("Split", "y1") in edges
    del y1  # nobody holds it: it is gone from the graph
    _, edges = parse(to_dot(z))
    assert ("Split", "y0") in edges and not any(b == "y1" for _, b in edges)


def test_a_chain_of_100000_functions() -> None:
    n = 100_000
    x = Variable(np.array(1.0), name="x")
    y = x
    for _ in range(n):
        y = -y
    nodes, edges = parse(to_dot(y))
    assert shapes(nodes) == Counter(ellipse=n + 1, box=n)
    assert len(edges) == 2 * n


def test_rejects_what_is_not_a_variable() -> None:
    not_a_variable: Any = np.ones(2)
    with pytest.raises(TypeError, match="to_dot takes a Variable, got ndarray"):
        to_dot(not_a_variable)
