"""Time to the horizon in the brief: which window each snapshot's numbers are for, the
horizon chart, and the assumption behind the conversion, all from the results' `window`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...results import scenario_json
from ..window_text import window_line
from .context import _Context
from .document import Block, Chart, Para
from .drawing import chart_data
from .markup import lit

if TYPE_CHECKING:
    from ...domain.window import Window
    from ...results import RunResult


def _windowed(run: RunResult) -> dict[str, Window]:
    return {n: w for n, w in run.windows.items() if n in run.posteriors}


def window_blocks(ctx: _Context, run: RunResult, chart: bool = True) -> list[Block]:
    """A note per windowed target, and (with `chart`) the horizon chart when there is a
    horizon."""
    windows = _windowed(run)
    if not windows:
        return []
    # window_line is shared with the tables, which read results as JSON
    scenario = scenario_json(run.loaded)
    blocks: list[Block] = [Para(lit(window_line(n, w.to_json(), scenario,
                                                run.posteriors[n].states[0])) + ".", "note")
                           for n, w in windows.items()]
    if chart and run.loaded.scenario.horizon:
        node = next(iter(windows))
        blocks.append(Chart("horizon", chart_data(run),
                            f"The chance that {lit(ctx.label(node))} reaches each level by each "
                            f"date up to the horizon, from the model's {windows[node].elicited_days:g}"
                            "-day numbers at a constant hazard. At the horizon each curve is the "
                            "probability above of that level or a higher one."))
    return blocks


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
        out.append(f"The model's numbers for {lit(ctx.label(node))} are for "
                   f"{first.elicited_days:g} days; each snapshot's are converted to the days "
                   f"left to its horizon ({days}), each level reached at a constant hazard: "
                   "P(within t days) = 1 \u2212 (1 \u2212 P(within the window))^(t / window).")
    return out
