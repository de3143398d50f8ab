"""Indicators to watch: value of information and tripwires of the latest snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..chart_style import human
from .context import _Context
from .document import Block, Bullets, Cell, Column, Heading, Para, Section, Table
from .markup import code, lit
from .wording import _entropy_bits, long_date

INDICATORS = 8     # nodes in the indicators-to-watch table


def _lead_of(dist: Mapping[str, float]) -> str:
    return max(dist, key=lambda s: float(dist[s]))


def _top_tripwire(ctx: _Context, voi: Mapping[str, Any]) -> str:
    for node in voi.get("nodes") or []:
        if node.get("flips_lead") and node.get("tripwires"):
            return _tripwire_text(ctx, voi, node, node["tripwires"][0], cover=True)
    return ""


def _tripwire_text(ctx: _Context, voi: Mapping[str, Any], node: Mapping[str, Any], state: str,
                   cover: bool = False) -> str:
    dist = node["if_observed"][state]
    new_lead = _lead_of(dist)
    old_lead = voi.get("lead") or _lead_of(voi.get("posterior") or dist)
    now = float((node.get("probability") or {}).get(state, 0.0))
    text = (f"{'Watch ' if cover else 'If '}**{lit(node.get('label') or ctx.label(node['node']))}**"
            f"{': if it' if cover else ''} turns out **{lit(ctx.state(state))}** (now {ctx.said(now)}), "
            f"**{lit(ctx.state(new_lead))}** becomes the most likely outcome at "
            f"{ctx.judged(dist[new_lead])}")
    if old_lead in dist and old_lead != new_lead:
        text += f", and {lit(ctx.state(old_lead))} falls to {ctx.judged(dist[old_lead])}"
    return text + "."


def _indicators_section(ctx: _Context, voi: Mapping[str, Any]) -> Section:
    target = voi.get("target")
    posterior = voi.get("posterior") or {}
    entropy = _entropy_bits(posterior)
    scenario = voi.get("scenario") or {}
    has_children = {name for spec in ctx.nodes.values() for name in (spec.get("parents") or [])}
    blocks: list[Block] = [Para(
        f"What to collect next, as of {long_date(scenario.get('as_of'))} ({lit(scenario.get('title', ''))}): "
        f"the unobserved factors and indicators that would tell most about {lit(ctx.label(target))}, "
        f"ranked by mutual information. The outcome's remaining uncertainty is {entropy:.2f} bits; "
        "a node's bits are how much of it observing the node would remove on average.")]
    trips = [_tripwire_text(ctx, voi, node, state)
             for node in voi.get("nodes") or [] if node.get("flips_lead")
             for state in node.get("tripwires") or []]
    blocks.append(Heading("Tripwires: observations that would change the most likely outcome"))
    if trips:
        blocks.append(Bullets(tuple(trips)))
    else:
        blocks.append(Para("No single observation of an unobserved node would change the most likely "
                           f"outcome ({lit(ctx.state(voi.get('lead') or _lead_of(posterior)))})."))
    rows = []
    for node in (voi.get("nodes") or [])[:INDICATORS]:
        name = node["node"]
        bits = float(node.get("mutual_information_bits") or 0.0)
        share = ""
        if entropy > 0:
            part = 100 * bits / entropy
            share = f"{'<1' if 0 < part < 0.5 else f'{part:.0f}'}% of the uncertainty"
        role = "factor" if name in has_children else "indicator"
        now = "; ".join(f"{human(s)} {ctx.said(p)}" for s, p in (node.get("probability") or {}).items())
        outcomes = []
        for s, dist in (node.get("if_observed") or {}).items():
            lead = _lead_of(dist)
            mark = " \u2190 tripwire" if s in (node.get("tripwires") or []) else ""
            outcomes.append(f"{human(s)} \u2192 {human(lead)} {ctx.said(dist[lead])}{mark}")
        rows.append((Cell(f"**{lit(node.get('label') or ctx.label(name))}**", f"{code(name)} \u00b7 {role}"),
                     Cell(f"{bits:.3f} bits", share),
                     Cell(lit(now)),
                     Cell(lit("; ".join(outcomes)))))
    blocks.append(Heading("The most informative nodes"))
    blocks.append(Table((Column("Node", 2.4), Column("Information", 1.1, "right"),
                         Column("Now", 2.6), Column("If observed: most likely outcome", 3.9)),
                        tuple(rows),
                        caption=f"The {len(rows)} most informative unobserved nodes"))
    return Section(id="indicators", title="Indicators to watch", blocks=tuple(blocks),
                   kicker="Value of information")
