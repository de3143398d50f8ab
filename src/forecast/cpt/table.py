"""Explicit CPTs: a root prior or one row per parent combination."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .allocation import Allocation, described
from .parameters import Parameter, covary, dirichlet_rows


@dataclass(frozen=True)
class Table:
    """An explicit CPT; `rows` has shape (*parent cards, card)."""

    rows: np.ndarray

    kind = "table"
    explicit = True  # written out entry by entry (what every file format stores)

    def cpt(self) -> np.ndarray:
        return self.rows

    # the form's parameters are the entries of the node's CPT as it stands (a prior set for
    # one run replaces the CPT, not the form)

    def parameters(self, node: Any, parent_states: Sequence[Sequence[str]]) -> Iterator[Parameter]:
        """Every entry of every row (a prior's when the node has no parents)."""
        kind = "table" if node.parents else "prior"
        for combo in itertools.product(*[range(len(s)) for s in parent_states]):
            given = {p: parent_states[i][c]
                     for i, (p, c) in enumerate(zip(node.parents, combo, strict=True))}
            for j, state in enumerate(node.states):
                yield Parameter(node.name, kind, given, state, float(node.cpt[(*combo, j)]),
                                ("row", combo, j))

    def allocation(self, node: Any, kind: str, count: int) -> Allocation:
        """`count` copies of the table (a sweep's covaried rows, or Dirichlet draws with their
        gamma variates beside them)."""
        size = float(node.cpt.size)
        working = count * size * (2.0 if kind == "samples" else 0.0)
        return Allocation(described(node.name, kind, count), count, node.cpt.shape, working,
                          4.0 * count * size)

    def tables(self, node: Any, params: Sequence[Parameter], values: np.ndarray) -> np.ndarray:
        """The CPT with parameter p at each of values[p]: shape (P * V, *cpt shape)."""
        n_params, n_values = values.shape
        tables = np.repeat(node.cpt[None], n_params * n_values, axis=0)
        for p, parameter in enumerate(params):
            _, combo, j = parameter.slot
            rows = slice(p * n_values, (p + 1) * n_values)
            tables[(rows, *combo)] = covary(node.cpt[combo], j, values[p])
        return tables

    def sample(self, rng: np.random.Generator, node: Any, n: int) -> np.ndarray:
        """n CPTs, every row drawn from a Dirichlet centred on it."""
        return dirichlet_rows(rng, node.cpt, node.confidence, n)
