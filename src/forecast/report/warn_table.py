"""`forecast warn` as text, Markdown, CSV and JSON: one row per estimative band."""

from __future__ import annotations

from typing import Any

from ..language import percent
from .analysis_tables import render_each


def observations_text(observations: dict[str, str] | Any) -> str:
    """'a=x, b=y', or 'nothing observed'."""
    return ", ".join(f"{n}={s}" for n, s in dict(observations).items()) or "nothing observed"


def warn_rows(result: Any) -> list[dict[str, Any]]:
    """One row per band above and below today's: whether any combination reaches it, and the
    smallest sets that do (the first of them, and how many there are)."""
    rows = []
    for band in result.bands:
        if band.reached:
            first = band.sets[0]
            more = band.count - 1
            sets = observations_text(first.observations) + (f" (+{more} more)" if more else "")
            rows.append({"band": f"{band.words} ({band.direction})",
                         "fewest observations": band.size, "for example": sets,
                         "then": percent(first.probability)})
        else:
            rows.append({"band": f"{band.words} ({band.direction})", "fewest observations": "-",
                         "for example": "no combination gets there", "then": "-"})
    return rows


def extremes_lines(result: Any) -> list[str]:
    """The sentences below the table: today's value, the extremes, what was enumerated."""
    w = result
    event = f"P({w.target}={w.state})"
    return [f"today {event} = {percent(w.now)} ({w.words_now}); over {w.combinations} "
            f"combinations of {len(w.indicators)} observable indicators without evidence "
            f"({w.impossible} ruled out by the evidence)",
            f"highest reachable: {percent(w.highest.probability)} with "
            f"{observations_text(w.highest.observations)}",
            f"lowest reachable: {percent(w.lowest.probability)} with "
            f"{observations_text(w.lowest.observations)}"]


def render_warn(result: Any, fmt: str) -> str:
    def build(one: Any):
        w = one.analysis
        title = (f"What would warn: the smallest sets of observations of the free observable "
                 f"indicators that move P({w.target}={w.state}) into each band "
                 f"({w.yardstick}), each observation entered as certain")
        if not w.indicators:
            title += "; no observable indicator is free of evidence"
        return warn_rows(w), title, {"below": extremes_lines(w)}

    return render_each(result, fmt, build)
