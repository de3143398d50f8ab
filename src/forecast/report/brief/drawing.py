"""Drawing a chart block (matplotlib imported only here, on use), and the data charts read.

Charts draw a result's written form (`report.written`); `chart_data` is where the brief makes
it, with what a block changes (the outcome the impact chart follows, ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .document import Chart

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
    """The matplotlib Figure of `chart`, drawn by `forecast.report.charts` (no marking: the
    brief's pages carry it)."""
    from ..charts import plot_tornado, render

    if chart.kind == "tornado" and chart.top:
        return plot_tornado(chart.data, yardstick=yardstick, top=chart.top)
    return render(chart.kind, chart.data, yardstick=yardstick)
