"""Explicit CPTs: a root prior or one row per parent combination."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Table:
    """An explicit CPT; `rows` has shape (*parent cards, card)."""

    rows: np.ndarray

    kind = "table"

    def cpt(self) -> np.ndarray:
        return self.rows
