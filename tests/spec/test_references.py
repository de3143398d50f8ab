"""A scenario's outside views: built and checked (target, states, sums, citations, names),
shown by run, and their quotes checked by `sources check`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.errors import UserError
from forecast.spec.load import load_scenario

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
GOOD = """reference:
  - name: the forecaster on the radio
    p: {dry: 0.3, rain: 0.7}
    basis: "\\"likely\\": the middle of 0.55-0.80"
    source: {doc: weather_report, quote: "The rain fell all night", speaker: radio, stake: neutral}
  - name: base rate of October nights
    target: sprinkler
    p: [0.9, 0.1]
"""


def project(tmp_path: Path, reference: str) -> Path:
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    path = tmp_path / "scenarios" / "morning.yaml"
    path.write_text(path.read_text(encoding="utf-8") + reference, encoding="utf-8")
    return path


def test_references_are_built_on_the_first_target_by_default(tmp_path) -> None:
    loaded = load_scenario(project(tmp_path, GOOD))
    radio, base = loaded.scenario.references
    assert (radio.target, list(radio.p)) == ("rain", [0.3, 0.7])
    assert (base.target, list(base.p)) == ("sprinkler", [0.9, 0.1])
    assert radio.source == {"doc": "weather_report", "quote": "The rain fell all night",
                            "speaker": "radio", "stake": "neutral"}


def test_run_shows_references_beside_the_model(tmp_path) -> None:
    path = project(tmp_path, GOOD)
    result = CliRunner().invoke(app, ["run", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["name"] for r in data["reference"]] == ["the forecaster on the radio",
                                                      "base rate of October nights"]
    assert data["reference"][0]["p"] == {"dry": 0.3, "rain": 0.7}
    table = CliRunner().invoke(app, ["run", str(path)]).output
    assert "outside view: the forecaster on the radio (weather_report) on rain" in table
    assert re.search(r"  rain +70% likely +model \d", table), table
    assert "basis: \"likely\": the middle of 0.55-0.80" in table
    markdown = CliRunner().invoke(app, ["run", str(path), "-f", "markdown"]).output
    assert "### Outside views" in markdown


def test_a_scenario_without_references_has_an_empty_list(tmp_path) -> None:
    path = project(tmp_path, "")
    data = json.loads(CliRunner().invoke(app, ["run", str(path), "-f", "json"]).output)
    assert data["reference"] == []


@pytest.mark.parametrize("reference, message", [
    ("reference:\n  - {name: a, p: {dry: 0.3, rain: 0.6}}\n",
     "morning.yaml:19:15: reference 'a' on 'rain': probabilities sum to 0.9, not 1"),
    ("reference:\n  - {name: a, p: {dry: 0.3, snow: 0.7}}\n",
     "reference 'a' on 'rain': unknown state 'snow'; states are dry, rain"),
    ("reference:\n  - {name: a, target: wet, p: [0.2, 0.3, 0.5]}\n",
     "reference 'a' is on 'wet', not a target of this scenario; its targets are rain, sprinkler"),
    ("reference:\n  - {name: a, target: hail, p: [0.2, 0.8]}\n",
     "reference 'a': unknown target 'hail'"),
    ("reference:\n  - {name: a, p: [0.2, 0.8], source: {doc: nowhere, quote: x}}\n",
     "unknown document 'nowhere'; known documents: weather_report"),
    ("reference:\n  - {name: a, p: [0.2, 0.8]}\n  - {name: a, p: [0.3, 0.7]}\n",
     "two references named 'a'; give each outside view its own name"),
])
def test_bad_references_are_located(tmp_path, reference, message) -> None:
    with pytest.raises(UserError) as info:
        load_scenario(project(tmp_path, reference))
    assert any(message in str(p) for p in info.value.problems), info.value.problems


def test_sources_check_covers_reference_quotes(tmp_path) -> None:
    path = project(tmp_path, "reference:\n  - name: a\n    p: [0.2, 0.8]\n"
                             "    source: {doc: weather_report, quote: \"snow fell all day\"}\n")
    result = CliRunner().invoke(app, ["sources", "check", str(path)])
    assert result.exit_code == 2
    assert "morning.yaml:21:35:" in result.output and "quote not found in weather_report" in result.output
    good = CliRunner().invoke(app, ["sources", "check", str(project(tmp_path / "b", GOOD))])
    assert good.exit_code == 0 and "ok: 2 quotes" in good.output


def test_the_belarus_references_quote_their_documents() -> None:
    root = FIXTURE.parents[2]
    result = CliRunner().invoke(app, ["sources", "check", str(root / "scenarios" / "oct2022.yaml"),
                                      str(root / "scenarios" / "jan2023.yaml")])
    assert result.exit_code == 0, result.output
    names = [r.name for r in load_scenario(root / "scenarios" / "oct2022.yaml").scenario.references]
    assert names == ["Artyom Shraibman, Belarusian political analyst",
                     "Andrei Sannikov, former Belarusian deputy foreign minister"]
