"""A scenario's `base_rates:` and `views:` (DESIGN section 8): built, and every bad input the
issue lists refused with its file and line, exit code 2 and nothing written."""

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
GOOD = """base_rates:
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
    who: the forecaster on the radio
    node: rain
    event: [rain]
    p: Likely
    source: {doc: weather_report, quote: "The rain fell all night", speaker: radio, stake: neutral}
  - id: neighbour
    node: sprinkler
    event: [on]
    p: 0.2
    by: 2022-10-12
"""


def project(tmp_path: Path, extra: str) -> Path:
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    path = tmp_path / "scenarios" / "morning.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_base_rates_and_views_are_built(tmp_path) -> None:
    scenario = load_scenario(project(tmp_path, GOOD)).scenario
    (rate,) = scenario.base_rates
    assert (rate.id, rate.node, rate.event, rate.events, rate.cases, rate.per_days) == (
        "wet_octobers", "rain", ("rain",), 9, 30, 1.0)
    assert rate.reference_class == "October nights in this town"
    radio, neighbour = scenario.views
    assert (radio.p, radio.said, radio.by) == (0.675, "likely", None)
    assert (neighbour.p, neighbour.said, str(neighbour.by)) == (0.2, None, "2022-10-12")


def test_the_schema_lists_the_new_keys() -> None:
    result = CliRunner().invoke(app, ["schema", "scenario"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    text = json.dumps(schema)
    for key in ("base_rates", "views", "per_days", '"class"', '"by"'):
        assert key in text, key


BASE = ("base_rates:\n  - {{id: r, node: rain, event: {event}, class: c, events: {events}, "
        "cases: {cases}, per_days: {per_days}, note: n}}\n")


def base(event="[rain]", events=1, cases=4, per_days=30) -> str:
    return BASE.format(event=event, events=events, cases=cases, per_days=per_days)


def view(p="0.3", event="[rain]", node="rain", extra="") -> str:
    return f"views:\n  - {{id: v, node: {node}, event: {event}, p: {p}{extra}}}\n"


@pytest.mark.parametrize("extra, message", [
    (base(events=5, cases=4), "morning.yaml:19:50: base rate 'r': events 5 > cases 4; the "
                              "event can happen in at most every case counted"),
    (base(events=-1), "base_rates.0.events: -1 is out of range; it must be at least 0"),
    (base(cases=-3), "base_rates.0.cases: -3 is out of range; it must be at least 0"),
    (base(events=1.5), "base rate 'r': events 1.5 is not a whole number"),
    (base(cases=4.2), "base rate 'r': cases 4.2 is not a whole number"),
    (base(cases=0, events=0), "base rate 'r': cases is 0"),
    (base(per_days=0), "base_rates.0.per_days: 0 is out of range; it must be greater than 0"),
    (base(per_days=-30), "base_rates.0.per_days: -30 is out of range"),
    (base(event="[snow]"), "base rate 'r': unknown state 'snow' of 'rain'; states are dry, rain"),
    (base(event="[dry, rain]"), "base rate 'r': the event names every state of 'rain', so it "
                                "always happens"),
    (base(event="[]"), "base_rates.0.event: too few entries (0); give at least 1"),
    (base().replace("node: rain", "node: hail"), "base rate 'r': unknown node 'hail'"),
    (base().replace("node: rain", "node: wet").replace("[rain]", "[soaked]"),
     "base rate 'r' is on 'wet', not a target of this scenario"),
    (base().replace("class: c, ", ""), "missing required key 'class'"),
    (base().replace(", note: n", ""), "base rate 'r': say where the count comes from"),
    (view(p="1.5"), "view 'v': p 1.5 is outside [0, 1]; give a probability"),
    (view(p="-0.1"), "view 'v': p -0.1 is outside [0, 1]"),
    (view(p="probably not"), "view 'v': p 'probably not' is neither a number nor words of the "
                             "ICD 203 yardstick (almost no chance, remote, very unlikely"),
    (view(event="[snow]"), "view 'v': unknown state 'snow' of 'rain'"),
    (view(event="[rain, dry]"), "view 'v': the event names every state of 'rain'"),
    (view(extra=", by: 2022-10-01"), "view 'v': by 2022-10-01 is not after the snapshot's "
                                     "as_of 2022-10-11"),
    (view(extra=", said: x"), "unknown key 'said'"),
    (view(extra=", source: {doc: nowhere, quote: x}"), "unknown document 'nowhere'"),
    (base().replace("id: r", "id: v") + view(), "view 'v': the id 'v' is already used by "
                                                "base rate 'v'"),
])
def test_bad_outside_views_are_located(tmp_path, extra, message) -> None:
    path = project(tmp_path, extra)
    with pytest.raises(UserError) as info:
        load_scenario(path)
    assert any(message in str(p) for p in info.value.problems), info.value.problems
    assert all("morning.yaml:" in str(p) for p in info.value.problems), info.value.problems
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not out.exists()  # nothing written
