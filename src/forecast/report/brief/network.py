"""Annex: the model's network as of the latest snapshot.

In print, the graph of nineteen boxes cannot keep 8 pt text on one A4 page, so the annex is a
table in causal order (each factor, what influences it, its probabilities now) that prints
at full size; the diagram goes to the screen (HTML), where it fits the page width and zooms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..chart_style import human
from .context import _Context
from .document import Cell, Chart, Column, Para, Section, Table
from .markup import lit
from .wording import long_date


def _causal_order(nodes: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Causes before effects, keeping the model's order among equals."""
    depth: dict[str, int] = {}

    def level(name: str, seen: tuple[str, ...] = ()) -> int:
        if name not in depth:
            parents = [p for p in nodes[name].get("parents") or [] if p in nodes and p not in seen]
            depth[name] = 1 + max((level(p, (*seen, name)) for p in parents), default=-1)
        return depth[name]

    names = list(nodes)
    return sorted(names, key=lambda n: (level(n), names.index(n)))


def _network_section(ctx: _Context, network: Mapping[str, Any]) -> Section:
    scenario = network.get("scenario") or {}
    nodes = (network.get("network") or {}).get("nodes") or {}
    posteriors = network.get("posteriors") or {}
    evidence = {e["node"]: e for e in network.get("evidence") or []}
    targets = set(network.get("targets") or [])
    rows = []
    for name in _causal_order(nodes):
        node = nodes[name]
        if name in targets:
            role = "the question's outcome"
        elif name in evidence:
            role = f"evidence: {ctx.finding(evidence[name]).split(': ', 1)[-1]}"
        else:
            role = "factor"
        parents = "; ".join(lit(ctx.label(p)) for p in node.get("parents") or []) or "\u2014"
        dist = posteriors.get(name) or {}
        now = "; ".join(f"{lit(human(s))} {ctx.said(float(p))}" for s, p in dist.items())
        rows.append((Cell(f"**{lit(ctx.label(name))}** ({role})"), Cell(parents), Cell(now)))
    table = Table((Column("Factor", 3.2), Column("Influenced by", 3.4),
                   Column("Probabilities now", 3.4)), tuple(rows),
                  caption=f"Every factor of the model, causes first, with its probabilities as of "
                          f"{long_date(scenario.get('as_of'))}")
    chart = Chart("network", dict(network),
                  f"Every factor of the model with its probabilities as of "
                  f"{long_date(scenario.get('as_of'))}; arrows point from cause to effect, orange "
                  "boxes carry evidence, the blue box is the question's outcome.", media="screen")
    intro = Para("The model's factors in causal order: each with the factors that influence it "
                 "and its probabilities given the latest evidence.")
    return Section(id="model", title="The model", kicker="Annex", blocks=(intro, table, chart))
