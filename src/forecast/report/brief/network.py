"""Annex: the model's network as of the latest snapshot.

In print, the graph of nineteen boxes cannot keep 8 pt text on one A4 page, so the annex is a
table in causal order (each factor, what influences it, its probabilities now) that prints
at full size; the diagram goes to the screen (HTML), where it fits the page width and zooms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..chart_style import human
from .context import _Context
from .document import Cell, Chart, Column, Para, Section, Table
from .drawing import network_chart_data
from .inputs import NetworkInput
from .markup import lit
from .wording import long_date


def _causal_order(parents: Mapping[str, Sequence[str]]) -> list[str]:
    """Causes before effects, keeping the model's order among equals."""
    depth: dict[str, int] = {}

    def level(name: str, seen: tuple[str, ...] = ()) -> int:
        if name not in depth:
            ps = [p for p in parents[name] if p in parents and p not in seen]
            depth[name] = 1 + max((level(p, (*seen, name)) for p in ps), default=-1)
        return depth[name]

    names = list(parents)
    return sorted(names, key=lambda n: (level(n), names.index(n)))


def _network_section(ctx: _Context, network: NetworkInput) -> Section:
    run = ctx.data.snapshots[-1].run  # the network is the latest snapshot's
    as_of = long_date(run.loaded.scenario.as_of)
    parents = {name: tuple(node.parents) for name, node in network.network.nodes.items()}
    evidence = {f.node: f for f in run.findings}
    targets = set(run.targets)
    rows = []
    for name in _causal_order(parents):
        if name in targets:
            role = "the question's outcome"
        elif name in evidence:
            role = f"evidence: {ctx.finding(evidence[name]).split(': ', 1)[-1]}"
        else:
            role = "factor"
        causes = "; ".join(lit(ctx.label(p)) for p in parents[name]) or "\u2014"
        dist = network.posteriors[name]
        now = "; ".join(f"{lit(human(s))} {ctx.said(p)}" for s, p in dist.items())
        rows.append((Cell(f"**{lit(ctx.label(name))}** ({role})"), Cell(causes), Cell(now)))
    table = Table((Column("Factor", 3.2), Column("Influenced by", 3.4),
                   Column("Probabilities now", 3.4)), tuple(rows),
                  caption=f"Every factor of the model, causes first, with its probabilities as of "
                          f"{as_of}")
    chart = Chart("network", network_chart_data(run, network),
                  f"Every factor of the model with its probabilities as of "
                  f"{as_of}; arrows point from cause to effect, orange "
                  "boxes carry evidence, the blue box is the question's outcome.", media="screen")
    intro = Para("The model's factors in causal order: each with the factors that influence it "
                 "and its probabilities given the latest evidence.")
    return Section(id="model", title="The model", kicker="Annex", blocks=(intro, table, chart))
