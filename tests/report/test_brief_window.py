"""The brief on time to the horizon: which window each snapshot is for, the horizon chart,
the clock's share of the change and the assumption, from the real Belarus case."""

from __future__ import annotations

import pytest
from conftest import ROOT
from svg_text import has_phrase

from forecast.briefing import gather
from forecast.report.brief import Chart, assemble, plain
from forecast.report.brief.document import Table

OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"


@pytest.fixture(scope="module")
def brief():
    return assemble(gather([OCT, JAN], network=False))


def test_each_snapshot_has_its_horizon_chart_and_says_its_window(brief) -> None:
    charts = [b for b in brief.blocks() if isinstance(b, Chart) and b.kind == "horizon"]
    assert [c.data["scenario"]["id"] for c in charts] == ["jan2023"]  # once: the latest
    assert charts[0].data["window"]["belarus_posture"]["remaining_days"] == 115
    notes = " ".join(plain(b.text) for b in brief.blocks() if hasattr(b, "text"))
    assert "probabilities for the 115 days from 2023-01-05" in notes


def test_the_clock_has_a_row_in_what_changed_and_an_assumption(brief) -> None:
    rows = [row for b in brief.blocks() if isinstance(b, Table) for row in b.rows]
    time = [row for row in rows if row[0].text == "**Time to the horizon**"]
    assert len(time) == 1 and time[0][0].sub == "201 days \u2192 115 days left"
    items = " ".join(i for b in brief.blocks() if hasattr(b, "items") for i in b.items)
    assert ("converted to the days left to each snapshot's horizon (oct2022: 201 days left; "
            "jan2023: 115 days left) before any evidence is weighed") in plain(items)
    assert "jan2023: the 86 days since 2022-10-11 in which nothing happened" in plain(items)
    quiet = [row for row in rows if row[0].text == "**Days in which nothing happened**"]
    assert len(quiet) == 1 and quiet[0][0].sub.startswith("0 \u2192 86 days")


def test_the_horizon_chart_draws(brief, tmp_path) -> None:
    from forecast.report.brief import figure
    from forecast.report.charts import save_figure

    chart = next(b for b in brief.blocks() if isinstance(b, Chart) and b.kind == "horizon")
    out = save_figure(figure(chart, "icd203"), tmp_path / "h.svg")
    svg = out.read_text()
    assert has_phrase(svg, "P(level reached by the date)")
    for shape in ("rising", "front-loaded", "constant"):  # the alternatives, dashed
        assert has_phrase(svg, shape), shape
    assert "converted under the model's hazard profile" in chart.caption  # no frame: a caption
