"""Indicators to watch: what to collect next, from `voi`'s `collect` list only (the nodes the
model marks observable, soft-evidence nodes included), never from latent factors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..chart_style import human, points
from .context import _Context
from .document import Block, Bullets, Cell, Column, Heading, Para, Section, Table
from .markup import lit
from .wording import _entropy_bits, long_date

INDICATORS = 8     # indicators in the table


def _lead_of(dist: Mapping[str, float]) -> str:
    return max(dist, key=lambda s: float(dist[s]))


def _collect(voi: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(voi.get("collect") or [])


def _top_tripwire(ctx: _Context, voi: Mapping[str, Any]) -> str:
    """The cover's line: the best indicator to collect on, and what its key state would do."""
    rows = _collect(voi)
    flipping = [r for r in rows if r.get("key_state_flips_lead")]
    if flipping:
        return _tripwire_text(ctx, voi, flipping[0], flipping[0]["key_state"], cover=True)
    if rows:
        return _watch_text(ctx, voi, rows[0])
    return ""


def _watch_text(ctx: _Context, voi: Mapping[str, Any], row: Mapping[str, Any]) -> str:
    focus = voi.get("state") or voi.get("lead")
    now = float((voi.get("posterior") or {}).get(focus, 0.0))
    state = row["key_state"]
    seen = float((row.get("probability") or {}).get(state, 0.0))
    return (f"Collect on **{lit(row.get('label') or ctx.label(row['node']))}**, the most "
            f"informative indicator: if it turns out **{lit(ctx.state(state))}** (now "
            f"{ctx.said(seen)}), {lit(ctx.state(focus))} moves from {ctx.judged(now)} to "
            f"{ctx.judged(float(row['focus_if_key_state']))}; no single indicator would change "
            "the most likely outcome.")


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
    focus = voi.get("state") or voi.get("lead") or _lead_of(posterior)
    entropy = _entropy_bits(posterior)
    scenario = voi.get("scenario") or {}
    rows_in = _collect(voi)
    blocks: list[Block] = [Para(
        f"What to collect next, as of {long_date(scenario.get('as_of'))} "
        f"({lit(scenario.get('title', ''))}): the indicators the model marks observable, ranked "
        f"by how much observing each would tell about {lit(ctx.label(target))} (mutual "
        f"information). The outcome's remaining uncertainty is {entropy:.2f} bits. Indicators "
        "that already carry a soft or graded report are included: their value is that of "
        "learning the true state behind the report. Latent factors are not listed: nobody can "
        "collect on them directly.")]
    if not rows_in:
        blocks.append(Para("No node of the model is marked observable (`observable: true` in "
                           "the model), so the brief lists no indicators."))
        return Section(id="indicators", title="Indicators to watch", blocks=tuple(blocks),
                       kicker="What to collect")
    trips = [_tripwire_text(ctx, voi, node, state) for node in rows_in
             for state in node.get("tripwires") or []]
    blocks.append(Heading("Tripwires: indicators that would change the most likely outcome"))
    if trips:
        blocks.append(Bullets(tuple(trips)))
    else:
        blocks.append(Para("No single indicator, whatever it shows, would change the most likely "
                           f"outcome ({lit(ctx.state(voi.get('lead') or _lead_of(posterior)))}); "
                           f"the table shows which would move P({lit(ctx.state(focus))}) most."))
    rows = []
    now_focus = float(posterior.get(focus, 0.0))
    for node in rows_in[:INDICATORS]:
        bits = float(node.get("mutual_information_bits") or 0.0)
        share = ""
        if entropy > 0:
            part = 100 * bits / entropy
            share = f"{'<1' if 0 < part < 0.5 else f'{part:.0f}'}% of the uncertainty"
        status = ("already reported (soft or graded): value of confirming it"
                  if node.get("carries_evidence") else "not yet reported")
        now = "; ".join(f"{human(s)} {ctx.said(p)}" for s, p in (node.get("probability") or {}).items())
        key = node["key_state"]
        after = float(node["focus_if_key_state"])
        effect = (f"**{lit(ctx.state(key))}** \u2192 P({lit(ctx.state(focus))}) "
                  f"{ctx.said(after)} ({points(after - now_focus)})")
        lead = (f"most likely outcome becomes {lit(ctx.state(node['lead_if_key_state']))}"
                if node.get("key_state_flips_lead") else "most likely outcome holds")
        rows.append((Cell(f"**{lit(node.get('label') or ctx.label(node['node']))}**", status),
                     Cell(f"{bits:.3f} bits", share),
                     Cell(lit(now)),
                     Cell(effect, lead)))
    blocks.append(Heading("What to collect, most informative first"))
    blocks.append(Table((Column("Indicator", 2.6), Column("Information", 1.1, "right"),
                         Column("Now", 2.6), Column("The observation that matters most", 3.4)),
                        tuple(rows),
                        caption=f"The {len(rows)} most informative indicators; the observation "
                                "shown is the one that would change the most likely outcome, or "
                                f"else move P({lit(ctx.state(focus))}) most"))
    return Section(id="indicators", title="Indicators to watch", blocks=tuple(blocks),
                   kicker="What to collect")
