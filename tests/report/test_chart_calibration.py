"""The reliability diagram: drawn from the ledger, deterministic, with its counts and diagonal."""

from __future__ import annotations

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.ledger import Entry, Prediction, Resolution, open_ledger
from forecast.report.charts import figure_bytes, render
from forecast.usecases.ledger import calibration_data


def _ledger(path) -> str:
    with open_ledger(path) as ledger:
        for i, p in enumerate((0.1, 0.15, 0.55, 0.8, 0.95)):
            ledger.record(Entry(
                recorded_at="2024-01-01T00:00:00+00:00", scenario_id=f"s{i}", scenario_title="t",
                scenario_path=None, model_id="m", model_title=None, model_sha256="0" * 64,
                as_of="2022-01-01", horizon=None, analyst=None, engine="compiled", result={},
                predictions=(Prediction("forecast", "", f"q{i}", ("no", "yes"), (1 - p, p)),)))
            ledger.resolve(Resolution("m", f"q{i}", "yes" if i >= 2 else "no", None, "t"))
    return str(path)


def test_calibration_data_bins_every_state_of_every_forecast(tmp_path) -> None:
    with open_ledger(_ledger(tmp_path / "l.sqlite")) as ledger:
        data = calibration_data(ledger)
    assert (data["forecasts"], data["events"], data["questions"]) == (5, 10, 5)
    assert sum(b["count"] for b in data["bins"]) == 10
    top = data["bins"][-1]  # "no" at 0.9 (came true) and "yes" at 0.95 (came true)
    assert top["low"] == 0.9 and top["count"] == 2 and top["observed"] == pytest.approx(1.0)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_the_chart_is_deterministic_in_every_format(tmp_path, fmt) -> None:
    with open_ledger(_ledger(tmp_path / "l.sqlite")) as ledger:
        data = calibration_data(ledger)
    first = figure_bytes(render("calibration", data, marking="UNCLASSIFIED"), fmt)
    assert first == figure_bytes(render("calibration", data, marking="UNCLASSIFIED"), fmt)
    assert len(first) > 10_000


def test_the_chart_shows_counts_the_diagonal_and_the_marking(tmp_path) -> None:
    with open_ledger(_ledger(tmp_path / "l.sqlite")) as ledger:
        data = calibration_data(ledger)
    text = figure_bytes(render("calibration", data, marking="UNCLASSIFIED"), "svg").decode()
    assert text.count("UNCLASSIFIED") >= 2
    assert "Calibration of the recorded forecasts" in text and "n=3" in text
    assert "perfect calibration" in text


def test_chart_kind_calibration_through_the_cli(tmp_path) -> None:
    ledger = _ledger(tmp_path / "l.sqlite")
    out = tmp_path / "cal.png"
    result = CliRunner().invoke(app, ["chart", "--kind", "calibration", "--ledger", ledger,
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("extra, message", [
    ([str(ROOT / "scenarios" / "oct2022.yaml")], "draws the ledger's scored forecasts, not scenarios"),
    ([], "no resolved forecasts to draw"),
    (["--ledger", "{tmp}/none.sqlite"], "none.sqlite: no ledger here"),
])
def test_calibration_chart_errors(tmp_path, extra, message) -> None:
    with open_ledger(tmp_path / "empty.sqlite"):
        pass
    extra = [x.format(tmp=tmp_path) for x in extra]
    result = CliRunner().invoke(app, ["chart", "--kind", "calibration", "--ledger",
                                      str(tmp_path / "empty.sqlite"), *extra, "--out",
                                      str(tmp_path / "c.png")])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "c.png").exists()


def test_base_rates_are_their_own_series(tmp_path) -> None:
    """The Belarus base rates, recorded and resolved, are drawn as their own series: each
    one's two states binned like the model's."""
    ledger = str(tmp_path / "b.sqlite")
    runner = CliRunner()
    for name in ("oct2022", "jan2023"):
        assert runner.invoke(app, ["record", str(ROOT / "scenarios" / f"{name}.yaml"),
                                   "--ledger", ledger]).exit_code == 0
    assert runner.invoke(app, ["resolve", "--target", "belarus_posture", "--outcome",
                               "defensive_only", "--on", "2023-04-30",
                               "--ledger", ledger]).exit_code == 0
    with open_ledger(ledger) as opened:
        data = calibration_data(opened)
    (series,) = data["series"]  # the views are undated: not scored, no series
    assert (series["name"], series["forecasts"], series["events"]) == ("base rates", 4, 8)
    assert sum(b["count"] for b in series["bins"]) == 8
    low = series["bins"][0]  # the event's four small probabilities, none came true
    assert (low["count"], low["observed"]) == (3, 0.0)
    text = figure_bytes(render("calibration", data), "svg").decode()
    assert "base rates (4 scored)" in text
    out = tmp_path / "cal.png"
    assert runner.invoke(app, ["chart", "--kind", "calibration", "--ledger", ledger,
                               "--out", str(out)]).exit_code == 0
