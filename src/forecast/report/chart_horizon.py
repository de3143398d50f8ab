"""The horizon chart: the chance of reaching each escalation level by each date.

For a windowed outcome (`window_days: W` in the model) the chart data carries `by_date`
(`forecast.usecases.by_date`): for every date from as_of to the horizon, the outcome answered on the
network converted to that date under the model's hazard profile, and under alternative
shapes (drawn dashed). One line per level above the first, over the estimative bands; the
values at the horizon are those `forecast run` reports. Saved results without `by_date`
are drawn from their elicited posterior at a constant hazard, as before.

Matplotlib is imported only inside these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..domain.window import reached_by
from ..errors import UserError
from .chart_style import (
    INK,
    MUTED,
    RULE,
    Frame,
    band_words_axis,
    checked_yardstick,
    context_lines,
    darker,
    draw_frame,
    escalation_colours,
    human,
    new_figure,
    percent_axis,
    said,
    shade_bands,
    source_text,
    spread,
    style_context,
    wrap,
    yardstick_name,
)
from .written import draws_written

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def horizon_curves(data: Mapping[str, Any], node: str, profile: str = "model"
                   ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(levels above the first, days 0..t, P(reach >= level by day d) of shape (days, levels))."""
    dated = (data.get("by_date") or {}).get(node)
    if dated:
        return (list(dated["levels"]), np.array(dated["days"]),
                np.array(dated["profiles"][profile]["reached"], dtype=float))
    window = (data.get("window") or {})[node]
    elicited = (data.get("elicited_posteriors") or {})[node]
    states = list(elicited)
    days = np.arange(int(window["remaining_days"]) + 1)
    ratios = days / float(window["elicited_days"])
    p = np.broadcast_to(np.array([float(elicited[s]) for s in states]), (len(days), len(states)))
    return states[1:], days, reached_by(p, ratios)


def _windowed_targets(data: Mapping[str, Any]) -> list[str]:
    windows = data.get("window") or {}
    scenario = data.get("scenario") or {}
    targets = [t for t in (data.get("targets") or list(windows)) if t in windows]
    if not targets:
        names = ", ".join(data.get("targets") or []) or "the targets"
        raise UserError(f"the horizon chart needs a target whose node gives `window_days` (the "
                        f"days its numbers are for); {names} give none: add window_days to the "
                        "outcome node in the model, or draw another --kind")
    if not scenario.get("horizon"):
        raise UserError("the horizon chart needs the scenario's `horizon`; add the date the "
                        "question is about")
    return targets


@draws_written
def plot_horizon(data: Mapping[str, Any], ax: Axes | None = None, *, marking: str | None = None,
                 yardstick: str = "icd203") -> Figure:
    """For each level above the first, P(reached by date d) from as_of to the horizon."""
    yardstick = checked_yardstick(yardstick)
    targets = _windowed_targets(data)
    with style_context():
        if ax is not None:
            _horizon_panel(ax, data, targets[0], yardstick)
            return ax.figure
        question, as_of, scenario = context_lines(data)
        window = data["window"][targets[0]]
        what = (f"The chance of reaching each level by each date from {as_of} to the horizon, "
                f"over the {yardstick_name(yardstick)} estimative bands")
        notes = [_method_note(data, targets[0], window, as_of)]
        frame = Frame(title=f"{question} \u2014 as of {as_of}",
                      subtitle=[line for line in (scenario, what) if line],
                      source=[source_text(data, yardstick, notes)], marking=marking)
        fig, _, _ = new_figure(10.0, 4.4 * len(targets), frame)
        axes = fig.subplots(len(targets), 1, squeeze=False)[:, 0]
        for panel, target in zip(axes, targets, strict=True):
            _horizon_panel(panel, data, target, yardstick)
        draw_frame(fig, frame)
        return fig


