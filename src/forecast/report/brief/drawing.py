"""Drawing a chart block (matplotlib imported only here, on use), and the data charts read.

Charts draw a result's written form (`report.written`); `chart_data` is where the brief makes
it, with what a block changes (the outcome the impact chart follows, ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .document import Chart

PAGE_WIDTH = 10.4  # inches: an A4 landscape page's text width, less a little

if TYPE_CHECKING:
    from ...results import AnalysisResult, RunResult
    from .inputs import NetworkInput


def chart_data(result: RunResult | AnalysisResult[Any], **keys: Any) -> dict[str, Any]:
    """`result` as the charts read it (its JSON with every node's label), with `keys` added
    or replaced."""
    from ..written import written

    return {**written(result), **keys}


def network_chart_data(run: RunResult, network: NetworkInput) -> dict[str, Any]:
    """The run with the graph and every node's posterior: what the network chart reads."""
    from ..charts import network_data

    return network_data(chart_data(run), network.network,
                        {name: p.array for name, p in network.posteriors.items()})


def figure(chart: Chart, yardstick: str) -> Any:
    """The matplotlib Figure of `chart`, drawn by `forecast.report.charts`. The brief's own
    charts are drawn without the chart's frame (its title, source line and marking: the
    brief's caption, page header and footer carry them), at most a page wide, so that they
    print at full size (no text below 7 pt)."""
    from ..charts import render

    if chart.kind in PANELS:
        return _panels(chart, yardstick)
    return render(chart.kind, chart.data, yardstick=yardstick)


def _panels(chart: Chart, yardstick: str) -> Any:
    """A frameless figure: one panel per target (the tornado: one), drawn by the chart's own
    panel code."""
    from ..chart_horizon import plot_horizon
    from ..chart_style import new_figure
    from ..charts import plot_posterior, plot_timeline, plot_tornado

    data = chart.data
    if chart.kind == "tornado":
        rows = [r for r in data.get("parameters") or [] if not r.get("mirror")
                and (r.get("low") is not None or r.get("high") is not None)]
        n = min(chart.top or len(rows), len(rows))
        fig, _, _ = new_figure(PAGE_WIDTH, 0.55 * n + 0.55, None)  # three lines of 7-8 pt a row
        plot_tornado(data, fig.subplots(), yardstick=yardstick, top=n)
        return fig
    first = data[0] if chart.kind == "timeline" else data
    targets = [t for t in (first.get("targets") or list(first.get("posteriors") or {}))
               if t in (first.get("posteriors") or {})]
    pooled = len(first.get("analysts") or {}) > 1
    height = {"posterior": lambda t: 0.45 + 0.36 * len(first["posteriors"][t])
              + (1.0 if pooled else 0.6),
              "timeline": lambda t: 2.9, "horizon": lambda t: 2.6}[chart.kind]
    heights = [height(t) for t in targets]
    fig, _, _ = new_figure(10.0, sum(heights), None)
    axes = fig.subplots(len(targets), 1, squeeze=False,
                        gridspec_kw={"height_ratios": heights})[:, 0]
    plot = {"posterior": plot_posterior, "timeline": plot_timeline,
            "horizon": plot_horizon}[chart.kind]
    for panel, target in zip(axes, targets, strict=True):
        if chart.kind == "timeline":
            one: Any = [{**run, "targets": [target]} for run in data]
        else:
            one = {**data, "targets": [target]}
        plot(one, panel, yardstick=yardstick)
    return fig


PANELS = frozenset({"posterior", "timeline", "horizon", "tornado"})
