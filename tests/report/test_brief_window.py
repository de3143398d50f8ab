"""The brief on time to the horizon: which window each snapshot is for, the horizon chart,
the clock's share of the change and the assumption, from the real Belarus case."""

from __future__ import annotations

import pytest
from conftest import ROOT
from svg_text import has_phrase

from forecast.report.brief import Chart, assemble, plain
from forecast.report.brief.document import Table
from forecast.usecases.brief import gather

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


def test_a_snapshot_at_the_window_opening_says_in_one_line_that_the_shape_cannot_matter(
        brief) -> None:
    """October is taken as the window opens: every shape of the hazard gives the same answer,
    so one line says so; January, 86 days in, gets the table."""
    from forecast.report.brief.document import Para

    sections = {s.id: s for s in brief.sections}
    oct_lines = [plain(b.text) for b in sections["snapshot-oct2022"].blocks
                 if isinstance(b, Para) and "shapes of the hazard" in b.text]
    assert len(oct_lines) == 1
    assert "all 4 shapes of the hazard over the window" in oct_lines[0]
    assert "give the same answer to the printed percent: Any escalation 29%" in oct_lines[0]
    assert not [b for b in sections["snapshot-oct2022"].blocks if isinstance(b, Table)
                and b.columns[0].title.startswith("Shape of the hazard")]
    jan = [b for b in sections["snapshot-jan2023"].blocks if isinstance(b, Table)
           and b.columns[0].title.startswith("Shape of the hazard")]
    assert len(jan) == 1 and len(jan[0].rows) == 4


def test_the_board_names_indicators_quiet_in_every_snapshot_in_one_line(brief) -> None:
    from forecast.report.brief.document import Para

    board = next(s for s in brief.sections if s.id == "indicators")
    table = next(b for b in board.blocks if isinstance(b, Table)
                 and b.columns[1].title == "Status by snapshot")
    assert all("moving" in row[1].text or "tripped" in row[1].text for row in table.rows)
    quiet = [plain(b.text) for b in board.blocks if isinstance(b, Para)
             and b.text.startswith("Quiet in all 2 snapshots")]
    assert len(quiet) == 1 and "Logistics for an offensive" in quiet[0]
