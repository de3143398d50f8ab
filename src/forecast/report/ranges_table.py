"""`sensitivity --sweep ranges` as text, Markdown, CSV and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..language import percent
from .analysis_tables import render_each

if TYPE_CHECKING:
    from ..analysis.ranges import RangeSensitivity


def ranges_rows(result: RangeSensitivity) -> list[dict[str, Any]]:
    rows = []
    for row in result.parameters:
        r = row.range
        rows.append({"number": r.name, "value": f"{r.value:g}",
                     "stated range": f"{r.low:g} to {r.high:g}",
                     "at low end": "impossible" if row.low is None else percent(row.low),
                     "at high end": "impossible" if row.high is None else percent(row.high),
                     "monotone": "yes" if row.monotone else "NO"})
    return rows


def joint_lines(result: RangeSensitivity) -> list[str]:
    """The joint's sentence, made from what the joint computed (or why it did not)."""
    j = result.joint
    event = f"P({result.target}={result.state})"
    now = f"{percent(result.baseline)} ({result.baseline_words})"
    if not j.computed or j.lowest is None or j.highest is None:
        return [f"joint: not computed: {j.reason}"]
    low, high = j.lowest.words(result.yardstick), j.highest.words(result.yardstick)
    text = (f"joint: with all {j.numbers} stated probability ranges at once ({j.vertices} "
            f"vertices), {event} lies between {percent(j.lowest.probability)} "
            f"({low}) and {percent(j.highest.probability)} ({high}); today {now}")
    same = low == high == result.baseline_words
    text += ("; no combination of range ends changes the estimative word" if same else
             "; the range ends can change the estimative word")
    lines = [text]
    if not j.exact:
        lines.append(f"joint: {j.reason}")
    return lines


def render_ranges(result: Any, fmt: str) -> str:
    def build(one: Any):
        r = one.analysis
        title = (f"Stated ranges: P({r.target}={r.state}) with each stated number at the ends "
                 "of its range (the rest of its row in proportion), largest swing first")
        below = [*joint_lines(r), *(f"warning: {w['message']}" for w in r.range_warnings)]
        if not r.parameters:
            below.insert(0, "No number of the model states a range (`range:`).")
        return ranges_rows(r), title, {"below": below}

    return render_each(result, fmt, build)
