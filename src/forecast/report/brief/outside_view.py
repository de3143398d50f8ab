"""A snapshot's outside view: its base rates carried to the horizon and the views others
gave, each on its own event beside the model's probability of that event; and the bottom
line's sentence on the gap between the inside and the outside view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.numbers import stable
from ..chart_style import pct_for, points, words
from .context import _Context
from .document import Block, Cell, Column, Heading, Para, Table
from .markup import code, lit
from .wording import long_date, span_words

if TYPE_CHECKING:
    from ...analysis.outside_view import BaseRateRow, Blend, ViewRow
    from ...results import RunResult


def _event(ctx: _Context, event: tuple[str, ...]) -> str:
    return " or ".join(lit(ctx.state(s)) for s in event)


def _outside_view(ctx: _Context, run: RunResult) -> list[Block]:
    """One table: each base rate and view with its event, its probability, the model's
    probability of the same event and the gap; then each class and each view's note."""
    outside = run.outside()
    if not outside:
        return []
    columns = (Column("Forecaster", 3.0), Column("Event", 2.0), Column("Their p", 1.4, "right"),
               Column("Model", 1.2, "right"), Column("Gap", 0.9, "right"))
    rows = [_rate_row(ctx, r) for r in outside.base_rates]
    rows += [_view_row(ctx, v) for v in outside.views]
    rows += [_blend_row(ctx, b) for b in run.blends()]
    blocks: list[Block] = [Heading("Outside view: base rates and what others expected"),
                           Table(columns, tuple(rows), caption=(
                               "Each on the event it counts or names, beside the model's "
                               "probability of it; gap: model minus theirs, in points."))]
    described = _described_before(ctx, run)
    notes = [f"**{lit(r.rate.id)}**: {lit(r.rate.reference_class)}"
             + (f" ({lit(r.rate.note)})" if r.rate.note else "") for r in outside.base_rates
             if r.rate.id not in described]
    # a view's note (how its words were read) is in the run's output; the table says what
    # they said, so a printed page keeps room for the evidence
    blocks.extend(Para(text, "note") for text in notes)
    return blocks


def _described_before(ctx: _Context, run: RunResult) -> set[str]:
    """The base rates an earlier snapshot of the brief already described (a class is the
    same class in every snapshot; only its numbers move)."""
    out: set[str] = set()
    for snapshot in ctx.data.snapshots:
        if snapshot.run is run:
            break
        outside = snapshot.run.outside()
        if outside:
            out |= {r.rate.id for r in outside.base_rates}
    return out


def _rate_row(ctx: _Context, row: BaseRateRow) -> tuple[Cell, ...]:
    rate = row.rate
    source = ctx.source_ref((rate.source or {}).get("doc"))
    return (Cell(f"Base rate **{lit(rate.id)}**",
                 f"{rate.events} of {rate.cases} cases per {rate.per_days:g} days, carried to "
                 f"{row.days:g} days {source}".strip()),
            Cell(_event(ctx, rate.event)),
            _cell(ctx, row.spread.mean,
                  f"90% interval {span_words(row.spread.low, row.spread.high, ctx.y)}"),
            _cell(ctx, row.model), _gap(row.model, row.spread.mean))


def _view_row(ctx: _Context, row: ViewRow) -> tuple[Cell, ...]:
    view = row.view
    source = view.source or {}
    when = f"by {long_date(view.by)}" if view.by else "undated: not scored"
    said = f"said \u201c{lit(view.said)}\u201d" if view.said else ""
    return (Cell(f"**{lit(view.who or view.id)}**", " ".join(
                x for x in (when, said, ctx.source_ref(source.get("doc"))) if x)),
            Cell(_event(ctx, view.event)), _cell(ctx, view.p), _cell(ctx, row.model),
            _gap(row.model, view.p))


def _blend_row(ctx: _Context, blend: Blend) -> tuple[Cell, ...]:
    return (Cell(f"**{lit(blend.label)}**", "a blend, not the model's forecast"),
            Cell(_event(ctx, blend.event)), _cell(ctx, blend.p), _cell(ctx, blend.model),
            _gap(blend.model, blend.p))


def _cell(ctx: _Context, p: float | None, extra: str = "") -> Cell:
    if p is None:
        return Cell("-")
    p = stable(p)  # as written, then printed
    return Cell(pct_for(p, ctx.y), " ".join(x for x in (words(p, ctx.y), extra) if x))


def _gap(model: float | None, theirs: float) -> Cell:
    return Cell("-") if model is None else Cell(points(stable(model) - stable(theirs)))


def outside_sentences(ctx: _Context, run: RunResult) -> list[str]:
    """The bottom line's sentence on the outside view: each base rate's probability of its
    event by the horizon, and how many points the model stands above or below it; with
    --outside, the blend, named as one."""
    clauses: list[str] = []
    for row in run.outside().base_rates:
        if row.model is None:
            continue
        gap = stable(row.model) - stable(row.spread.mean)
        side = "above" if gap > 0 else "below" if gap < 0 else "level with"
        over = (f"by {long_date(run.loaded.scenario.horizon)}" if row.carried_to == "horizon"
                else f"within {row.days:g} days")
        clauses.append(
            f"{code(row.rate.id)} ({row.rate.events} of {row.rate.cases} cases) puts "
            f"{_event(ctx, row.rate.event)} {over} at {ctx.said(stable(row.spread.mean))}; "
            f"the model is **{points(abs(gap)).lstrip('+')} {side}** it")
    out = [f"Outside view (base rates, intervals in the snapshot's table): "
           f"{'; '.join(clauses)}."] if clauses else []
    out += [f"A {lit(b.label)} gives {ctx.said(stable(b.p))} for "
            f"{_event(ctx, b.event)}: a blend, not the model's forecast." for b in run.blends()]
    return out
