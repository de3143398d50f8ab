"""Base rates and views in the ledger, on SQLite and PostgreSQL: recorded as forecasters on
their events, scored by hand (two-state Brier 2(p - o)^2, log score) beside the model's
probability of the same event, and the skill between them; undated views kept, not scored."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.ledger import Resolution, open_ledger
from forecast.usecases.event_scores import happened_by
from forecast.usecases.ledger import history, record_scenario, resolve_question, score_ledger

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
OUTSIDE = """base_rates:
  - id: wet_octobers
    node: rain
    event: [rain]
    class: October nights in this town
    events: 9
    cases: 30
    per_days: 1
    note: the town's weather log
views:
  - id: radio
    node: rain
    event: [rain]
    p: likely
  - id: neighbour
    who: the neighbour
    node: sprinkler
    event: ["on"]
    p: 0.2
    by: 2022-10-12
"""


def scenario(tmp_path: Path) -> Path:
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    path = tmp_path / "scenarios" / "morning.yaml"
    path.write_text(path.read_text(encoding="utf-8") + OUTSIDE, encoding="utf-8")
    return path


def test_base_rates_and_views_are_recorded_and_scored_by_hand(tmp_path, ledger_url) -> None:
    path = scenario(tmp_path)
    with open_ledger(ledger_url) as ledger:
        recorded = record_scenario(ledger, path, recorded_at="2024-01-01T00:00:00+00:00")
        assert (recorded["base_rates"], recorded["views"]) == (["wet_octobers"],
                                                               ["radio", "neighbour"])
        (entry,) = ledger.entries()
        kept = {(e.kind, e.name): e for e in entry.events}
        assert kept[("base_rate", "wet_octobers")].by == "2022-10-12"  # as_of + 1 day
        assert kept[("base_rate", "wet_octobers")].p == pytest.approx(9.5 / 31, abs=1e-12)
        assert kept[("view", "radio")].by is None
        assert kept[("view", "neighbour")].event == ("on",)
        assert [e["name"] for e in history(ledger)["forecasts"][0]["events"]] == [
            "wet_octobers", "neighbour", "radio"]
        resolve_question(ledger, "rain", "rain", on=None)
        resolve_question(ledger, "sprinkler", "off", on=None)
        scored = score_ledger(ledger)
    model = entry.result["posteriors"]
    (rate,) = scored["base_rates"]
    p = 9.5 / 31
    assert rate["happened"] is True  # rain, and the horizon (2022-10-12) is its date
    assert rate["brier"] == pytest.approx(2 * (p - 1) ** 2, abs=1e-12)
    assert rate["log_score"] == pytest.approx(math.log(p), abs=1e-12)
    m = model["rain"]["rain"]
    assert rate["model"]["p"] == pytest.approx(m, abs=1e-12)
    assert rate["model"]["brier"] == pytest.approx(2 * (m - 1) ** 2, abs=1e-12)
    assert rate["model"]["log_score"] == pytest.approx(math.log(m), abs=1e-12)
    (neighbour,) = scored["views"]
    assert (neighbour["reference"], neighbour["happened"]) == ("neighbour", False)
    assert neighbour["brier"] == pytest.approx(2 * 0.2**2, abs=1e-12)
    assert neighbour["log_score"] == pytest.approx(math.log(0.8), abs=1e-12)
    on = model["sprinkler"]["on"]
    assert neighbour["model"]["brier"] == pytest.approx(2 * on**2, abs=1e-12)
    skill = {s["reference"]: s for s in scored["skill"]}
    assert skill["wet_octobers"]["kind"] == "base_rate"
    assert skill["wet_octobers"]["brier"]["skill"] == pytest.approx(
        1 - (2 * (m - 1) ** 2) / (2 * (p - 1) ** 2), abs=1e-9)
    assert skill["neighbour"]["log_score"]["skill"] == pytest.approx(
        1 - math.log(1 - on) / math.log(0.8), abs=1e-9)
    excluded = [e for e in scored["excluded"] if e.get("reference") == "radio"]
    assert excluded and "undated view" in excluded[0]["reason"]
    assert "radio" not in skill


@pytest.mark.parametrize("outcome, on, by, expected", [
    ("war", "2023-01-10", "2023-04-30", True),     # happened before their date
    ("war", "2023-05-10", "2023-04-30", False),    # happened, but after their date
    ("war", None, "2023-04-30", True),             # no date: the horizon (2023-04-30)
    ("war", None, "2023-03-01", None),             # no date, and theirs is before the horizon
    ("calm", "2023-04-30", "2023-04-30", False),   # did not happen by the end
    ("calm", "2023-04-30", "2023-06-01", None),    # their date is past what is known
    ("calm", "2023-03-01", "2023-04-30", False),   # resolved early: the answer holds to the horizon
    ("calm", None, "2023-04-30", False),           # no date: the horizon
])
def test_whether_an_event_happened_by_a_date(outcome, on, by, expected) -> None:
    resolution = Resolution("m", "q", outcome, on, "t")
    assert happened_by(("war",), by, resolution, "2023-04-30")[0] is expected


def test_score_shows_base_rates_and_views_in_every_format(tmp_path) -> None:
    path = scenario(tmp_path)
    ledger = str(tmp_path / "l.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["record", str(path), "--ledger", ledger]).exit_code == 0
    for target, outcome in (("rain", "rain"), ("sprinkler", "off")):
        assert runner.invoke(app, ["resolve", "--target", target, "--outcome", outcome,
                                   "--on", "2022-10-12", "--ledger", ledger]).exit_code == 0
    data = json.loads(runner.invoke(app, ["score", "--ledger", ledger, "-f", "json"]).output)
    assert [r["reference"] for r in data["base_rates"]] == ["wet_octobers"]
    table = runner.invoke(app, ["score", "--ledger", ledger]).output
    assert "Base rates and views on their events" in table
    assert "base_rate  wet_octobers" in table and "view       neighbour" in table
    assert "radio" in table and "an undated view: shown, not scored" in table


def test_history_counts_the_base_rates_and_views_of_each_target(tmp_path) -> None:
    ledger = str(tmp_path / "l.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["record", str(scenario(tmp_path)), "--ledger", ledger]).exit_code == 0
    rows = runner.invoke(app, ["history", "--ledger", ledger, "-f", "csv"]).output.splitlines()
    header = rows[0].split(",")
    views = {r.split(",")[header.index("target")]: r.split(",")[header.index("views")]
             for r in rows[1:]}
    assert views == {"rain": "2", "sprinkler": "1"}  # wet_octobers and radio; neighbour
