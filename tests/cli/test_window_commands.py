"""Time to the horizon through the commands, on the Belarus case (window_days 201 on
belarus_posture; oct2022 has 201 days left, jan2023 115)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.domain.window import convert

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
        assert data["window"] == {"belarus_posture": {"elicited_days": 201, "remaining_days": days}}
        elicited = values(data["elicited_posteriors"]["belarus_posture"])
        assert values(data["posteriors"]["belarus_posture"]) == pytest.approx(
            convert(elicited, days / 201), abs=1e-12)
    pgmpy = json.loads(invoke("run", JAN, "-f", "json", "--engine", "pgmpy"))
    assert values(pgmpy["posteriors"]["belarus_posture"]) == pytest.approx(
        values(data["posteriors"]["belarus_posture"]), abs=1e-9)


def test_run_json_is_byte_identical(tmp_path) -> None:
    assert invoke("run", JAN, "-f", "json") == invoke("run", JAN, "-f", "json")


def test_tables_say_which_window_the_numbers_are_for() -> None:
    assert ("belarus_posture: probabilities for the 115 days from 2023-01-05 to the horizon "
            "2023-04-30, converted from the model's window of 201 days at a constant hazard "
            "('defensive_only' = nothing happened)") in invoke("run", JAN)
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
