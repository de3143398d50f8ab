"""A snapshot's drivers: the model's numbers ranked by one-way sensitivity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.numbers import stable
from ..chart_style import human, pct, points
from ..parameter_words import number_words
from .context import _Context
from .document import Block, Cell, Chart, Column, Para, Table
from .drawing import chart_data
from .markup import lit

if TYPE_CHECKING:
    from ...analysis.sensitivity import ParameterSweep, Sensitivity
    from ...results import AnalysisResult

DRIVERS = 8        # parameters in a snapshot's drivers table
TORNADO = 3        # parameters in the brief's tornado (the table is the annex's)


def _ranked_parameters(sens: AnalysisResult[Sensitivity]) -> list[ParameterSweep]:
    """Parameters by swing as written (a row with an impossible end after those with a swing);
    a two-state distribution's mirrored entry left out."""
    rows = [r for r in sens.analysis.ranking() if r.low is not None or r.high is not None]
    return sorted(rows, key=lambda r: -(r.written_swing or 0.0))


def _parameter_text(ctx: _Context, row: ParameterSweep) -> str:
    """What the number is, in labels: '**Moscow's plan for the Belarus axis: offensive**'."""
    head, _ = _words(ctx, row)
    return f"**{lit(head)}**"


def _parameter_kind(ctx: _Context, row: ParameterSweep) -> str:
    """Where the number sits: its conditions, or prior / leak / ranked node."""
    return lit(_words(ctx, row)[1])


def _words(ctx: _Context, row: ParameterSweep) -> tuple[str, str]:
    return number_words(row.node, row.kind, row.state, row.given,
                        {name: ctx.label(name) for name in ctx.nodes})


def _is_probability(row: ParameterSweep) -> bool:
    return row.probability and row.state is not None


def _value_text(ctx: _Context, row: ParameterSweep) -> str:
    return ctx.said(row.value) if _is_probability(row) else f"{stable(row.value):.3g}"


def _sweep_text(row: ParameterSweep) -> str:
    low, high = (stable(x) for x in row.sweep)  # the ends as written
    if _is_probability(row):
        return f"swept {pct(low)}\u2013{pct(high)}"
    return f"swept {low:.3g}\u2013{high:.3g}"


def _ends_text(ctx: _Context, row: ParameterSweep) -> str:
    lo = ctx.said(row.low) if row.low is not None else "impossible evidence"
    hi = ctx.said(row.high) if row.high is not None else "impossible evidence"
    return f"{lo} to {hi}"


def drivers_chart(ctx: _Context, sens: AnalysisResult[Sensitivity]) -> list[Block]:
    """The drivers once: a sentence saying what was swept, and the tornado of the largest
    swings (each bar labelled with the number, where it sits, its value and sweep)."""
    analysis = sens.analysis
    ranked = _ranked_parameters(sens)
    if not ranked:
        return [Para("No number of the model moves the answer: no drivers to show.", "note")]
    credible = analysis.sweep == "credible"
    over = "over its 90% credible range" if credible else "over [0, 1]"
    shown = min(TORNADO, len(ranked))
    chart = Chart("tornado", chart_data(sens, adjustments=[]),
                  f"P({lit(ctx.state(analysis.state))}) (now {ctx.said(analysis.baseline)}, "
                  f"black line) as each of the model's {len(ranked)} numbers is swept alone "
                  f"{over}: the {shown} largest swings.", top=shown)
    return [chart]


def _drivers(ctx: _Context, sens: AnalysisResult[Sensitivity]) -> list[Block]:
    analysis = sens.analysis
    node, state = analysis.target, analysis.state
    ranked = _ranked_parameters(sens)
    credible = analysis.sweep == "credible"
    over = ("over its 90% credible range (from its node's confidence, the equivalent sample "
            "size of the Dirichlet the intervals draw from)" if credible else "over [0, 1]")
    intro = (f"One-way sensitivity of P({lit(ctx.state(state))}) (now {ctx.said(analysis.baseline)}) "
             f"to each of the model's {len(ranked)} numbers, swept alone {over} while the rest of "
             "its distribution scales in proportion; a two-state distribution has one number, "
             f"shown once. The {min(DRIVERS, len(ranked))} largest swings:")
    rows = []
    for rank, row in enumerate(ranked[:DRIVERS], start=1):
        low, high = row.low, row.high
        rows.append((
            Cell(str(rank)),
            Cell(_parameter_text(ctx, row), _parameter_kind(ctx, row)),
            Cell(_value_text(ctx, row), _sweep_text(row)),
            Cell(ctx.said(low) if low is not None else "\u2014",
                 "" if low is not None else lit(row.note or "evidence impossible")),
            Cell(ctx.said(high) if high is not None else "\u2014",
                 "" if high is not None else lit(row.note or "evidence impossible")),
            Cell(points(row.written_swing or 0.0).lstrip("+")),
        ))
    head = f"P({human(state)})"
    table = Table((Column("#", 0.3, "right"), Column("Parameter", 4.4), Column("Value now", 1.5),
                   Column(f"{head} at the bottom of the sweep", 1.7),
                   Column(f"{head} at the top", 1.7), Column("Swing", 0.8, "right")),
                  tuple(rows), caption=f"Drivers of P({lit(ctx.state(state))}): "
                                       f"{lit(ctx.label(node))}")
    # the tornado's source line has named no adjustment: the analysts section says whose
    # numbers the drivers are
    chart = Chart("tornado", chart_data(sens, adjustments=[]),
                  f"The same parameters as a tornado: how far each moves "
                  f"P({lit(ctx.state(state))}) from its baseline (black line).", top=DRIVERS)
    return [Para(intro), table, chart]
