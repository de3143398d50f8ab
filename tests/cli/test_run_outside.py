"""`run` shows the outside view in every format, and `--outside WEIGHT` a blend labelled as
one; a bad weight, or a blend without a base rate, is refused with exit code 2."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.analysis.outside_view import carried
from forecast.cli.main import app

OCT = str(ROOT / "scenarios" / "oct2022.yaml")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_json_gives_each_base_rate_carried_to_the_horizon_beside_the_model() -> None:
    code, out = invoke("run", OCT, "-f", "json")
    assert code == 0
    data = json.loads(out)
    rate = next(r for r in data["base_rates"] if r["id"] == "csto_allies_in_russias_wars")
    assert (rate["events"], rate["cases"], rate["per_days"], rate["days"]) == (0, 15, 365, 201)
    assert rate["beta"] == [0.5, 15.5]
    assert rate["p"]["mean"] == pytest.approx(carried(0.5 / 16, 201, 365), abs=1e-12)
    assert rate["model"] == data["posteriors"]["belarus_posture"]["belarus_enters_war"]
    assert rate["gap_points"] == round(100 * (rate["model"] - rate["p"]["mean"]), 1)
    assert [v["id"] for v in data["views"]] == ["shraibman", "sannikov"]
    assert "blend" not in data


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_every_format_shows_the_outside_view(fmt: str) -> None:
    code, out = invoke("run", OCT, "-f", fmt, "--outside", "0.25")
    assert code == 0, out
    label = "blend: 0.75 x model + 0.25 x base rate csto_allies_in_russias_wars"
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        by = {r["forecaster"]: r for r in rows}
        assert by["base_rate:csto_allies_in_russias_wars"]["state"] == "belarus_enters_war"
        assert by["view:shraibman"]["state"] == "defensive_only|russian_offensive_from_belarus"
        assert label in by
    elif fmt == "markdown":
        assert "### The outside view" in out
        assert "| base_rate | csto_allies_in_russias_wars | belarus_posture |" in out
        assert f"| blend | {label} |" in out
    else:
        assert "base rate csto_allies_in_russias_wars on belarus_posture: belarus_enters_war in " \
               "0 of 15 cases per 365 days" in out
        assert f"{label} on belarus_posture" in out and "a blend, not the model's forecast" in out


def test_the_blend_is_linear_on_the_event_and_leaves_the_model_unchanged() -> None:
    plain = json.loads(invoke("run", OCT, "-f", "json")[1])
    data = json.loads(invoke("run", OCT, "-f", "json", "--outside", "0.3")[1])
    assert data["posteriors"] == plain["posteriors"]
    (mixed,) = data["blend"]  # one per node: the first base rate listed on it
    model = plain["posteriors"]["belarus_posture"]["belarus_enters_war"]
    outside = plain["base_rates"][0]["p"]["mean"]
    assert mixed["p"] == pytest.approx(0.7 * model + 0.3 * outside, abs=1e-11)
    assert sum(mixed["posterior"].values()) == pytest.approx(1.0, abs=1e-11)


@pytest.mark.parametrize("weight", ["1.5", "-0.1"])
def test_a_weight_outside_0_1_is_refused(weight: str, tmp_path) -> None:
    code, out = invoke("run", OCT, "--outside", weight, "--out", str(tmp_path / "o"))
    assert code == 2 and f"--outside {float(weight)}: give the base rate's weight" in out
    assert not (tmp_path / "o").exists()
    pdf = tmp_path / "b.pdf"
    code, out = invoke("brief", OCT, "--outside", weight, "--out", str(pdf))
    assert code == 2 and "--outside" in out and not pdf.exists()


def test_a_blend_needs_a_base_rate() -> None:
    code, out = invoke("run", str(ROOT / "tests" / "fixtures" / "tiny" / "scenarios" /
                                  "morning.yaml"), "--outside", "0.3")
    assert code == 2
    assert "--outside: scenario 'morning' has no base_rates to blend with" in out
