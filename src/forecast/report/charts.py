"""Charts of results: pure functions from JSON-ready result dicts to matplotlib Figures.

One `plot_<kind>(data, ax=None, *, marking=None, yardstick="icd203") -> Figure` per kind,
and `save_figure(fig, path)` which picks the format from the extension and writes the
bytes atomically with fixed metadata, so that the same inputs give identical files.

- `plot_posterior(run result)`: outcome probabilities as bars, the estimative bands behind
  them, uncertainty whiskers when the result carries `intervals`;
- `plot_tornado(sensitivity result)`: the parameters ranked by how far they swing the target;
- `plot_impact(explain result)`: a waterfall of the lead outcome from prior to posterior,
  one step per evidence item in scenario order (`sequence`);
- `plot_timeline([run result, ...])`: outcome probabilities across snapshots by `as_of`;
- `plot_network(network data)`: the model's graph with every node's posterior
  (see `chart_network`; `network_data` builds its input);
- `plot_calibration(ledger data)`: the reliability diagram of scored forecasts
  (see `chart_calibration`; `tracking.calibration_data` builds its input).
- `plot_horizon(run result)`: for a windowed outcome, the chance of reaching each level by
  each date from as_of to the horizon (see `chart_horizon`).

Every probability a reader sees carries its estimative words (`forecast.language`).
Results may carry `model`, `scenario`, `evidence`, `engine` (as run results do) for the
title and source line, and `labels` ({node: label}) for readable node names; the CLI adds
them to results that lack them. With `ax` given, the content is drawn into that axes and
the figure-level frame (title, source line, marking) is left to the caller.

Matplotlib is imported only inside these functions.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserError
from .chart_horizon import plot_horizon
from .chart_network import network_data, plot_network
from .chart_style import (
    BAR,
    DOWN,
    DPI,
    FAINT,
    INK,
    MUTED,
    RULE,
    UP,
    Frame,
    band_key_rows,
    band_words_axis,
    checked_yardstick,
    context_lines,
    darker,
    draw_frame,
    escalation_colours,
    human,
    marker,
    new_figure,
    pct_for,
    percent_axis,
    points,
    said,
    shade_bands,
    source_text,
    spread,
    style_context,
    text_width,
    words,
    wrap,
    yardstick_name,
)
from .labels import distinct_labels
from .shares import node_said
from .window_text import across_snapshots
from .written import draws_written, written

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "FORMATS",
    "KINDS",
    "network_data",
    "plot_horizon",
    "plot_impact",
    "plot_network",
    "plot_posterior",
    "plot_timeline",
    "plot_tornado",
    "render",
    "save_figure",
]

KINDS = ("posterior", "tornado", "impact", "network", "timeline", "horizon", "ach")  # of scenarios
LEDGER_KINDS = ("calibration",)  # charts of the forecast ledger
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
TORNADO_ROWS = 15
MAX_PIXELS = 12000  # longest side of a PNG; 40 in at 300 dpi

_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}


# --- saving --------------------------------------------------------------------------------------

def chart_format(path: Path | str) -> str:
    from ..files import format_from_suffix

    return format_from_suffix(path, FORMATS, "chart")


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG (print resolution), SVG or PDF bytes, with no varying metadata."""
    buffer = io.BytesIO()
    # print resolution, except that a very large graph stays a sane number of pixels
    dpi = min(DPI, MAX_PIXELS / max(fig.get_size_inches()))
    with style_context():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt], facecolor="white")
    return buffer.getvalue()


def save_figure(fig: Figure, path: Path | str) -> Path:
    """Write `fig` to `path` in the format its extension names (.png, .svg, .pdf), atomically."""
    from ..files import write_atomic

    fmt = chart_format(path)
    return write_atomic(path, figure_bytes(fig, fmt))


def render_ach(data: Any, ax: Axes | None = None, *, marking: str | None = None,
               yardstick: str = "icd203") -> Figure:
    """The ACH matrix (`chart_ach`), imported on use."""
    from .chart_ach import plot_ach

    return plot_ach(data, ax, marking=marking, yardstick=yardstick)


