"""The one-page executive brief's extra blocks: what to collect and what drives the answer,
three lines each, after the bottom line and the outcomes."""

from __future__ import annotations

from .context import _Context
from .document import Block, Cell, Column, Table
from .drivers import _ends_text, _parameter_text, _ranked_parameters
from .markup import lit

LINES = 3


def summary_blocks(ctx: _Context) -> list[Block]:
    voi = ctx.data.voi or {}
    focus = voi.get("state") or voi.get("lead")
    collect = []
    for row in (voi.get("collect") or [])[:LINES]:
        state = row["key_state"]
        effect = (f"the most likely outcome becomes {lit(ctx.state(row['lead_if_key_state']))}"
                  if row.get("key_state_flips_lead") else
                  f"P({lit(ctx.state(focus))}) becomes {ctx.said(float(row['focus_if_key_state']))}")
        collect.append(f"**{lit(row.get('label') or ctx.label(row['node']))}**: if "
                       f"{lit(ctx.state(state))}, {effect}.")
    if not collect:
        collect = ["No node of the model is marked observable: no indicator to collect on."]
    sens = ctx.data.snapshots[-1].sensitivity
    target = sens.get("target") or {}
    ranked = _ranked_parameters(sens)[:LINES]
    drivers = [f"{_parameter_text(ctx, p)}: P({lit(ctx.state(target.get('state', '?')))}) "
               f"{_ends_text(ctx, p)}" for p in ranked]

    depth = max(len(collect), len(drivers))
    if not depth:
        return []
    rows = tuple((Cell(collect[i] if i < len(collect) else ""),
                  Cell(drivers[i] if i < len(drivers) else "")) for i in range(depth))
    return [Table((Column("What to collect (most informative first)", 1.0),
                   Column("What drives it (each number over its 90% credible range)", 1.0)),
                  rows, caption="Where to look next, and which of the model's numbers matter")]
