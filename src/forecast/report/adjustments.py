"""Naming the adjustments in force (scenario priors, analysts' overlays, --set) and the analysts'
columns, for every text format, chart and brief: generated from the result, never fixed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..domain.numbers import stable

if TYPE_CHECKING:
    from ..domain.adjustment import Adjustment
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


def with_analyst_columns(rows: list[dict[str, Any]], result: Mapping[str, Any]
                         ) -> list[dict[str, Any]]:
    """Posterior rows with a column per analyst before `probability`, and `spread` after it."""
    analysts = result.get("analysts")
    if not analysts or len(analysts) < 2:
        return rows
    out = []
    for row in rows:
        node, state = row["node"], row["state"]
        new: dict[str, Any] = {"node": node, "state": state}
        new.update({name: post[node][state] for name, post in analysts.items()})
        for key, value in row.items():
            if key not in new:
                new[key] = value
            if key == "probability":
                new["spread"] = result["spread"][node][state]
        out.append(new)
    return out


def with_adjustment_column(rows: list[dict[str, Any]], items: Sequence[Adjustment]
                           ) -> list[dict[str, Any]]:
    """CSV rows with a trailing `adjustments` column when any adjustment is in force."""
    if not items:
        return rows
    text = "; ".join(item.describe() for item in items)
    return [{**row, "adjustments": text} for row in rows]
