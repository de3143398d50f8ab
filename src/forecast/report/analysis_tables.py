"""Sensitivity, explain and value-of-information results as tables for people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .integrity import check_lines, warning_lines
from .tables import csv_draft_line, header_markdown, to_csv, to_json, to_markdown, to_text
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
    from .adjustments import adjustment_lines, with_adjustment_column

    if fmt == "csv":
        return csv_draft_line(result) + to_csv(with_adjustment_column(rows, result))
    scenario = result.get("scenario", {})
    checks = check_lines(result)
    draft = [line for line in checks[:1] if line.startswith("DRAFT")]
    header = [*draft, title, f"{scenario.get('title', '')} ({scenario.get('id', '')}), as of "
              f"{scenario.get('as_of', '')}", *adjustment_lines(result), *window_lines(result),
              *checks[len(draft):]]
    warnings = "".join(f"{line}\n" for line in group_lines(result))
    warnings += "".join(f"warning: {w}\n" for w in warning_lines(result))
    if fmt == "markdown":
        return header_markdown(header) + to_markdown(rows, percent) + (
            "\n" + "".join(f"- warning: {w}\n" for w in warning_lines(result)) if warnings else "")
    return "\n".join(header) + "\n\n" + to_text(rows, percent) + warnings


def group_lines(result: dict[str, Any]) -> list[str]:
    """For explain: what each group of findings that share an origin does as one piece."""
    lead = result.get("lead")
    lines = []
    for group in result.get("groups") or []:
        if lead not in (group.get("without") or {}):
            continue
        lines.append(f"shared origin {', '.join(group['findings'])}: without the whole group "
                     f"P({lead}) = {100 * group['without'][lead]:.1f}%, the group moves it "
                     f"{100 * group['shift'][lead]:+.1f} pts ({'; '.join(group['reasons'])})")
    return lines


def render_each(result: dict[str, Any], fmt: str,
                build: Callable[[dict[str, Any]], tuple[list[dict[str, Any]], str, tuple[str, ...]]]
                ) -> str:
    """One analysis result, or one per analyst (`analysts`): tables one after the other, CSV
    with an `analyst` column first. `build(result)` gives its rows, title and percent columns."""
    if fmt == "json" or "analysts" not in result:
        if fmt == "json":
            return to_json(result)
        rows, title, percent = build(result)
        return render(result, fmt, rows, title, percent)
    if fmt == "csv":
        from .adjustments import with_adjustment_column

        rows = [{"analyst": name, **row} for name, one in result["analysts"].items()
                for row in with_adjustment_column(build(one)[0], one)]
        return to_csv(rows)
    parts = []
    for name, one in result["analysts"].items():
        rows, title, percent = build(one)
        parts.append(render(one, fmt, rows, f"Analyst {name}: {title}", percent))
    return "\n".join(parts)


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
