"""The analysts' section: every adjustment in force, each analyst's numbers beside the pool,
and where they differ by DISSENT or more, with their own reasons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...domain.adjustment import AnalystNumbers
from ...domain.numbers import ByState, stable
from .context import _Context
from .document import Block, Bullets, Cell, Column, Heading, Para, Section, Table
from .markup import code, lit

if TYPE_CHECKING:
    from ...results import RunResult

DISSENT = 0.10   # a gap of 10 percentage points between analysts is shown as dissent


def _analysts_section(ctx: _Context) -> Section | None:
    """None when no snapshot has any adjustment (the assumptions section says so)."""
    snaps = [s.run for s in ctx.data.snapshots]
    if not any(run.team.adjustments() for run in snaps):
        return None
    blocks: list[Block] = []
    for run in snaps:
        sid = run.loaded.scenario.id
        items = run.team.adjustments()
        blocks.append(Heading(f"Adjustments in force in {sid}"))
        blocks.append(Bullets(tuple(lit(a.describe()) for a in items))
                      if items else Para("None: the model's own numbers.", "note"))
        if len(run.per_analyst) > 1:  # the same overlays throughout: their reasons once, last
            blocks.extend(_pool_blocks(ctx, run, reasons=run is snaps[-1]))
    blocks.extend(_other_analyses_note(ctx))
    blocks.extend(_model_alone(ctx))
    return Section(id="analysts", title="Analysts and adjustments", blocks=tuple(blocks),
                   kicker="Whose numbers these are")


def analyst_posteriors(run: RunResult) -> dict[str, dict[str, ByState]]:
    """Each analyst's posteriors of the run's targets (several analysts: the pool's parts)."""
    return {name: {node: ByState(run.network[node].states, p) for node, p in post.items()}
            for name, post in run.per_analyst.items()}


def _pool_blocks(ctx: _Context, run: RunResult, reasons: bool = True) -> list[Block]:
    analysts = analyst_posteriors(run)
    names = list(analysts)
    weights = ", ".join(f"{lit(n)} {w:.2f}" for n, w in run.team.weights.items())
    blocks: list[Block] = [Para(
        f"The key judgements are the {run.team.method} pool of {len(names)} analysts "
        f"(weights {weights}).")]
    for target in run.targets:
        columns = (Column("Outcome", 3), *(Column(lit(n), 1.4, "right") for n in names),
                   Column("Pool", 1.4, "right"), Column("Spread", 1.2, "right"))
        rows = tuple(
            (Cell(lit(ctx.state(state))),
             *(Cell(ctx.said(analysts[n][target][state])) for n in names),
             Cell(ctx.said(p)), Cell(f"{100 * _spread(analysts, target, state):.0f} pts"))
            for state, p in run.posteriors[target].items())
        blocks.append(Table(columns, rows, caption=f"{lit(ctx.label(target))}: each analyst "
                                                   "and the pool"))
    blocks.append(Heading(f"Where the analysts differ by {100 * DISSENT:.0f} points or more"))
    gaps = dissents(run)
    if not gaps:
        widest = max((g for g in all_gaps(run)), key=lambda g: g["gap"], default=None)
        text = f"No outcome is {100 * DISSENT:.0f} points apart between analysts"
        if widest:
            text += (f"; the widest gap is {100 * widest['gap']:.0f} points, on "
                     f"{lit(ctx.state(widest['state']))}")
        blocks.append(Para(text + ".", "note"))
        return blocks
    items = []
    for g in gaps:
        lo, hi = g["low"], g["high"]
        items.append(
            f"**{lit(ctx.state(g['state']))}** ({lit(ctx.label(g['node']))}): {lit(hi)} "
            f"{ctx.said(g['values'][hi])}, {lit(lo)} {ctx.said(g['values'][lo])}, "
            f"{100 * g['gap']:.0f} points apart.")
    blocks.append(Bullets(tuple(items)))
    if reasons:
        blocks.append(Heading("Their reasons"))
        blocks.append(Bullets(tuple(_reasons(run, names))))
    return blocks


def _spread(analysts: Mapping[str, Mapping[str, ByState]], node: str, state: str) -> float:
    """The largest minus the smallest analyst's P(node=state)."""
    values = [post[node][state] for post in analysts.values()]
    return max(values) - min(values)


def _other_analyses_note(ctx: _Context) -> list[Block]:
    """Say which numbers the drivers, evidence effects and indicators were computed on, when
    that differs from the key judgements (several analysts: the pool is not a network)."""
    snap = ctx.data.snapshots[-1]
    pooled = len(snap.run.per_analyst) > 1
    adjustments = snap.sensitivity.context.adjustments
    used = [a for a in adjustments if not isinstance(a, AnalystNumbers)]
    if not pooled or len(used) < len(adjustments):
        return []
    what = "; ".join(lit(a.describe()) for a in used) or "no adjustment"
    return [Para("Drivers and indicators need one network: below they are computed on the model's "
                 f"numbers with {what}, not on the pool, and labelled so. Evidence effects and "
                 "changes are the pool's (each analyst's, pooled).", "note")]


def _model_alone(ctx: _Context) -> list[Block]:
    """With a pool: the drivers and indicators, which need one network, on the model's own
    numbers, labelled as such (the rest of the brief gives only the pool's numbers)."""
    if len(ctx.data.snapshots[-1].run.per_analyst) < 2:
        return []
    from .drivers import drivers_chart
    from .indicators import _indicators_section

    snap = ctx.data.snapshots[-1]
    sid = snap.run.loaded.scenario.id
    blocks: list[Block] = [Heading(f"The model alone, not the pool: drivers in {sid}")]
    blocks.extend(drivers_chart(ctx, snap.sensitivity))
    if ctx.data.voi is not None:
        blocks.append(Heading(f"The model alone, not the pool: indicators in {sid}"))
        blocks.extend(_indicators_section(ctx, ctx.data.voi).blocks)
    return blocks


def all_gaps(run: RunResult) -> list[dict[str, Any]]:
    """Per target state: every analyst's value (as written, so equal values tie alike on every
    machine), the highest and lowest, and the gap."""
    out = []
    analysts = analyst_posteriors(run)
    for node in run.targets:
        for state in run.posteriors[node]:
            values = {n: stable(post[node][state]) for n, post in analysts.items()}
            high, low = max(values, key=values.__getitem__), min(values, key=values.__getitem__)
            out.append({"node": node, "state": state, "values": values, "high": high,
                        "low": low, "gap": values[high] - values[low]})
    return out


def dissents(run: RunResult) -> list[dict[str, Any]]:
    """The target states on which analysts are DISSENT or more apart, widest first."""
    gaps = [g for g in all_gaps(run) if g["gap"] >= DISSENT - 1e-12]
    return sorted(gaps, key=lambda g: -g["gap"])


def _reasons(run: RunResult, names: list[str]) -> list[str]:
    by_name = {a.analyst: a for a in run.team.adjustments() if isinstance(a, AnalystNumbers)}
    items = []
    for name in names:
        item = by_name[name]
        text = f"**{lit(name)}**"
        if item.date:
            text += f" ({item.date})"
        text += ": " + (lit(item.rationale) if item.rationale else "gives no rationale")
        changed = ", ".join(code(n) for n in item.nodes)
        text += f". Own numbers for {changed}." if changed else "."
        for node, note in item.node_rationales.items():
            text += f" On {code(node)}: {lit(note.rstrip('.'))}."
        items.append(text)
    return items
