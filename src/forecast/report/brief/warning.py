"""What would warn: the brief's short table from `forecast warn` on the latest snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import _Context
from .document import Block, Cell, Column, Heading, Para, Table
from .markup import lit

if TYPE_CHECKING:
    from ...analysis.warn import WarningCapacity
    from ...results import AnalysisResult

LIKELY = "likely"


def warning_blocks(ctx: _Context, warn: AnalysisResult[WarningCapacity]) -> list[Block]:
    """A heading, one row per band above today's (the smallest set of observations that gets
    the asked event there, or none), the extremes, and a plain sentence when no combination
    of observations reaches "likely"."""
    w = warn.analysis
    if w.yardstick != ctx.y:  # its bands are another yardstick's words: never mix them
        return []
    event = " or ".join(ctx.state(s) for s in w.states)
    blocks: list[Block] = [Heading("What would warn")]
    if not w.indicators:
        blocks.append(Para("No observable indicator is free of evidence: nothing left to "
                           "collect could move the judgement."))
        return blocks
    rows, beyond = [], []
    for band in (b for b in w.bands if b.direction == "above"):
        if not band.reached:  # named in one line under the table
            beyond.append(lit(band.words))
        else:
            first = band.sets[0]
            seen = ", ".join(f"{lit(ctx.label(n))}: {lit(ctx.state(s))}"
                             for n, s in first.observations.items())
            others = band.count - 1
            more = f" (or {others} other set{'s' if others > 1 else ''})" if others else ""
            rows.append((Cell(lit(band.words)), Cell(str(band.size)),
                         Cell(seen + more), Cell(ctx.said(first.probability))))
    if rows:
        blocks.append(Table(
            (Column("Band", 1.6), Column("Fewest observations", 1.1, "right"),
             Column("For example", 4.2), Column("Then", 1.4)), tuple(rows),
            caption=f"Over every combination of observations of the {len(w.indicators)} "
                    f"observable indicators without evidence ({w.combinations} in all, each "
                    f"observation taken as certain): the fewest that move P({lit(event)}) into "
                    "each band above today's."))
    out_of_reach = (f" No combination gets to {' or '.join(beyond)}." if beyond else "")
    blocks.append(Para(f"Today {ctx.said(w.now)}; the most any combination reaches is "
                       f"{ctx.said(w.highest.probability)}, the least "
                       f"{ctx.said(w.lowest.probability)}.{out_of_reach}"))
    likely = w.reaches(LIKELY)
    if likely is False:
        blocks.append(Para(f"**No combination of observations of the model's indicators "
                           f"makes {lit(event)} likely**: the model cannot warn of it."))
    return blocks
