"""Exact derivatives of P(target, evidence) with respect to every CPT, in one sweep.

P(t, e) is multilinear in the CPTs: with every other CPT fixed it is linear in the CPT of
any one node X, P = <G_X, CPT_X>, where G_X is the derivative (Darwiche's differential
approach). One forward contraction plus one reverse pass over the same pairwise path
gives G_X for every node, so a change of any one node's CPT, to any values, is answered
by a dot product: that is how sensitivity sweeps every parameter without re-running
inference. The forward and reverse programs are compiled once per structure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import opt_einsum as oe

from ..domain.network import Network
from .cost import check_cost

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
    symbol = {n: oe.get_symbol(i) for i, n in enumerate(order)}
    terms = ["".join(symbol[p] for p in network[n].parents) + symbol[n] for n in order]
    operands = [network[n].cpt for n in order]
    for name, vector in evidence.items():
        terms.append(symbol[name])
        operands.append(vector)
    equation = ",".join(terms) + "->" + symbol[target]
    card = network[target].card
    forward, backward, (largest, peak, operations) = _program(
        equation, tuple(op.shape for op in operands))
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
def _program(equation: str, shapes: tuple[tuple[int, ...], ...]):
    """The forward steps (operand ids, einsum) and, per step in reverse, the einsums giving
    each input's gradient from the step's upstream gradient (seed index last); and the cost
    of one pass: largest table, elements kept for the reverse pass, multiply-adds."""
    _, info = oe.contract_path(equation, *shapes, shapes=True)
    kept = sum(math.prod(shape) for shape in shapes) + sum(info.size_list)
    cost = (float(info.largest_intermediate), float(kept), float(info.opt_cost))
    ids = list(range(len(shapes)))
    all_shapes = list(shapes)
    forward, tape = [], []
    for inds, _, einsum_str, *_ in info.contraction_list:
        taken = [ids.pop(i) for i in inds]
        out_id = len(all_shapes)
        inputs, output = einsum_str.split("->")
        parts = inputs.split(",")
        sizes = {ch: all_shapes[t][i] for t, part in zip(taken, parts, strict=True)
                 for i, ch in enumerate(part)}
        all_shapes.append(tuple(sizes[ch] for ch in output))
        forward.append((tuple(taken), _ascii(einsum_str)))
        tape.append((taken, parts, output, out_id))
        ids.append(out_id)
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
                shape = (*(all_shapes[t][i] if ch in wanted else 1
                           for i, ch in enumerate(parts[k])), -1)
            pieces.append((t, _ascii(spec), tuple(taken[j] for j in others), shape))
        backward.append((out_id, tuple(pieces)))
    return tuple(forward), tuple(backward), cost