def render(kind: str, data: Any, *, marking: str | None = None, yardstick: str = "icd203") -> Figure:
    """The chart of `kind` for `data`: the dispatch the CLI and the brief use."""
    from .chart_calibration import plot_calibration

    plots = {"posterior": plot_posterior, "tornado": plot_tornado, "impact": plot_impact,
             "network": plot_network, "timeline": plot_timeline, "horizon": plot_horizon,
             "ach": render_ach, "calibration": plot_calibration}
    if kind not in plots:
        raise UserError(f"unknown chart kind {kind!r}; use one of "
                        f"{', '.join(KINDS + LEDGER_KINDS)}")
    fig = plots[kind](data, marking=marking, yardstick=yardstick)
    stamp_draft(fig, written(data))
    return fig


def stamp_draft(fig: Figure, data: Any) -> None:
    """A chart drawn from unverified quotes says so across its face, in words (not mathtext)."""
    from .integrity import draft_text

    text = draft_text(*(data if isinstance(data, list) else [data]))
    if text is None:
        return
    fig.text(0.5, 0.5, text, ha="center", va="center", rotation=20, fontsize=30,
             fontweight="bold", color="#c0392b", alpha=0.35, zorder=100, usetex=False,
             parse_math=False)


# --- shared pieces -------------------------------------------------------------------------------

def _labels(data: Mapping[str, Any]) -> Mapping[str, str]:
    from .chart_style import clipped

    return {node: clipped(str(label)) for node, label in (data.get("labels") or {}).items()}


def _node_title(data: Mapping[str, Any], node: str) -> str:
    return str(_labels(data).get(node) or human(node))  # a label, never an identifier


def _value_column(ax: Axes, y: float, lines: Sequence[tuple[str, dict[str, Any]]],
                  x: float = 1.02, step: float = 0.3) -> None:
    """Text in a column right of the axes (x in axes, y in data), one or more styled lines."""
    transform = ax.get_yaxis_transform()
    first = y - step * (len(lines) - 1) / 2
    for i, (text, style) in enumerate(lines):
        ax.text(x, first + i * step, text, transform=transform, ha="left", va="center",
                clip_on=False, **{"fontsize": 8.5, "color": INK, **style})


def _label_column(ax: Axes, y: float, lines: Sequence[tuple[str, dict[str, Any]]],
                  step: float = 0.3) -> None:
    """Row labels left of the axes, right-aligned, one or more styled lines."""
    transform = ax.get_yaxis_transform()
    first = y - step * (len(lines) - 1) / 2
    for i, (text, style) in enumerate(lines):
        ax.text(-0.015, first + i * step, text, transform=transform, ha="right", va="center",
                clip_on=False, **{"fontsize": 8.5, "color": INK, **style})


def _legend_below(ax: Axes, handles: Sequence[Any]) -> None:
    """A one-row legend a fixed distance below the axes (under the tick labels and x label)."""
    from matplotlib.transforms import ScaledTranslation

    below = ax.transAxes + ScaledTranslation(0.0, -0.5, ax.figure.dpi_scale_trans)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles),
              bbox_transform=below, handlelength=1.4, columnspacing=1.6, fontsize=8,
              borderaxespad=0.0)


def _rows_axes(ax: Axes, n: int, yardstick: str, key: bool = True) -> None:
    """A probability axis (x) with n rows (y, first on top), bands behind, band words on top."""
    shade_bands(ax, yardstick, "x")
    top = -1.25 if key else -0.6
    ax.set_ylim(n - 0.45, top)
    if key:
        band_key_rows(ax, yardstick, (-0.98, -0.62))
        ax.axhline(-0.4, color="white", lw=1.5, zorder=0.5)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", length=3)
    ax.grid(False)


def _frame(data: Mapping[str, Any], what: str, yardstick: str, marking: str | None,
           notes: Sequence[str] = (), title: str | None = None) -> Frame:
    question, as_of, scenario = context_lines(data)
    subtitle = [line for line in (scenario, what) if line]
    return Frame(title=title or f"{question} \u2014 as of {as_of}", subtitle=subtitle,
                 source=[source_text(data, yardstick, notes)], marking=marking)


def _sampling(data: Mapping[str, Any]) -> str:
    """'90% intervals from 1000 parameter samples (seed 1)', from `uncertainty` or top-level keys."""
    info = {**data, **(data.get("uncertainty") or {})}
    text = f"{100 * float(info.get('level') or 0.9):.0f}% intervals"
    if info.get("samples"):
        text += f" from {info['samples']} samples of the model's numbers"
    if info.get("seed") is not None:
        text += f" (seed {info['seed']})"
    return text


# --- posterior -----------------------------------------------------------------------------------

