"""`forecast warn`: its JSON keys, the table, the same numbers as the use case, bad input."""

from __future__ import annotations

import json

from conftest import ROOT
from typer.testing import CliRunner

from forecast.app import warn_scenario
from forecast.cli.main import app
from forecast.language import percent

OCT = str(ROOT / "scenarios" / "oct2022.yaml")
JAN = str(ROOT / "scenarios" / "jan2023.yaml")
EVENT = "belarus_posture=belarus_enters_war"
runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_json_keys_and_the_use_case_agree() -> None:
    data = json.loads(invoke("warn", OCT, "--target", EVENT, "--format", "json"))
    for key in ("target", "state", "now", "words_now", "indicators", "combinations",
                "highest", "lowest", "bands", "scenario", "warnings", "verification"):
        assert key in data, key
    assert data["target"] == "belarus_posture" and data["state"] == "belarus_enters_war"
    result = warn_scenario(OCT, EVENT).analysis
    assert data["highest"]["probability"] == round(result.highest.probability, 12)
    assert data["lowest"]["observations"] == dict(result.lowest.observations)
    assert data["lowest"]["probability"] <= data["now"] <= data["highest"]["probability"]
    for band in data["bands"]:
        assert set(band) == {"words", "direction", "reached", "smallest_size", "smallest_sets",
                             "smallest_sets_count"}
        assert band["reached"] == (band["smallest_size"] is not None)
        for found in band["smallest_sets"]:
            assert len(found["observations"]) == band["smallest_size"]
    # indicators carry no evidence of the scenario
    assert not set(data["indicators"]) & {"joint_force", "missile_launches", "border_incidents"}


def test_table_names_every_band_and_the_extremes() -> None:
    out = invoke("warn", JAN, "--target", EVENT)
    result = warn_scenario(JAN, EVENT).analysis
    for band in result.bands:
        assert f"{band.words} ({band.direction})" in out
    assert f"highest reachable: {percent(result.highest.probability)}" in out
    assert out.count("no combination gets there") == sum(not b.reached for b in result.bands)
    assert max(len(line) for line in out.splitlines()) <= 100


def test_a_bad_target_is_one_line_and_exit_2() -> None:
    result = runner.invoke(app, ["warn", OCT, "--target", "belarus_posture=nowhere"])
    assert result.exit_code == 2
    assert "unknown state 'nowhere'" in result.output and "Traceback" not in result.output
