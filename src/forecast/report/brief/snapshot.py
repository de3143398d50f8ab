"""One snapshot's section: key judgements, posterior, drivers, evidence, impact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.numbers import stable
from ..chart_style import points, yardstick_name
from ..shares import node_judged
from .context import _Context, _targets, has_intervals, intervals_of, pooled
from .document import Block, Bullets, Chart, Heading, Para, Section, Table
from .drawing import chart_data
from .drivers import (
    _drivers,
    _ends_text,
    _parameter_kind,
    _parameter_text,
    _ranked_parameters,
    _value_text,
    drivers_chart,
)
from .evidence import _evidence_summary, _evidence_table
from .inputs import SnapshotInput
from .markup import code, lit
from .outside_view import _outside_view
from .window import window_blocks
from .wording import _capital, long_date, span_words

if TYPE_CHECKING:
    from ...results import RunResult


def _snapshot_section(ctx: _Context, snap: SnapshotInput, i: int, n: int) -> Section:
    run = snap.run
    scenario = run.loaded.scenario
    blocks: list[Block] = []
    when = f"As of {long_date(scenario.as_of)}"
    if scenario.horizon:
        when += f" \u00b7 horizon {long_date(scenario.horizon)}"
    when += f" \u00b7 {len(run.findings)} evidence items \u00b7 {code(run.loaded.path)}"
    blocks.append(Para(when, "note"))
    blocks.append(Heading("Key judgements"))
    blocks.append(Bullets(tuple(_key_judgements(ctx, snap))))
    # an earlier snapshot's outcomes are charted beside the latest's under What changed, and
    # its key judgements name its most sensitive number: its pages keep to the judgements,
    # the outside view and the evidence
    charted = i == n - 1 or not ctx.data.comparisons
    if charted:
        blocks.append(Chart("posterior", chart_data(run), _posterior_caption(ctx, run)))
    # the tables may split, so they fill what the charts leave of a page: the drivers' chart
    # comes last
    blocks.extend(_outside_view(ctx, run))
    blocks.extend(window_blocks(ctx, run, chart=i == n - 1))  # the horizon chart once, latest
    blocks.append(Heading("Evidence"))
    blocks.append(_evidence_summary(ctx, snap))
    if charted and not pooled(ctx):  # a pool's drivers are the analysts' section's
        blocks.append(Heading("Drivers: which of the model's numbers matter"))
        blocks.extend(drivers_chart(ctx, snap.sensitivity))
    warnings = run.loaded.integrity.warnings
    if warnings:
        kinds = sorted({w.kind for w in warnings})
        blocks.append(Para(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} about this "
                           f"snapshot's evidence ({', '.join(kinds)}): listed under Assumptions.",
                           "note"))
    return Section(id=f"snapshot-{scenario.id}", title=f"{scenario.title}",
                   kicker=f"Snapshot {i + 1} of {n} \u00b7 {scenario.id} \u00b7 "
                          f"{long_date(scenario.as_of)}",
                   blocks=tuple(blocks))


def _evidence_annex(ctx: _Context, snap: SnapshotInput) -> Section:
    """Annex (--annex): a snapshot's full evidence table, with quotes, the sequential
    effects chart and the drivers' table (a pool's drivers are the analysts' section's)."""
    scenario = snap.run.loaded.scenario
    blocks: list[Block] = [_evidence_table(ctx, snap)]
    if not pooled(ctx):
        blocks.extend(b for b in _drivers(ctx, snap.sensitivity) if isinstance(b, Table))
    explain = snap.explain
    if explain.analysis.sequence:
        state = explain.analysis.state
        blocks.append(Chart("impact", chart_data(explain, lead=state),
                            f"Sequential effects on P({lit(ctx.state(state))}): each evidence item "
                            "added one at a time in the scenario's order, from the model's prior to "
                            "the posterior. A step depends on the items before it, so it differs "
                            "from the item's leave-one-out effect in the table above; the steps add "
                            "up to the total change."))
    return Section(id=f"evidence-{scenario.id}", title=f"Evidence and drivers in full: "
                                                       f"{scenario.title}",
                   kicker=f"Annex \u00b7 {scenario.id} \u00b7 {long_date(scenario.as_of)}",
                   blocks=tuple(blocks))


def _posterior_caption(ctx: _Context, run: RunResult) -> str:
    text = (f"Outcome probabilities given the evidence, over the {yardstick_name(ctx.y)} bands "
            "(grey stripes).")
    unc = run.uncertainty
    if unc is not None and has_intervals(run):
        text += (f" Whiskers: {100 * unc.level:.0f}% intervals from "
                 f"{unc.samples} draws of the model's numbers.")
    return text


def _key_judgements(ctx: _Context, snap: SnapshotInput) -> list[str]:
    run, explain, sens = snap.run, snap.explain.analysis, snap.sensitivity
    out: list[str] = []
    targets = _targets(run)
    for target in targets:
        dist = run.posteriors[target]
        intervals = intervals_of(run, target)
        of = f"{lit(ctx.label(target))} \u2014 " if len(targets) > 1 else ""
        judged = node_judged(dist, ctx.y)
        for state in sorted(dist, key=lambda s: -stable(dist[s])):
            text = f"{of}**{lit(_capital(ctx.state(state)))}**: {judged[state]}"
            if state in intervals:
                text += f"; interval {span_words(*intervals[state], ctx.y)}"
            out.append(text + ".")
    prior, posterior = explain.prior, explain.posterior
    # the state the evidence moved most, on the probabilities as written (ties: the last name)
    moved = max(posterior, key=lambda s: (abs(stable(posterior[s]) - stable(prior[s])), s))
    before, after = prior[moved], posterior[moved]
    verb = "raised" if stable(after) > stable(before) else "lowered"
    by = points(abs(after - before)).lstrip("+")
    out.append(f"The evidence {verb} **{lit(ctx.state(moved))}** most, by {by}: "
               f"from {node_judged(prior, ctx.y)[moved]} before any evidence (prior) to "
               f"{node_judged(posterior, ctx.y)[moved]} given it.")
    lead = explain.state
    items = sorted(explain.evidence, key=lambda e: -abs(stable(e.shift[lead])))
    top = [e for e in items[:2] if abs(stable(e.shift[lead])) >= 0.0005]
    if top:
        parts = [f"{lit(ctx.label(e.node))} ({points(e.shift[lead])})" for e in top]
        out.append(f"Largest leave-one-out effects on P({lit(ctx.state(lead))}), each item against "
                   f"all the rest of the evidence: {'; '.join(parts)}.")
    driver = _ranked_parameters(sens)[:1] if not pooled(ctx) else []
    if driver:
        p = driver[0]
        over = "its 90% credible range" if sens.analysis.sweep == "credible" else "its range"
        value = ("prior " if p.kind == "prior" else "the model's number ") + _value_text(ctx, p)
        out.append(f"Most sensitive to {_parameter_text(ctx, p)} ({_parameter_kind(ctx, p)}; "
                   f"{value}): over {over}, "
                   f"P({lit(ctx.state(sens.analysis.state))}) spans {_ends_text(ctx, p)}.")
    return out
