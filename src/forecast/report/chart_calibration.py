"""The reliability diagram of the ledger's scored forecasts: forecast probability against how
often such forecasts came true, with the diagonal of perfect calibration and the count of
forecasts in each bin. Input: `tracking.calibration_data`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import __version__
from .chart_style import (
    BAR,
    GREEN,
    INK,
    MUTED,
    ORANGE,
    RULE,
    Frame,
    draw_frame,
    new_figure,
    percent_axis,
    style_context,
)

SERIES_STYLES = ((ORANGE, "D"), (GREEN, "^"))  # base rates, views: their own series

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def plot_calibration(data: Mapping[str, Any], ax: Axes | None = None, *,
                     marking: str | None = None, yardstick: str = "icd203") -> Figure:
    """Observed frequency per forecast-probability bin (95% Wilson whiskers), the diagonal,
    and a strip of counts per bin below."""
    del yardstick  # the diagram is in probabilities; no estimative words are claimed
    with style_context():
        if ax is not None:
            _diagram(ax, data)
            return ax.figure
        frame = _frame(data, marking)
        fig, _, _ = new_figure(7.5, 7.4, frame)
        top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [5, 1.3]}, sharex=True)
        _diagram(top, data)
        _counts(bottom, data)
        draw_frame(fig, frame)
        return fig


def _frame(data: Mapping[str, Any], marking: str | None) -> Frame:
    n, events, questions = data["forecasts"], data["events"], data["questions"]
    who = ", ".join(data.get("forecasters") or [])
    what = (f"{n} scored forecast{'s' if n != 1 else ''} on {questions} question"
            f"{'s' if questions != 1 else ''} ({who}); every state of every forecast is one "
            f"point of {events}, binned by its probability in tenths")
    source = (f"Source: forecast {__version__}; ledger {data['ledger']}. Whiskers: Wilson 95% "
              "intervals of the observed frequency. Points on the diagonal are calibrated; below "
              "it, forecasts were too high.")
    return Frame(title="Calibration of the recorded forecasts", subtitle=[what], source=[source],
                 marking=marking)


def _diagram(ax: Axes, data: Mapping[str, Any]) -> None:
    bins = data["bins"]
    ax.plot([0, 1], [0, 1], ls="--", lw=1.0, color=MUTED, zorder=1, label="perfect calibration")
    xs = [b["forecast"] for b in bins]
    ys = [b["observed"] for b in bins]
    below = [max(b["observed"] - b["observed_low"], 0.0) for b in bins]
    above = [max(b["observed_high"] - b["observed"], 0.0) for b in bins]
    ax.errorbar(xs, ys, yerr=[below, above], fmt="none", ecolor=MUTED, elinewidth=1.0,
                capsize=3, zorder=2)
    ax.plot(xs, ys, color=BAR, lw=1.2, zorder=3)
    ax.scatter(xs, ys, s=[30 + 12 * min(b["count"], 40) for b in bins], color=BAR,
               edgecolor="white", linewidth=0.8, zorder=4, label="forecasts in a bin")
    for x, y, b in zip(xs, ys, bins, strict=True):
        ax.annotate(f"n={b['count']}", (x, y), textcoords="offset points", xytext=(7, -11),
                    fontsize=7.5, color=INK)
    for series, (color, marker) in zip(data.get("series") or [], SERIES_STYLES, strict=False):
        points = series["bins"]
        ax.scatter([b["forecast"] for b in points], [b["observed"] for b in points],
                   s=[24 + 10 * min(b["count"], 40) for b in points], color=color,
                   marker=marker, edgecolor="white", linewidth=0.6, zorder=5,
                   label=f"{series['name']} ({series['forecasts']} scored)")
    percent_axis(ax, "y", "Observed frequency (how often it happened)")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.03, 1.03)
    ax.grid(True, color=RULE, lw=0.6)
    ax.legend(loc="upper left", fontsize=8, frameon=False)


def _counts(ax: Axes, data: Mapping[str, Any]) -> None:
    bins = data["bins"]
    ax.bar([(b["low"] + b["high"]) / 2 for b in bins], [b["count"] for b in bins],
           width=0.09, color=BAR, alpha=0.55)
    ax.set_xlim(0, 1)
    ax.set_ylabel("Count", fontsize=8.5)
    ax.grid(False)
    percent_axis(ax, "x", "Forecast probability")
