"""The ACH matrix as a chart: findings (rows) against hypotheses (columns).

Each cell shows the mark (CC, C, N, I, II) and the Bayes factor, shaded by the factor on a
log scale: blue where the finding supports the hypothesis, vermillion where it counts
against it, white where it is neutral. The right column gives each finding's
diagnosticity; a star marks the most discriminating findings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import UserError
from .chart_style import (
    BLUE,
    INK,
    MUTED,
    VERMILLION,
    Frame,
    checked_yardstick,
    context_lines,
    draw_frame,
    human,
    new_figure,
    said,
    source_text,
    style_context,
    wrap,
)
from .written import draws_written

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SATURATE = 2.0  # |log2 Bayes factor| at which a cell takes its full colour (a factor of 4)


@draws_written
def plot_ach(data: Mapping[str, Any], ax: Axes | None = None, *, marking: str | None = None,
             yardstick: str = "icd203") -> Figure:
    """The ACH matrix of an explain result that carries `ach`."""
    yardstick = checked_yardstick(yardstick)
    ach = data.get("ach")
    if not ach or not ach.get("findings"):
        raise UserError("the explain result carries no ACH matrix (no evidence to weigh)")
    with style_context():
        if ax is not None:
            _panel(ax, data, yardstick)
            return ax.figure
        question, as_of, scenario = context_lines(data)
        what = (f"Competing hypotheses for {_label(data, data['target'])}: how each finding "
                "bears on each outcome (Bayes factor against the other outcomes)")
        notes = ["CC >= 2, C >= 1.1, N within 10%, I <= 1/1.1, II <= 1/2; diagnosticity = "
                 "largest / smallest likelihood of the finding over the outcomes; \u2605 = most "
                 "discriminating."]
        frame = Frame(title=f"{question} \u2014 as of {as_of}",
                      subtitle=[line for line in (scenario, what) if line],
                      source=[source_text(data, yardstick, notes)], marking=marking)
        rows = len(ach["findings"])
        fig, _, _ = new_figure(10.5, 0.36 * (rows + 2) + 0.3, frame)
        _panel(fig.subplots(), data, yardstick)
        draw_frame(fig, frame)
        return fig


def _label(data: Mapping[str, Any], node: str) -> str:
    return str((data.get("labels") or {}).get(node) or human(node))


def _finding_text(data: Mapping[str, Any], item: Mapping[str, Any]) -> str:
    what = _label(data, item["node"])
    what += f" = {human(item['state'])}" if item.get("state") else " (soft finding)"
    return what + (f" [{item['grade']}]" if item.get("grade") else "")


def _shade(factor: float | None) -> tuple[str, float]:
    """A colour and its strength for a Bayes factor (None: rules the hypothesis out)."""
    if factor is None:
        return VERMILLION, 1.0
    level = math.log2(factor) if factor > 0 else -SATURATE
    strength = min(abs(level) / SATURATE, 1.0)
    return (BLUE if level > 0 else VERMILLION), strength


def _panel(ax: Axes, data: Mapping[str, Any], yardstick: str) -> None:
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Rectangle

    ach = data["ach"]
    hypotheses = ach["hypotheses"]
    findings = ach["findings"]
    evidence = data.get("evidence") or []
    n, m = len(findings), len(hypotheses)
    ax.set_xlim(-4.2, m + 1.0)
    ax.set_ylim(n + 0.1, -1.3)
    ax.axis("off")
    for j, h in enumerate(hypotheses):
        title = wrap(human(h), 18)
        ax.text(j + 0.5, -0.75, "\n".join(title[:2]), ha="center", va="center", fontsize=8.5,
                fontweight="bold")
        ax.text(j + 0.5, -0.2, said(float(data["posterior"][h]), yardstick), ha="center",
                va="center", fontsize=7.5, color=MUTED)
    ax.text(m + 0.5, -0.75, "diagnosticity", ha="center", va="center", fontsize=8.5,
            fontweight="bold")
    for i, row in enumerate(findings):
        item = evidence[row["index"]] if row["index"] < len(evidence) else row
        y = i + 0.5
        label = wrap(_finding_text(data, item), 52)
        star = "\u2605 " if row["index"] in ach["most_discriminating"] else ""
        ax.text(-0.1, y, star + "\n".join(label[:2]), ha="right", va="center", fontsize=8)
        for j, h in enumerate(hypotheses):
            factor = row["bayes_factor"][h]
            colour, strength = _shade(factor)
            rgb = tuple(1 - strength * 0.75 * (1 - c) for c in to_rgb(colour))
            ax.add_patch(Rectangle((j + 0.04, i + 0.06), 0.92, 0.88, color=rgb, lw=0))
            text = row["marks"][h] + ("" if factor is None else f"  {factor:.2f}")
            ax.text(j + 0.5, y, text, ha="center", va="center", fontsize=8,
                    color="white" if strength > 0.7 else INK,
                    fontweight="bold" if row["marks"][h] in {"CC", "II"} else "normal")
        ratio = row["diagnosticity"]
        ax.text(m + 0.5, y, "rules one out" if ratio is None else f"\u00d7{ratio:.2f}",
                ha="center", va="center", fontsize=8)
