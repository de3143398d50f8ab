"""forecast record | resolve | history | score through the CLI: the scores are what the recorded
posteriors imply; bad input is one line and exit code 2."""

from __future__ import annotations

import json
import math

import pytest
from conftest import ROOT
from sklearn.metrics import log_loss
from typer.testing import CliRunner

from forecast.cli.main import app

OCT = str(ROOT / "scenarios" / "oct2022.yaml")
JAN = str(ROOT / "scenarios" / "jan2023.yaml")
STATES = ["defensive_only", "russian_offensive_from_belarus", "belarus_enters_war"]
runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def fails(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def book(tmp_path) -> str:
    """A ledger with both Belarus snapshots recorded and the question resolved."""
    ledger = str(tmp_path / "team.sqlite")
    invoke("record", OCT, "--ledger", ledger)
    invoke("record", JAN, "--ledger", ledger)
    invoke("resolve", "--target", "belarus_posture", "--outcome", "defensive_only",
           "--on", "2023-04-30", "--ledger", ledger)
    return ledger


def test_scores_are_what_the_recorded_posteriors_imply(book) -> None:
    recorded = {r["scenario"]: r["posteriors"]["belarus_posture"]
                for r in json.loads(invoke("history", "--ledger", book, "-f", "json"))["forecasts"]}
    run = {name: json.loads(invoke("run", path, "-f", "json"))["posteriors"]["belarus_posture"]
           for name, path in (("oct2022", OCT), ("jan2023", JAN))}
    scored = json.loads(invoke("score", "--ledger", book, "-f", "json"))
    assert [f["scenario"] for f in scored["forecasts"]] == ["oct2022", "jan2023"]
    for row in scored["forecasts"]:
        p = [recorded[row["scenario"]][s] for s in STATES]
        assert p == [run[row["scenario"]][s] for s in STATES]  # the ledger keeps what run gave
        assert row["outcome"] == "defensive_only"
        assert row["brier"] == pytest.approx((p[0] - 1) ** 2 + p[1] ** 2 + p[2] ** 2, abs=1e-9)
        assert row["log_score"] == pytest.approx(math.log(p[0]), abs=1e-9)
        assert -row["log_score"] == pytest.approx(log_loss([0], [p], labels=[0, 1, 2]), abs=1e-9)
        # RPS by hand: cumulative forecast (p0, p0 + p1) against the outcome's (1, 1)
        assert row["rps"] == pytest.approx(((p[0] - 1) ** 2 + (p[0] + p[1] - 1) ** 2) / 2, abs=1e-9)
    # over the question's life: October's forecast held 86 days, January's 115 to 30 April
    oct_, jan = scored["forecasts"]
    model = next(q for q in scored["questions"] if q["forecaster"] == "model")
    assert model["brier"] == pytest.approx((86 * oct_["brier"] + 115 * jan["brier"]) / 201, abs=1e-9)
    assert [s["weight"] for s in model["snapshots"]] == pytest.approx([86 / 201, 115 / 201])
    summary = scored["summary"]["by_forecaster"][0]
    assert summary["forecaster"] == "model" and summary["forecasts"] == 2
    assert summary["mean"]["brier"] == pytest.approx((oct_["brier"] + jan["brier"]) / 2, abs=1e-9)
    assert summary["decomposition"]["shown"] is False


def test_outside_views_are_recorded_and_scored_beside_the_model(book) -> None:
    """The Belarus base rates scored on belarus_enters_war by hand: the Jeffreys mean carried
    to the snapshot's days, an event that did not happen by the horizon (o = 0)."""
    scored = json.loads(invoke("score", "--ledger", book, "-f", "json"))
    rates = {(r["reference"], r["scenario"]): r for r in scored["base_rates"]}
    assert set(rates) == {(name, s) for name in ("csto_allies_in_russias_wars",
                                                 "wars_gaining_a_belligerent")
                          for s in ("oct2022", "jan2023")}
    for (name, scenario), row in rates.items():
        events, cases = (0, 15) if name.startswith("csto") else (26, 95)
        days = 201 if scenario == "oct2022" else 115
        p = 1 - (1 - (events + 0.5) / (cases + 1)) ** (days / 365)
        assert row["p"] == pytest.approx(p, abs=1e-12)
        assert row["happened"] is False and row["by"] == "2023-04-30"
        assert row["brier"] == pytest.approx(2 * p**2, abs=1e-12)
        assert row["log_score"] == pytest.approx(math.log(1 - p), abs=1e-12)
        m = row["model"]["p"]
        assert row["model"]["brier"] == pytest.approx(2 * m**2, abs=1e-12)
    skill = {s["reference"]: s for s in scored["skill"]}
    csto = [r for (name, _), r in rates.items() if name.startswith("csto")]
    model = sum(r["model"]["brier"] for r in csto) / 2
    theirs = sum(r["brier"] for r in csto) / 2
    assert skill["csto_allies_in_russias_wars"]["brier"]["skill"] == pytest.approx(
        1 - model / theirs, rel=1e-9)  # of scores written to 12 decimals
    # the experts gave no date: kept, shown, not scored
    assert scored["views"] == []
    undated = {e["reference"] for e in scored["excluded"] if e.get("kind") == "view"}
    assert undated == {"shraibman", "sannikov", "most_experts"}
    table = invoke("score", "--ledger", book)
    assert "Skill against outside views" in table and "csto_allies_in_russias_wars" in table


def test_score_json_is_deterministic_and_csv_keeps_the_contract_columns(book) -> None:
    assert invoke("score", "--ledger", book, "-f", "json") == invoke("score", "--ledger", book,
                                                                      "-f", "json")
    header = invoke("score", "--ledger", book, "-f", "csv").splitlines()[0]
    assert header.startswith("scenario,as_of,target,outcome,brier,log_score,rps")
    assert "### Per question over its life" in invoke("score", "--ledger", book, "-f", "markdown")


def test_forecasts_made_after_the_resolution_date_are_not_scored(tmp_path) -> None:
    ledger = str(tmp_path / "l.sqlite")
    invoke("record", OCT, "--ledger", ledger)
    invoke("record", JAN, "--ledger", ledger)
    out = invoke("resolve", "--target", "belarus_posture", "--outcome", "belarus_enters_war",
                 "--on", "2022-12-01", "--ledger", ledger)
    assert "not scored: forecast 2 (jan2023, as of 2023-01-05) was made after" in out
    scored = json.loads(invoke("score", "--ledger", ledger, "-f", "json"))
    assert [f["scenario"] for f in scored["forecasts"]] == ["oct2022"]
    assert scored["excluded"][0]["scenario"] == "jan2023"
    assert "as_of after the resolution date 2022-12-01" in scored["excluded"][0]["reason"]


def test_the_ledger_comes_from_the_environment_or_the_current_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORECAST_LEDGER", raising=False)
    invoke("record", OCT)
    assert (tmp_path / "forecasts.sqlite").exists()
    monkeypatch.setenv("FORECAST_LEDGER", str(tmp_path / "env.sqlite"))
    invoke("record", JAN)
    history = json.loads(invoke("history", "-f", "json"))
    assert history["ledger"].endswith("env.sqlite")
    assert [r["scenario"] for r in history["forecasts"]] == ["jan2023"]


def test_history_lists_forecasts_and_resolutions(book) -> None:
    out = invoke("history", "--ledger", book)
    assert "oct2022" in out and "jan2023" in out and "defensive_only" in out

@pytest.mark.parametrize("command", [["history"], ["score"], ["resolve", "--target", "t",
                                                              "--outcome", "s"]])
def test_reading_a_missing_ledger_says_so_and_creates_nothing(tmp_path, command) -> None:
    where = tmp_path / "nowhere.sqlite"
    message = fails(*command, "--ledger", str(where))
    assert "nowhere.sqlite: no ledger here; record a forecast first" in message
    assert not where.exists()


@pytest.mark.parametrize("args, message", [
    (["--target", "nowhere", "--outcome", "x"], "no recorded forecast of it"),
    (["--target", "belarus_posture", "--outcome", "peace"],
     "--outcome 'peace': not a state of belarus_posture; states are defensive_only"),
    (["--target", "belarus_posture", "--outcome", "defensive_only", "--on", "30/04/2023"],
     "--on '30/04/2023': write a date as YYYY-MM-DD"),
    (["--target", "belarus_posture", "--outcome", "defensive_only", "--model-id", "other"],
     "no recorded forecast of 'belarus_posture' by model 'other'"),
    (["--target", "belarus_posture", "--outcome", "belarus_enters_war"],
     "already resolved as 'defensive_only' on 2023-04-30; add --replace to correct it"),
])
def test_bad_resolutions(book, args, message) -> None:
    assert message in fails("resolve", *args, "--ledger", book)


def test_replace_corrects_an_outcome(book) -> None:
    out = invoke("resolve", "--target", "belarus_posture", "--outcome", "belarus_enters_war",
                 "--replace", "--ledger", book)
    assert "replaces the earlier outcome 'defensive_only'" in out
    scored = json.loads(invoke("score", "--ledger", book, "-f", "json"))
    assert {f["outcome"] for f in scored["forecasts"]} == {"belarus_enters_war"}


def test_a_corrupt_ledger_file_is_refused_on_the_command_line(tmp_path) -> None:
    bad = tmp_path / "forecasts.sqlite"
    bad.write_text("not a database\n" * 200)
    assert "not a readable forecast ledger" in fails("score", "--ledger", str(bad))
    assert "not a readable forecast ledger" in fails("record", OCT, "--ledger", str(bad))


def test_a_bad_scenario_records_nothing(tmp_path) -> None:
    ledger = str(tmp_path / "l.sqlite")
    fails("record", str(tmp_path / "missing.yaml"), "--ledger", ledger)
    assert not (tmp_path / "l.sqlite").exists()  # not even an empty ledger is left behind


def test_no_resolved_forecasts_says_how_to_resolve(tmp_path) -> None:
    ledger = str(tmp_path / "l.sqlite")
    invoke("record", OCT, "--ledger", ledger)
    assert "1 awaiting resolution; forecast resolve" in invoke("score", "--ledger", ledger)