def _horizon_panel(ax: Axes, data: Mapping[str, Any], target: str, yardstick: str) -> None:
    from matplotlib.ticker import FixedLocator

    levels, days, curves = horizon_curves(data, target)
    scenario = data["scenario"]
    start = dt.date.fromisoformat(str(scenario["as_of"])[:10])
    elicited = float(data["window"][target]["elicited_days"])
    total = int(days[-1])
    colours = escalation_colours(len(levels) + 1)[1:]
    shade_bands(ax, yardstick, "y")
    percent_axis(ax, "y", "P(level reached by the date)")
    ax.set_xlim(-0.02 * max(total, 1), total + 0.32 * max(total, 1))
    for i, level in enumerate(levels):
        ax.plot(days, curves[:, i], color=colours[i], lw=1.8, zorder=3,
                label=_level_text(level, i == len(levels) - 1))
    dated = (data.get("by_date") or {}).get(target) or {}
    alternatives = [name for name in dated.get("profiles", {}) if name != "model"]
    for name, style in zip(alternatives, ALTERNATIVE_STYLES, strict=False):
        _, _, other = horizon_curves(data, target, name)
        for i in range(len(levels)):
            ax.plot(days, other[:, i], color=colours[i], lw=0.9, ls=style, alpha=0.8, zorder=2)
    if alternatives:
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], color=INK, lw=1.8)] + [
            Line2D([], [], color=INK, lw=0.9, ls=style)
            for style in ALTERNATIVE_STYLES[:len(alternatives)]]
        names = ["hazard: " + dated["profiles"]["model"]["description"]] + [
            dated["profiles"][n]["description"] for n in alternatives]
        ax.legend(handles, names, loc="upper left", fontsize=7, frameon=False)
    ends = [float(v) for v in curves[-1]]
    for i, (level, v, y) in enumerate(zip(levels, ends, spread(ends, 0.13, 0.04, 0.96),
                                          strict=True)):
        ink = darker(colours[i], 0.25)
        ax.plot([total], [v], marker="o", ms=5, color=colours[i], zorder=4)
        leader = ({"arrowstyle": "-", "color": colours[i], "lw": 0.6, "shrinkA": 0, "shrinkB": 4}
                  if abs(y - v) > 0.012 else None)
        ax.annotate("\n".join(wrap(_level_text(level, i == len(levels) - 1), 24)), xy=(total, v),
                    xytext=(total + 0.03 * max(total, 1), y), ha="left", va="bottom", fontsize=8,
                    color=ink, zorder=4, arrowprops=leader)
        ax.text(total + 0.03 * max(total, 1), y, said(v, yardstick), ha="left", va="top",
                fontsize=8, fontweight="bold", color=ink, zorder=4)
    if 0 < elicited < total:  # where the model's own window ends, inside the span
        ax.axvline(elicited, color=MUTED, lw=0.8, ls="--", zorder=2)
        ax.text(elicited, 0.985, f" end of the model's {elicited:g}-day window", fontsize=7,
                color=MUTED, va="top", ha="left", zorder=4)
    ax.axvline(total, color=INK, lw=0.8, zorder=2)
    ticks = _month_ticks(start, total)
    ax.xaxis.set_major_locator(FixedLocator([d for d, _ in ticks]))
    ax.set_xticklabels([label for _, label in ticks], fontsize=8)
    ax.set_xlabel(f"Date (as of {start.isoformat()}; horizon {scenario['horizon']}, "
                  f"{total} days later)")
    for x, _ in ticks:
        ax.axvline(x, color=RULE, lw=0.4, zorder=1)
    band_words_axis(ax, yardstick)
    labels = data.get("labels") or {}
    ax.set_title(f"{labels[target]} ({target})" if target in labels else human(target),
                 loc="left", fontsize=10, pad=6)


ALTERNATIVE_STYLES = ("--", ":", "-.")


def _method_note(data: Mapping[str, Any], node: str, window: Mapping[str, Any], as_of: str) -> str:
    """How the curves were made, from the data that drew them."""
    dated = (data.get("by_date") or {}).get(node)
    days = f"{window['elicited_days']:g}"
    if not dated:
        return (f"The model's numbers are for a window of {days} days; each level is taken to "
                "be reached at a constant rate (hazard) over time, so the curves are "
                f"1 - (1 - P) ^ (days / window). The evidence is as of {as_of}: later news "
                "would move the curves.")
    others = [p["description"] for n, p in dated["profiles"].items() if n != "model"]
    text = (f"The model's numbers are for a window of {days} days. Each date is answered on "
            "the model with every row of its table converted to the share of the window's "
            f"hazard up to that date (hazard {dated['profiles']['model']['description']}), "
            f"with the evidence as of {as_of}.")
    if others:
        text += f" Dashed: the same under other shapes of the hazard ({'; '.join(others)})."
    return text


def _level_text(state: str, top: bool) -> str:
    return human(state) if top else f"{human(state)} or higher"


def _month_ticks(start: dt.date, total: int) -> list[tuple[int, str]]:
    """as_of, the first of every month after it (every few months on long spans), the horizon."""
    months = []
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        offset = (dt.date(year, month, 1) - start).days
        if offset >= total:
            break
        months.append(offset)
    step = max(1, -(-len(months) // 8))
    ticks = [(0, start.isoformat())]
    ticks += [(d, (start + dt.timedelta(days=d)).strftime("%b %Y")) for d in months[::step]
              if 0.12 * total < d < 0.88 * total]
    ticks.append((total, (start + dt.timedelta(days=total)).isoformat()))
    return ticks if total > 0 else ticks[:1]
