"""Competing hypotheses (ACH) for the latest snapshot: the outcomes against the findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.numbers import stable
from .context import _Context
from .document import Block, Bullets, Chart, Para, Section
from .drawing import chart_data
from .markup import lit
from .wording import _capital, long_date

if TYPE_CHECKING:
    from ...analysis.ach import CompetingHypotheses
    from ...analysis.impact import Explanation, FindingEffect
    from ...results import AnalysisResult


def _finding_name(ctx: _Context, item: FindingEffect) -> str:
    what = lit(ctx.label(item.node))
    if item.state:
        what += f" = {lit(ctx.state(item.state))}"
    else:
        what += " (soft finding)"
    return what + (f" [{item.grade}]" if item.grade else "")


def _ach_section(ctx: _Context, explain: AnalysisResult[Explanation]) -> Section | None:
    ach: CompetingHypotheses | None = explain.ach
    if ach is None or not ach.findings:
        return None
    evidence = explain.analysis.evidence
    scenario = explain.context.loaded.scenario
    blocks: list[Block] = [Para(
        f"Analysis of competing hypotheses as of {long_date(scenario.as_of)}: each outcome "
        f"of {lit(ctx.label(explain.analysis.target))} against each finding. A mark comes from the "
        "finding's Bayes factor for that outcome against the others, given the rest of the "
        "evidence: CC at least doubles its odds, C raises them by 10% or more, N moves them by "
        "less than 10%, I lowers them by 10% or more, II at least halves them. A finding's "
        "diagnosticity is its largest likelihood over its smallest across the outcomes; a "
        "finding consistent with every outcome (about \u00d71) cannot tell them apart.")]
    blocks.append(Chart("ach", chart_data(explain), "The matrix: findings (rows) against outcomes "
                        "(columns); each cell the mark and the Bayes factor, blue where the "
                        "finding supports the outcome, vermillion where it counts against it; "
                        "\u2605 the most discriminating findings."))
    lines = []
    for index in ach.most_discriminating:
        row = ach.findings[index]
        ratio = row.diagnosticity
        favours = [ctx.state(h) for h, m in row.marks.items() if m in {"CC", "C"}]
        against = [ctx.state(h) for h, m in row.marks.items() if m in {"I", "II"}]
        shown = "rules one outcome out" if ratio is None else f"\u00d7{stable(ratio):.2f}"
        text = f"{_finding_name(ctx, evidence[index])}: diagnosticity {shown}"
        if favours:
            text += f"; consistent with {lit(' and '.join(favours))}"
        if against:
            text += f"; inconsistent with {lit(' and '.join(against))}"
        lines.append(text + ".")
    if lines:
        blocks.append(Para("**The findings that discriminate most:**"))
        blocks.append(Bullets(tuple(lines)))
    # the least contradicted, on the numbers as written (equal bits: the more probable)
    least = min(ach.summary.items(),
                key=lambda kv: (stable(kv[1].inconsistency_bits), -stable(kv[1].posterior)))
    summary = [f"{lit(_capital(ctx.state(h)))}: {s.inconsistent} inconsistent finding"
               f"{'s' if s.inconsistent != 1 else ''} ({stable(s.inconsistency_bits):.2f} bits "
               "against)" for h, s in ach.summary.items()]
    blocks.append(Para("**Inconsistency, which ACH weighs most:** " + "; ".join(summary)
                       + f". Least contradicted by the evidence: "
                         f"**{lit(ctx.state(least[0]))}**."))
    return Section(id="ach", title="Competing hypotheses", blocks=tuple(blocks),
                   kicker=f"ACH \u00b7 {scenario.id}")