@draws_written
def plot_posterior(data: Mapping[str, Any], ax: Axes | None = None, *, marking: str | None = None,
                   yardstick: str = "icd203") -> Figure:
    """Outcome probabilities of each target as bars over the estimative bands.

    `data` is a run result; `intervals` ({node: {state: [lo, hi]}}) add whiskers, with
    `level` and `samples` in the source line. States are drawn in the model's order, which
    for outcome nodes is escalation order.
    """
    yardstick = checked_yardstick(yardstick)
    posteriors = data.get("posteriors") or {}
    targets = [t for t in (data.get("targets") or list(posteriors)) if t in posteriors]
    if not targets:
        raise UserError("the result has no posterior probabilities to chart")
    intervals = data.get("intervals") or {}
    with style_context():
        if ax is not None:
            _posterior_panel(ax, data, targets[0], yardstick, intervals)
            return ax.figure
        notes = []
        if intervals:
            notes.append(f"Whiskers: {_sampling(data)}.")
        pooled = _pooled_analysts(data)
        if pooled:
            notes.append(f"Bars: the {data['pool']['method']} pool of {len(pooled)} analysts; "
                         "markers: each analyst.")
        what = (f"Outcome probabilities given the evidence, over the {yardstick_name(yardstick)} "
                "estimative bands")
        frame = _frame(data, what, yardstick, marking, notes)
        heights = [0.55 + 0.42 * len(posteriors[t]) + (1.2 if pooled else 0.75) for t in targets]
        fig, _, _ = new_figure(10.0, sum(heights), frame)
        axes = fig.subplots(len(targets), 1, squeeze=False,
                            gridspec_kw={"height_ratios": heights})[:, 0]
        for i, (panel, target) in enumerate(zip(axes, targets, strict=True)):
            _posterior_panel(panel, data, target, yardstick, intervals,
                             xlabel=i == len(targets) - 1)
        draw_frame(fig, frame)
        return fig


def _posterior_panel(ax: Axes, data: Mapping[str, Any], target: str, yardstick: str,
                     intervals: Mapping[str, Any], xlabel: bool = True) -> None:
    dist = data["posteriors"][target]
    states = list(dist)
    n = len(states)
    _rows_axes(ax, n, yardstick)
    percent_axis(ax, "x", "Probability given the evidence" if xlabel else None)
    ys = list(range(n))
    values = [float(dist[s]) for s in states]
    ax.barh(ys, values, height=0.56, color=BAR, zorder=2)
    spans = intervals.get(target) or {}
    shown = node_said(dict(zip(states, values, strict=True)), yardstick)  # adding up to 100
    for y, state, p in zip(ys, states, values, strict=True):
        _label_column(ax, y, [(human(state), {"fontsize": 9})])
        lines = [(shown[state], {"fontsize": 9, "fontweight": "bold"})]
        if state in spans:
            lo, hi = (float(v) for v in spans[state])
            ax.errorbar([p], [y], xerr=[[max(p - lo, 0.0)], [max(hi - p, 0.0)]], fmt="none",
                        ecolor=INK, elinewidth=1.0, capsize=4, capthick=1.0, zorder=3)
            lo_w, hi_w = (_grouped(words(v, yardstick)) for v in (lo, hi))
            range_words = lo_w if lo_w == hi_w else f"{lo_w} to {hi_w}"
            lines.append((f"interval {pct_for(lo, yardstick)}\u2013{pct_for(hi, yardstick)}: "
                          f"{range_words}",
                          {"fontsize": 7.5, "color": MUTED}))
        _value_column(ax, y, lines, step=0.3)
    pooled = _pooled_analysts(data)
    if pooled:
        handles = [ax.scatter([float(post[target][s]) for s in states], ys, marker=marker(i),
                              s=30, color="white", edgecolors=INK, linewidths=1.1, zorder=4,
                              label=name)
                   for i, (name, post) in enumerate(pooled.items())]
        _legend_below(ax, handles)
    ax.set_title(_node_title(data, target), loc="left", fontsize=10, pad=6)


