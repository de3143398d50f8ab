"""A snapshot's evidence table: findings, grades, effects, sources and quotes."""

from __future__ import annotations

from ..chart_style import human, points
from .context import _Context
from .document import Cell, Column, Table
from .inputs import SnapshotInput
from .markup import lit
from .wording import grade_meaning, long_date


def _evidence_table(ctx: _Context, snap: SnapshotInput) -> Table:
    # the run's evidence and explain's items are both in the scenario's order, one per finding
    effects = list(snap.explain.get("evidence") or [])
    lead = snap.explain.get("state") or snap.explain.get("lead")
    rows = []
    for i, item in enumerate(snap.run.get("evidence") or []):
        source = item.get("source") or {}
        doc = ctx.data.documents.get(source.get("doc") or "") or {}
        grade = item.get("grade")
        if grade:
            grade_cell = Cell(f"**{lit(grade)}**", f"{grade_meaning(grade)}; weight {item.get('weight')}")
        else:
            grade_cell = Cell("soft", "likelihoods as entered")
        shift = (effects[i] if i < len(effects) else {}).get("shift") or {}
        effect = Cell(points(float(shift[lead])) if lead in shift else "\u2014")
        if source:
            outlet = doc.get("outlet") or "outlet not named"
            detail = f"{lit(outlet)} \u00b7 {long_date(doc.get('published') or 'date unknown')}"
            if source.get("speaker") or source.get("stake"):
                detail += (f" \u00b7 speaker: {lit(source.get('speaker') or 'not named')}"
                           f" ({lit(source.get('stake') or 'stake not judged')})")
            if item.get("origin"):
                detail += f" \u00b7 origin: {lit(item['origin'])}"
            src = Cell(f"{ctx.source_ref(source.get('doc'))} {lit(doc.get('title') or source.get('doc'))}",
                       detail)
            quote = Cell(_quoted(source.get("quote", "")),
                         f"Analyst's note: {lit(item['note'])}" if item.get("note") else "")
        else:
            src, quote = Cell("no source cited"), Cell("\u2014")
        finding = Cell(ctx.finding(item), ctx.likelihood_text(item))
        rows.append((finding, grade_cell, effect, src, quote))
    head = f"Leave-one-out effect on P({human(lead)})" if lead else "Leave-one-out effect"
    return Table((Column("Finding", 2.0), Column("Grade", 1.4), Column(head, 1.3, "right"),
                  Column("Source (title; outlet, date)", 2.6), Column("Quote", 4.6)),
                 tuple(rows),
                 caption=("The evidence as entered. Leave-one-out effect: how much the item moves "
                          f"P({lit(human(lead or ''))}) given all the rest of the evidence (with it "
                          "minus without it, percentage points); it does not depend on the order of "
                          "the items, so it differs from the step the item takes in the sequential "
                          "chart below. Grade: Admiralty code, the source's reliability (A-F) and "
                          "the information's credibility (1-6), judged apart."))


def _quoted(text: str) -> str:
    """A quote in typographic quotation marks, unless it already starts and ends with them."""
    text = " ".join(str(text).split())
    if len(text) > 1 and text[0] in "\u201c\"" and text[-1] in "\u201d\"" and text.count(text[0]) <= 2:
        return lit(text)
    return f"\u201c{lit(text)}\u201d"
