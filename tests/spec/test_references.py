"""A scenario's `reference:` entries (the first format of an outside view): read as views
when each names its event with one number or words; a distribution over states is refused
with the view to write instead; quotes checked by `sources check`."""

from __future__ import annotations

import json
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
    event: [rain]
    p: likely
    basis: "\\"likely\\": the middle of 0.55-0.80"
    source: {doc: weather_report, quote: "The rain fell all night", speaker: radio, stake: neutral}
  - name: the neighbour
    target: sprinkler
    event: [on]
    p: 0.1
    by: 2022-10-12
"""


def project(tmp_path: Path, reference: str) -> Path:
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    path = tmp_path / "scenarios" / "morning.yaml"
    path.write_text(path.read_text(encoding="utf-8") + reference, encoding="utf-8")
    return path


def test_references_naming_their_event_are_read_as_views(tmp_path) -> None:
    loaded = load_scenario(project(tmp_path, GOOD))
    radio, neighbour = loaded.scenario.views
    assert (radio.node, radio.event, radio.p, radio.said) == ("rain", ("rain",), 0.675, "likely")
    assert (neighbour.node, neighbour.event, neighbour.p) == ("sprinkler", ("on",), 0.1)
    assert radio.written_as == "reference" and radio.note.startswith('"likely"')
    assert radio.by is None and str(neighbour.by) == "2022-10-12"
    assert radio.source == {"doc": "weather_report", "quote": "The rain fell all night",
                            "speaker": "radio", "stake": "neutral"}


def test_run_shows_them_as_views_beside_the_model(tmp_path) -> None:
    path = project(tmp_path, GOOD)
    data = json.loads(CliRunner().invoke(app, ["run", str(path), "-f", "json"]).output)
    assert data["reference"] == []  # the key stays; its entries are views now
    assert [v["id"] for v in data["views"]] == ["the forecaster on the radio", "the neighbour"]
    radio = data["views"][0]
    assert radio["model"] == data["posteriors"]["rain"]["rain"]
    table = CliRunner().invoke(app, ["run", str(path)]).output
    assert "view the forecaster on the radio on rain: rain likely (68%, the band's midpoint), " \
           "undated: shown, not scored; model" in table


@pytest.mark.parametrize("reference, message", [
    ("reference:\n  - {name: a, p: {dry: 0.3, rain: 0.7}}\n",
     "reference 'a' spreads probability over rain's states that nobody named; write what was "
     "said as a view on the event they named: `views: [{id: ..., who: ..., node: rain, "
     "event: [rain], p: 0.7}]`"),
    ("reference:\n  - {name: a, target: wet, p: {dry: 0.1, damp: 0.45, soaked: 0.45}}\n",
     "event: [dry], p: 0.1"),
    ("reference:\n  - {name: a, event: [rain], p: {dry: 0.3, rain: 0.7}}\n",
     "reference 'a' spreads probability"),
    ("reference:\n  - {name: a, event: [snow], p: 0.3}\n",
     "reference 'a': unknown state 'snow' of 'rain'; states are dry, rain"),
    ("reference:\n  - {name: a, target: hail, event: [x], p: 0.3}\n",
     "reference 'a': unknown node 'hail'"),
    ("reference:\n  - {name: a, event: [rain], p: 0.2, source: {doc: nowhere, quote: x}}\n",
     "unknown document 'nowhere'; known documents: weather_report"),
    ("reference:\n  - {name: a, event: [rain], p: 0.2}\n  - {name: a, event: [dry], p: 0.3}\n",
     "reference 'a': the id 'a' is already used by reference 'a'"),
])
def test_bad_references_are_located(tmp_path, reference, message) -> None:
    with pytest.raises(UserError) as info:
        load_scenario(project(tmp_path, reference))
    assert any(message in str(p) for p in info.value.problems), info.value.problems
    assert all("morning.yaml:" in str(p) for p in info.value.problems)


def test_sources_check_covers_reference_quotes(tmp_path) -> None:
    path = project(tmp_path, "reference:\n  - name: a\n    event: [rain]\n    p: 0.2\n"
                             "    source: {doc: weather_report, quote: \"snow fell all day\"}\n")
    result = CliRunner().invoke(app, ["sources", "check", str(path)])
    assert result.exit_code == 2
    assert "morning.yaml:22:35:" in result.output and "quote not found in weather_report" in result.output
    good = CliRunner().invoke(app, ["sources", "check", str(project(tmp_path / "b", GOOD))])
    assert good.exit_code == 0 and "ok: 2 quotes" in good.output


def test_the_belarus_views_quote_their_documents() -> None:
    root = FIXTURE.parents[2]
    result = CliRunner().invoke(app, ["sources", "check", str(root / "scenarios" / "oct2022.yaml"),
                                      str(root / "scenarios" / "jan2023.yaml")])
    assert result.exit_code == 0, result.output
    views = load_scenario(root / "scenarios" / "oct2022.yaml").scenario.views
    assert [(v.id, v.event, v.by) for v in views] == [
        ("shraibman", ("defensive_only", "russian_offensive_from_belarus"), None),
        ("sannikov", ("belarus_enters_war",), None)]
