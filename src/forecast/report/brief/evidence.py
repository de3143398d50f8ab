"""A snapshot's evidence table: findings, grades, effects, sources and quotes."""

from __future__ import annotations

from ..chart_style import human, points
from .context import _Context
from .document import Cell, Column, Table
from .inputs import SnapshotInput
from .markup import lit
from .wording import grade_meaning, long_date


def _evidence_table(ctx: _Context, snap: SnapshotInput) -> Table:
    # the run's findings and explain's effects are both in the scenario's order, one per finding
    effects = snap.explain.analysis.evidence
    lead = snap.explain.analysis.state
    rows = []
    for i, item in enumerate(snap.run.findings):
        grade = item.grade
        if grade:
            detail = f"{grade_meaning(grade)}; weight {item.weight}"
            if item.via:
                chain = ", ".join(f"{lit(r.name)} ({r.reliability})" for r in item.via)
                detail = f"graded {lit(item.stated_grade or grade)}, relayed by {chain}; {detail}"
            grade_cell = Cell(f"**{lit(grade)}**", detail)
        else:
            grade_cell = Cell("soft", "likelihoods as entered")
        effect = Cell(points(effects[i].shift[lead]) if i < len(effects) else "\u2014")
        source = item.source  # the finding's citation as written: doc and quote, maybe who said it
        if source:
            doc = ctx.document(source["doc"])
            outlet = doc["outlet"] or "outlet not named"
            detail = f"{lit(outlet)} \u00b7 {long_date(doc['published'] or 'date unknown')}"
            speaker, stake = source.get("speaker"), source.get("stake")
            if speaker or stake:
                detail += (f" \u00b7 speaker: {lit(speaker or 'not named')}"
                           f" ({lit(stake or 'stake not judged')})")
            if item.origin:
                detail += f" \u00b7 origin: {lit(item.origin)}"
            src = Cell(f"{ctx.source_ref(source['doc'])} {lit(doc['title'] or source['doc'])}",
                       detail)
            quote = Cell(_quoted(source["quote"]),
                         f"Analyst's note: {lit(item.note)}" if item.note else "")
        else:
            src, quote = Cell("no source cited"), Cell("\u2014")
        finding = Cell(ctx.finding(item), ctx.likelihood_text(item))
        rows.append((finding, grade_cell, effect, src, quote))
    head = f"Leave-one-out effect on P({human(lead)})"
    return Table((Column("Finding", 2.0), Column("Grade", 1.4), Column(head, 1.3, "right"),
                  Column("Source (title; outlet, date)", 2.6), Column("Quote", 4.6)),
                 tuple(rows),
                 caption=("The evidence as entered. Leave-one-out effect: how much the item moves "
                          f"P({lit(human(lead))}) given all the rest of the evidence (with it "
                          "minus without it, percentage points); it does not depend on the order of "
                          "the items, so it differs from the step the item takes in the sequential "
                          "chart below. Grade: Admiralty code, the source's reliability (A-F) and "
                          "the information's credibility (1-6), judged apart."))


def _evidence_summary(ctx: _Context, snap: SnapshotInput) -> Table:
    """The evidence in brief, a line or two per finding: the finding, its grade, its
    leave-one-out effect and its source by number (titles under Sources; the full table with
    quotes is the annex's)."""
    effects = snap.explain.analysis.evidence
    lead = snap.explain.analysis.state
    rows = []
    for i, item in enumerate(snap.run.findings):
        grade = (Cell(f"**{lit(item.grade)}** {grade_meaning(item.grade)}") if item.grade
                 else Cell("soft: likelihoods as entered"))
        effect = Cell(points(effects[i].shift[lead]) if i < len(effects) else "\u2014")
        source = item.source
        if source:
            doc = ctx.document(source["doc"])
            ref = ctx.source_ref(source["doc"]) or lit(source["doc"])
            src = Cell(f"{ref} {lit(doc['outlet'] or 'outlet not named')} \u00b7 "
                       f"{long_date(doc['published'] or 'date unknown')}")
        else:
            src = Cell("no source cited")
        rows.append((Cell(ctx.finding(item)), grade, effect, src))
    return Table((Column("Finding", 4.2), Column("Grade", 2.8),
                  Column(f"Effect on P({human(lead)})", 1.2, "right"),
                  Column("Source", 2.6)), tuple(rows),
                 caption=(f"The evidence: each finding's leave-one-out effect on "
                          f"P({lit(human(lead))}) (with it minus without it, given the rest; "
                          "points) and its source (titles under Sources); grades in the "
                          "Admiralty code. Quotes: forecast brief --annex."))


def _quoted(text: str) -> str:
    """A quote in typographic quotation marks, unless it already starts and ends with them."""
    text = " ".join(str(text).split())
    if len(text) > 1 and text[0] in "\u201c\"" and text[-1] in "\u201d\"" and text.count(text[0]) <= 2:
        return lit(text)
    return f"\u201c{lit(text)}\u201d"
