"""The cover: the latest snapshot's facts, the bottom line, the outcomes, the yardstick."""

from __future__ import annotations

from ...language import bands
from ..chart_style import pct, pct_for, points, words, yardstick_name
from .changes import _change_sentences
from .context import _Context, _targets
from .document import Block, Callout, Cell, Column, Para, Table
from .indicators import _top_tripwire
from .markup import code, lit
from .wording import _capital, _sentence, long_date, span_words


def _cover(ctx: _Context) -> list[Block]:
    data = ctx.data
    latest = data.snapshots[-1].run
    previous = data.snapshots[-2].run if len(data.snapshots) > 1 else None
    scenario = latest["scenario"]
    blocks: list[Block] = []
    horizons = sorted({str(s.run["scenario"].get("horizon")) for s in data.snapshots
                       if s.run["scenario"].get("horizon")})
    horizon = " / ".join(long_date(h) for h in horizons) or "not given"
    facts = (f"Latest snapshot: **{lit(scenario['title'])}** ({code(scenario['id'])}), as of "
             f"**{long_date(scenario['as_of'])}** \u00b7 Horizon: **{horizon}**")
    if previous is not None:
        earlier = ", ".join(f"{lit(s.run['scenario']['title'])} ({long_date(s.run['scenario']['as_of'])})"
                            for s in data.snapshots[:-1])
        facts += f" \u00b7 Earlier: {earlier}"
    blocks.append(Para(facts))
    blocks.append(Callout("Bottom line", tuple(_bottom_line(ctx))))
    for target in _targets(latest):
        blocks.append(_outcomes_table(ctx, target))
    blocks.append(_yardstick_key(ctx))
    blocks.append(Para(_method_note(ctx), "note"))
    return blocks


def _bottom_line(ctx: _Context) -> list[str]:
    data = ctx.data
    latest = data.snapshots[-1].run
    scenario = latest["scenario"]
    out: list[str] = []
    for target in _targets(latest):
        dist = latest["posteriors"][target]
        ranked = sorted(dist, key=lambda s: -float(dist[s]))
        lead = ranked[0]
        when = f"by {long_date(scenario['horizon'])}" if scenario.get("horizon") else "at the horizon"
        text = (f"As of {long_date(scenario['as_of'])}, we judge it **{words(dist[lead], ctx.y)}** "
                f"({pct_for(dist[lead], ctx.y)}) that {lit(ctx.label(target)).rstrip('.')} is "
                f"**{lit(ctx.state(lead))}** {when}.")
        others = [f"{lit(ctx.state(s))} is {ctx.judged(dist[s])}" for s in ranked[1:]]
        if others:
            text += " " + _sentence("; ".join(others))
        intervals = (latest.get("intervals") or {}).get(target) or {}
        if lead in intervals:
            lo, hi = intervals[lead]
            level = 100 * float((latest.get("uncertainty") or {}).get("level") or 0.9)
            text += (f" Allowing for the uncertainty of the model's own numbers, the {level:.0f}% "
                     f"interval for {lit(ctx.state(lead))} is {span_words(lo, hi, ctx.y)}.")
        out.append(text)
    if data.comparisons:
        out.extend(_change_sentences(ctx, data.comparisons[-1], brief=True))
    if data.voi:
        trip = _top_tripwire(ctx, data.voi)
        if trip:
            out.append(trip)
    return out



def _outcomes_table(ctx: _Context, target: str) -> Table:
    data = ctx.data
    latest = data.snapshots[-1].run
    previous = data.snapshots[-2].run if len(data.snapshots) > 1 else None
    resolution = (ctx.nodes.get(target) or {}).get("resolution") or {}
    intervals = (latest.get("intervals") or {}).get(target) or {}
    columns = [Column("Outcome", 1.3), Column("Resolves true when", 4.2),
               Column(f"Now ({long_date(latest['scenario']['as_of'])})", 1.5)]
    if previous is not None:
        columns += [Column(f"Before ({long_date(previous['scenario']['as_of'])})", 1.5),
                    Column("Change", 0.8, "right")]
    rows = []
    for state, p in latest["posteriors"][target].items():
        now = Cell(f"**{ctx.said(p)}**",
                   f"interval {span_words(*intervals[state], ctx.y)}" if state in intervals else "")
        row = [Cell(f"**{lit(_capital(ctx.state(state)))}**"),
               Cell(lit(resolution.get(state) or "no resolution criteria given")), now]
        if previous is not None:
            before = previous["posteriors"].get(target, {}).get(state)
            if before is None:
                row += [Cell("\u2014"), Cell("\u2014")]
            else:
                row += [Cell(ctx.said(before)), Cell(points(float(p) - float(before)))]
        rows.append(tuple(row))
    return Table(tuple(columns), tuple(rows),
                 caption=f"{lit(ctx.label(target))} ({code(target)}): the outcomes, "
                         "how each resolves, and their probabilities")


def _yardstick_key(ctx: _Context) -> Para:
    key = " \u00b7 ".join(f"{b.words} {pct(b.lo).rstrip('%')}\u2013{pct(b.hi)}" for b in bands(ctx.y))
    if ctx.y == "icd203":
        note = ("Below 1% reads 'remote' and above 99% 'almost certain', outside the calibrated "
                "scale; where rounding would carry a number across a band edge, it has a decimal.")
    else:
        note = ("The yardstick leaves gaps between its bands on purpose: a value in a gap is shown "
                "with both neighbouring terms ('unlikely / realistic possibility'); the analyst "
                "chooses.")
    return Para(f"**Estimative words ({yardstick_name(ctx.y)}), used throughout:** {key}. {note}", "note")


def _method_note(ctx: _Context) -> str:
    latest = ctx.data.snapshots[-1].run
    parts = [f"Probabilities come from the Bayesian network {code((latest.get('model') or {}).get('path'))} "
             "with the graded evidence of each snapshot; every number in the model is an analyst's "
             "judgement (see Assumptions and weaknesses)."]
    unc = latest.get("uncertainty")
    if unc:
        parts.append(f"Intervals: {100 * float(unc.get('level', 0.9)):.0f}% of {unc.get('samples')} "
                     f"draws of the model's numbers (seed {unc.get('seed')}).")
    return " ".join(parts)
