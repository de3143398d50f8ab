"""Drawing a chart block (matplotlib imported only here, on use)."""

from __future__ import annotations

from typing import Any

from .document import Chart


def figure(chart: Chart, yardstick: str) -> Any:
    """The matplotlib Figure of `chart`, drawn by `forecast.report.charts` (no marking: the
    brief's pages carry it)."""
    from ..charts import plot_tornado, render

    if chart.kind == "tornado" and chart.top:
        return plot_tornado(chart.data, yardstick=yardstick, top=chart.top)
    return render(chart.kind, chart.data, yardstick=yardstick)
