"""The cover: the latest snapshot's facts, the bottom line, the outcomes, the yardstick."""

from __future__ import annotations

import os

from ...language import bands
from ..chart_style import pct, points, yardstick_name
from ..shares import node_said
from .bottom_line import answer_sentence, confidence_sentence, direction_sentence, pool_sentence
from .changes import _change_sentences
from .context import _Context, _targets, intervals_of, pooled, value_of
from .document import Block, Callout, Cell, Column, Para, Table
from .indicators import _top_tripwire
from .markup import code, lit
from .outside_view import outside_sentences
from .summary import summary_blocks
from .wording import _capital, long_date, span_words


def _cover(ctx: _Context) -> list[Block]:
    data = ctx.data
    latest = data.snapshots[-1].run
    scenario = latest.loaded.scenario
    blocks: list[Block] = []
    horizons = sorted({s.run.loaded.scenario.horizon for s in data.snapshots} - {None})
    horizon = " / ".join(long_date(h) for h in horizons) or "not given"
    facts = (f"Latest snapshot: **{lit(scenario.title)}** ({code(scenario.id)}), as of "
             f"**{long_date(scenario.as_of)}** \u00b7 Horizon: **{horizon}**")
    if len(data.snapshots) > 1:
        earlier = ", ".join(f"{lit(s.run.loaded.scenario.title)} "
                            f"({long_date(s.run.loaded.scenario.as_of)})"
                            for s in data.snapshots[:-1])
        facts += f" \u00b7 Earlier: {earlier}"
    if data.author:
        facts += f" \u00b7 Prepared by **{lit(data.author)}**"
    blocks.append(Para(facts))
    blocks.append(Callout("Bottom line", tuple(_bottom_line(ctx))))
    for target in _targets(latest):  # how each outcome resolves: under Assumptions
        blocks.append(_outcomes_table(ctx, target, resolution=False))
    if data.summary:
        blocks.extend(summary_blocks(ctx))
    if data.summary:  # one page: the key and the method in one paragraph
        blocks.append(Para(f"{_yardstick_key(ctx).text} {_method_note(ctx)}", "note"))
    else:  # the method note is the assumptions section's
        blocks.append(_yardstick_key(ctx))
    return blocks


def _bottom_line(ctx: _Context) -> list[str]:
    """The asked event's probability, its direction, the analytic confidence; then what moved
    it and what to watch."""
    data = ctx.data
    latest = data.snapshots[-1]
    out: list[str] = []
    if latest.answer is not None:
        out.append(answer_sentence(ctx, latest.answer))
        whose = pool_sentence(ctx)
        if whose:
            out.append(whose)
        direction = direction_sentence(ctx, latest.answer)
        if direction:
            out.append(direction)
        out.append(confidence_sentence(ctx, latest.answer, cover=True))
    out.extend(outside_sentences(ctx, latest.run))  # the gap to the outside view, in points
    if data.comparisons and not (latest.answer and direction_sentence(ctx, latest.answer)):
        out.extend(_change_sentences(ctx, data.comparisons[-1], brief=True))
    if data.voi is not None and not data.summary:  # the summary's own table says what to collect
        trip = _top_tripwire(ctx, data.voi) if not pooled(ctx) else _collect_first(ctx)
        if trip:
            out.append(trip)
    return out


def _collect_first(ctx: _Context) -> str:
    """A pool's line on what to collect: the indicator alone (its numbers are one network's)."""
    rows = ctx.data.voi.analysis.collect if ctx.data.voi is not None else ()
    if not rows:
        return ""
    return (f"Collect first on **{lit(rows[0].label or ctx.label(rows[0].node))}**, the most "
            "informative indicator on the model's own numbers (see Analysts and adjustments).")


