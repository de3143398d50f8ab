"""Time to the horizon: probabilities elicited for W days, converted to the t days left.

A node with `window_days: W` holds P_W, the distribution of the highest level reached
within W days, states ordered from "nothing happened" upwards. With a constant hazard for
reaching each level k (every state but the first), the chance of reaching it within t days
is P_t(>= k) = 1 - (1 - P_W(>= k)) ** (t / W); the first state takes the rest. Because
P_W(>= k) falls with k, so does P_t(>= k), and the converted distribution is a
distribution. Evidence enters before the conversion: the engines answer P_W(. | e), and
only what is reported is converted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .network import Network


@dataclass(frozen=True)
class Window:
    """A windowed node's elicited window W and the days t a scenario has left (None: no
    horizon, so the numbers stay those of the elicited window)."""

    elicited_days: float
    remaining_days: int | None

    @property
    def ratio(self) -> float:
        """t / W, the exponent of the conversion (1 when there is no horizon)."""
        if self.remaining_days is None:
            return 1.0
        return self.remaining_days / self.elicited_days

    def to_json(self) -> dict[str, float | int | None]:
        days = self.elicited_days
        return {"elicited_days": int(days) if float(days).is_integer() else days,
                "remaining_days": self.remaining_days}


def reached_by(p_window: np.ndarray, ratio: float | np.ndarray) -> np.ndarray:
    """P_t(>= k) for every level k >= 1, from distributions along the last axis.

    `ratio` (t / W) broadcasts against the leading axes: a batch of distributions may each
    have their own. Returns shape (..., card - 1). With t = 0 nothing is reached (0 ** 0 is
    taken as 1, so even a level certain within W days is not reached in no time).
    """
    p = np.asarray(p_window, dtype=float)
    at_least = np.cumsum(p[..., ::-1], axis=-1)[..., ::-1][..., 1:]  # P_W(>= k), k = 1..
    staying = np.clip(1.0 - at_least, 0.0, 1.0)
    exponent = np.asarray(ratio, dtype=float)[..., None]
    return 1.0 - np.power(staying, exponent)


def convert(p_window: np.ndarray, ratio: float | np.ndarray) -> np.ndarray:
    """The distribution for t days from the one for W days (last axis: states in order)."""
    p = np.asarray(p_window, dtype=float)
    if p.shape[-1] < 2:
        return p.copy()  # a single state: nothing to reach
    at_least = reached_by(p, ratio)
    upper = np.concatenate([at_least, np.zeros((*at_least.shape[:-1], 1))], axis=-1)
    first = 1.0 - at_least[..., :1]
    return np.concatenate([first, at_least - upper[..., 1:]], axis=-1)


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


def windows_for(network: Network, nodes: Iterable[str], as_of: dt.date | None,
                horizon: dt.date | None) -> dict[str, Window]:
    """The windows of those `nodes` whose model gives `window_days`, for a snapshot from
    as_of to horizon (no horizon: remaining_days None)."""
    remaining = (days_between(as_of, horizon)
                 if as_of is not None and horizon is not None else None)
    if remaining is not None and remaining < 0:
        raise ValueError(f"horizon {horizon} is before as_of {as_of}")
    return {n: Window(float(network[n].meta["window_days"]), remaining)
            for n in nodes if network[n].meta.get("window_days") is not None}


def convert_all(posteriors: Mapping[str, np.ndarray],
                windows: Mapping[str, Window]) -> dict[str, np.ndarray]:
    """Every posterior of a windowed node converted to its remaining window; others as given."""
    return {n: convert(p, windows[n].ratio) if n in windows else p
            for n, p in posteriors.items()}


def windows_json(windows: Mapping[str, Window]) -> dict[str, dict]:
    """{"window": {node: {elicited_days, remaining_days}}} for a result, or {} without one."""
    return {"window": {n: w.to_json() for n, w in windows.items()}} if windows else {}
