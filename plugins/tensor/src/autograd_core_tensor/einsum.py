"""einsum: Einstein summation over any number of operands, as numpy's `einsum`.

The gradient with respect to each operand is itself an einsum, of `gy` and the other
operands, so derivatives of any order work. Both modes are supported: explicit
(`"ij,jk->ik"`) and implicit (`"ij,jk"`: the letters that occur once, in alphabetical
order), with `...` for broadcast axes and repeated letters for diagonals (`"ii->i"`).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np

from autograd_core import Array, Function, Shape, Variable
from autograd_core.extend import broadcast_to, sum_to

_LETTERS = string.ascii_letters


@dataclass(frozen=True)
class _Plan:
    """Subscripts with every `...` replaced by letters: one term per operand, and the output."""

    terms: tuple[str, ...]
    output: str
    sizes: dict[str, int]
    """Each letter's length: the largest over the operands (length-1 axes broadcast)."""

    def spec(self, terms: tuple[str, ...] | list[str], output: str) -> str:
        return ",".join(terms) + "->" + output


def _split(subscripts: str) -> tuple[list[str], str | None]:
    """The input terms and the output term (None in implicit mode), checked for syntax."""
    text = subscripts.replace(" ", "")
    if text.count("->") > 1:
        raise ValueError(f"einsum: subscripts {subscripts!r} have more than one '->'")
    lhs, arrow, rhs = text.partition("->")
    terms = lhs.split(",")
    for term in [*terms, rhs]:
        rest = term.replace("...", "", 1)
        if not all(c in _LETTERS for c in rest):
            raise ValueError(
                f"einsum: subscripts {subscripts!r}: term {term!r} may only hold letters and "
                "one '...'"
            )
    if arrow and len(set(rhs.replace("...", ""))) != len(rhs.replace("...", "")):
        raise ValueError(f"einsum: output {rhs!r} of {subscripts!r} repeats a letter")
    return terms, rhs if arrow else None


def _plan(subscripts: str, shapes: list[Shape]) -> _Plan:
    """Check `subscripts` against the operands' shapes and spell out every axis."""
    terms, output = _split(subscripts)
    if len(terms) != len(shapes):
        raise ValueError(
            f"einsum: subscripts {subscripts!r} name {len(terms)} operand(s), got {len(shapes)}"
        )
    used = set("".join(terms) + (output or ""))
    widths = []
    for i, (term, shape) in enumerate(zip(terms, shapes, strict=True)):
        named = len(term.replace("...", ""))
        if ("..." in term and named > len(shape)) or ("..." not in term and named != len(shape)):
            raise ValueError(
                f"einsum: term {term!r} of {subscripts!r} names {named} axes, but operand {i} "
                f"has shape {shape}"
            )
        widths.append(len(shape) - named)
    width = max(widths, default=0)
    free = [c for c in _LETTERS if c not in used]
    if width > len(free):
        raise ValueError(f"einsum: too many axes under '...' in {subscripts!r}")
    broadcast = "".join(free[:width])
    spelled = [
        term.replace("...", broadcast[width - w :]) for term, w in zip(terms, widths, strict=True)
    ]
    sizes: dict[str, int] = {}
    for i, (term, shape) in enumerate(zip(spelled, shapes, strict=True)):
        for letter, n in zip(term, shape, strict=True):
            known = sizes.get(letter, 1)
            if n != known and 1 not in (n, known):
                raise ValueError(
                    f"einsum: letter {letter!r} of {subscripts!r} has length {known} in an "
                    f"earlier operand and {n} in operand {i} (shape {shape})"
                )
            sizes[letter] = max(n, known) if n and known else 0
    if output is None:
        once = sorted(c for c in set("".join(terms)) if "".join(terms).count(c) == 1)
        out = broadcast + "".join(c for c in once if c != ".")
    else:
        if width and "..." not in output:
            raise ValueError(
                f"einsum: output {output!r} of {subscripts!r} has no '...' for the broadcast axes"
            )
        missing = sorted(set(output.replace("...", "")) - set("".join(terms)))
        if missing:
            raise ValueError(
                f"einsum: output letter(s) {missing} of {subscripts!r} name no input axis"
            )
        out = output.replace("...", broadcast)
    return _Plan(tuple(spelled), out, sizes)


class Einsum(Function):
    """numpy's `einsum(subscripts, *operands)`; the gradient of each operand is an einsum.

    Length-1 axes broadcast as in numpy; a letter repeated in one term reads a diagonal,
    whose gradient is written back onto the diagonal (zeros elsewhere).
    """

    def __init__(self, subscripts: str) -> None:
        super().__init__()
        if not isinstance(subscripts, str):
            raise TypeError(f"einsum: subscripts must be a str, got {subscripts!r}")
        _split(subscripts)
        self.subscripts = subscripts
        self.plan = _Plan((), "", {})

    def forward(self, *operands: Array) -> Array:
        if not operands:
            raise ValueError("einsum: needs at least one operand")
        self.plan = _plan(self.subscripts, [x.shape for x in operands])
        spec = self.plan.spec(self.plan.terms, self.plan.output)
        y: Array = np.einsum(spec, *operands, optimize=len(operands) > 2)
        return np.array(y, copy=True)  # einsum may return a view of an operand ("ij->ji")

    def backward(self, gy: Variable) -> tuple[Variable | None, ...]:
        needs = getattr(self, "needs_input_grad", None) or (True,) * len(self.inputs)
        return tuple(self._grad(k, gy) if needs[k] else None for k in range(len(self.inputs)))

    def _grad(self, k: int, gy: Variable) -> Variable:
        """The gradient of operand k: gy and the other operands summed onto k's axes."""
        plan, x = self.plan, self.inputs[k]
        term = plan.terms[k]
        elsewhere = set(plan.output).union(*(t for j, t in enumerate(plan.terms) if j != k))
        free = iter(c for c in _LETTERS if c not in plan.sizes)
        terms = [plan.output]
        operands: list[Variable | Array] = [gy]
        for j, t in enumerate(plan.terms):
            if j != k:
                terms.append(t)
                operands.append(self.inputs[j])
        target = ""
        for letter, n in zip(term, x.shape, strict=True):
            if letter in target:  # a diagonal: a fresh letter tied to this one by an identity
                fresh = next(free)
                terms.append(letter + fresh)
                operands.append(np.eye(n, dtype=gy.dtype))
                target += fresh
                continue
            if letter not in elsewhere:  # summed away in forward: broadcast back with ones
                terms.append(letter)
                operands.append(np.ones(n, dtype=gy.dtype))
            target += letter
        gx: Variable = Einsum(subscripts=plan.spec(terms, target))(*operands)
        # A length-1 axis broadcast against a longer one: sum the gradient back onto it; a
        # longer axis contracted with length-1 axes only: its gradient is the same everywhere.
        gx = broadcast_to(gx, np.broadcast_shapes(gx.shape, x.shape))
        return sum_to(gx, x.shape)
