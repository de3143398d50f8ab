"""Sensitivity, explain and value-of-information results as tables for people."""

from __future__ import annotations

from typing import Any

from .tables import header_markdown, to_csv, to_json, to_markdown, to_text
from .window_text import window_lines


def _given(row: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in row["given"].items()) or "-"


def sensitivity_rows(result: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    for p in result["parameters"][:limit]:
        rows.append({"node": p["node"], "kind": p["kind"], "given": _given(p),
                     "state": p["state"] or "-", "value": p["value"],
                     "low": p["low"], "high": p["high"], "swing": p["swing"]})
    return rows


def explain_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    lead = result["lead"]
    rows = []
    for item in result["evidence"]:
        finding = item["state"] or "(likelihood)"
        diag = item["diagnosticity"]
        rows.append({"node": item["node"], "finding": finding, "grade": item["grade"] or "-",
                     f"without ({lead})": item["without"][lead],
                     f"shift ({lead})": item["shift"][lead],
                     **{f"P(finding|{s})": v for s, v in diag.items()}})
    return rows


def voi_rows(result: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    for node in result["nodes"][:limit]:
        rows.append({"node": node["node"], "bits": node["mutual_information_bits"],
                     "tripwire": ", ".join(node["tripwires"]) if node["flips_lead"] else "-"})
    return rows


def render(result: dict[str, Any], fmt: str, rows: list[dict[str, Any]], title: str,
           percent: tuple[str, ...] = ()) -> str:
    if fmt == "json":
        return to_json(result)
    if fmt == "csv":
        return to_csv(rows)
    scenario = result.get("scenario", {})
    header = [title, f"{scenario.get('title', '')} ({scenario.get('id', '')}), as of "
              f"{scenario.get('as_of', '')}", *window_lines(result)]
    if fmt == "markdown":
        return header_markdown(header) + to_markdown(rows, percent)
    return "\n".join(header) + "\n\n" + to_text(rows, percent)


def compare_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per difference, its contribution to each state of the first target."""
    target = next(iter(result["targets"]))
    states = list(result["targets"][target])
    rows = [{"item": "(change)", "kind": "-",
             **{s: result["targets"][target][s]["delta"] for s in states}}]
    for item in result["attribution"]:
        rows.append({"item": item["item"], "kind": item["kind"],
                     **{s: item["contribution"][target][s] for s in states}})
    return rows
