"""Time to the horizon through the commands, on the Belarus case (window_days 201 on
belarus_posture; oct2022 has 201 days left, jan2023 115)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.cli.main import app

OCT = str(ROOT / "scenarios" / "oct2022.yaml")
JAN = str(ROOT / "scenarios" / "jan2023.yaml")
MODEL = str(ROOT / "models" / "belarus.yaml")
runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def values(dist: dict) -> np.ndarray:
    return np.array(list(dist.values()))


def test_run_json_gives_the_window_and_converts_the_elicited_posterior() -> None:
    for path, days in ((OCT, 201), (JAN, 115)):
        data = json.loads(invoke("run", path, "-f", "json"))
        window = data["window"]["belarus_posture"]
        assert (window["elicited_days"], window["remaining_days"]) == (201, days)
        assert window["hazard"] == "profile"
        # the whole window holds all of its hazard; January's 115 days hold 115 at twice the
        # daily weight of the 82 days before 1 January: 230 / (82 + 2 * 119)
        assert window["hazard_share"] == pytest.approx(1.0 if days == 201 else 230 / 320)
    # October spans the window: nothing is converted
    data = json.loads(invoke("run", OCT, "-f", "json"))
    assert values(data["posteriors"]["belarus_posture"]) == pytest.approx(
        values(data["elicited_posteriors"]["belarus_posture"]), abs=1e-12)
    data = json.loads(invoke("run", JAN, "-f", "json"))
    assert data["window"]["belarus_posture"]["quiet"] == {"since": "2022-10-11", "days": 86,
                                                          "hazard_share": 90 / 320}
    pgmpy = json.loads(invoke("run", JAN, "-f", "json", "--engine", "pgmpy"))
    assert values(pgmpy["posteriors"]["belarus_posture"]) == pytest.approx(
        values(data["posteriors"]["belarus_posture"]), abs=1e-9)


def test_run_json_is_byte_identical(tmp_path) -> None:
    assert invoke("run", JAN, "-f", "json") == invoke("run", JAN, "-f", "json")


def test_tables_say_which_window_the_numbers_are_for() -> None:
    assert ("belarus_posture: probabilities for the 115 days from 2023-01-05 to the horizon "
            "2023-04-30, 71.9% of the window's hazard, every row of the table converted from "
            "the model's window of 201 days at the model's hazard profile ('defensive_only' = "
            "nothing happened); the 86 days since 2022-10-11 in which nothing happened are a "
            "finding (28.1% of the window's hazard)") in invoke("run", JAN).replace("\n", " ")
    assert "the window the model's numbers are for" in invoke("run", OCT)
    assert "not converted (a query has no dates)" in invoke("query", MODEL)
    for command in ("sensitivity", "explain", "voi"):
        assert "probabilities for the 115 days" in invoke(command, JAN), command


def test_compare_separates_the_clock_from_the_evidence() -> None:
    data = json.loads(invoke("compare", OCT, JAN, "-f", "json"))
    time = [item for item in data["attribution"] if item["kind"] == "time"]
    assert len(time) == 1 and time[0]["item"] == "time"
    assert time[0]["remaining_days"] == {"from": 201, "to": 115}
    for state, moved in data["targets"]["belarus_posture"].items():
        total = sum(item["contribution"]["belarus_posture"][state] for item in data["attribution"])
        assert total == pytest.approx(moved["delta"], abs=1e-9)
    # less time left lowers every escalation level: the clock's share is negative for both
    share = time[0]["contribution"]["belarus_posture"]
    assert share["russian_offensive_from_belarus"] < 0 and share["belarus_enters_war"] < 0
    text = invoke("compare", OCT, JAN)
    assert "201 days to 115 days left to the horizon" in text
    assert "\ntime " in text
