"""Checking one probability distribution or likelihood as the analyst wrote it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

TOLERANCE = 1e-6

Report = Callable[[str, tuple], None]


def distribution(
    written: Any, states: Sequence[str], loc: tuple, report: Report, what: str
) -> np.ndarray | None:
    """A probability vector in `states` order, renormalised within tolerance; None if invalid."""
    values = _values(written, states, loc, report, what)
    if values is None:
        return None
    ok = True
    for i, value in enumerate(values):
        where = _loc_of(written, states, loc, i)
        if not math.isfinite(value):
            report(f"{what}: probability of {states[i]!r} is {value}; give a number in [0, 1]", where)
            ok = False
        elif value < 0 or value > 1:
            report(f"{what}: probability of {states[i]!r} is {value}, outside [0, 1]", where)
            ok = False
    if not ok:
        return None
    vector = np.asarray(values, dtype=float)
    total = float(vector.sum())
    if abs(total - 1.0) > TOLERANCE:
        report(f"{what}: probabilities sum to {total:.10g}, not 1; fix the numbers", loc)
        return None
    return vector / total


def likelihood(written: Any, states: Sequence[str], loc: tuple, report: Report, what: str):
    """A likelihood vector (relative, every entry > 0); None if invalid."""
    values = _values(written, states, loc, report, what)
    if values is None:
        return None
    ok = True
    for i, value in enumerate(values):
        if not math.isfinite(value) or value <= 0:
            report(f"{what}: likelihood of {states[i]!r} is {value}; every likelihood must be "
                   "a positive number (relative weights; use a small value, not 0)",
                   _loc_of(written, states, loc, i))
            ok = False
    return np.asarray(values, dtype=float) if ok else None


def _values(written: Any, states: Sequence[str], loc: tuple, report: Report, what: str):
    if isinstance(written, list):
        if len(written) != len(states):
            report(f"{what}: {len(written)} values for {len(states)} states "
                   f"({', '.join(states)}); give one per state", loc)
            return None
        return [float(v) for v in written]
    unknown = [k for k in written if k not in states]
    for key in unknown:
        report(f"{what}: unknown state {key!r}; states are {', '.join(states)}", (*loc, key))
    missing = [s for s in states if s not in written]
    if missing:
        report(f"{what}: no value for state(s) {', '.join(missing)}; give every state", loc)
    if unknown or missing:
        return None
    return [float(written[s]) for s in states]


def _loc_of(written: Any, states: Sequence[str], loc: tuple, i: int) -> tuple:
    return (*loc, i) if isinstance(written, list) else (*loc, states[i])
