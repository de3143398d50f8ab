"""Time to the horizon: probabilities elicited for W days, converted to the days left.

A node with `window_days: W` holds P_W, the distribution of the highest level reached
within W days from the window's start (the model's `as_of`), states ordered from "nothing
happened" upwards. Each level k (every state but the first) is reached at a hazard whose
shape over the dates is the node's `hazard` profile (constant without one); only its shape
matters, so the chance of reaching level k in a span of dates is
P(>= k) = 1 - (1 - P_W(>= k)) ** f, with f the share of the window's hazard in that span
(t / W for a constant hazard). Because P_W(>= k) falls with k, so does P(>= k), and the
converted distribution is a distribution.

The conversion is applied to every row of the windowed node's table before inference
(`domain.timing`), never to an answer: a row is what the model says given its parents, so
every query of the converted network (averages over a parent, explanations, values of
information) agrees with the headline by the law of total probability.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .network import Network
from .numbers import stable


@dataclass(frozen=True)
class Hazard:
    """A relative hazard by date, piecewise constant: `steps` are (from, weight) in date
    order; before the first step its weight holds, after the last the last weight holds."""

    steps: tuple[tuple[dt.date, float], ...] = ()

    @classmethod
    def of(cls, written: Sequence[Mapping] | None) -> Hazard:
        """From the node metadata's [{"from": ISO date, "weight": w}] (empty: constant)."""
        return cls(tuple((dt.date.fromisoformat(str(s["from"])), float(s["weight"]))
                         for s in written or ()))

    @property
    def constant(self) -> bool:
        return len({w for _, w in self.steps}) <= 1

    def integral(self, start: dt.date, end: dt.date) -> float:
        """The hazard summed over the days from `start` to `end` (start included, end not)."""
        if end <= start:
            return 0.0
        if not self.steps:
            return float((end - start).days)
        total = 0.0
        edges = [s for s, _ in self.steps[1:]]
        weights = [w for _, w in self.steps]
        lows = [None, *edges]
        highs = [*edges, None]
        for low, high, weight in zip(lows, highs, weights, strict=True):
            a = start if low is None else max(start, low)
            b = end if high is None else min(end, high)
            if b > a:
                total += weight * (b - a).days
        return total


@dataclass(frozen=True)
class Window:
    """A windowed node's elicited window and where a snapshot stands in it.

    `remaining_days` (t) is None without a horizon: the numbers stay those of the elicited
    window. `share` is the share of the window's hazard from as_of to the horizon (t / W
    for a constant hazard); `quiet_days` and `quiet_share` the days since `quiet_since`
    in which nothing happened, and their share of the window's hazard."""

    elicited_days: float
    remaining_days: int | None
    share: float | None = None
    start: dt.date | None = None
    profile: bool = False  # a hazard profile (not constant) shapes the shares
    quiet_since: dt.date | None = None
    quiet_days: int | None = None
    quiet_share: float | None = None

    @property
    def ratio(self) -> float:
        """f, the exponent of the conversion (1 when there is no horizon)."""
        if self.remaining_days is None:
            return 1.0
        if self.share is not None:
            return self.share
        return self.remaining_days / self.elicited_days

    def to_json(self) -> dict[str, float | int | str | None]:
        days = self.elicited_days
        out: dict[str, float | int | str | None] = {
            "elicited_days": int(days) if float(days).is_integer() else days,
            "remaining_days": self.remaining_days}
        if self.remaining_days is not None:
            out["hazard_share"] = stable(self.ratio)
            out["hazard"] = "profile" if self.profile else "constant"
        if self.start is not None:
            out["start"] = self.start.isoformat()
        if self.quiet_since is not None:
            out["quiet"] = {"since": self.quiet_since.isoformat(), "days": self.quiet_days,
                            "hazard_share": stable(self.quiet_share or 0.0)}
        return out


