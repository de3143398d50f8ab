"""The parameters an analyst wrote, one at a time, and the CPTs that values of them imply.

A probability parameter moved to x scales the other entries of its distribution in
proportion, so it still sums to 1 (proportional co-variation). Every CPT built this way
is linear in x. `build_tables` builds the CPTs of many parameters of one node, at many
values, in one vectorised call.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..cpt.noisy_max import noisy_max_cpt
from ..cpt.ranked import ranked_cpt
from ..domain.network import Network, Node


@dataclass(frozen=True)
class Parameter:
    """One number of the model: where it is and its value.

    `slot` locates it inside the node's form: ("row", combo, j) for tables and priors,
    ("leak", j) or ("effect", parent index, parent state index, j) for noisy-MAX,
    ("weight", i) or ("variance",) for ranked nodes.
    """

    node: str
    kind: str  # prior | table | leak | effect | weight | variance
    given: dict[str, str]
    state: str | None
    value: float
    slot: tuple
    bounds: tuple[float, float] = (0.0, 1.0)

    @property
    def linear(self) -> bool:
        """Probability parameters: the CPT is linear in the value."""
        return self.kind not in {"weight", "variance"}

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
        yield from node_parameters(network, node)


def node_parameters(network: Network, node: Node) -> Iterator[Parameter]:
    """The parameters the analyst wrote for one node."""
    kind = getattr(node.form, "kind", "table")
    if kind == "noisy_max":
        yield from _noisy_max_parameters(network, node)
    elif kind == "ranked":
        yield from _ranked_parameters(node)
    else:
        yield from _table_parameters(network, node)


def build_tables(node: Node, params: Sequence[Parameter], values: np.ndarray) -> np.ndarray:
    """CPTs of `node` with parameter p set to each of values[p]: shape (P, V, *cpt shape)."""
    values = np.asarray(values, dtype=float)
    n_params, n_values = values.shape
    kind = getattr(node.form, "kind", "table")
    if kind == "noisy_max":
        form = node.form
        leak = np.repeat(form.leak[None], n_params * n_values, axis=0)
        effects = [np.repeat(e[None], n_params * n_values, axis=0) for e in form.effects]
        for p, parameter in enumerate(params):
            rows = slice(p * n_values, (p + 1) * n_values)
            if parameter.slot[0] == "leak":
                leak[rows] = covary(form.leak, parameter.slot[1], values[p])
            else:
                _, i, k, j = parameter.slot
                effects[i][rows, k] = covary(form.effects[i][k], j, values[p])
        tables = noisy_max_cpt(leak, effects)
    elif kind == "ranked":
        form = node.form
        weights = np.repeat(np.asarray(form.weights, dtype=float)[None], n_params * n_values, 0)
        variances = np.full(n_params * n_values, form.variance)
        for p, parameter in enumerate(params):
            rows = slice(p * n_values, (p + 1) * n_values)
            if parameter.slot[0] == "weight":
                weights[rows, parameter.slot[1]] = values[p]
            else:
                variances[rows] = values[p]
        tables = ranked_cpt(form.function, weights, variances, form.parent_cards, form.card)
    else:
        tables = np.repeat(node.cpt[None], n_params * n_values, axis=0)
        for p, parameter in enumerate(params):
            _, combo, j = parameter.slot
            rows = slice(p * n_values, (p + 1) * n_values)
            tables[(rows, *combo)] = covary(node.cpt[combo], j, values[p])
    return tables.reshape(n_params, n_values, *node.cpt.shape)


def _table_parameters(network: Network, node: Node) -> Iterator[Parameter]:
    parent_states = [network[p].states for p in node.parents]
    kind = "table" if node.parents else "prior"
    for combo in itertools.product(*[range(len(s)) for s in parent_states]):
        given = {p: parent_states[i][c]
                 for i, (p, c) in enumerate(zip(node.parents, combo, strict=True))}
        for j, state in enumerate(node.states):
            yield Parameter(node.name, kind, given, state, float(node.cpt[(*combo, j)]),
                            ("row", combo, j))


def _noisy_max_parameters(network: Network, node: Node) -> Iterator[Parameter]:
    form = node.form
    for j, state in enumerate(node.states):
        yield Parameter(node.name, "leak", {}, state, float(form.leak[j]), ("leak", j))
    for i, parent in enumerate(node.parents):
        for k, pstate in enumerate(network[parent].states):
            row = form.effects[i][k]
            if row[0] == 1.0:
                continue  # this parent state causes nothing (not written): no parameter here
            for j, state in enumerate(node.states):
                yield Parameter(node.name, "effect", {parent: pstate}, state, float(row[j]),
                                ("effect", i, k, j))


def _ranked_parameters(node: Node) -> Iterator[Parameter]:
    form = node.form
    keys = ["min", "max"] if form.function == "mixminmax" else list(node.parents)
    for i, key in enumerate(keys):
        w = float(form.weights[i])
        yield Parameter(node.name, "weight", {"weight": key}, None, w, ("weight", i),
                        tuple(sorted((w / 4, w * 4))))
    v = float(form.variance)
    yield Parameter(node.name, "variance", {}, None, v, ("variance",), (v / 4, v * 4))