def _pooled_analysts(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Each analyst's posteriors when the bars are a pool of several, else nothing."""
    analysts = data.get("analysts") or {}
    return analysts if len(analysts) > 1 and data.get("pool") else {}


def _grouped(phrase: str) -> str:
    """PHIA gap words ('remote chance / highly unlikely') in brackets, so a range stays legible."""
    return f"({phrase})" if "/" in phrase else phrase


# --- tornado -------------------------------------------------------------------------------------

def _swing(row: Mapping[str, Any], baseline: float) -> float:
    if row.get("swing") is not None:
        return float(row["swing"])
    ends = [float(v) for v in (row.get("low"), row.get("high")) if v is not None]
    return max((abs(v - baseline) for v in ends), default=0.0)


def _number(value: float) -> str:
    return f"{value:.3g}"


def _parameter_lines(row: Mapping[str, Any], yardstick: str, width: int,
                     labels: Mapping[str, str] | None = None) -> list[str]:
    """How a parameter reads: what it is (labels, not identifiers), where it sits in its
    table, its value now and its sweep."""
    from .parameter_words import parameter_words

    kind, state = row.get("kind"), row.get("state")
    value = float(row.get("value", 0.0))
    sweep = row.get("sweep")
    probability = kind in {"prior", "table", "leak", "effect"} and state is not None
    head, where = parameter_words(row, labels or {})
    if len(head) > width:
        head = head[: width - 1].rstrip(" ,:") + "\u2026"
    if probability:
        now = f"now {said(value, yardstick)}"
        if sweep and (float(sweep[0]) > 0.0 or float(sweep[1]) < 1.0):
            now += f", swept from {said(sweep[0], yardstick)} to {said(sweep[1], yardstick)}"
    else:
        now = f"now {_number(value)}"
        if sweep:
            now += f", swept {_number(float(sweep[0]))}\u2013{_number(float(sweep[1]))}"
    if len(where) > width:
        where = where[: width - 1].rstrip(" ,") + "\u2026"
    return [head, where, now] if where else [head, now]


@draws_written
def plot_tornado(data: Mapping[str, Any], ax: Axes | None = None, *, marking: str | None = None,
                 yardstick: str = "icd203", top: int = TORNADO_ROWS, width: float = 12.0) -> Figure:
    """One-way sensitivity: the `top` parameters that swing the target most, ranked (the
    figure `width` inches wide: the brief's fits its page at full size)."""
    yardstick = checked_yardstick(yardstick)
    target = data.get("target") or {}
    state = target.get("state", "?")
    baseline = float(data["baseline"])
    rows = [r for r in data.get("parameters") or []
            if (r.get("low") is not None or r.get("high") is not None) and not r.get("mirror")]
    ranked = sorted(enumerate(rows), key=lambda item: (-_swing(item[1], baseline), item[0]))
    shown = [r for _, r in ranked[:top]]
    if not shown:
        raise UserError("the sensitivity result has no parameters to chart")
    with style_context():
        if ax is not None:
            ax.legend(handles=_tornado_panel(ax, data, shown, baseline, yardstick), fontsize=7,
                      loc="lower right")
            return ax.figure
        total = len([r for r in data.get("parameters") or [] if not r.get("mirror")])
        over = ("over its 90% credible range" if data.get("sweep") == "credible"
                else "over its whole range")
        what = (f"Which numbers matter: P({human(state)}) as each parameter is swept alone "
                f"{over}, the others fixed; the {len(shown)} largest swings of {total} parameters")
        notes = [f"Baseline P({human(state)}) = {said(baseline, yardstick)}."
                 " A two-state distribution's parameter is shown once."
                 " Probability parameters move with the other entries of their distribution"
                 " scaled in proportion; bars cross a band edge where the words would change."]
        if data.get("range") is not None:
            notes.append(f"Sweep range \u00b1{_number(float(data['range']))} around each value.")
        frame = _frame(data, what, yardstick, marking, notes)
        fig, _, _ = new_figure(width, 0.62 * len(shown) + 1.3, frame)
        panel = fig.subplots()
        handles = _tornado_panel(panel, data, shown, baseline, yardstick)
        _legend_below(panel, handles)
        draw_frame(fig, frame)
        return fig


def _tornado_panel(ax: Axes, data: Mapping[str, Any], shown: Sequence[Mapping[str, Any]],
                   baseline: float, yardstick: str) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    target = data.get("target") or {}
    n = len(shown)
    _rows_axes(ax, n, yardstick)
    outcome = _labels(data).get(target.get("node", "")) or human(target.get("node", "?"))
    percent_axis(ax, "x", f"P({human(target.get('state', '?'))} | evidence): {outcome}")
    labels = distinct_labels([_parameter_lines(row, yardstick, 10_000, _labels(data))
                              for row in shown], 66)
    for y, row in enumerate(shown):
        for end, colour in (("low", DOWN), ("high", UP)):
            value = row.get(end)
            if value is None:
                continue
            v = float(value)
            ax.barh([y], [v - baseline], left=[baseline], height=0.5, color=colour, zorder=2,
                    alpha=0.9)
        label = labels[y]
        styles = [{"fontsize": 8.5, "fontweight": "bold"}] + [{"fontsize": 7.5, "color": MUTED}] * 2
        _label_column(ax, y, list(zip(label, styles, strict=False)), step=0.22)
        column = []
        for end, colour, name in (("low", DOWN, "bottom"), ("high", UP, "top")):
            value = row.get(end)
            text = (f"at its {name}: {said(float(value), yardstick)}" if value is not None
                    else f"at its {name}: evidence impossible")
            column.append((text, {"fontsize": 7.5,
                                  "color": darker(colour, 0.15) if value is not None else FAINT}))
        _value_column(ax, y, column, step=0.24)
    ax.plot([baseline, baseline], [-0.4, n - 0.45], color=INK, lw=1.2, zorder=3)  # below the key
    handles = [Patch(color=DOWN, label="parameter at the bottom of its sweep"),
               Patch(color=UP, label="parameter at the top of its sweep"),
               Line2D([0], [0], color=INK, lw=1.2, label=f"baseline {said(baseline, yardstick)}")]
    return handles


# --- impact (waterfall) --------------------------------------------------------------------------

@draws_written
def plot_impact(data: Mapping[str, Any], ax: Axes | None = None, *, marking: str | None = None,
                yardstick: str = "icd203") -> Figure:
    """A waterfall of the lead outcome: prior, one step per evidence item, posterior."""
    yardstick = checked_yardstick(yardstick)
    target, lead = data.get("target"), data.get("lead")
    if not target or lead is None or lead not in (data.get("posterior") or {}):
        raise UserError("the explain result names no lead outcome to chart")
    with style_context():
        if ax is not None:
            ax.legend(handles=_impact_panel(ax, data, yardstick), fontsize=7, loc="lower right")
            return ax.figure
        steps = len(data.get("sequence") or [])
        what = (f"What each evidence item did to P({target} = {lead}), the lead outcome: items "
                "added one at a time in scenario order, from the prior to the posterior")
        notes = ["Each step is the change when that item is added to the ones above it;"
                 " in another order the steps would differ, the posterior would not."]
        frame = _frame(data, what, yardstick, marking, notes)
        fig, _, _ = new_figure(12.0, 0.5 * (steps + 2) + 1.3, frame)
        panel = fig.subplots()
        handles = _impact_panel(panel, data, yardstick)
        _legend_below(panel, handles)
        draw_frame(fig, frame)
        return fig


def _finding_label(step: Mapping[str, Any]) -> str:
    if step.get("label"):
        return str(step["label"])
    node = step.get("node", "?")
    return f"{node} = {step['state']}" if step.get("state") else f"{node} (likelihood)"


def _impact_panel(ax: Axes, data: Mapping[str, Any], yardstick: str) -> list[Any]:
    from matplotlib.patches import Patch

    target, lead = data["target"], data["lead"]
    prior, posterior = float(data["prior"][lead]), float(data["posterior"][lead])
    sequence = list(data.get("sequence") or [])
    n = len(sequence) + 2
    _rows_axes(ax, n, yardstick)
    percent_axis(ax, "x", f"P({target} = {lead})")
    ax.barh([0], [prior], height=0.56, color=FAINT, zorder=2)
    _label_column(ax, 0, [("Prior", {"fontweight": "bold"}),
                          ("no evidence", {"fontsize": 7.5, "color": MUTED})], step=0.26)
    _value_column(ax, 0, [(said(prior, yardstick), {"fontweight": "bold"})])
    previous = prior
    for y, step in enumerate(sequence, start=1):
        before, after = float(step["before"][lead]), float(step["after"][lead])
        colour = UP if after >= before else DOWN
        width = after - before
        if abs(width) < 0.0015:  # keep a hair visible where an item changed next to nothing
            width = 0.0015 if width >= 0 else -0.0015
        ax.barh([y], [width], left=[before], height=0.56, color=colour, zorder=2)
        ax.plot([previous, previous], [y - 1 + 0.28, y - 0.28], color=MUTED, lw=0.7, ls=":",
                zorder=2.5)
        previous = after
        label = wrap(_finding_label(step), 58)
        if len(label) > 2:
            label = [label[0], label[1][:57].rstrip() + "\u2026"]
        styles = [{"fontsize": 8.5}, {"fontsize": 8.5}]
        _label_column(ax, y, list(zip(label, styles, strict=False)), step=0.26)
        _value_column(ax, y, [(f"{points(after - before)} \u2192 {said(after, yardstick)}",
                               {"fontsize": 8.5, "color": INK})])
    ax.plot([previous, previous], [n - 2 + 0.28, n - 1 - 0.28], color=MUTED, lw=0.7, ls=":",
            zorder=2.5)
    ax.barh([n - 1], [posterior], height=0.56, color=INK, zorder=2)
    _label_column(ax, n - 1, [("Posterior", {"fontweight": "bold"}),
                              ("all evidence", {"fontsize": 7.5, "color": MUTED})], step=0.26)
    _value_column(ax, n - 1, [(said(posterior, yardstick), {"fontweight": "bold"}),
                              (f"{points(posterior - prior)} from the prior",
                               {"fontsize": 7.5, "color": MUTED})], step=0.26)
    return [Patch(color=UP, label="raised the probability"), Patch(color=DOWN, label="lowered it")]


# --- timeline ------------------------------------------------------------------------------------

def _ordinal(text: str) -> int:
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(text)[:10]).toordinal()
    except ValueError:
        raise UserError(f"as_of {text!r} is not a date (YYYY-MM-DD)") from None