def _outcomes_table(ctx: _Context, target: str, resolution: bool = True) -> Table:
    data = ctx.data
    latest = data.snapshots[-1].run
    previous = data.snapshots[-2].run if len(data.snapshots) > 1 else None
    criteria = ctx.nodes[target]["resolution"] if target in ctx.nodes else {}
    intervals = intervals_of(latest, target)
    columns = [Column("Outcome", 1.3)] + ([Column("Resolves true when", 4.2)] if resolution
                                          else [])
    columns += [Column(f"Now ({long_date(latest.loaded.scenario.as_of)})", 1.5)]
    if previous is not None:
        columns += [Column(f"Before ({long_date(previous.loaded.scenario.as_of)})", 1.5),
                    Column("Change", 0.8, "right")]
    rows = []
    said_now = node_said(latest.posteriors[target], ctx.y)
    said_before = (node_said(previous.posteriors[target], ctx.y)
                   if previous is not None and target in previous.posteriors else {})
    for state, p in latest.posteriors[target].items():
        now = Cell(f"**{said_now[state]}**",
                   f"interval {span_words(*intervals[state], ctx.y)}" if state in intervals else "")
        row = [Cell(f"**{lit(_capital(ctx.state(state)))}**")]
        if resolution:
            # the model's resolution criteria (YAML) need not cover every state
            row.append(Cell(lit(criteria.get(state) or "no resolution criteria given")))
        row.append(now)
        if previous is not None:
            before = value_of(previous.posteriors, target, state)
            if before is None:
                row += [Cell("\u2014"), Cell("\u2014")]
            else:
                row += [Cell(said_before[state]), Cell(points(p - before))]
        rows.append(tuple(row))
    how = "how each resolves, " if resolution else ""
    return Table(tuple(columns), tuple(rows),
                 caption=f"{lit(ctx.label(target))}: the outcomes, {how}and their "
                         "probabilities")


def _yardstick_key(ctx: _Context) -> Para:
    key = " \u00b7 ".join(f"{b.words}{f' ({b.synonym})' if b.synonym else ''} "
                           f"{pct(b.lo).rstrip('%')}\u2013{pct(b.hi)}" for b in bands(ctx.y))
    if ctx.y == "icd203" and ctx.data.summary:
        note = "A synonym in brackets is the same band; \u2020 marks a value outside the 1%-99% scale."
    elif ctx.y == "icd203":
        note = ("A synonym in brackets is the same band. Below 1% and above 99% keep the end "
                "term, marked \u2020. One outcome's percentages add up to 100 (largest "
                "remainder), each worded from what is printed.")
    else:
        note = ("The yardstick leaves gaps between its bands on purpose: a value in a gap is shown "
                "with both neighbouring terms ('unlikely / realistic possibility'); the analyst "
                "chooses.")
    return Para(f"**Estimative words ({yardstick_name(ctx.y)}), used throughout:** {key}. {note}", "note")


def _method_note(ctx: _Context) -> str:
    latest = ctx.data.snapshots[-1].run
    model_path = os.path.normpath(latest.loaded.model.path)
    parts = [f"Probabilities come from the Bayesian network {code(model_path)} "
             "with the graded evidence of each snapshot; every number in the model is an analyst's "
             "judgement" + ("." if ctx.data.summary else " (see Assumptions and weaknesses).")]
    unc = latest.uncertainty
    if unc is not None:
        whose = ("each analyst's numbers, pooled draw by draw" if pooled(ctx)
                 else "the model's numbers")
        parts.append(f"Intervals (every outcome and the bottom line's): equal-tailed "
                     f"{100 * unc.level:.0f}% of {unc.samples} Dirichlet draws of {whose} "
                     f"(seed {unc.seed}), each node's confidence its equivalent sample size.")
    answer = ctx.data.snapshots[-1].answer
    if answer is not None:
        event = answer.event
        if unc is None or (unc.samples, unc.seed) != (event["samples"], event["seed"]):
            parts.append(f"The bottom line's interval: {event['samples']} draws "
                         f"(seed {event['seed']}).")
        if ctx.data.summary:
            names = [c["name"] for c in answer.confidence["criteria"]]
            parts.append(f"Confidence: the weakest of {len(names)} rules ({', '.join(names)}; "
                         "see the full brief).")
        else:
            rules = answer.confidence["rules"][:-1]
            parts.append(f"Analytic confidence is the weakest of {len(rules)} rules: "
                         + "; ".join(rules) + ".")
    return " ".join(parts)
