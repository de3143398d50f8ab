"""A snapshot's outside views (its `reference:` entries) beside the model's forecast."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.numbers import stable
from ..chart_style import pct_for, words
from .context import _Context, value_of
from .document import Block, Cell, Column, Heading, Para, Table
from .markup import lit

if TYPE_CHECKING:
    from ...results import RunResult


def _outside_view(ctx: _Context, run: RunResult) -> list[Block]:
    """A table per target with outside views: the model's row, then each view's; then how
    each view's words became numbers."""
    references = run.loaded.scenario.references
    if not references:
        return []
    blocks: list[Block] = [Heading("Outside view: what others expected")]
    for target in dict.fromkeys(r.target for r in references):
        # a view may be of a node the run does not report (--target): then its states alone
        states = (list(run.posteriors[target]) if target in run.posteriors
                  else list(references[0].states))
        columns = (Column("Forecast", 3.0),
                   *(Column(lit(ctx.state(s)), 1.4, "right") for s in states))
        rows = [(Cell("**This model**", "given the evidence"),
                 *_cells(ctx, {s: value_of(run.posteriors, target, s) for s in states}))]
        for ref in (r for r in references if r.target == target):
            p = dict(zip(ref.states, ref.p, strict=True))
            source = ref.source or {}  # the view's citation as written: who said it, maybe
            speaker = source.get("speaker")
            who = ", ".join(x for x in (
                speaker if speaker and speaker not in ref.name else None,
                f"stake: {source['stake']}" if source.get("stake") else None) if x)
            rows.append((Cell(lit(ref.name), " ".join(
                x for x in (lit(who), ctx.source_ref(source.get("doc"))) if x)),
                *_cells(ctx, {s: p.get(s) for s in states})))
        blocks.append(Table(columns, tuple(rows), caption=(
            f"{lit(ctx.label(target))}: the model beside the views the sources report, each "
            "turned into numbers as its basis below says. The ledger scores them side by side "
            "when the question resolves (forecast score).")))
    notes = [f"**{lit(r.name)}**: {lit(r.basis)}" for r in references if r.basis]
    blocks.extend(Para(text, "note") for text in notes)
    return blocks


def _cells(ctx: _Context, dist: dict[str, float | None]) -> list[Cell]:
    """A row of one distribution, its printed shares adding up to 100 (`report.shares`)."""
    if any(p is None for p in dist.values()):
        return [_cell(ctx, p) for p in dist.values()]
    from ..shares import mark, printed_shares

    shares = printed_shares([float(p) for p in dist.values()])  # type: ignore[arg-type]
    return [Cell(text + mark(value, ctx.y), words(value, ctx.y)) for text, value in shares]


def _cell(ctx: _Context, p: float | None) -> Cell:
    if p is None:
        return Cell("-")
    p = stable(p)  # as written, then printed
    return Cell(pct_for(p, ctx.y), words(p, ctx.y))
