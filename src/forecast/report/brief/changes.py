"""What changed between consecutive snapshots, and what moved the outcome."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ...domain.numbers import stable
from ..chart_style import human, points
from ..shares import node_judged, node_said
from .causes import causes_text, groups
from .context import _Context, _targets
from .document import Block, Bullets, Cell, Chart, Column, Heading, Section, Table
from .drawing import chart_data
from .markup import code, lit
from .wording import long_date

if TYPE_CHECKING:
    from ...analysis.compare import Contribution
    from ...domain.evidence import Finding
    from ...results import ComparisonResult

ATTRIBUTIONS = 5   # differences shown per comparison (the rest are summed)


def _attribution_label(ctx: _Context, item: Contribution, before: Mapping[str, Finding]) -> Cell:
    kind = item.kind
    node = item.node
    if kind == "model":
        return Cell("**The model's numbers**", "tables changed between the snapshots")
    if kind == "prior":
        return Cell(f"**Prior of {lit(ctx.label(node))}**", f"adjusted ({code(node)})")
    if kind == "time":
        return Cell("**Time to the horizon**", lit(_days_left(item)))
    if kind == "quiet":
        return Cell("**Days in which nothing happened**", lit(_quiet_days(item)))
    finding = item.findings[0] if item.findings else None
    old = before.get(node)  # an added finding has none before

    def short(f: Finding | None) -> str:
        if f is None:
            return "none"
        if not f.state:
            return f"soft ({ctx.ratios(f)})"
        text = human(f.state)
        return f"{text} [{f.grade}]" if f.grade else text

    detail = {"added": f"added: {short(finding)}", "removed": f"removed: {short(old)}",
              "changed": f"changed: {short(old)} \u2192 {short(finding)}"}.get(kind, kind)
    return Cell(f"**{lit(ctx.label(node))}**", lit(detail))


def _share(item: Contribution, target: str, state: str) -> float:
    """The item's share of the change of P(target=state), as written: equal shares rank alike
    on every machine."""
    return stable(item.contribution[target][state])


def _change_sentences(ctx: _Context, comparison: ComparisonResult, brief: bool) -> list[str]:
    """How the outcome moved and what moved it most: on the cover the state that moved most,
    in the section the two that moved most, by half a point or more (the table has all)."""
    out = []
    a, b = comparison.before.scenario, comparison.after.scenario
    attribution = comparison.comparison.attribution
    focus = _targets(ctx.data.snapshots[-1].run)
    for target, movement in comparison.comparison.targets.items():
        of = "" if target in focus and len(focus) == 1 else f"for {lit(ctx.label(target))}, "
        written = {s: stable(movement.after[s] - movement.before[s]) for s in movement.after}
        ranked = sorted(written, key=lambda s: -abs(written[s]))
        chosen = ranked[:1] if brief else [s for s in ranked if abs(written[s]) >= 0.005][:2]
        for moved in chosen or ranked[:1]:
            delta = written[moved]
            verb = "rose" if delta > 0 else "fell" if delta < 0 else "stayed"
            head = f"Since {long_date(a.as_of)}" if brief else (
                f"From {long_date(a.as_of)} to {long_date(b.as_of)}")
            by = points(abs(delta)).lstrip("+")
            text = (f"{head}, {of}**{lit(ctx.state(moved))}** {verb} by {by}, from "
                    f"{node_judged(movement.before, ctx.y)[moved]} to "
                    f"{node_judged(movement.after, ctx.y)[moved]}")
            why = causes_text(delta, groups([(it, _share(it, target, moved)) for it in attribution
                                             if target in it.contribution],
                                            lambda it: lit(_item_name(ctx, it))))
            if why:
                text += f"; {why}"
            out.append(text + ".")
            clock = _clock_sentence(attribution, target, moved, delta)
            if clock and moved == (chosen or ranked)[0]:  # once, on the largest move
                out.append(clock)
    return out


CLOCK = ("time", "quiet")


def _clock_sentence(attribution, target: str, state: str, delta: float) -> str | None:
    """Said plainly when most of a change is the clock (time left, quiet days) rather than
    the evidence: the two parts with their signs, which add up to the change."""
    clock = sum(it.contribution[target][state] for it in attribution if it.kind in CLOCK)
    rest = sum(it.contribution[target][state] for it in attribution if it.kind not in CLOCK)
    if not delta or not any(it.kind in CLOCK for it in attribution):
        return None
    if abs(clock) < 0.5 * (abs(clock) + abs(rest)):
        return None
    # the days are in the sentence before: the names alone here
    parts = "; ".join(f"{'time left' if it.kind == 'time' else 'quiet days'} "
                      f"{points(it.contribution[target][state])}"
                      for it in attribution if it.kind in CLOCK)
    return (f"Most of this change is the clock, not new evidence: {parts}; everything else "
            f"{points(rest)}.")


def _quiet_days(item: Contribution) -> str:
    days = item.quiet_days or (0, 0)
    return f"{days[0]} → {days[1]} days with nothing above the first level"


def _days_left(item: Contribution) -> str:
    days = item.remaining_days or (None, None)
    ends = [f"{d} days" if d is not None else "the model's window" for d in days]
    return f"{ends[0]} → {ends[1]} left"


def _item_name(ctx: _Context, item: Contribution) -> str:
    if item.kind == "time":
        return f"the time to the horizon ({_days_left(item)})"
    if item.kind == "quiet":
        return f"the quiet days ({_quiet_days(item)})"
    if item.kind == "model":
        return "changes to the model's numbers"
    if item.kind == "prior":
        return f"the prior of {ctx.label(item.node)}"
    return ctx.label(item.node)


def _changes_section(ctx: _Context) -> Section:
    blocks: list[Block] = []
    runs = {s.run.loaded.scenario.id: s.run for s in ctx.data.snapshots}
    for comparison in ctx.data.comparisons:
        a, b = comparison.before.scenario, comparison.after.scenario
        if len(ctx.data.comparisons) > 1:
            blocks.append(Heading(f"{a.title} \u2192 {b.title}"))
        blocks.append(Bullets(tuple(_change_sentences(ctx, comparison, brief=False))))
        before = {f.node: f for f in runs[a.id].findings}
        attribution = comparison.comparison.attribution
        for target, movement in comparison.comparison.targets.items():
            names = list(movement.after)
            columns = [Column("What differs", 3.0)] + [
                Column(human(s), 1.4, "right") for s in names]
            rows = [tuple([Cell("**Total change**", f"{long_date(a.as_of)} \u2192 "
                                f"{long_date(b.as_of)}")]
                          + [Cell(f"**{points(movement.after[s] - movement.before[s])}**",
                                  f"{node_said(movement.before, ctx.y)[s]} \u2192 "
                                  f"{node_said(movement.after, ctx.y)[s]}")
                             for s in names])]
            items = sorted(attribution, key=lambda it: -max(abs(_share(it, target, s))
                                                            for s in it.contribution[target]))
            for item in items[:ATTRIBUTIONS]:
                rows.append(tuple([_attribution_label(ctx, item, before)]
                                  + [Cell(points(item.contribution[target][s])) for s in names]))
            rest = items[ATTRIBUTIONS:]
            if rest:
                rows.append(tuple([Cell(f"{len(rest)} smaller differences")]
                                  + [Cell(points(sum(it.contribution[target][s] for it in rest)))
                                     for s in names]))
            method = comparison.comparison.method
            blocks.append(Table(tuple(columns), tuple(rows),
                                caption=(f"Why {lit(ctx.label(target))} moved: each difference between the "
                                         f"snapshots and its share of the change ({lit(method)} "
                                         "attribution, percentage points; the shares add up to the "
                                         "total whatever the order of the changes).")))
    # the chart first: the tables after it may run onto the next page
    blocks.insert(0, Chart("timeline", [chart_data(s.run) for s in ctx.data.snapshots],
                           "The outcome probabilities across the snapshots, over the estimative "
                           "bands; lines join the snapshots, nothing is estimated between them."))
    return Section(id="changes", title="What changed", blocks=tuple(blocks),
                   kicker="Between the snapshots")
