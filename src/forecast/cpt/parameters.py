"""What every parameter form shares: one number of the model (`Parameter`), moving a
probability with the rest of its row in proportion (`covary`), and drawing distributions
from a Dirichlet centred on them (`dirichlet_rows`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


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


def dirichlet_rows(rng: np.random.Generator, rows: np.ndarray, confidence: float,
                   n: int) -> np.ndarray:
    """n draws of every row (last axis) from Dirichlet(confidence * row); zeros stay zero."""
    alpha = np.broadcast_to(confidence * rows, (n, *rows.shape))
    draws = rng.standard_gamma(alpha)
    totals = draws.sum(axis=-1, keepdims=True)
    empty = ~(totals > 0)
    draws /= np.where(empty, 1.0, totals)  # in place: no second array of the draws' size
    if empty.any():  # a row whose draws all underflow to zero (tiny alpha): its centre
        where = np.broadcast_to(empty, draws.shape)
        draws[where] = np.broadcast_to(rows, draws.shape)[where]
    return draws
