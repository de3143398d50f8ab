"""The ledger's outside view on events: each base rate and view of a run recorded as a
forecaster on its event, and scored on that event beside the model's probability of it.

An event forecast says "the event (a set of the target's states) happens by `by`". Against
a resolved question it is scored as two states (the event, not the event): Brier
2(p - o)^2 (0-2), log score ln p or ln(1 - p), RPS (p - o)^2. Whether it happened by `by`:
- the outcome is in the event: o = 1 when the resolution date (`--on`; else the forecast's
  horizon) is on or before `by`, o = 0 when after; without either date it is not scored;
- the outcome is not: o = 0 when `by` is on or before the later of the resolution date and
  the horizon (the answer holds to the horizon the question asks about); a later `by` is
  not scored (the ledger does not know what happened after that).
The model is scored on the same event and the same o, so the skill between them compares
like with like. An undated view is kept but not scored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..analysis import scoring
from ..ledger import Entry, EventForecast, Resolution


def event_forecasts(result: dict[str, Any]) -> tuple[EventForecast, ...]:
    """What a run's JSON says of its base rates (their carried mean, by the as_of plus the
    days carried) and views (their number, by their date)."""
    as_of = dt.date.fromisoformat(result["scenario"]["as_of"])
    out = [EventForecast("base_rate", r["id"], r["node"], tuple(r["event"]), float(r["p"]["mean"]),
                         (as_of + dt.timedelta(days=float(r["days"]))).isoformat())
           for r in result.get("base_rates") or []]
    out += [EventForecast("view", v["id"], v["node"], tuple(v["event"]), float(v["p"]), v["by"])
            for v in result.get("views") or []]
    return tuple(out)


def two_state_scores(p: float, happened: bool) -> dict[str, float | None]:
    """Brier (0-2), log score and RPS of a probability `p` of an event, two states."""
    vector, k = (p, 1.0 - p), 0 if happened else 1
    return {"brier": scoring.brier(vector, k), "log_score": scoring.log_score(vector, k),
            "rps": scoring.rps(vector, k)}


def happened_by(event: Sequence[str], by: str, resolution: Resolution, horizon: str | None
                ) -> tuple[bool | None, str]:
    """Whether the event happened by `by` (None: the ledger cannot tell, with the reason)."""
    end = resolution.resolved_on or horizon
    if resolution.outcome in event:
        if end is None:
            return None, ("the outcome is in its event but the question has no resolution date "
                          "(resolve --on DATE) to tell whether it happened by " + by)
        if resolution.resolved_on is None and end > by:
            return None, (f"the outcome is in its event, but its date {by} is before the "
                          f"horizon {end} and the question has no resolution date")
        return end <= by, ""
    known = max((d for d in (resolution.resolved_on, horizon) if d), default=None)
    if known is not None and by <= known:  # the answer holds to the horizon, or later
        return False, ""
    return None, (f"its date {by} is after what the resolution covers ({known or 'no date'}): "
                  "the ledger does not record what happened after that")


def scored_events(entry: Entry, resolutions: dict[tuple[str, str], Resolution],
                  forecaster: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each event forecast of `entry` on a resolved question scored beside the model's
    probability of the same event; those left out, with the reason."""
    own = {p.target: p for p in entry.predictions if p.kind == "forecast"}
    rows: list[dict[str, Any]] = []
    excluded: list[dict[str, Any]] = []
    for item in entry.events:
        resolution = resolutions.get((entry.model_id, item.target))
        if resolution is None:
            continue
        base = {"kind": item.kind, "reference": item.name, "id": entry.id,
                "scenario": entry.scenario_id, "as_of": entry.as_of, "target": item.target,
                "outcome": resolution.outcome}
        reason = ""
        happened: bool | None = None
        if resolution.resolved_on and entry.as_of > resolution.resolved_on:
            reason = f"as_of after the resolution date {resolution.resolved_on}"
        elif item.by is None:
            reason = "an undated view: shown, not scored (give `by: DATE` to score it)"
        elif item.target not in own:
            reason = "no forecast of the model on its target in this record"
        else:
            happened, reason = happened_by(item.event, item.by, resolution, entry.horizon)
        if happened is None:
            excluded.append({**base, "reason": reason})
            continue
        forecast = own[item.target]
        model_p = sum(p for s, p in zip(forecast.states, forecast.p, strict=True)
                      if s in item.event)
        rows.append({**base, "event": list(item.event), "p": item.p, "by": item.by,
                     "happened": happened, **two_state_scores(item.p, happened),
                     "forecaster": forecaster, "model_id": entry.model_id,
                     "recorded_at": entry.recorded_at, "horizon": entry.horizon,
                     "resolved_on": resolution.resolved_on,
                     "model": {"p": model_p, **two_state_scores(model_p, happened)}})
    return rows, excluded


def public(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("reference", "kind", "scenario", "as_of", "target", "event", "p", "by", "outcome",
            "happened", "brier", "log_score", "rps", "forecaster", "model_id", "id", "model")
    return {k: row[k] for k in keys}
