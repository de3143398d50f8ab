"""Use case: a run's windowed target by date, under its hazard profile and alternatives
(what the horizon chart and the brief's profile table show)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..analysis.by_date import DateCurves, by_date, distribution_of

if TYPE_CHECKING:
    from ..results import RunResult


def date_curves(run: RunResult, node: str) -> DateCurves | None:
    """The curves of `node` for the run's snapshot, each analyst's and, with several, pooled
    date by date as the run pools them; None when the node has no window or no horizon."""
    window = run.windows.get(node)
    scenario = run.loaded.scenario
    if window is None or window.remaining_days is None:
        return None
    evidence = scenario.likelihoods()
    each = {name: by_date(net, node, evidence, scenario.as_of, window.remaining_days)
            for name, net in run.team.networks.items()}
    if len(each) == 1:
        return next(iter(each.values()))
    first = next(iter(each.values()))
    curves = {}
    for profile in first.curves:
        rows = []
        for i in range(len(first.days)):
            per_analyst = {name: {node: distribution_of(c.curves[profile][i])}
                           for name, c in each.items()}
            pooled = run.team.combine(per_analyst)[node]
            rows.append(np.cumsum(pooled[::-1])[::-1][1:])
        curves[profile] = np.array(rows)
    return DateCurves(node, first.levels, first.days, curves, first.descriptions)

