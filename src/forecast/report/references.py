"""The outside view under the run table (text, Markdown) and as CSV rows: each base rate
carried to the snapshot's days and each view, beside the model's probability of the same
event; with --outside, the blend, labelled as one."""

from __future__ import annotations

import textwrap
from typing import Any


def _percent(p: float) -> str:
    """As the run table prints probabilities (the rounding rule of `language`)."""
    from ..language import percent

    return percent(float(p))


def _words(p: float, result: dict[str, Any]) -> str:
    from ..language import estimate

    return estimate(float(p), result.get("yardstick") or "icd203").words


def _event(item: dict[str, Any]) -> str:
    return " or ".join(item["event"])


def _days(value: float) -> str:
    return f"{value:g} day" + ("" if value == 1 else "s")


def _gap(item: dict[str, Any]) -> str:
    if item.get("model") is None:
        return ""
    return f"; model {_percent(item['model'])}, {item['gap_points']:+.1f} points"


def base_rate_line(rate: dict[str, Any]) -> str:
    """One base rate: its count, its Beta carried to the snapshot's days, beside the model."""
    p = rate["p"]
    over = (f"over the {_days(rate['days'])} to the horizon" if rate["carried_to"] == "horizon"
            else f"over {_days(rate['days'])} (the snapshot has no horizon: not carried)")
    return (f"base rate {rate['id']} on {rate['node']}: {_event(rate)} in {rate['events']} of "
            f"{rate['cases']} cases per {_days(rate['per_days'])}, {_percent(p['mean'])} "
            f"(90%: {_percent(p['low'])}-{_percent(p['high'])}) {over}{_gap(rate)}")


def view_line(view: dict[str, Any]) -> str:
    """One view: who, the event, their number (or words), dated or not, beside the model."""
    who = f" ({view['who']})" if view.get("who") and view["who"] != view["id"] else ""
    said = (f"{view['said']} ({_percent(view['p'])}, the band's midpoint)" if view.get("said")
            else _percent(view["p"]))
    when = f"by {view['by']}" if view.get("by") else "undated: shown, not scored"
    return f"view {view['id']}{who} on {view['node']}: {_event(view)} {said}, {when}{_gap(view)}"


def blend_line(blend: dict[str, Any]) -> str:
    return (f"{blend['label']} on {blend['node']}: {' or '.join(blend['event'])} "
            f"{_percent(blend['p'])} (model {_percent(blend['model'])}, base rate "
            f"{_percent(blend['outside'])}); a blend, not the model's forecast")


def reference_lines(result: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for rate in result.get("base_rates") or []:
        lines.append(base_rate_line(rate))
        lines += textwrap.wrap(f"class: {rate['class']}", 96, initial_indent="  ",
                               subsequent_indent="    ")
    for view in result.get("views") or []:
        lines.append(view_line(view))
        if view.get("note"):
            lines += textwrap.wrap(f"note: {view['note']}", 96, initial_indent="  ",
                                   subsequent_indent="    ")
    lines += [blend_line(b) for b in result.get("blend") or []]
    return lines


def reference_text(result: dict[str, Any]) -> str:
    lines = reference_lines(result)
    return ("\nthe outside view:\n" + "\n".join(lines) + "\n") if lines else ""


def outside_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per base rate, view and blend: who, the event, its probability (and interval),
    the model's probability of that event and the gap in points."""
    rows: list[dict[str, Any]] = []
    for rate in result.get("base_rates") or []:
        rows.append({"kind": "base_rate", "id": rate["id"], "node": rate["node"],
                     "event": "|".join(rate["event"]), "p": rate["p"]["mean"],
                     "low": rate["p"]["low"], "high": rate["p"]["high"], "days": rate["days"],
                     "by": None, "model": rate["model"], "gap_points": rate["gap_points"]})
    for view in result.get("views") or []:
        rows.append({"kind": "view", "id": view["id"], "node": view["node"],
                     "event": "|".join(view["event"]), "p": view["p"], "low": None,
                     "high": None, "days": None, "by": view["by"], "model": view["model"],
                     "gap_points": view["gap_points"]})
    for b in result.get("blend") or []:
        rows.append({"kind": "blend", "id": b["label"], "node": b["node"],
                     "event": "|".join(b["event"]), "p": b["p"], "low": None, "high": None,
                     "days": None, "by": None, "model": b["model"],
                     "gap_points": round(100 * (b["model"] - b["p"]), 1) + 0.0})
    return rows


def reference_markdown(result: dict[str, Any]) -> str:
    rows = outside_rows(result)
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
                   f"{_words(row['p'], result)} | {interval} | {when} | {model} | {gap} |")
    notes = [f"- {r['id']}: {r['class']}" for r in result.get("base_rates") or []]
    notes += [f"- {v['id']}: {v['note']}" for v in result.get("views") or [] if v.get("note")]
    if notes:
        out += ["", *notes]
    return "\n".join(out) + "\n"


def with_outside_rows(rows: list[dict[str, Any]], result: dict[str, Any]
                      ) -> list[dict[str, Any]]:
    """CSV: the model's rows, then one row per base rate, view and blend, the event in
    `state` (states joined by |); the columns `forecaster`, `event_low`, `event_high`,
    `model_event` are added only when the scenario has an outside view."""
    outside = outside_rows(result)
    if not outside:
        return rows
    from ..language import estimate

    yardstick = result.get("yardstick") or "icd203"
    blank = dict.fromkeys(rows[0]) if rows else {}
    extra = {"forecaster": "model", "event_low": None, "event_high": None, "model_event": None}
    out = [{**row, **extra} for row in rows]
    for row in outside:
        who = row["id"] if row["kind"] == "blend" else f"{row['kind']}:{row['id']}"
        out.append({**blank, "node": row["node"], "state": row["event"],
                    "probability": row["p"], "words": estimate(row["p"], yardstick).words,
                    "forecaster": who, "event_low": row["low"], "event_high": row["high"],
                    "model_event": row["model"]})
    return out
