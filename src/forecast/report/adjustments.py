"""Naming the adjustments in force (scenario priors, analysts' overlays, --set) and the analysts'
columns, for every text format, chart and brief: generated from the result, never fixed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..domain.numbers import stable

if TYPE_CHECKING:
    from ..domain.adjustment import Adjustment
    from ..results import QueryResult, RunResult
    from ..usecases.team import Team


def adjustment_lines(items: Sequence[Adjustment] | None) -> list[str]:
    """`adjustments: ...` lines for a header, or one saying there are none (None: the
    result has no adjustments to speak of, a query of a model file)."""
    if items is None:
        return []
    if not items:
        return ["adjustments: none (the model's own numbers)"]
    return [f"adjustment: {item.describe()}" for item in items]


def pool_line(team: Team) -> list[str]:
    """What `probability` means when several analysts are pooled."""
    if len(team.overlays) < 2:
        return []
    weights = ", ".join(f"{name} {stable(w):.3g}" for name, w in team.weights.items())
    return [f"probability = {team.method} pool of the analysts (weights {weights}); "
            "spread = highest minus lowest analyst"]


def with_analyst_columns(rows: list[dict[str, Any]], run: RunResult | QueryResult
                         ) -> list[dict[str, Any]]:
    """Posterior rows with a column per analyst before `probability`, and `spread` after it
    (each number as the run's JSON writes it), when several analysts are pooled."""
    from ..results import RunResult

    if not isinstance(run, RunResult) or len(run.team.overlays) < 2:
        return rows
    from ..analysis.pooling import spread

    gaps = spread(run.per_analyst)
    out = []
    for row in rows:
        node, state = row["node"], row["state"]
        index = run.network[node].index(state)
        new: dict[str, Any] = {"node": node, "state": state}
        new.update({name: stable(post[node][index]) for name, post in run.per_analyst.items()})
        for key, value in row.items():
            if key not in new:
                new[key] = value
            if key == "probability":
                new["spread"] = stable(gaps[node][index])
        out.append(new)
    return out


def with_adjustment_column(rows: list[dict[str, Any]], items: Sequence[Adjustment]
                           ) -> list[dict[str, Any]]:
    """CSV rows with a trailing `adjustments` column when any adjustment is in force."""
    if not items:
        return rows
    text = "; ".join(item.describe() for item in items)
    return [{**row, "adjustments": text} for row in rows]
