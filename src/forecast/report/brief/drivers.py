"""A snapshot's drivers: the model's numbers ranked by one-way sensitivity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..chart_style import human, pct, points
from ..parameter_words import parameter_words
from .context import _Context
from .document import Block, Cell, Chart, Column, Para, Table
from .markup import lit

DRIVERS = 8        # parameters in a snapshot's drivers table


def _ranked_parameters(sens: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Parameters by swing; a two-state distribution's mirrored entry left out."""
    rows = [r for r in sens.get("parameters") or []
            if (r.get("low") is not None or r.get("high") is not None) and not r.get("mirror")]
    return sorted(rows, key=lambda r: -float(r.get("swing") or 0.0))


_PROBABILITY_KINDS = {"prior", "table", "leak", "effect"}


def _parameter_text(ctx: _Context, row: Mapping[str, Any]) -> str:
    """What the number is, in labels: '**Moscow's plan for the Belarus axis: offensive**'."""
    head, _ = parameter_words(row, _labels(ctx))
    return f"**{lit(head)}**"


def _parameter_kind(ctx: _Context, row: Mapping[str, Any]) -> str:
    """Where the number sits: its conditions, or prior / leak / ranked node."""
    return lit(parameter_words(row, _labels(ctx))[1])


def _labels(ctx: _Context) -> dict[str, str]:
    return {name: ctx.label(name) for name in ctx.nodes}


def _is_probability(row: Mapping[str, Any]) -> bool:
    return row.get("kind") in _PROBABILITY_KINDS and row.get("state") is not None


def _value_text(ctx: _Context, row: Mapping[str, Any]) -> str:
    value = float(row.get("value", 0.0))
    return ctx.said(value) if _is_probability(row) else f"{value:.3g}"


def _sweep_text(row: Mapping[str, Any]) -> str:
    sweep = row.get("sweep")
    if not sweep:
        return ""
    if _is_probability(row):
        return f"swept {pct(sweep[0])}\u2013{pct(sweep[1])}"
    return f"swept {float(sweep[0]):.3g}\u2013{float(sweep[1]):.3g}"


def _ends_text(ctx: _Context, row: Mapping[str, Any]) -> str:
    low, high = row.get("low"), row.get("high")
    lo = ctx.said(low) if low is not None else "impossible evidence"
    hi = ctx.said(high) if high is not None else "impossible evidence"
    return f"{lo} to {hi}"


def _drivers(ctx: _Context, sens: Mapping[str, Any]) -> list[Block]:
    target = sens.get("target") or {}
    node, state = target.get("node", "?"), target.get("state", "?")
    baseline = float(sens.get("baseline", 0.0))
    ranked = _ranked_parameters(sens)
    credible = sens.get("sweep") == "credible"
    over = ("over its 90% credible range (from its node's confidence, the equivalent sample "
            "size of the Dirichlet the intervals draw from)" if credible else "over [0, 1]")
    intro = (f"One-way sensitivity of P({lit(ctx.state(state))}) (now {ctx.said(baseline)}) to each of "
             f"the model's {len(ranked)} numbers, swept alone {over} while the rest of its "
             "distribution scales in proportion; a two-state distribution has one number, shown "
             f"once. The {min(DRIVERS, len(ranked))} largest swings:")
    rows = []
    for rank, row in enumerate(ranked[:DRIVERS], start=1):
        low, high = row.get("low"), row.get("high")
        rows.append((
            Cell(str(rank)),
            Cell(_parameter_text(ctx, row), _parameter_kind(ctx, row)),
            Cell(_value_text(ctx, row), _sweep_text(row)),
            Cell(ctx.said(low) if low is not None else "\u2014",
                 "" if low is not None else lit(row.get("note") or "evidence impossible")),
            Cell(ctx.said(high) if high is not None else "\u2014",
                 "" if high is not None else lit(row.get("note") or "evidence impossible")),
            Cell(points(float(row.get("swing") or 0.0)).lstrip("+")),
        ))
    head = f"P({human(state)})"
    table = Table((Column("#", 0.3, "right"), Column("Parameter", 4.4), Column("Value now", 1.5),
                   Column(f"{head} at the bottom of the sweep", 1.7),
                   Column(f"{head} at the top", 1.7), Column("Swing", 0.8, "right")),
                  tuple(rows), caption=f"Drivers of P({lit(ctx.state(state))}): "
                                       f"{lit(ctx.label(node))}")
    chart = Chart("tornado", dict(sens), f"The same parameters as a tornado: how far each moves "
                  f"P({lit(ctx.state(state))}) from its baseline (black line).", top=DRIVERS)
    return [Para(intro), table, chart]
