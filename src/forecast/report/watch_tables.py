"""A watch (and a board) as a text table, Markdown, CSV or JSON, from the typed result."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from ..domain.numbers import stable
from .integrity import check_lines_of, counts_of, draft_of, warning_lines_of, warnings_of
from .tables import header_markdown, to_csv, to_json, to_markdown
from .text_table import WIDTH, fitted

if TYPE_CHECKING:
    from ..watch.board import Board
    from ..watch.watching import Found, Watch


def render_watch(result: Watch, fmt: str) -> str:
    """Per indicator, most diagnostic first, its best passages."""
    if fmt == "json":
        return to_json(result.to_json())
    rows = []
    for ind in result.indicators:
        passages: tuple[Found | None, ...] = ind.passages or (None,)
        for rank, p in enumerate(passages, 1):
            told = p.telling if p else None
            row = {"indicator": ind.node, "bits": stable(ind.diagnosticity),
                   "#": rank if p else None, "doc": told.doc if told else None,
                   "date": told.date.isoformat() if told and told.date else None,
                   "score": round(p.written_score, 2) if p else None,
                   "passage": told.quote if told else "(no passage matches)"}
            if fmt == "csv":
                row.update({"start": told.start if told else None,
                            "end": told.end if told else None,
                            "retold_in": ";".join(t.doc for t in p.retold) if p else ""})
            elif p and p.retold:
                row["passage"] += f" [retold in {', '.join(t.doc for t in p.retold)}]"
            rows.append(row)
    counts = counts_of(result)
    if fmt == "csv":
        draft = draft_of(counts)
        return (f"# {draft}\n" if draft else "") + to_csv(rows)
    header = _header(result)
    footer = [*(f"note: {n}" for n in result.notes()),
              *(f"warning: {w}" for w in warning_lines_of(warnings_of(result)))]
    if fmt == "markdown":
        return header_markdown(header) + to_markdown(rows) + "".join(f"\n{f}  " for f in footer) + (
            "\n" if footer else "")
    return "\n".join(header) + "\n\n" + _indicator_blocks(result) + "".join(f"{f}\n" for f in footer)


def _indicator_blocks(result: Watch) -> str:
    """Per indicator a heading line, then its passages, each wrapped under its place."""
    out = []
    for ind in result.indicators:
        out.append(f"{ind.label} ({ind.node}): {stable(ind.diagnosticity):.3f} bits")
        if not ind.passages:
            out.append("  (no passage matches)")
        for rank, p in enumerate(ind.passages, 1):
            told = p.telling
            when = told.date.isoformat() if told.date else "undated"
            out.append(f"  {rank}. score {p.written_score:.2f}, {told.doc} ({when}):")
            out += textwrap.wrap(" ".join(told.quote.split()), WIDTH, initial_indent="     ",
                                 subsequent_indent="     ")
            if p.retold:
                others = ", ".join(f"{t.doc} ({t.date.isoformat() if t.date else 'undated'})"
                                   for t in p.retold)
                out.append(f"     retold in {others}: shown once")
        out.append("")
    return "\n".join(out)


def _header(result: Watch) -> list[str]:
    s = result.loaded.scenario
    counts = counts_of(result)
    draft = draft_of(counts)
    lines = [draft] if draft else []
    docs = result.documents
    n = sum(d.passages for d in docs)
    lines.append(f"Signpost watch against {s.title} ({s.id}, as of {s.as_of.isoformat()})")
    lines.append(f"read {len(docs)} document{'s' if len(docs) != 1 else ''} "
                 f"({', '.join(d.document.id for d in docs)}), {n} passages; top {result.top} "
                 f"per indicator by BM25; bits = what observing the indicator tells about "
                 f"{result.target}")
    lines += [line for line in check_lines_of(counts) if line != draft]
    return lines


def render_board(result: Board, fmt: str) -> str:
    """Each indicator per snapshot: quiet, moving or tripped, with the passage behind it."""
    if fmt == "json":
        return to_json(result.to_json())
    rows = []
    for ind in result.rows:
        row: dict[str, Any] = {"indicator": ind.node, "bits": stable(ind.diagnosticity)}
        for cell in ind.cells:
            shown = (cell.status if cell.shift is None
                     else f"{cell.status} ({100 * stable(cell.shift):+.1f} pts)")
            row[cell.scenario] = shown
        changed = ind.changed
        row["changed"] = changed.as_of.isoformat() if changed else None
        p = ind.cells[-1].passage
        row["passage"] = f"{p['doc']}: {p['quote']}" if p else "-"
        rows.append(row)
    if fmt == "csv":
        return to_csv(rows)
    header = [f"Indicator board: {', '.join(s.scenario.id for s in result.snapshots)}",
              f"tripped: the indicator's accepted findings move P({result.event['text']}) by "
              f"{100 * result.threshold:.1f} points or more; moving: findings that move it "
              "less; quiet: no accepted finding"]
    footer = [f"warning: {w}" for w in warning_lines_of(warnings_of(result))]
    if fmt == "markdown":
        return header_markdown(header) + to_markdown(rows) + "".join(f"\n{f}  " for f in footer) + (
            "\n" if footer else "")
    return "\n".join(header) + "\n\n" + fitted(rows) + "".join(f"{f}\n" for f in footer)
