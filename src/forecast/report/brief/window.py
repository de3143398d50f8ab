"""Time to the horizon in the brief: which window each snapshot's numbers are for, the
horizon chart, and the assumption behind the conversion, all from the results' `window`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..window_text import window_line
from .context import _Context
from .document import Block, Cell, Chart, Column, Para, Table
from .drawing import chart_data
from .markup import lit

if TYPE_CHECKING:
    from ...analysis.by_date import DateCurves
    from ...domain.window import Window
    from ...results import RunResult


def _windowed(run: RunResult) -> dict[str, Window]:
    return {n: w for n, w in run.windows.items() if n in run.posteriors}


def window_blocks(ctx: _Context, run: RunResult, chart: bool = True, table: bool = True,
                  note: bool = True) -> list[Block]:
    """A note per windowed target, (with `table`) the asked event under the model's hazard
    profile and the alternatives, and (with `chart`) the horizon chart, when there is a
    horizon."""
    windows = _windowed(run)
    if not windows:
        return []
    scenario = run.loaded.scenario
    blocks: list[Block] = [Para(lit(window_line(n, w, scenario, run.posteriors[n].states[0]))
                                + ".", "note")
                           for n, w in windows.items() if note]
    if run.loaded.scenario.horizon and (chart or table):
        from ...usecases.by_date import date_curves

        node = next(iter(windows))
        curves = date_curves(run, node)
        if table and curves is not None:
            blocks.append(profile_table(ctx, curves))
        if not chart:
            return blocks
        data = chart_data(run, by_date={node: curves.to_json()}) if curves else chart_data(run)
        shape = ("the model's hazard profile" if windows[node].profile else "a constant hazard")
        blocks.append(Chart("horizon", data,
                            f"The chance that {lit(ctx.label(node))} reaches each level by each "
                            f"date, every row of the model's {windows[node].elicited_days:g}-day "
                            f"table converted under {shape}; dashed, other shapes of the "
                            "hazard."))
    return blocks


def profile_table(ctx: _Context, curves: DateCurves) -> Table | Para:
    """The asked event at the horizon under the model's hazard profile and the alternatives:
    how much of the answer the shape of the hazard carries. A sentence instead when every
    shape prints the same (the days left are the whole window: the shape cannot matter)."""
    top = curves.levels[-1]
    events = [("Any escalation", curves.levels), (ctx.state(top), (top,))]
    printed = {tuple(ctx.said(curves.at_horizon(profile, states)) for _, states in events)
               for profile in curves.descriptions}
    if len(printed) == 1:
        values = "; ".join(f"{lit(name)} {said}" for (name, _), said
                           in zip(events, next(iter(printed)), strict=True))
        others = ", ".join(lit(p) for p in curves.descriptions if p != "model")
        return Para(f"By the horizon, all {len(curves.descriptions)} shapes of the hazard over "
                    f"the window (the model's, {others}) give the same answer to the printed "
                    f"percent: {values}.", "note")
    columns = (Column("Shape of the hazard over the window", 3.0),
               *(Column(lit(name), 1.4, "right") for name, _ in events))
    rows = []
    for profile, description in curves.descriptions.items():
        label = f"**{lit(description)}**" if profile == "model" else lit(description)
        rows.append((Cell(label), *(Cell(ctx.said(curves.at_horizon(profile, states)))
                                    for _, states in events)))
    low = min(curves.at_horizon(p, curves.levels) for p in curves.curves)
    high = max(curves.at_horizon(p, curves.levels) for p in curves.curves)
    return Table(columns, tuple(rows), caption=(
        f"By the horizon under each shape of the hazard (the model's in bold), all else equal: "
        f"any escalation spans {ctx.said(low)} to {ctx.said(high)}."))


def window_assumptions(ctx: _Context) -> list[str]:
    """What the snapshots' probabilities assume about time, one sentence per windowed node,
    or that the outcome is not tied to a window."""
    runs = [s.run for s in ctx.data.snapshots]
    nodes = list(dict.fromkeys(n for run in runs for n in _windowed(run)))
    if not nodes:
        return ["The outcome's numbers are not tied to a window of time (no `window_days` in the "
                "model): a snapshot closer to the horizon is read as if as much time were left."]
    out = []
    for node in nodes:
        first = next(run.windows[node] for run in runs if node in _windowed(run))
        days = "; ".join(
            f"{lit(run.loaded.scenario.id)}: "
            + (f"{run.windows[node].remaining_days} days left"
               if run.windows[node].remaining_days is not None else "no horizon, not converted")
            for run in runs if node in _windowed(run))
        shape = ("the model's hazard profile, f the share of the window's hazard in the days "
                 "left" if first.profile else "a constant hazard, f = t / window")
        text = (f"The model's numbers for {lit(ctx.label(node))} are for "
                f"{first.elicited_days:g} days; every row of its table is converted to the "
                f"days left to each snapshot's horizon ({days}) before any evidence is "
                f"weighed, each level reached under {shape}: "
                "P(by the horizon) = 1 \u2212 (1 \u2212 P(within the window))^f.")
        quiet = [run for run in runs if node in _windowed(run)
                 and run.windows[node].quiet_since is not None]
        if quiet:
            text += " " + "; ".join(
                f"{lit(run.loaded.scenario.id)}: the {run.windows[node].quiet_days} days since "
                f"{run.windows[node].quiet_since} in which nothing happened are entered as "
                "evidence on the outcome's causes" for run in quiet) + "."
        out.append(text)
    return out
