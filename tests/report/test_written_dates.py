"""`written:` on models and overlays: shown when after the snapshot; a ledger forecast whose
numbers were set after the question resolved is a `hindsight` warning."""

from __future__ import annotations

from pathlib import Path

from forecast.app import run_scenario
from forecast.ledger import Entry, Prediction, Resolution, open_ledger
from forecast.report.ledger_tables import render_scores
from forecast.report.tables import render_posteriors
from forecast.report.written_dates import written_lines
from forecast.usecases.ledger import score_ledger
from tests.tiny_project import tiny_project

M = "models/wet.yaml"
S = "scenarios/morning.yaml"


def test_a_model_written_after_the_snapshot_is_shown(tmp_path: Path) -> None:
    tiny_project(tmp_path, {M: [("title: Why is the grass wet?\n",
                                 "title: Why is the grass wet?\nwritten: 2022-11-01\n")]})
    run = run_scenario(tmp_path / S)
    result = run.to_json()
    assert result["model"]["written"] == "2022-11-01"
    assert written_lines(run.loaded, run.team.overlays) == [
        "model numbers set on 2022-11-01, after the snapshot (as_of 2022-10-11)"]
    assert "model numbers set on 2022-11-01, after the snapshot" in render_posteriors(run, "table")


def test_a_model_written_by_the_snapshot_says_nothing(tmp_path: Path) -> None:
    tiny_project(tmp_path, {M: [("title: Why is the grass wet?\n",
                                 "title: Why is the grass wet?\nwritten: 2022-10-11\n")]})
    run = run_scenario(tmp_path / S)
    assert written_lines(run.loaded, run.team.overlays) == []
    assert "set on" not in render_posteriors(run, "table")


def test_an_overlay_written_late_is_shown(tmp_path: Path) -> None:
    tiny_project(tmp_path)
    overlay = tmp_path / "late.yaml"
    overlay.write_text("format: forecast-overlay/1\nanalyst: late\nwritten: 2023-01-02\n"
                       "priors:\n  cloudy: {no_clouds: 0.3, clouds: 0.7}\n", encoding="utf-8")
    run = run_scenario(tmp_path / S, analysts=[overlay])
    assert written_lines(run.loaded, run.team.overlays) == [
        "analyst late's numbers set on 2023-01-02, after the snapshot (as_of 2022-10-11)"]
    assert "analyst late's numbers set on 2023-01-02" in render_posteriors(run, "table")


def test_a_query_has_no_snapshot_to_be_late_for() -> None:
    assert written_lines(None) == []


def _entry(written: str | None) -> Entry:
    model = {"id": "m", **({"written": written} if written else {})}
    return Entry(recorded_at="2024-01-01T00:00:00+00:00", scenario_id="s", scenario_title="t",
                 scenario_path=None, model_id="m", model_title=None, model_sha256="0" * 64,
                 as_of="2022-01-01", horizon="2022-06-01", analyst=None, engine="compiled",
                 result={"model": model},
                 predictions=(Prediction("forecast", "", "q", ("low", "high"), (0.4, 0.6)),))


def test_numbers_written_after_the_resolution_are_hindsight(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "l.sqlite") as ledger:
        ledger.record(_entry("2022-03-01"))
        ledger.record(_entry("2022-01-01"))
        ledger.record(_entry(None))
        ledger.resolve(Resolution("m", "q", "high", "2022-02-01", "t"))
        result = score_ledger(ledger)
    assert [w["written"] for w in result["warnings"]] == ["2022-03-01"]
    warning = result["warnings"][0]
    assert warning["kind"] == "hindsight" and warning["resolved_on"] == "2022-02-01"
    assert f"warning: {warning['message']}" in render_scores(result, "table")
