"""Charts take a use case's typed result as readily as its written (JSON) form."""

from __future__ import annotations

from pathlib import Path

import pytest

from forecast import app
from forecast.report.charts import figure_bytes, render
from forecast.report.written import written

ROOT = Path(__file__).resolve().parents[2]
JAN = ROOT / "scenarios" / "jan2023.yaml"


@pytest.fixture(scope="module")
def results():
    loaded = app.load_checked(JAN)
    return {"posterior": app.run_scenario(loaded), "horizon": app.run_scenario(loaded),
            "tornado": app.sensitivity_scenario(loaded, sweep="credible"),
            "impact": app.explain_scenario(loaded), "ach": app.explain_scenario(loaded, ach=True)}


@pytest.mark.parametrize("kind", ["posterior", "horizon", "tornado", "impact", "ach"])
def test_a_typed_result_draws_the_same_chart_as_its_written_form(kind, results) -> None:
    typed = results[kind]
    form = written(typed)
    assert form == {**typed.to_json(), "labels": form["labels"]}
    network = app.load_checked(JAN).snapshot_network  # the quiet days' node is named too
    assert form["labels"] == {n: network[n].label for n in network.names}
    assert figure_bytes(render(kind, typed), "svg") == figure_bytes(render(kind, form), "svg")


def test_json_shaped_data_passes_through() -> None:
    data = {"posteriors": {"x": {"a": 0.5, "b": 0.5}}}
    assert written(data) is data
    assert written([data]) == [data]
