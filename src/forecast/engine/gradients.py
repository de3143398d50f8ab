"""Exact derivatives of P(target, evidence) with respect to every CPT, in one sweep.

P(t, e) is multilinear in the CPTs: with every other CPT fixed it is linear in the CPT of
any one node X, P = <G_X, CPT_X>, where G_X is the derivative (Darwiche's differential
approach). One forward contraction along the engine's elimination schedule plus one
reverse pass over it gives G_X for every node, so a change of any one node's CPT, to any values, is answered
by a dot product: that is how sensitivity sweeps every parameter without re-running
inference. The forward and reverse programs are compiled once per structure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..domain.network import Network
from . import elimination as ve
from .cost import check_cost
from .elimination import Vars

SEEDS = "Ψ"
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Derivatives:
    """`joint[s]` = P(target=s, e); `of[X][s]` = dP(target=s, e)/dCPT_X (shape (card_t, *cpt))."""

    joint: np.ndarray
    of: Mapping[str, np.ndarray]


def cpt_derivatives(network: Network, target: str,
                    evidence: Mapping[str, np.ndarray]) -> Derivatives:
    """P(target, e) and its derivative with respect to every relevant CPT.

    Nodes outside the ancestors of the target and the evidence are barren: their CPTs do
    not change the answer, and they are absent from `of`.
    """
    relevant = network.ancestors([target, *evidence])
    order = [n for n in network.names if n in relevant]
    factor_vars = [(*network[n].parents, n) for n in order]
    operands = [network[n].cpt for n in order]
    for name, vector in evidence.items():
        factor_vars.append((name,))
        operands.append(vector)
    sizes = tuple((n, network[n].card) for n in order)
    card = network[target].card
    forward, backward, (largest, peak, operations) = _program(tuple(factor_vars), sizes, target)
    # the reverse pass carries the target's states as an extra axis on every gradient
    check_cost(largest * card, peak * (1 + card), operations * (1 + 2 * card),
               "the exact derivatives behind sensitivity")
    values = list(operands)
    for taken, spec in forward:
        values.append(np.einsum(spec, *(values[t] for t in taken)))
    grads: dict[int, np.ndarray] = {len(values) - 1: np.eye(card)}
    for out_id, pieces in backward:
        upstream = grads.pop(out_id)
        for t, spec, others, shape in pieces:
            g = np.einsum(spec, upstream, *(values[o] for o in others))
            if shape is not None:  # an index summed inside this operand alone: broadcast back
                g = np.broadcast_to(g.reshape(shape), (*values[t].shape, card))
            grads[t] = grads[t] + g if t in grads else g
    of = {}
    for i, name in enumerate(order):
        g = grads.get(i)
        of[name] = (np.moveaxis(g, -1, 0) if g is not None
                    else np.zeros((card, *operands[i].shape)))
    return Derivatives(joint=values[-1], of=of)


def _ascii(spec: str) -> str:
    """np.einsum takes ASCII letters only; large networks use other symbols, so rename."""
    names = {ch: _LETTERS[i] for i, ch in enumerate(dict.fromkeys(c for c in spec if c not in ",->"))}
    return "".join(names.get(c, c) for c in spec)


@lru_cache(maxsize=256)
def _program(factor_vars: tuple[Vars, ...], sizes: tuple[tuple[str, int], ...], target: str):
    """The forward steps (operand ids, einsum) and, per step in reverse, the einsums giving
    each input's gradient from the step's upstream gradient (seed index last); and the cost
    of one pass: largest table, elements kept for the reverse pass, multiply-adds.

    The contraction order is the one the engine plans for every query (`elimination`):
    one planner, costed by one guard."""
    cards = dict(sizes)
    n = len(factor_vars)
    schedule = ve.schedule_of(factor_vars, cards, frozenset({target}))
    symbol = {v: chr(0x100 + i) for i, v in enumerate(cards)}  # renamed to ASCII per einsum
    shapes = {i: vs for i, vs in enumerate(factor_vars)}
    steps: list[tuple[tuple[int, ...], Vars]] = []
    if schedule.single:
        steps.append((tuple(range(n)), (target,)))
    else:
        steps += [((s.a,) if s.b < 0 else (s.a, s.b), s.out) for s in schedule.steps]
    result = n + len(steps) - 1 if steps else schedule.result
    if not steps or shapes_after(shapes, steps, n)[result] != (target,):
        steps.append(((result,), (target,)))  # the answer as the last value, in target order
    shapes = shapes_after(shapes, steps, n)
    forward, tape = [], []
    kept = sum(math.prod(cards[v] for v in vs) for vs in shapes.values())
    for k, (taken, out) in enumerate(steps):
        parts = ["".join(symbol[v] for v in shapes[t]) for t in taken]
        output = "".join(symbol[v] for v in out)
        forward.append((taken, _ascii(",".join(parts) + "->" + output)))
        tape.append((list(taken), parts, output, n + k))
    backward = []
    for taken, parts, output, out_id in reversed(tape):
        pieces = []
        for k, t in enumerate(taken):
            others = [j for j in range(len(parts)) if j != k]
            available = set(output).union(*(parts[j] for j in others))
            wanted = "".join(ch for ch in parts[k] if ch in available)
            spec = ",".join([output + SEEDS, *(parts[j] for j in others)]) + "->" + wanted + SEEDS
            shape = None
            if wanted != parts[k]:
                shape = (*(cards[v] if symbol[v] in wanted else 1 for v in shapes[t]), -1)
            pieces.append((t, _ascii(spec), tuple(taken[j] for j in others), shape))
        backward.append((out_id, tuple(pieces)))
    cost = (float(schedule.largest), float(kept), float(max(schedule.operations, 1.0)))
    return tuple(forward), tuple(backward), cost


def shapes_after(shapes: dict[int, Vars], steps: list[tuple[tuple[int, ...], Vars]],
                 n: int) -> dict[int, Vars]:
    """The variables of every value: the operands', then each step's output."""
    out = dict(shapes)
    for k, (_, vars_) in enumerate(steps):
        out[n + k] = vars_
    return out
