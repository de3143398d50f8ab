"""Indicators to watch: what to collect next, from `voi`'s `collect` list only (the nodes the
model marks observable, soft-evidence nodes included), never from latent factors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ...domain.numbers import stable
from ..chart_style import human, points
from ..shares import node_judged, node_said
from .context import _Context
from .document import Block, Bullets, Cell, Column, Heading, Para, Section, Table
from .markup import lit
from .wording import _entropy_bits, long_date

if TYPE_CHECKING:
    from ...analysis.voi import KeyState, NodeValue, ValueOfInformation
    from ...results import AnalysisResult

INDICATORS = 5     # indicators in the table


def _lead_of(dist: Mapping[str, float]) -> str:
    """The most likely state, as written (equals: the first)."""
    return max(dist, key=lambda s: stable(dist[s]))


def _key(row: NodeValue) -> KeyState:
    """An indicator's key state: every node to collect on has one."""
    if row.key is None:
        raise ValueError(f"{row.node} is not a node to collect on: it has no key state")
    return row.key


def _name(ctx: _Context, row: NodeValue) -> str:
    return lit(row.label or ctx.label(row.node))


def _top_tripwire(ctx: _Context, voi: AnalysisResult[ValueOfInformation]) -> str:
    """The cover's line: the best indicator to collect on, and what its key state would do."""
    rows = voi.analysis.collect
    flipping = [r for r in rows if _key(r).flips_lead]
    if flipping:
        return _tripwire_text(ctx, voi, flipping[0], _key(flipping[0]).state, cover=True)
    if rows:
        return _watch_text(ctx, voi, rows[0])
    return ""


def _watch_text(ctx: _Context, voi: AnalysisResult[ValueOfInformation], row: NodeValue) -> str:
    focus = voi.analysis.state
    now = voi.analysis.posterior[focus]
    now_text = node_judged(voi.analysis.posterior, ctx.y)[focus]  # as the outcome table
    key = _key(row)
    seen_text = node_said(row.probability, ctx.y)[key.state]
    others = "".join(f"; if **{lit(ctx.state(s))}**, to {ctx.judged(b.focus_after)}"
                     for s, b in key.branches.items() if s != key.state)
    return (f"Collect on **{_name(ctx, row)}**, the most "
            f"informative indicator: if it turns out **{lit(ctx.state(key.state))}** (now "
            f"{seen_text}), {lit(ctx.state(focus))} moves from {now_text} to "
            f"{ctx.judged(key.focus_after)} ({points(key.focus_after - now)}){others}; no single "
            "indicator would change the most likely outcome.")


def _tripwire_text(ctx: _Context, voi: AnalysisResult[ValueOfInformation], node: NodeValue,
                   state: str, cover: bool = False) -> str:
    dist = node.if_observed[state]
    if dist is None:  # a tripwire is a possible observation
        raise ValueError(f"{node.node}={state} is impossible: it cannot be a tripwire")
    new_lead = _lead_of(dist)
    old_lead = voi.analysis.lead
    after = node_judged(dist, ctx.y)
    text = (f"{'Watch ' if cover else 'If '}**{_name(ctx, node)}**"
            f"{': if it' if cover else ''} turns out **{lit(ctx.state(state))}** "
            f"(now {node_said(node.probability, ctx.y)[state]}), "
            f"**{lit(ctx.state(new_lead))}** becomes the most likely outcome at "
            f"{after[new_lead]}")
    if old_lead in dist and old_lead != new_lead:
        text += f", and {lit(ctx.state(old_lead))} falls to {after[old_lead]}"
    return text + "."


