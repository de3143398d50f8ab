"""How probabilities are written out: rounded to 12 decimals, so the same inputs give
byte-identical JSON on every machine (the last bits of a float sum depend on the BLAS)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DIGITS = 12


def stable(x: float) -> float:
    """A float rounded for output (and -0.0 made 0.0)."""
    return round(float(x), DIGITS) + 0.0


def stable_array(x: np.ndarray) -> np.ndarray:
    """The same rounding for a whole array."""
    return np.round(x, DIGITS) + 0.0


def distribution(states: Sequence[str], vector) -> dict[str, float]:
    """{state: rounded probability}, in the node's state order."""
    return {s: stable(p) for s, p in zip(states, vector, strict=True)}


def closed_distribution(states: Sequence[str], vector) -> dict[str, float]:
    """A distribution rounded so that it still sums to 1: what rounding each entry takes
    from the total (up to half a unit of the last digit per state) goes to the largest."""
    out = distribution(states, vector)
    largest = max(out, key=lambda s: out[s])
    out[largest] = stable(out[largest] + (1.0 - sum(out.values())))
    return out