@draws_written
def plot_timeline(data: Sequence[Mapping[str, Any]], ax: Axes | None = None, *,
                  marking: str | None = None, yardstick: str = "icd203") -> Figure:
    """Outcome probabilities across snapshots: one line per state, by `scenario.as_of`."""
    yardstick = checked_yardstick(yardstick)
    runs = sorted(data, key=lambda r: (str((r.get("scenario") or {}).get("as_of", "")),
                                       str((r.get("scenario") or {}).get("id", ""))))
    if not runs:
        raise UserError("a timeline needs at least one scenario")
    first = runs[0]
    targets = [t for t in (first.get("targets") or list(first.get("posteriors") or {}))
               if all(t in (r.get("posteriors") or {}) for r in runs)]
    if not targets:
        raise UserError("the scenarios share no target to chart over time")
    for run in runs:
        _ordinal((run.get("scenario") or {}).get("as_of", ""))
    with style_context():
        if ax is not None:
            _timeline_panel(ax, runs, targets[0], yardstick)
            return ax.figure
        question, _, _ = context_lines(first)
        dates = [str(r["scenario"]["as_of"]) for r in runs]
        span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
        ids = ", ".join(str(r["scenario"].get("id")) for r in runs)
        what = (f"Outcome probabilities across {len(runs)} snapshot{'s' if len(runs) != 1 else ''} "
                f"({ids}), over the {yardstick_name(yardstick)} estimative bands")
        notes = ["Lines join the snapshots; nothing is estimated between them.",
                 *across_snapshots(runs)]
        if any(r.get("intervals") for r in runs):
            notes.append(f"Shading: {_sampling(first)}.")
        models = {str((r.get("model") or {}).get("sha256", "")) for r in runs}
        if len(models) > 1:
            notes.append("The model file changed between snapshots (different sha256).")
        source = [source_text({k: v for k, v in first.items() if k != "scenario"}, yardstick,
                              notes)]
        frame = Frame(title=f"{question} \u2014 as of {span}", subtitle=[what], source=source,
                      marking=marking)
        heights = [4.2] * len(targets)
        fig, _, _ = new_figure(10.0, sum(heights), frame)
        axes = fig.subplots(len(targets), 1, squeeze=False)[:, 0]
        for panel, target in zip(axes, targets, strict=True):
            _timeline_panel(panel, runs, target, yardstick)
        draw_frame(fig, frame)
        return fig


