"""Scoring the ledger through the Python API: per analyst and per pool, the question's life,
snapshots on one day, Murphy's decomposition once there are enough forecasts."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT

from forecast.analysis import scoring
from forecast.ledger import Entry, Prediction, Resolution, open_ledger
from forecast.usecases.ledger import history, record_scenario, resolve_question, score_ledger

STATES = ("low", "high")


def entry(as_of: str, p_high: float, analyst: str | None = None, target: str = "q",
          recorded_at: str = "2024-01-01T00:00:00+00:00", model: str = "m") -> Entry:
    p = (1 - p_high, p_high)
    return Entry(recorded_at=recorded_at, scenario_id=f"s_{as_of}", scenario_title="t",
                 scenario_path=None, model_id=model, model_title=None, model_sha256="0" * 64,
                 as_of=as_of, horizon="2022-01-31", analyst=analyst, engine="compiled",
                 result={}, predictions=(Prediction("forecast", "", target, STATES, p),))


def record_and_score(tmp_path, *entries: Entry) -> dict:
    """Record the entries, resolve question m/q as "high" (no date), and score the ledger."""
    with open_ledger(tmp_path / "l.sqlite") as ledger:
        for e in entries:
            ledger.record(e)
        ledger.resolve(Resolution("m", "q", "high", None, "t"))
        return score_ledger(ledger)


def test_per_analyst_and_per_pool_summaries(tmp_path) -> None:
    with open_ledger(tmp_path / "l.sqlite") as ledger:
        for who, values in ((None, (0.6, 0.8)), ("analyst_b", (0.3, 0.4)),
                            ("pool (linear)", (0.45, 0.6))):
            ledger.record(entry("2022-01-01", values[0], who))
            ledger.record(entry("2022-01-21", values[1], who))
        ledger.resolve(Resolution("m", "q", "high", "2022-01-31", "t"))
        scored = score_ledger(ledger)
    by = {s["forecaster"]: s for s in scored["summary"]["by_forecaster"]}
    assert set(by) == {"model", "analyst_b", "pool (linear)"}
    b = by["analyst_b"]
    assert b["mean"]["brier"] == pytest.approx((2 * 0.7**2 + 2 * 0.6**2) / 2, abs=1e-12)
    # 20 days at 0.3, then 10 days at 0.4, until the resolution date
    life = (20 * 2 * 0.7**2 + 10 * 2 * 0.6**2) / 30
    assert b["time_averaged_mean"]["brier"] == pytest.approx(life, abs=1e-12)
    assert scored["summary"]["all"]["forecasts"] == 6
    assert len(scored["questions"]) == 3


def test_of_two_snapshots_on_one_day_the_later_recorded_counts_over_the_life(tmp_path) -> None:
    scored = record_and_score(tmp_path, entry("2022-01-01", 0.9, recorded_at="2024-01-01T10:00:00+00:00"),
                              entry("2022-01-01", 0.2, recorded_at="2024-01-01T09:00:00+00:00"))
    assert len(scored["forecasts"]) == 2  # both are scored as forecasts
    (question,) = scored["questions"]
    assert question["brier"] == pytest.approx(2 * 0.1**2)  # the one recorded at 10:00
    assert question["end_basis"] == "horizon"


def test_decomposition_appears_with_enough_forecasts(tmp_path) -> None:
    rng = np.random.default_rng(5)
    with open_ledger(tmp_path / "l.sqlite") as ledger:
        for i in range(scoring.MIN_FORECASTS_FOR_DECOMPOSITION):
            ledger.record(entry("2022-01-01", float(rng.uniform()), target=f"q{i}"))
            ledger.resolve(Resolution("m", f"q{i}", str(rng.choice(STATES)), None, "t"))
        scored = score_ledger(ledger)
    d = scored["summary"]["all"]["decomposition"]
    assert d["forecasts"] == scoring.MIN_FORECASTS_FOR_DECOMPOSITION
    assert d["brier"] == pytest.approx(scored["summary"]["all"]["mean"]["brier"], abs=1e-9)
    assert d["reliability"] - d["resolution"] + d["uncertainty"] + d["residual"] == pytest.approx(
        d["brier"], abs=1e-9)


def test_a_question_is_a_models_target(tmp_path) -> None:
    scored = record_and_score(tmp_path, entry("2022-01-01", 0.7, model="m"),
                              entry("2022-01-01", 0.7, model="other"))
    assert [f["model_id"] for f in scored["forecasts"]] == ["m"]
    assert scored["unresolved"] == 1


def test_record_scenario_with_an_analyst(tmp_path) -> None:
    with open_ledger(tmp_path / "l.sqlite") as ledger:
        done = record_scenario(ledger, ROOT / "scenarios" / "oct2022.yaml", analyst="analyst_b",
                               recorded_at="2024-02-02T00:00:00+00:00")
        (kept,) = ledger.entries()
    assert done["analyst"] == kept.analyst == "analyst_b"
    assert kept.result["posteriors"]["belarus_posture"] == dict(
        zip(kept.predictions[0].states, kept.predictions[0].p, strict=True))
    assert [(e.kind, e.name) for e in kept.events] == [
        ("base_rate", r["id"]) for r in kept.result["base_rates"]] + [
        ("view", v["id"]) for v in sorted(kept.result["views"], key=lambda v: v["id"])]


def test_resolving_a_target_two_models_forecast_needs_the_model_id(tmp_path) -> None:
    from forecast.errors import UserError
    from forecast.usecases.ledger import resolve_question

    with open_ledger(tmp_path / "l.sqlite") as ledger:
        ledger.record(entry("2022-01-01", 0.7, model="m"))
        ledger.record(entry("2022-01-01", 0.7, model="other"))
        with pytest.raises(UserError, match="'q' is forecast by models m, other; say which with "
                                            "--model-id"):
            resolve_question(ledger, "q", "high")
        done = resolve_question(ledger, "q", "high", model_id="other")
    assert (done["model_id"], done["forecasts"]) == ("other", 1)


def test_record_with_two_analysts_keeps_the_pool_once_with_its_analysts(tmp_path) -> None:
    """`forecast record --analyst a --analyst b`: one record, the pool (with the outside
    views), its analysts' numbers linked to it; scored once, so no analyst counts twice."""
    import json

    from tiny_project import tiny_project
    from typer.testing import CliRunner

    from forecast.app import run_scenario
    from forecast.cli.main import app

    root = tiny_project(tmp_path)
    for name, p in (("ann", 0.2), ("bob", 0.8)):
        (root / f"{name}.yaml").write_text(
            f"format: forecast-overlay/1\nanalyst: {name}\npriors:\n  cloudy: {{no_clouds: {1 - p}, "
            f"clouds: {p}}}\n", encoding="utf-8")
    scenario = root / "scenarios" / "morning.yaml"
    ledger = tmp_path / "l.sqlite"
    args = ["--analyst", str(root / "ann.yaml"), "--analyst", str(root / "bob.yaml")]
    result = CliRunner().invoke(app, ["record", str(scenario), "--ledger", str(ledger), *args,
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["analyst"] == "pool (linear: ann, bob)"  # one record, printed as one
    run = run_scenario(scenario, analysts=[root / "ann.yaml", root / "bob.yaml"]).to_json()
    with open_ledger(ledger) as book:
        entries = book.entries()
        assert [e.analyst for e in entries] == ["pool (linear: ann, bob)"]
        forecast = next(p for p in entries[0].predictions
                        if p.kind == "forecast" and p.target == "rain")
        assert dict(zip(forecast.states, forecast.p, strict=True)) == run["posteriors"]["rain"]
        members = history(book)["forecasts"][0]["members"]
        assert members == {name: {t: run["analysts"][name][t] for t in ("rain", "sprinkler")}
                           for name in ("ann", "bob")}
        resolve_question(book, "rain", "rain")
        scored = score_ledger(book)
    assert [f["forecaster"] for f in scored["forecasts"]] == ["pool (linear: ann, bob)"]
    assert [s["forecaster"] for s in scored["summary"]["by_forecaster"]] == [
        "pool (linear: ann, bob)"]


def test_score_and_calibration_filter_by_forecaster(tmp_path) -> None:
    from typer.testing import CliRunner

    from forecast.cli.main import app

    ledger = tmp_path / "l.sqlite"
    root = ROOT
    runner = CliRunner()
    for args in ([], ["--analyst", str(root / "overlays/belarus_analyst_b.yaml")]):
        done = runner.invoke(app, ["record", str(root / "scenarios/oct2022.yaml"),
                                   "--ledger", str(ledger), *args])
        assert done.exit_code == 0, done.output
    assert runner.invoke(app, ["resolve", "--target", "belarus_posture", "--outcome",
                               "defensive_only", "--ledger", str(ledger)]).exit_code == 0
    import json

    every = json.loads(runner.invoke(app, ["score", "--ledger", str(ledger), "-f", "json"]).output)
    assert {f["forecaster"] for f in every["forecasts"]} == {"model", "analyst_b"}
    only = json.loads(runner.invoke(app, ["score", "--ledger", str(ledger), "-f", "json",
                                          "--forecaster", "analyst_b"]).output)
    assert only["forecaster"] == "analyst_b"
    assert [f["forecaster"] for f in only["forecasts"]] == ["analyst_b"]
    mine = next(f for f in every["forecasts"] if f["forecaster"] == "analyst_b")
    assert only["forecasts"][0] == mine
    assert only["summary"]["all"]["mean"] == next(
        s for s in every["summary"]["by_forecaster"] if s["forecaster"] == "analyst_b")["mean"]
    bad = runner.invoke(app, ["score", "--ledger", str(ledger), "--forecaster", "nobody"])
    assert bad.exit_code == 2
    assert "--forecaster 'nobody': no scored forecast of that name" in bad.output
    assert "forecasters: analyst_b, model" in bad.output
    from forecast.usecases.ledger import calibration_data

    with open_ledger(ledger, create=False) as book:
        assert calibration_data(book, "model")["forecasters"] == ["model"]
        assert calibration_data(book)["events"] == 2 * calibration_data(book, "model")["events"]
    chart = runner.invoke(app, ["chart", "--kind", "calibration", "--ledger", str(ledger),
                                "--forecaster", "model", "--out", str(tmp_path / "c.png")])
    assert chart.exit_code == 0 and (tmp_path / "c.png").is_file()
    wrong = runner.invoke(app, ["chart", str(root / "scenarios/oct2022.yaml"), "--forecaster",
                                "model", "--out", str(tmp_path / "p.png")])
    assert wrong.exit_code == 2 and "--forecaster applies to --kind calibration" in wrong.output
