"""Scoring resolved forecasts: Brier, log and ranked probability scores, their average over a
question's life, Murphy's decomposition and skill against a reference. Pure functions.

Conventions (DESIGN section 5):
- Brier: the sum over states of the squared error, 0 (perfect) to 2.
- Log score: the natural log of the probability given to the outcome, 0 (perfect) down to
  minus infinity (None here, since JSON has no infinity).
- Ranked probability score: over the states in their written (ordered) order,
  1/(K-1) * sum_k (F_k - O_k)^2 with F and O cumulative, 0 to 1; for two states it is half
  the Brier score.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Murphy's terms are estimated from bins of forecasts; with few forecasts per bin the
# reliability term is mostly sampling noise (it is biased upwards by about bins/N), so
# the decomposition is given only from 30 forecasts on: 3 per bin of ten on average.
MIN_FORECASTS_FOR_DECOMPOSITION = 30
DECOMPOSITION_BINS = 10


def brier(p: Sequence[float], outcome: int) -> float:
    """Sum over states of (p_k - o_k)^2: 0 for certainty on the outcome, 2 for certainty elsewhere."""
    vector = np.asarray(p, dtype=float)
    observed = np.zeros_like(vector)
    observed[outcome] = 1.0
    return float(np.sum((vector - observed) ** 2))


def log_score(p: Sequence[float], outcome: int) -> float | None:
    """ln p(outcome); None when the outcome was given probability zero (minus infinity)."""
    value = float(p[outcome])
    return math.log(value) if value > 0 else None


def rps(p: Sequence[float], outcome: int) -> float:
    """Ranked probability score over ordered states, normalised by K - 1 to lie in [0, 1]."""
    vector = np.asarray(p, dtype=float)
    if len(vector) < 2:
        return 0.0
    observed = np.zeros_like(vector)
    observed[outcome] = 1.0
    gaps = np.cumsum(vector)[:-1] - np.cumsum(observed)[:-1]
    return float(np.sum(gaps**2) / (len(vector) - 1))


@dataclass(frozen=True)
class Snapshot:
    """One forecast of a question on a date: probabilities in state order, scores attached."""

    as_of: dt.date
    scores: dict[str, float | None]


def life_weights(dates: Sequence[dt.date], end: dt.date | None) -> list[float]:
    """Each snapshot's share of the question's life, in the Good Judgment Open way.

    A snapshot's forecast stands from its as_of date until the next snapshot's, the last one
    until `end` (the resolution date); shares are in days. Snapshots on one day: only the
    last counts for that day (callers pass the one recorded last). Without an end date, or
    when every snapshot falls on the end date, all snapshots weigh the same.
    """
    if not dates:
        return []
    bounds = [*dates[1:], end]
    if end is None or end <= dates[0]:
        return [1.0 / len(dates)] * len(dates)
    days = [max((b - d).days, 0) for d, b in zip(dates, bounds, strict=True)]
    total = sum(days)
    if total == 0:
        return [1.0 / len(dates)] * len(dates)
    return [d / total for d in days]


def time_averaged(snapshots: Sequence[Snapshot], end: dt.date | None) -> dict[str, float | None]:
    """The day-weighted mean of each score over the question's life (snapshots sorted by date)."""
    weights = life_weights([s.as_of for s in snapshots], end)
    out: dict[str, float | None] = {}
    for key in ("brier", "log_score", "rps"):
        values = [s.scores.get(key) for s in snapshots]
        used = [(w, v) for w, v in zip(weights, values, strict=True) if w > 0]
        out[key] = None if any(v is None for _, v in used) or not used else float(
            sum(w * v for w, v in used) / sum(w for w, _ in used))
    return out


def mean_scores(rows: Sequence[dict]) -> dict[str, float | None]:
    """Plain means of each score (None when a log score is minus infinity)."""
    out: dict[str, float | None] = {}
    for key in ("brier", "log_score", "rps"):
        values = [r.get(key) for r in rows]
        out[key] = None if not values or any(v is None for v in values) else float(np.mean(values))
    return out


def skill(score: float | None, reference: float | None) -> float | None:
    """1 - S/S_ref: positive when the forecast beats the reference, 1 when it is perfect.

    For the log score (higher is better, 0 perfect) the same formula holds with S and S_ref
    both negative: 1 - ln p / ln p_ref. None when the reference is perfect (0) or missing.
    """
    if score is None or reference is None or reference == 0:
        return None
    return float(1.0 - score / reference)


def binary_events(probabilities: Sequence[Sequence[float]], outcomes: Sequence[int]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Every (forecast, state) pair as a binary event: its probability and whether it happened."""
    p, o = [], []
    for vector, outcome in zip(probabilities, outcomes, strict=True):
        for k, value in enumerate(vector):
            p.append(float(value))
            o.append(1.0 if k == outcome else 0.0)
    return np.asarray(p), np.asarray(o)


def reliability_bins(p: np.ndarray, o: np.ndarray, bins: int = DECOMPOSITION_BINS) -> list[dict]:
    """Forecast probability bins (width 1/bins; 1.0 in the last): count, mean forecast, observed
    frequency and its Wilson 95% interval. Empty bins are left out."""
    index = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        inside = index == b
        n = int(inside.sum())
        if n:
            hits = float(o[inside].sum())
            low, high = wilson(hits, n)
            rows.append({"low": b / bins, "high": (b + 1) / bins, "count": n,
                         "forecast": float(p[inside].mean()), "observed": hits / n,
                         "observed_low": low, "observed_high": high})
    return rows


def wilson(hits: float, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson 95% interval of a frequency: how far a bin's observed rate may be from
    its true rate by chance alone (honest with few forecasts, unlike the normal interval)."""
    rate = hits / n
    centre = (rate + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def murphy(probabilities: Sequence[Sequence[float]], outcomes: Sequence[int],
           bins: int = DECOMPOSITION_BINS) -> dict[str, float] | None:
    """Murphy's decomposition of the mean Brier score (sum over states), or None when there are
    fewer than MIN_FORECASTS_FOR_DECOMPOSITION forecasts.

    Every state of every forecast is a binary event (as in the reliability diagram); events are
    binned by forecast probability and reliability - resolution + uncertainty is taken over
    them, scaled by the mean number of states per forecast so that the terms are in the units
    of the sum-over-states Brier score. Binning leaves a residual (the spread of forecasts
    within bins), given so that the parts add up exactly to the score.
    """
    n = len(outcomes)
    if n < MIN_FORECASTS_FOR_DECOMPOSITION:
        return None
    p, o = binary_events(probabilities, outcomes)
    scale = len(p) / n
    base = float(o.mean())
    reliability = resolution = 0.0
    for row in reliability_bins(p, o, bins):
        reliability += row["count"] * (row["forecast"] - row["observed"]) ** 2 / len(p)
        resolution += row["count"] * (row["observed"] - base) ** 2 / len(p)
    uncertainty = base * (1 - base)
    score = float(np.sum((p - o) ** 2) / n)
    parts = scale * (reliability - resolution + uncertainty)
    return {"brier": score, "reliability": scale * reliability, "resolution": scale * resolution,
            "uncertainty": scale * uncertainty, "residual": score - parts, "forecasts": n,
            "bins": bins}