def _indicators_section(ctx: _Context, voi: AnalysisResult[ValueOfInformation]) -> Section:
    analysis = voi.analysis
    posterior = analysis.posterior
    focus = analysis.state
    entropy = _entropy_bits(posterior)
    scenario = voi.context.loaded.scenario
    rows_in = analysis.collect
    blocks: list[Block] = [Para(
        f"What to collect next, as of {long_date(scenario.as_of)}: the indicators the model "
        f"marks observable, ranked by how much observing each would tell about "
        f"{lit(ctx.label(analysis.target))} (mutual information; {entropy:.2f} bits of "
        "uncertainty remain). An indicator already reported is valued as learning the true "
        "state behind the report; latent factors cannot be collected on and are not listed.")]
    if not rows_in:
        blocks.append(Para("No node of the model is marked observable (`observable: true` in "
                           "the model), so the brief lists no indicators."))
        return Section(id="indicators", title="Indicators to watch", blocks=tuple(blocks),
                       kicker="What to collect")
    trips = [_tripwire_text(ctx, voi, node, state) for node in rows_in
             for state in node.tripwires]
    if trips:
        blocks.append(Heading("Tripwires: indicators that would change the most likely outcome"))
        blocks.append(Bullets(tuple(trips)))
    else:
        blocks.append(Para("**Tripwires: none.** No single indicator, whatever it shows, would "
                           f"change the most likely outcome ({lit(ctx.state(analysis.lead))}); "
                           f"the table shows which would move P({lit(ctx.state(focus))}) most."))
    rows = []
    now_focus = posterior[focus]
    for node in rows_in[:INDICATORS]:
        bits = node.written_bits()  # as written: a node that tells nothing tells 0 bits
        share = ""
        if entropy > 0:
            part = 100 * bits / entropy
            share = f"{'<1' if 0 < part < 0.5 else f'{part:.0f}'}% of the uncertainty"
        key = _key(node)
        status = ("reported: the value of confirming it" if key.carries_evidence
                  else "not yet reported")
        now = "; ".join(f"{human(s)} {ctx.said(p)}" for s, p in node.probability.items())
        after = key.focus_after
        effect = (f"**{lit(ctx.state(key.state))}** \u2192 P({lit(ctx.state(focus))}) "
                  f"{ctx.said(after)} ({points(after - now_focus)})")
        lead = (f"most likely outcome becomes {lit(ctx.state(key.lead_after))}"
                if key.flips_lead else "most likely outcome holds")
        rows.append((Cell(f"**{_name(ctx, node)}**", status),
                     Cell(f"{bits:.3f} bits", share),
                     Cell(lit(now)),
                     Cell(effect, lead)))
    blocks.append(Heading("What to collect, most informative first"))
    blocks.append(Table((Column("Indicator", 2.6), Column("Information", 1.4, "right"),
                         Column("Now", 2.6), Column("The observation that matters most", 3.4)),
                        tuple(rows),
                        caption=f"The {len(rows)} most informative indicators; the observation "
                                "shown is the one that would change the most likely outcome, or "
                                f"else move P({lit(ctx.state(focus))}) most"))
    if ctx.data.warn is not None:
        from .warning import warning_blocks

        blocks.extend(warning_blocks(ctx, ctx.data.warn))
    blocks += _board_blocks(ctx)
    return Section(id="indicators", title="Indicators to watch", blocks=tuple(blocks),
                   kicker="What to collect")


def _board_blocks(ctx: _Context) -> list[Block]:
    """The indicator board (`forecast board`): each indicator that moved in some snapshot,
    what moved it; those quiet in every snapshot are named in one line."""
    board = ctx.data.board
    if board is None or not board.rows:
        return []
    rows, quiet = [], []
    for row in board.rows:
        if all(cell.status == "quiet" for cell in row.cells):
            quiet.append(lit(row.label))
            continue
        states = [f"{cell.scenario}: {cell.status}"
                  + ("" if cell.shift is None else f" ({points(cell.shift)})")
                  for cell in row.cells]
        changed, passage = row.changed, row.cells[-1].passage
        rows.append((Cell(f"**{lit(row.label)}**"),
                     Cell(lit("; ".join(states))),
                     Cell(lit(changed.as_of.isoformat() if changed else "never")),
                     Cell(ctx.source_ref(passage["doc"]) or lit(passage["doc"]) if passage
                          else "-")))
    event = lit(board.event["text"])
    blocks: list[Block] = [Heading("The indicator board: what moved")]
    if rows:
        blocks.append(Table((Column("Indicator", 3.2), Column("Status by snapshot", 4.0),
                             Column("Changed", 1.1), Column("Passage in", 1.0)),
                            tuple(rows),
                            caption=f"Tripped: the indicator's accepted findings move P({event}) "
                                    f"by {100 * board.threshold:.0f} points or more; moving: "
                                    "less; quiet: no accepted finding (proposed findings never "
                                    "count). The passages: forecast board."))
    if quiet:
        blocks.append(Para(f"Quiet in all {len(board.snapshots)} snapshots "
                           f"(no accepted finding): {'; '.join(quiet)}.", "note"))
    return blocks
