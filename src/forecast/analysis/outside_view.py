"""The outside view beside the inside view: each base rate's Jeffreys Beta carried to the
snapshot's days, each view's number, and the model's probability of the same event.

A base rate of `events` in `cases` cases, each watched `per_days` days, is
Beta(events + 1/2, cases - events + 1/2) for one case over `per_days` (Jeffreys: the prior
that lets a count of 0 or of every case still say something). Its mean and 5%/95% quantiles
are carried to t days as 1 - (1 - p)^(t / per_days), a constant hazard; the map is
increasing, so the carried quantiles are the quantiles of the carried probability.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.numbers import stable
from ..domain.outside import BaseRate, View

LOW, HIGH = 0.05, 0.95  # the 90% interval's quantiles


def jeffreys(events: int, cases: int) -> tuple[float, float]:
    """The Beta's two parameters for `events` in `cases`."""
    return events + 0.5, cases - events + 0.5


def carried(p: float, days: float, per_days: float) -> float:
    """The chance of at least one event in `days` from the chance `p` in `per_days`, at a
    constant hazard (computed as -expm1(r log1p(-p)), exact near 0)."""
    if p >= 1.0:
        return 1.0
    return -math.expm1(days / per_days * math.log1p(-p))


@dataclass(frozen=True)
class Spread:
    """A mean and a 90% interval (5% and 95% quantiles)."""

    mean: float
    low: float
    high: float

    def to_json(self) -> dict[str, float]:
        return {"mean": stable(self.mean), "low": stable(self.low), "high": stable(self.high)}


def per_case(events: int, cases: int) -> Spread:
    """The Jeffreys Beta's mean and 5%/95% quantiles (`beta_quantile`: scipy's import would
    be a sixth of every cold run)."""
    from .beta_quantile import beta_quantile

    a, b = jeffreys(events, cases)
    return Spread(a / (a + b), beta_quantile(a, b, LOW), beta_quantile(a, b, HIGH))


def model_event_probability(posteriors: Mapping[str, Mapping[str, float]], node: str,
                            event: Sequence[str]) -> float | None:
    """The model's probability of `event` as the run reports the node's posterior (None when
    the run does not report the node). Every comparison with the outside view goes through
    here, so how the run reaches its posterior never matters to it."""
    posterior = posteriors.get(node)
    if posterior is None:
        return None
    return float(sum(float(posterior[state]) for state in event))


@dataclass(frozen=True)
class BaseRateRow:
    """A base rate for one case, carried to the snapshot's days, beside the model."""

    rate: BaseRate
    days: float          # the days it is carried to
    carried_to: str      # what those days are: "horizon" or "per_days" (no horizon)
    one_case: Spread
    spread: Spread       # carried to `days`
    model: float | None

    def to_json(self) -> dict[str, Any]:
        return {**self.rate.to_json(), "beta": list(jeffreys(self.rate.events, self.rate.cases)),
                "per_case": self.one_case.to_json(),
                "days": _number(self.days), "carried_to": self.carried_to,
                "p": self.spread.to_json(),
                "model": None if self.model is None else stable(self.model),
                "gap_points": None if self.model is None else gap_points(self.model,
                                                                         self.spread.mean)}


@dataclass(frozen=True)
class ViewRow:
    view: View
    model: float | None
    scored: bool          # dated (`by`): the ledger scores it

    def to_json(self) -> dict[str, Any]:
        return {**self.view.to_json(), "scored": self.scored,
                "model": None if self.model is None else stable(self.model),
                "gap_points": None if self.model is None else gap_points(self.model,
                                                                         self.view.p)}


@dataclass(frozen=True)
class OutsideView:
    base_rates: tuple[BaseRateRow, ...] = ()
    views: tuple[ViewRow, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.base_rates or self.views)

    def to_json(self) -> dict[str, Any]:
        return {"base_rates": [r.to_json() for r in self.base_rates],
                "views": [v.to_json() for v in self.views]}


def gap_points(model: float, outside: float) -> float:
    """Inside minus outside, in percentage points (one decimal)."""
    return round(100 * (model - outside), 1) + 0.0


def base_rate_row(rate: BaseRate, days: float | None,
                  posteriors: Mapping[str, Mapping[str, float]]) -> BaseRateRow:
    """`days` None (a snapshot without a horizon): the rate stays over its own per_days."""
    one = per_case(rate.events, rate.cases)
    t = rate.per_days if days is None else float(days)
    spread = Spread(*(carried(x, t, rate.per_days) for x in (one.mean, one.low, one.high)))
    return BaseRateRow(rate, t, "per_days" if days is None else "horizon", one, spread,
                       model_event_probability(posteriors, rate.node, rate.event))


def outside_view(base_rates: Sequence[BaseRate], views: Sequence[View], days: float | None,
                 posteriors: Mapping[str, Mapping[str, float]]) -> OutsideView:
    """Every base rate and view of a snapshot beside the model's probability of its event."""
    return OutsideView(
        tuple(base_rate_row(r, days, posteriors) for r in base_rates),
        tuple(ViewRow(v, model_event_probability(posteriors, v.node, v.event), v.by is not None)
              for v in views))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Blend:
    """`--outside WEIGHT`: (1 - w) x the model + w x a base rate's carried mean, on the base
    rate's event; the node's states scaled within and outside the event to match. A blend,
    labelled as one wherever it is shown, never the model's own forecast."""

    base_rate: str
    node: str
    event: tuple[str, ...]
    weight: float
    model: float
    outside: float
    posterior: Mapping[str, float]  # the node's states, blended

    @property
    def p(self) -> float:
        return (1 - self.weight) * self.model + self.weight * self.outside

    @property
    def label(self) -> str:
        return (f"blend: {_share(1 - self.weight)} x model + {_share(self.weight)} x base rate "
                f"{self.base_rate}")

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "base_rate": self.base_rate, "node": self.node,
                "event": list(self.event), "weight": stable(self.weight),
                "model": stable(self.model), "outside": stable(self.outside),
                "p": stable(self.p),
                "posterior": {s: stable(v) for s, v in self.posterior.items()}}


def _share(w: float) -> str:
    """A weight as written (0.25), never as a percentage a reader could take for a
    probability."""
    return f"{round(w, 6):g}"


def blends(outside: OutsideView, posteriors: Mapping[str, Mapping[str, float]],
           weight: float) -> tuple[Blend, ...]:
    """One blend per node that has a base rate: with the first base rate listed on it."""
    out: list[Blend] = []
    seen: set[str] = set()
    for row in outside.base_rates:
        if row.rate.node in seen or row.model is None:
            continue
        seen.add(row.rate.node)
        out.append(blend(row, posteriors[row.rate.node], weight))
    return tuple(out)


def blend(row: BaseRateRow, posterior: Mapping[str, float], weight: float) -> Blend:
    model, outside = float(row.model or 0.0), row.spread.mean
    p = (1 - weight) * model + weight * outside
    inside = [s for s in posterior if s in row.rate.event]
    rest = [s for s in posterior if s not in row.rate.event]
    blended: dict[str, float] = {}
    for states, old, new in ((inside, model, p), (rest, 1 - model, 1 - p)):
        for s in states:  # in proportion to the model's; equal shares where it gave none
            blended[s] = new * (posterior[s] / old if old > 0 else 1 / len(states))
    return Blend(row.rate.id, row.rate.node, row.rate.event, weight, model, outside,
                 {s: blended[s] for s in posterior})
