"""Sources: every document, numbered, with what cites it."""

from __future__ import annotations

from .context import _Context
from .document import Cell, Column, Section, Table
from .markup import code, link, lit
from .wording import long_date


def _sources_section(ctx: _Context) -> Section:
    data = ctx.data
    cited: dict[str, dict[str, list[str]]] = {}
    for snap in data.snapshots:
        sid = snap.run.loaded.scenario.id
        for item in snap.run.findings:
            if item.source:
                cited.setdefault(item.source["doc"], {}).setdefault(sid, []).append(item.node)
    rows = []
    for doc, number in sorted(ctx.doc_numbers.items(), key=lambda kv: kv[1]):
        info = ctx.document(doc)
        findings = "; ".join(f"{sid}: {', '.join(nodes)}"
                             for sid, nodes in cited.get(doc, {}).items())
        model_nodes = list(data.model_citations[doc]) if doc in data.model_citations else []
        named = f" ({', '.join(model_nodes)})" if data.annex else ""  # which: the annex's
        model_text = (f"model: {len(model_nodes)} node{'s' if len(model_nodes) != 1 else ''}"
                      f"{named}") if model_nodes else ""
        detail = f"{code(doc)} \u00b7 file {lit(info['file'] or '?')}"
        if info.get("url"):
            detail += f" \u00b7 {link(info['url'])}"
        if info["published_basis"] and data.annex:  # how the date was judged: the annex's
            detail += f" \u00b7 date: {lit(' '.join(str(info['published_basis']).split()))}"
        rows.append((Cell(f"**S{number}**"),
                     Cell(f"**{lit(info['title'] or doc)}**", detail),
                     Cell(lit(info["outlet"] or "not named")),
                     Cell(long_date(info["published"] or "unknown")),
                     Cell(lit(f"findings {findings}" if findings else "no finding"), lit(model_text))))
    return Section(
        id="sources", title="Sources", kicker="The documents behind the evidence and the model",
        blocks=(Table((Column("", 0.35), Column("Title", 4.2), Column("Outlet", 1.2),
                       Column("Published", 1.1), Column("Cited by", 3.9)), tuple(rows),
                      caption=_verification_caption(ctx)),))


def _verification_caption(ctx: _Context) -> str:
    """What the quote check of each snapshot found, from its counts: never a fixed claim."""
    parts = [f"{lit(snap.run.loaded.scenario.id)}: "
             f"{lit(snap.run.loaded.integrity.verification.summary())}"
             for snap in ctx.data.snapshots]
    if not parts:
        return "No quote check was run for this brief."
    return ("Quote check, run when this brief was made (the findings' and the model's quotes): "
            + " ".join(parts))