def _timeline_pads(ax: Axes, runs: Sequence[Mapping[str, Any]], target: str, states: Sequence[str],
                   xs: Sequence[int], yardstick: str) -> tuple[float, float, float]:
    """x limits that leave room for the labels left of the first and right of the last point,
    and the label offset, all in days: from the labels' measured widths in inches."""
    fig_w = ax.figure.get_size_inches()[0]
    axis_w = max(fig_w * ax.get_position().width, 3.0)
    if ax.figure.get_layout_engine() is not None:  # before layout: the frame's usual margins
        axis_w = max(fig_w - 2.9, 3.0)
    first = list(node_said({s: float(runs[0]["posteriors"][target][s]) for s in states},
                           yardstick).values())
    last = list(node_said({s: float(runs[-1]["posteriors"][target][s]) for s in states},
                          yardstick).values())
    left_w = max(text_width(t, 8) for t in first) + 0.2 if len(runs) > 1 else 0.25
    right_w = max(max(text_width(human(s), 8) for s in states),
                  max(text_width(t, 8, "bold") for t in last)) + 0.25
    a, b = left_w / axis_w, right_w / axis_w
    if a + b > 0.8:
        a, b = 0.8 * a / (a + b), 0.8 * b / (a + b)
    if xs[-1] == xs[0]:  # one snapshot: the point a third of the way across, labels right
        left, right = xs[0] - 30.0, xs[0] + 70.0
    else:
        total = (xs[-1] - xs[0]) / (1.0 - a - b)
        left, right = xs[0] - a * total, xs[-1] + b * total
    return left, right, 0.08 * (right - left) / axis_w