def reached_by(p_window: np.ndarray, ratio: float | np.ndarray) -> np.ndarray:
    """P(>= k) for every level k >= 1, from distributions along the last axis.

    `ratio` (the hazard share f) broadcasts against the leading axes: a batch of
    distributions may each have their own. Returns shape (..., card - 1). With f = 0
    nothing is reached (0 ** 0 is taken as 1, so even a level certain within W days is not
    reached in no time)."""
    p = np.asarray(p_window, dtype=float)
    at_least = np.cumsum(p[..., ::-1], axis=-1)[..., ::-1][..., 1:]  # P_W(>= k), k = 1..
    staying = np.clip(1.0 - at_least, 0.0, 1.0)
    exponent = np.asarray(ratio, dtype=float)[..., None]
    return 1.0 - np.power(staying, exponent)


def convert(p_window: np.ndarray, ratio: float | np.ndarray) -> np.ndarray:
    """The distribution for a span with hazard share f from the one for W days (last axis:
    states in order). Applied to a table, it converts every row."""
    p = np.asarray(p_window, dtype=float)
    if p.shape[-1] < 2:
        return p.copy()  # a single state: nothing to reach
    at_least = reached_by(p, ratio)
    upper = np.concatenate([at_least, np.zeros((*at_least.shape[:-1], 1))], axis=-1)
    first = 1.0 - at_least[..., :1]
    return np.concatenate([first, at_least - upper[..., 1:]], axis=-1)


def quiet_likelihood(p_window: np.ndarray, quiet_share: float | np.ndarray) -> np.ndarray:
    """P(nothing above the first state in a span with hazard share g | row) for every row
    of a windowed table (last axis: states): P_W(first | row) ** g."""
    first = np.clip(np.asarray(p_window, dtype=float)[..., 0], 0.0, 1.0)
    return np.power(first, np.asarray(quiet_share, dtype=float))


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


def window_start(network: Network, as_of: dt.date | None) -> dt.date | None:
    """Where a windowed node's window opens: the model's as_of, else the snapshot's."""
    return network.meta.get("as_of") or as_of


def hazard_share(hazard: Hazard, start: dt.date, elicited_days: float, a: dt.date,
                 b: dt.date) -> float:
    """The share of the window's hazard (from `start`, `elicited_days` long) between the
    dates a and b; more than 1 past the window (the last weight holds there)."""
    if hazard.constant:
        return max((b - a).days, 0) / elicited_days
    whole = _window_integral(hazard, start, elicited_days)
    return hazard.integral(a, b) / whole


def _window_integral(hazard: Hazard, start: dt.date, elicited_days: float) -> float:
    """The hazard over the window [start, start + W), a fractional last day pro rata."""
    full = math.floor(elicited_days)
    end = start + dt.timedelta(days=full)
    total = hazard.integral(start, end)
    if elicited_days > full:
        total += (elicited_days - full) * hazard.integral(end, end + dt.timedelta(days=1))
    return total


def windows_for(network: Network, nodes: Iterable[str], as_of: dt.date | None,
                horizon: dt.date | None, quiet_since: dt.date | None = None
                ) -> dict[str, Window]:
    """The windows of those `nodes` whose model gives `window_days`, for a snapshot from
    as_of to horizon (no horizon: remaining_days None), with its quiet days if any."""
    remaining = (days_between(as_of, horizon)
                 if as_of is not None and horizon is not None else None)
    if remaining is not None and remaining < 0:
        raise ValueError(f"horizon {horizon} is before as_of {as_of}")
    out = {}
    start = window_start(network, as_of)
    for n in nodes:
        meta = network[n].meta
        if meta.get("window_days") is None:
            continue
        elicited = float(meta["window_days"])
        hazard = Hazard.of(meta.get("hazard"))
        share = None
        if remaining is not None and start is not None:
            share = hazard_share(hazard, start, elicited, as_of, horizon)
        quiet_days = quiet_share = None
        if quiet_since is not None and as_of is not None and start is not None:
            quiet_days = days_between(quiet_since, as_of)
            quiet_share = hazard_share(hazard, start, elicited, quiet_since, as_of)
        out[n] = Window(elicited, remaining, share, start if remaining is not None else None,
                        not hazard.constant, quiet_since if quiet_days is not None else None,
                        quiet_days, quiet_share)
    return out


def windows_json(windows: Mapping[str, Window]) -> dict[str, dict]:
    """{"window": {node: {elicited_days, remaining_days, ...}}} for a result, or {}."""
    return {"window": {n: w.to_json() for n, w in windows.items()}} if windows else {}
