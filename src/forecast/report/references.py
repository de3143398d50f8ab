"""The outside view under the run table (text, Markdown) and as CSV rows: each base rate
carried to the snapshot's days and each view, beside the model's probability of the same
event; with --outside, the blend, labelled as one. Read from the typed rows
(`RunResult.outside()` and `.blends()`), each number as the JSON writes it (`stable`), so
the table and the file print the same digits."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..analysis.outside_view import gap_points
from ..domain.numbers import stable

if TYPE_CHECKING:
    from ..analysis.outside_view import BaseRateRow, Blend, OutsideView, ViewRow


def _percent(p: float) -> str:
    """As the run table prints probabilities (the rounding rule of `language`)."""
    from ..language import percent

    return percent(float(p))


def _days(value: float) -> str:
    return f"{value:g} day" + ("" if value == 1 else "s")


def _number(value: float) -> int | float:
    """A day count as JSON writes it: 86, not 86.0."""
    return int(value) if float(value).is_integer() else value


def _gap(model: float | None, outside: float) -> str:
    if model is None:
        return ""
    return f"; model {_percent(stable(model))}, {gap_points(model, outside):+.1f} points"


def base_rate_line(row: BaseRateRow) -> str:
    """One base rate: its count, its Beta carried to the snapshot's days, beside the model."""
    rate, p = row.rate, row.spread
    over = (f"over the {_days(row.days)} to the horizon" if row.carried_to == "horizon"
            else f"over {_days(row.days)} (the snapshot has no horizon: not carried)")
    return (f"base rate {rate.id} on {rate.node}: {' or '.join(rate.event)} in {rate.events} "
            f"of {rate.cases} cases per {_days(rate.per_days)}, {_percent(stable(p.mean))} "
            f"(90%: {_percent(stable(p.low))}-{_percent(stable(p.high))}) {over}"
            f"{_gap(row.model, p.mean)}")


def view_line(row: ViewRow) -> str:
    """One view: who, the event, their number (or words), dated or not, beside the model."""
    view = row.view
    who = f" ({view.who})" if view.who and view.who != view.id else ""
    said = (f"{view.said} ({_percent(view.p)}, the band's midpoint)" if view.said
            else _percent(view.p))
    when = f"by {view.by.isoformat()}" if view.by else "undated: shown, not scored"
    return (f"view {view.id}{who} on {view.node}: {' or '.join(view.event)} {said}, {when}"
            f"{_gap(row.model, view.p)}")


def blend_line(blend: Blend) -> str:
    return (f"{blend.label} on {blend.node}: {' or '.join(blend.event)} "
            f"{_percent(stable(blend.p))} (model {_percent(stable(blend.model))}, base rate "
            f"{_percent(stable(blend.outside))}); a blend, not the model's forecast")


def reference_lines(outside: OutsideView, blends: Sequence[Blend] = ()) -> list[str]:
    lines: list[str] = []
    for row in outside.base_rates:
        lines.append(base_rate_line(row))
        lines += textwrap.wrap(f"class: {row.rate.reference_class}", 96, initial_indent="  ",
                               subsequent_indent="    ")
    for row in outside.views:
        lines.append(view_line(row))
        if row.view.note:
            lines += textwrap.wrap(f"note: {row.view.note}", 96, initial_indent="  ",
                                   subsequent_indent="    ")
    lines += [blend_line(b) for b in blends]
    return lines


def reference_text(outside: OutsideView, blends: Sequence[Blend] = ()) -> str:
    lines = reference_lines(outside, blends)
    return ("\nthe outside view:\n" + "\n".join(lines) + "\n") if lines else ""


def outside_rows(outside: OutsideView, blends: Sequence[Blend] = ()) -> list[dict[str, Any]]:
    """One row per base rate, view and blend: who, the event, its probability (and interval),
    the model's probability of that event and the gap in points."""
    def model(value: float | None) -> float | None:
        return None if value is None else stable(value)

    rows: list[dict[str, Any]] = []
    for r in outside.base_rates:
        p = r.spread
        rows.append({"kind": "base_rate", "id": r.rate.id, "node": r.rate.node,
                     "event": "|".join(r.rate.event), "p": stable(p.mean),
                     "low": stable(p.low), "high": stable(p.high), "days": _number(r.days),
                     "by": None, "model": model(r.model),
                     "gap_points": None if r.model is None else gap_points(r.model, p.mean)})
    for v in outside.views:
        rows.append({"kind": "view", "id": v.view.id, "node": v.view.node,
                     "event": "|".join(v.view.event), "p": v.view.p, "low": None,
                     "high": None, "days": None,
                     "by": v.view.by.isoformat() if v.view.by else None, "model": model(v.model),
                     "gap_points": None if v.model is None else gap_points(v.model, v.view.p)})
    for b in blends:
        rows.append({"kind": "blend", "id": b.label, "node": b.node,
                     "event": "|".join(b.event), "p": stable(b.p), "low": None, "high": None,
                     "days": None, "by": None, "model": stable(b.model),
                     "gap_points": gap_points(stable(b.model), stable(b.p))})
    return rows


def reference_markdown(outside: OutsideView, blends: Sequence[Blend], yardstick: str) -> str:
    from ..language import estimate

    rows = outside_rows(outside, blends)
    if not rows:
        return ""
    out = ["", "### The outside view", "",
           "| kind | id | node | event | p | 90% interval | by / days | model p | gap (points) |",
           "|---|---|---|---|---:|---|---|---:|---:|"]
    for row in rows:
        interval = (f"{_percent(row['low'])}-{_percent(row['high'])}" if row["low"] is not None
                    else "-")
        when = row["by"] or (f"{row['days']:g} days" if row["days"] is not None else
                             ("undated" if row["kind"] == "view" else "-"))
        model = _percent(row["model"]) if row["model"] is not None else "-"
        gap = f"{row['gap_points']:+.1f}" if row["gap_points"] is not None else "-"
        out.append(f"| {row['kind']} | {row['id'].replace('|', '/')} | {row['node']} | "
                   f"{row['event'].replace('|', ' or ')} | {_percent(row['p'])} "
                   f"{estimate(float(row['p']), yardstick).words} | {interval} | {when} | "
                   f"{model} | {gap} |")
    notes = [f"- {r.rate.id}: {r.rate.reference_class}" for r in outside.base_rates]
    notes += [f"- {v.view.id}: {v.view.note}" for v in outside.views if v.view.note]
    if notes:
        out += ["", *notes]
    return "\n".join(out) + "\n"


def with_outside_rows(rows: list[dict[str, Any]], outside: OutsideView, blends: Sequence[Blend],
                      yardstick: str) -> list[dict[str, Any]]:
    """CSV: the model's rows, then one row per base rate, view and blend, the event in
    `state` (states joined by |); the columns `forecaster`, `event_low`, `event_high`,
    `model_event` are added only when the scenario has an outside view."""
    extra_rows = outside_rows(outside, blends)
    if not extra_rows:
        return rows
    from ..language import estimate

    blank = dict.fromkeys(rows[0]) if rows else {}
    extra = {"forecaster": "model", "event_low": None, "event_high": None, "model_event": None}
    out = [{**row, **extra} for row in rows]
    for row in extra_rows:
        who = row["id"] if row["kind"] == "blend" else f"{row['kind']}:{row['id']}"
        out.append({**blank, "node": row["node"], "state": row["event"],
                    "probability": row["p"], "words": estimate(row["p"], yardstick).words,
                    "forecaster": who, "event_low": row["low"], "event_high": row["high"],
                    "model_event": row["model"]})
    return out
