"""Naming the adjustments in force (scenario priors, analysts' overlays, --set) and the analysts'
columns, for every text format, chart and brief: generated from the result, never fixed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def describe_adjustment(item: Mapping[str, Any]) -> str:
    """One adjustment as a reader would say it."""
    if item["kind"] == "scenario prior":
        values = ", ".join(f"{s} {100 * p:.1f}%" for s, p in item["p"].items())
        return f"scenario prior {item['node']}: {values}"
    if item["kind"] == "--set":
        return f"--set {item['text']}"
    when = item.get("date") or "undated"
    where = f", {item['file']}" if item.get("file") else ""
    changed = ", ".join(item.get("nodes") or []) or "nothing"
    return f"analyst {item['analyst']} ({when}{where}): own numbers for {changed}"


def adjustment_lines(result: Mapping[str, Any]) -> list[str]:
    """`adjustments: ...` lines for a header, or one saying there are none."""
    items = result.get("adjustments")
    if items is None:
        return []
    if not items:
        return ["adjustments: none (the model's own numbers)"]
    return [f"adjustment: {describe_adjustment(item)}" for item in items]


def pool_line(result: Mapping[str, Any]) -> list[str]:
    """What `probability` means when several analysts are pooled."""
    pool = result.get("pool")
    if not pool:
        return []
    weights = ", ".join(f"{name} {w:.3g}" for name, w in pool["weights"].items())
    return [f"probability = {pool['method']} pool of the analysts (weights {weights}); "
            "spread = highest minus lowest analyst"]


def with_analyst_columns(rows: list[dict[str, Any]], result: Mapping[str, Any]
                         ) -> list[dict[str, Any]]:
    """Posterior rows with a column per analyst before `probability`, and `spread` after it."""
    analysts = result.get("analysts")
    if not analysts or len(analysts) < 2:
        return rows
    out = []
    for row in rows:
        node, state = row["node"], row["state"]
        new: dict[str, Any] = {"node": node, "state": state}
        new.update({name: post[node][state] for name, post in analysts.items()})
        for key, value in row.items():
            if key not in new:
                new[key] = value
            if key == "probability":
                new["spread"] = result["spread"][node][state]
        out.append(new)
    return out


def with_adjustment_column(rows: list[dict[str, Any]], result: Mapping[str, Any]
                           ) -> list[dict[str, Any]]:
    """CSV rows with a trailing `adjustments` column when any adjustment is in force."""
    items = result.get("adjustments")
    if not items:
        return rows
    text = "; ".join(describe_adjustment(item) for item in items)
    return [{**row, "adjustments": text} for row in rows]
