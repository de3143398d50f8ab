"""Results as text tables, JSON, CSV and Markdown: pure functions from result dicts to text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..domain.numbers import stable
from .integrity import Counts, counts_of
from .window_text import window_lines

if TYPE_CHECKING:
    from ..analysis.outside_view import Blend, OutsideView
    from ..domain.adjustment import Adjustment
    from ..results import QueryResult, RunResult

FORMATS = ("table", "json", "csv", "markdown")


def to_json(result: Any) -> str:
    """Stable JSON: insertion order kept (deterministic by construction), fixed float format."""
    return json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def posterior_rows(result: RunResult) -> list[dict[str, Any]]:
    """One row per target state: node, state, probability, words (and interval if any), the
    numbers as written in JSON (each distribution closed to sum to 1)."""
    rows = []
    words = result.estimative()
    drawn = result.uncertainty
    for node, dist in result.posteriors.items():
        for state, p in dist.to_json(closed=True).items():
            row = {"node": node, "state": state, "probability": p, "words": words[node][state]}
            if drawn is not None and node in drawn.low:
                row["low"], row["high"] = (stable(x) for x in drawn.interval(node, state))
            rows.append(row)
    return rows


def render_posteriors(result: RunResult | QueryResult, fmt: str) -> str:
    """A run or a query as JSON, CSV, Markdown or a text table, all from the typed result:
    rows, header (scenario, adjustments, windows, checks), outside view and warnings."""
    if fmt == "json":
        return to_json(result.to_json())
    from .adjustments import with_adjustment_column, with_analyst_columns

    rows = with_analyst_columns(posterior_rows(result), result)
    if fmt == "csv":
        from .references import with_outside_rows

        return csv_draft_line(counts_of(result)) + to_csv(with_outside_rows(
            with_adjustment_column(rows, _adjustments(result)), *_outside(result)))
    from .references import reference_markdown, reference_text

    header = _header(result)
    percent = ("probability", "low", "high", *_analysts(result), "spread")
    rows = [printed_row(row, percent) for row in rows]
    if fmt == "markdown":
        return header_markdown(header) + to_markdown(rows) + reference_markdown(*_outside(result))
    return ("\n".join(header) + "\n\n" + to_text(rows) + reference_text(*_outside(result)[:2])
            + _footer(result))


def printed_row(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """Probabilities as printed beside their words (the rounding rule of `language`)."""
    from ..language import percent

    return {k: (percent(v) if k in keys and isinstance(v, float) else v) for k, v in row.items()}


def to_csv(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _cell(key: str, value: Any, percent: tuple[str, ...]) -> str:
    if value is None:
        return "-"
    if key in percent and isinstance(value, float):
        return f"{100 * value:.1f}%"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def to_text(rows: list[dict[str, Any]], percent: tuple[str, ...] = ()) -> str:
    if not rows:
        return "(nothing)\n"
    keys = list(rows[0])
    cells = [[_cell(k, r.get(k), percent) for k in keys] for r in rows]
    widths = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
    numeric = [all(_is_number(r.get(k)) for r in rows) for k in keys]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric, strict=False)).rstrip()

    out = [line(keys), line(["-" * w for w in widths])]
    out += [line(c) for c in cells]
    return "\n".join(out) + "\n"


def to_markdown(rows: list[dict[str, Any]], percent: tuple[str, ...] = ()) -> str:
    if not rows:
        return "_nothing_\n"
    keys = list(rows[0])
    numeric = [all(_is_number(r.get(k)) for r in rows) for k in keys]
    out = ["| " + " | ".join(keys) + " |",
           "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    out += ["| " + " | ".join(_cell(k, r.get(k), percent).replace("|", "\\|") for k in keys) + " |"
            for r in rows]
    return "\n".join(out) + "\n"


def header_markdown(header: list[str]) -> str:
    if not header:
        return ""
    return f"## {header[0]}\n\n" + "".join(f"{h}  \n" for h in header[1:]) + "\n"


def csv_draft_line(counts: Sequence[Counts]) -> str:
    """CSV has no header for prose: a draft is marked by one leading comment line."""
    from .integrity import draft_of

    draft = draft_of(counts)
    return f"# {draft}\n" if draft else ""


def _header(typed: RunResult | QueryResult) -> list[str]:
    """The lines above a run's or a query's table, from the typed result: what was asked of
    which files, the adjustments and the pool, the windows and what the checks found."""
    from ..results import RunResult
    from .adjustments import adjustment_lines, pool_line
    from .integrity import check_lines_of, draft_of
    from .written_dates import written_lines

    counts = counts_of(typed)
    draft = draft_of(counts)
    lines = [draft] if draft else []
    if isinstance(typed, RunResult):
        scenario, network = typed.loaded.scenario, typed.loaded.model.network
        lines.append(f"{scenario.title} ({scenario.id})")
        when = f"as of {scenario.as_of.isoformat()}"
        if scenario.horizon:
            when += f", horizon {scenario.horizon.isoformat()}"
        lines += [when, f"model {network.id}: {network.title}",
                  *written_lines(typed.loaded, typed.team.overlays)]
    else:
        lines.append(f"model {typed.model.get('id')}: {typed.model.get('title')}")
    n = len(typed.findings)
    lines.append(f"evidence: {n} item{'s' if n != 1 else ''}; engine: {typed.engine}")
    lines += adjustment_lines(_adjustments(typed))
    lines += pool_line(typed.team) if isinstance(typed, RunResult) else []
    lines += window_lines(typed)
    lines += [line for line in check_lines_of(counts) if line != draft]
    return lines


def _analysts(result: RunResult | QueryResult) -> tuple[str, ...]:
    """The analysts whose overlays a run answers (their columns: one, or the pool's)."""
    from ..results import RunResult

    if isinstance(result, RunResult) and result.team.overlays:
        return tuple(result.per_analyst)
    return ()


def _outside(result: RunResult | QueryResult) -> tuple[OutsideView, tuple[Blend, ...], str]:
    """A run's outside view, its blends (with --outside) and yardstick; a query has none."""
    from ..analysis.outside_view import OutsideView
    from ..results import RunResult

    if isinstance(result, RunResult):
        return result.outside(), result.blends(), result.yardstick
    return OutsideView(), (), result.yardstick


def _adjustments(result: RunResult | QueryResult) -> tuple[Adjustment, ...] | None:
    """A run's adjustments in force; None for a query of a model file, which has none."""
    from ..results import RunResult

    return result.team.adjustments() if isinstance(result, RunResult) else None


def _footer(result: RunResult | QueryResult) -> str:
    from .integrity import warning_lines_of, warnings_of

    return "".join(f"warning: {w}\n" for w in warning_lines_of(warnings_of(result)))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
