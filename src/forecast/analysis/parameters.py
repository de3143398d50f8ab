"""The parameters an analyst wrote, one at a time, and the CPT each value of one implies.

A probability parameter moved to x scales the other entries of its distribution in
proportion, so it still sums to 1 (proportional co-variation). Every CPT built this way
is linear in x, which is what lets sensitivity use two evaluations per parameter.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..cpt.noisy_max import noisy_max_cpt
from ..cpt.ranked import ranked_cpt
from ..domain.network import Network, Node


@dataclass(frozen=True)
class Parameter:
    """One number of the model: where it is, its value, and how to rebuild the CPT around it."""

    node: str
    kind: str  # prior | table | leak | effect | weight | variance
    given: dict[str, str]
    state: str | None
    value: float
    linear: bool  # probability parameters: the CPT is linear in the value
    build: Callable[[np.ndarray], np.ndarray]  # values (P,) -> CPTs (P, *cpt shape)
    bounds: tuple[float, float] = (0.0, 1.0)

    def describe(self) -> dict[str, Any]:
        return {"node": self.node, "kind": self.kind, "given": dict(self.given),
                "state": self.state, "value": self.value}


def covary(row: np.ndarray, index: int, values: np.ndarray) -> np.ndarray:
    """Rows with entry `index` set to each value and the others scaled in proportion."""
    values = np.asarray(values, dtype=float)
    others = row.copy()
    others[index] = 0.0
    rest = others.sum()
    share = others / rest if rest > 0 else np.where(np.arange(len(row)) == index, 0.0,
                                                    1.0 / (len(row) - 1))
    out = (1.0 - values)[:, None] * share[None, :]
    out[:, index] = values
    return out


def parameters(network: Network) -> Iterator[Parameter]:
    """Every parameter of every node, in model order."""
    for node in network.nodes.values():
        kind = getattr(node.form, "kind", "table")
        if kind == "noisy_max":
            yield from _noisy_max_parameters(network, node)
        elif kind == "ranked":
            yield from _ranked_parameters(network, node)
        else:
            yield from _table_parameters(network, node)


def _table_parameters(network: Network, node: Node) -> Iterator[Parameter]:
    cpt = node.cpt
    parent_states = [network[p].states for p in node.parents]
    for combo in itertools.product(*[range(len(s)) for s in parent_states]):
        row = cpt[combo]
        given = {p: parent_states[i][c] for i, (p, c) in enumerate(zip(node.parents, combo,
                                                                        strict=True))}
        for j, state in enumerate(node.states):
            def build(values: np.ndarray, combo=combo, row=row, j=j) -> np.ndarray:
                tables = np.broadcast_to(cpt, (len(values), *cpt.shape)).copy()
                tables[(slice(None), *combo)] = covary(row, j, values)
                return tables

            yield Parameter(node.name, "table" if node.parents else "prior", given, state,
                            float(row[j]), True, build)


def _noisy_max_parameters(network: Network, node: Node) -> Iterator[Parameter]:
    form = node.form
    leak, effects = form.leak, list(form.effects)

    def rebuild(new_leak: np.ndarray, new_effects: list[np.ndarray]) -> np.ndarray:
        return noisy_max_cpt(new_leak, new_effects)

    for j, state in enumerate(node.states):
        def build_leak(values: np.ndarray, j=j) -> np.ndarray:
            n = len(values)
            return rebuild(covary(leak, j, values),
                           [np.broadcast_to(e, (n, *e.shape)) for e in effects])

        yield Parameter(node.name, "leak", {}, state, float(leak[j]), True, build_leak)
    for i, parent in enumerate(node.parents):
        pstates = network[parent].states
        for k, pstate in enumerate(pstates):
            row = effects[i][k]
            if row[0] == 1.0:
                continue  # this parent state causes nothing (not written): no parameter here
            for j, state in enumerate(node.states):
                def build_effect(values: np.ndarray, i=i, k=k, j=j, row=row) -> np.ndarray:
                    n = len(values)
                    new = [np.broadcast_to(e, (n, *e.shape)).copy() for e in effects]
                    new[i][:, k, :] = covary(row, j, values)
                    return rebuild(np.broadcast_to(leak, (n, *leak.shape)), new)

                yield Parameter(node.name, "effect", {parent: pstate}, state, float(row[j]), True,
                                build_effect)


def _ranked_parameters(network: Network, node: Node) -> Iterator[Parameter]:
    form = node.form
    weights = np.asarray(form.weights, dtype=float)
    keys = ["min", "max"] if form.function == "mixminmax" else list(node.parents)

    def build_with(weight_rows: np.ndarray, variances: np.ndarray) -> np.ndarray:
        return ranked_cpt(form.function, weight_rows, variances, form.parent_cards, form.card)

    for i, key in enumerate(keys):
        def build_weight(values: np.ndarray, i=i) -> np.ndarray:
            rows = np.repeat(weights[None], len(values), axis=0)
            rows[:, i] = values
            return build_with(rows, np.full(len(values), form.variance))

        w = float(weights[i])
        lo, hi = sorted((w / 4, w * 4))
        yield Parameter(node.name, "weight", {"weight": key}, None, w, False, build_weight,
                        (lo, hi))

    def build_variance(values: np.ndarray) -> np.ndarray:
        return build_with(np.repeat(weights[None], len(values), axis=0), np.asarray(values))

    v = form.variance
    yield Parameter(node.name, "variance", {}, None, v, False, build_variance, (v / 4, v * 4))
