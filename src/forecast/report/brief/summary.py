"""The one-page executive brief's extra blocks: what to collect and what drives the answer,
three lines each, after the bottom line and the outcomes."""

from __future__ import annotations

from .context import _Context
from .document import Block, Cell, Column, Table
from .drivers import _ends_text, _parameter_text, _ranked_parameters
from .indicators import _key, _name
from .markup import lit

LINES = 3


def summary_blocks(ctx: _Context) -> list[Block]:
    voi = ctx.data.voi
    collect = []
    if voi is not None:
        focus = voi.analysis.state
        for row in voi.analysis.collect[:LINES]:
            key = _key(row)
            effect = (f"the most likely outcome becomes {lit(ctx.state(key.lead_after))}"
                      if key.flips_lead else
                      f"P({lit(ctx.state(focus))}) becomes {ctx.said(key.focus_after)}")
            collect.append(f"**{_name(ctx, row)}**: if {lit(ctx.state(key.state))}, {effect}.")
    if not collect:
        collect = ["No node of the model is marked observable: no indicator to collect on."]
    sens = ctx.data.snapshots[-1].sensitivity
    state = sens.analysis.state
    ranked = _ranked_parameters(sens)[:LINES]
    drivers = [f"{_parameter_text(ctx, p)}: P({lit(ctx.state(state))}) "
               f"{_ends_text(ctx, p)}" for p in ranked]

    depth = max(len(collect), len(drivers))
    if not depth:
        return []
    rows = tuple((Cell(collect[i] if i < len(collect) else ""),
                  Cell(drivers[i] if i < len(drivers) else "")) for i in range(depth))
    return [Table((Column("What to collect (most informative first)", 1.0),
                   Column("What drives it (each number over its 90% credible range)", 1.0)),
                  rows, caption="Where to look next, and which of the model's numbers matter")]