def _timeline_panel(ax: Axes, runs: Sequence[Mapping[str, Any]], target: str,
                    yardstick: str) -> None:
    from matplotlib.ticker import FixedLocator

    xs = [_ordinal(r["scenario"]["as_of"]) for r in runs]
    states = list(runs[-1]["posteriors"][target])
    colours = escalation_colours(len(states))
    shade_bands(ax, yardstick, "y")
    percent_axis(ax, "y", "Probability given the evidence")
    left, right, dx = _timeline_pads(ax, runs, target, states, xs, yardstick)
    ax.set_xlim(left, right)
    for i, state in enumerate(states):
        ys = [float(r["posteriors"][target][state]) for r in runs]
        ax.plot(xs, ys, color=colours[i], lw=1.8, marker=marker(i), ms=6, zorder=3,
                label=human(state))
        spans = [((r.get("intervals") or {}).get(target) or {}).get(state) for r in runs]
        if all(s is not None for s in spans):
            ax.fill_between(xs, [float(s[0]) for s in spans], [float(s[1]) for s in spans],
                            color=colours[i], alpha=0.16, lw=0, zorder=2)
    for k, (x, run) in enumerate(zip(xs, runs, strict=True)):
        values = [float(run["posteriors"][target][s]) for s in states]
        shown = node_said(dict(zip(states, values, strict=True)), yardstick)  # adding up to 100
        last = k == len(runs) - 1
        placed = spread(values, 0.1 if last else 0.055, 0.04, 0.96)
        for i, (state, v, y) in enumerate(zip(states, values, placed, strict=True)):
            ink = darker(colours[i], 0.25)
            leader = ({"arrowstyle": "-", "color": colours[i], "lw": 0.6, "shrinkA": 0, "shrinkB": 4}
                      if abs(y - v) > 0.012 else None)
            if last:
                ax.annotate(human(state), xy=(x, v), xytext=(x + dx, y), ha="left", va="bottom",
                            fontsize=8, color=ink, zorder=4, arrowprops=leader)
                ax.text(x + dx, y, shown[state], ha="left", va="top", fontsize=8,
                        fontweight="bold", color=ink, zorder=4)
            elif k == 0:
                ax.annotate(shown[state], xy=(x, v), xytext=(x - dx, y), ha="right",
                            va="center", fontsize=8, color=ink, zorder=4, arrowprops=leader)
            elif len(runs) <= 5:  # with more snapshots the middle ones go unlabelled
                ax.annotate(shown[state], xy=(x, v), xytext=(x + dx, y + 0.03), ha="left",
                            va="bottom", fontsize=7.5, color=ink, zorder=4,
                            bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none",
                                  "alpha": 0.8})
    ax.xaxis.set_major_locator(FixedLocator(xs))
    ax.set_xticklabels([f"{r['scenario']['as_of']}\n{r['scenario'].get('id', '')}" for r in runs])
    ax.set_xlabel("Snapshot (as of)")
    band_words_axis(ax, yardstick)
    for x in xs:
        ax.axvline(x, color=RULE, lw=0.6, zorder=1)
    labels = next((r.get("labels") for r in reversed(runs) if r.get("labels")), None) or {}
    ax.set_title(f"{labels[target]} ({target})" if target in labels else human(target), loc="left",
                 fontsize=10, pad=6)
