"""A watch (and a board) as a text table, Markdown, CSV or JSON: from what JSON writes of it."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from .integrity import check_lines, draft_text, warning_lines
from .tables import header_markdown, to_csv, to_json, to_markdown
from .text_table import WIDTH, fitted


def render_watch(doc: Mapping[str, Any], fmt: str) -> str:
    """Per indicator, most diagnostic first, its best passages."""
    if fmt == "json":
        return to_json(doc)
    rows = []
    for ind in doc["indicators"]:
        passages = ind["passages"] or [None]
        for rank, p in enumerate(passages, 1):
            row = {"indicator": ind["node"], "bits": ind["diagnosticity"],
                   "#": rank if p else None, "doc": p["doc"] if p else None,
                   "date": p["date"] if p else None,
                   "score": round(p["score"], 2) if p else None,
                   "passage": p["quote"] if p else "(no passage matches)"}
            if fmt == "csv":
                row.update({"start": p["start"] if p else None, "end": p["end"] if p else None,
                            "retold_in": ";".join(t["doc"] for t in p["retold_in"]) if p else ""})
            elif p and p["retold_in"]:
                row["passage"] += f" [retold in {', '.join(t['doc'] for t in p['retold_in'])}]"
            rows.append(row)
    if fmt == "csv":
        draft = draft_text(doc)
        return (f"# {draft}\n" if draft else "") + to_csv(rows)
    header = _header(doc)
    footer = [*(f"note: {n}" for n in doc.get("notes", [])),
              *(f"warning: {w}" for w in warning_lines(doc))]
    if fmt == "markdown":
        return header_markdown(header) + to_markdown(rows) + "".join(f"\n{f}  " for f in footer) + (
            "\n" if footer else "")
    return "\n".join(header) + "\n\n" + _indicator_blocks(doc) + "".join(f"{f}\n" for f in footer)


def _indicator_blocks(doc: Mapping[str, Any]) -> str:
    """Per indicator a heading line, then its passages, each wrapped under its place."""
    out = []
    for ind in doc["indicators"]:
        out.append(f"{ind['label']} ({ind['node']}): {ind['diagnosticity']:.3f} bits")
        if not ind["passages"]:
            out.append("  (no passage matches)")
        for rank, p in enumerate(ind["passages"], 1):
            where = f"  {rank}. score {p['score']:.2f}, {p['doc']} ({p['date'] or 'undated'}):"
            out.append(where)
            out += textwrap.wrap(" ".join(p["quote"].split()), WIDTH, initial_indent="     ",
                                 subsequent_indent="     ")
            if p["retold_in"]:
                others = ", ".join(f"{t['doc']} ({t['date'] or 'undated'})" for t in p["retold_in"])
                out.append(f"     retold in {others}: shown once")
        out.append("")
    return "\n".join(out)


def _header(doc: Mapping[str, Any]) -> list[str]:
    s = doc["scenario"]
    draft = draft_text(doc)
    lines = [draft] if draft else []
    docs = doc["documents"]
    n = sum(d["passages"] for d in docs)
    lines.append(f"Signpost watch against {s['title']} ({s['id']}, as of {s['as_of']})")
    lines.append(f"read {len(docs)} document{'s' if len(docs) != 1 else ''} "
                 f"({', '.join(d['id'] for d in docs)}), {n} passages; top {doc['top']} per "
                 f"indicator by BM25; bits = what observing the indicator tells about "
                 f"{doc['target']}")
    lines += [line for line in check_lines(doc) if line != draft]
    return lines


def render_board(doc: Mapping[str, Any], fmt: str) -> str:
    """Each indicator per snapshot: quiet, moving or tripped, with the passage behind it."""
    if fmt == "json":
        return to_json(doc)
    rows = []
    for ind in doc["indicators"]:
        row: dict[str, Any] = {"indicator": ind["node"], "bits": ind["diagnosticity"]}
        for cell in ind["snapshots"]:
            shift = cell["shift"]
            shown = cell["status"] if shift is None else f"{cell['status']} ({100 * shift:+.1f} pts)"
            row[cell["scenario"]] = shown
        row["changed"] = ind["changed"]
        p = ind["passage"]
        row["passage"] = f"{p['doc']}: {p['quote']}" if p else "-"
        rows.append(row)
    if fmt == "csv":
        return to_csv(rows)
    t = doc["threshold"]
    event = doc["event"]
    header = [f"Indicator board: {', '.join(s['id'] for s in doc['scenarios'])}",
              f"tripped: the indicator's accepted findings move P({event['text']}) by "
              f"{100 * t:.1f} points or more; moving: findings that move it less; quiet: "
              "no accepted finding"]
    footer = [f"warning: {w}" for w in warning_lines(doc)]
    if fmt == "markdown":
        return header_markdown(header) + to_markdown(rows) + "".join(f"\n{f}  " for f in footer) + (
            "\n" if footer else "")
    return "\n".join(header) + "\n\n" + fitted(rows) + "".join(f"{f}\n" for f in footer)
