"""The page's change sets, without a server: POST /api/run's answer is `forecast run`'s JSON
with the same changes, byte for byte, and the page's extras are exact."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tiny_project import tiny_project

from forecast.app import Checks, explain_scenario, run_scenario, sensitivity_scenario
from forecast.errors import UserError
from forecast.report.tables import to_json
from forecast.serve.session import Session, finding_ids, page_answer, run_changes
from forecast.spec.build_overlay import load_overlay
from forecast.spec.load import load_scenario
from forecast.spec.yamlio import load_yaml
from forecast.usecases.snapshot import infer

ROOT = Path(__file__).resolve().parents[2]
OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"  # quiet days: a derived node, never on the page
TINY = ROOT / "tests" / "fixtures" / "tiny"
MORNING = TINY / "scenarios" / "morning.yaml"


def session(path: Path, analyst: Path | None = None) -> Session:
    loaded = load_scenario(path)
    overlay = load_overlay(analyst, loaded.model) if analyst else None
    return Session(loaded, load_yaml(loaded.path), overlay,
                   load_yaml(analyst).data if analyst else None)


@pytest.mark.parametrize("path", [OCT, JAN, MORNING])
def test_no_change_is_forecast_run(path: Path) -> None:
    assert to_json(run_changes(session(path), {})) == to_json(run_scenario(path).to_json())


def test_the_page_of_a_snapshot_with_quiet_days_shows_the_model_s_nodes_only() -> None:
    from forecast.serve.view import page_setup

    s = session(JAN)
    setup = page_setup(s)
    names = [n["name"] if isinstance(n, dict) and "name" in n else n for n in setup["nodes"]]
    assert not any("quiet:" in str(n) for n in names)
    assert "quiet:" not in json.dumps(setup["graph"])
    answer = page_answer(s, {})
    assert not any(n.startswith("quiet:") for n in answer["marginals"])
    run = run_scenario(JAN)
    assert answer["marginals"]["belarus_posture"] == pytest.approx(
        dict(run.posteriors["belarus_posture"]), abs=1e-12)


@pytest.mark.parametrize(("priors", "sets"), [
    ({"russian_axis_intent": {"offensive": 0.4}}, ["russian_axis_intent=offensive:0.4"]),
    ({"russian_axis_intent": {"tie_down": 0.25, "offensive": 0.75}},
     ["russian_axis_intent=tie_down:0.25,offensive:0.75"]),
    ({"troop_morale": {"poor": 0.1}, "russia_troop_need": {"acute": 0.5, "high": 0.2}},
     ["troop_morale=poor:0.1", "russia_troop_need=acute:0.5,high:0.2"]),
])
def test_a_prior_change_is_forecast_run_with_set(priors, sets) -> None:
    assert to_json(run_changes(session(OCT), {"priors": priors})) == to_json(
        run_scenario(OCT, sets=sets).to_json())


def edited_scenario(tmp_path: Path, old: str, new: str) -> Path:
    scenario = "scenarios/morning.yaml"
    return tiny_project(tmp_path, {scenario: [(old, new)]}) / scenario


def test_a_regraded_finding_keeps_its_place_and_equals_the_edited_file(tmp_path: Path) -> None:
    s = session(MORNING)
    assert finding_ids(s.loaded.spec) == ["wet#1", "cloudy#1"]
    body = {"drop": ["wet#1"], "evidence": [{"node": "wet", "state": "soaked", "grade": "E4"}]}
    got = run_changes(s, body)
    expected = run_scenario(edited_scenario(tmp_path, "grade: B2", "grade: E4")).to_json()
    assert [e["node"] for e in got["evidence"]] == ["wet", "cloudy"]
    assert got["posteriors"] == expected["posteriors"]
    assert got["evidence"][0]["weight"] == expected["evidence"][0]["weight"]


def test_a_clicked_state_replaces_the_finding_on_its_node(tmp_path: Path) -> None:
    s = session(MORNING)
    got = run_changes(s, {"drop": ["cloudy#1"], "evidence": [{"node": "cloudy", "state": "clouds"}]})
    expected = run_scenario(edited_scenario(
        tmp_path, "  - node: cloudy\n    likelihood: {no_clouds: 0.5, clouds: 1.0}\n",
        "  - node: cloudy\n    state: clouds\n")).to_json()
    np.testing.assert_allclose(list(got["posteriors"]["rain"].values()),
                               list(expected["posteriors"]["rain"].values()), atol=1e-12)
    assert got["evidence"][1]["state"] == "clouds"


def test_a_dropped_finding_is_gone_and_a_new_one_is_appended() -> None:
    got = run_changes(session(MORNING), {"drop": ["wet#1"],
                                         "evidence": [{"node": "sprinkler", "state": "on"}]})
    assert [e["node"] for e in got["evidence"]] == ["cloudy", "sprinkler"]
    assert got["posteriors"]["sprinkler"] == {"off": 0.0, "on": 1.0}


def test_a_table_edit_equals_an_overlay_file_with_that_table() -> None:
    table = [{"given": {"cloudy": "no_clouds"}, "p": [0.2, 0.8]},
             {"given": {"cloudy": "clouds"}, "p": {"off": 0.7, "on": 0.3}}]
    got = run_changes(session(MORNING), {"nodes": {"sprinkler": {"table": table}}})
    overlay = run_scenario(MORNING, analysts=[TINY / "overlays" / "sprinkler.yaml"]).to_json()
    assert got["posteriors"]["sprinkler"] != overlay["posteriors"]["sprinkler"]  # wet differs too
    by_hand = load_scenario(MORNING)
    cpt = np.array([[0.2, 0.8], [0.7, 0.3]])
    network = by_hand.network.with_cpts({"sprinkler": cpt, **by_hand.scenario.priors})
    expected = infer(network, ["rain", "sprinkler"], by_hand.scenario.findings, "compiled")
    for node, vector in expected.items():
        np.testing.assert_allclose(list(got["posteriors"][node].values()), vector, atol=1e-9)
    assert got["adjustments"][1] == {"kind": "analyst", "analyst": "page", "date": None,
                                     "file": None, "rationale": None, "nodes": ["sprinkler"]}


def test_the_start_analyst_stays_under_the_page_edits() -> None:
    s = session(MORNING, TINY / "overlays" / "sprinkler.yaml")
    assert to_json(run_changes(s, {})) == to_json(
        run_scenario(MORNING, analysts=[TINY / "overlays" / "sprinkler.yaml"]).to_json())
    table = [{"given": {"cloudy": "no_clouds"}, "p": [0.5, 0.5]},
             {"given": {"cloudy": "clouds"}, "p": [0.9, 0.1]}]
    got = run_changes(s, {"nodes": {"sprinkler": {"table": table}}})
    assert got["adjustments"][1]["analyst"] == "analyst_b"
    assert got["adjustments"][1]["nodes"] == ["sprinkler", "wet"]


def test_page_answer_is_exact() -> None:
    s = session(OCT)
    answer = page_answer(s, {"priors": {"russian_axis_intent": {"offensive": 0.4}}})
    sets = ["russian_axis_intent=offensive:0.4"]
    assert answer["run"] == run_scenario(OCT, sets=sets).to_json()
    loaded = load_scenario(OCT)
    from forecast.usecases.snapshot import scenario_network

    network, _ = scenario_network(loaded, sets)
    every = infer(network, network.names, loaded.scenario.findings, "compiled")
    for node, vector in every.items():
        np.testing.assert_allclose(list(answer["marginals"][node].values()), vector, atol=1e-9)
    explain = explain_scenario(OCT, sets=sets).to_json()
    assert answer["impact"]["evidence"] == explain["evidence"]
    sens = sensitivity_scenario(OCT, sets=sets, sweep="credible").to_json()
    ranked = [p for p in sens["parameters"] if not p.get("mirror")]   # a binary prior once
    shown = answer["drivers"]["parameters"]
    assert len(shown) == 8
    assert [{k: v for k, v in p.items() if k not in ("what", "where")} for p in shown] == ranked[:8]
    assert answer["drivers"]["state"] == sens["target"]["state"]
    assert answer["drivers"]["sweep"] == "credible"
    assert shown[0]["what"] == "Moscow's plan for the Belarus axis: offensive"
    assert [p["node"] for p in shown].count("russian_axis_intent") == 1
    assert answer["server_ms"] > 0


def test_a_quote_typed_on_the_page_and_not_found_makes_a_draft(tmp_path: Path) -> None:
    finding = {"node": "wet", "state": "dry",
               "source": {"doc": "weather_report", "quote": "no such words"}}
    got = run_changes(session(MORNING), {"evidence": [finding]})
    assert got["verification"]["draft"] is True
    assert [u["quote"] for u in got["verification"]["unverified"]] == ["no such words"]
    page = page_answer(session(MORNING), {"evidence": [finding]})
    assert page["run"] == got
    # exact against `forecast run --allow-unverified` on the same scenario written out
    project = tiny_project(tmp_path / "p")
    path = project / "scenarios" / "morning.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("priors:", "  - {node: wet, state: dry, source: {doc: weather_report, "
                                 "quote: no such words}}\npriors:"), encoding="utf-8")
    cli = run_scenario(path, checks=Checks(allow_unverified=True)).to_json()
    assert got["posteriors"] == cli["posteriors"]
    assert got["verification"]["unverified"][0]["quote"] == cli["verification"]["unverified"][0]["quote"]


BAD = [
    ([1, 2], "the body must be a JSON object"),
    ({"prior": {}}, "unknown key(s) 'prior'"),
    ({"drop": ["nothing#1"]}, "`drop` names unknown finding(s) 'nothing#1'; the scenario's findings"),
    ({"drop": "wet#1"}, "`drop` must be a list of finding ids"),
    ({"evidence": {"node": "wet"}}, "`evidence` must be a list"),
    ({"evidence": [{"node": "wet", "state": "flooded"}]}, "request: unknown state 'flooded' of 'wet'"),
    ({"evidence": [{"node": "wet", "colour": "red"}]}, "evidence[0]: colour: Extra inputs"),
    ({"priors": {"rain": {"dry": 0.5}}}, "'rain' has parents"),
    ({"priors": {"cloudy": {"clouds": 1.5}}}, "outside [0, 1]"),
    ({"priors": {"cloudy": {"clouds": "a lot"}}}, "priors.cloudy.clouds must be a number"),
    ({"priors": ["cloudy"]}, "`priors` must be an object keyed by node"),
    ({"priors": {"cloudy": 0.5}}, "priors.cloudy must be an object of state: probability"),
    ({"nodes": ["rain"]}, "`nodes` must be an object keyed by node"),
    ({"nodes": {"rain": {"table": [{"given": {"cloudy": "sunny"}, "p": [1, 0]}]}}},
     "unknown state 'sunny' of 'cloudy'"),  # single rows are fine; the rest stay the model's
    ({"nodes": {"rain": {"tabel": []}}}, "rain.tabel: Extra inputs"),
    ({"drop": ["cloudy#1"], "evidence": [{"node": "cloudy", "state": "no_clouds"}],
      "priors": {"cloudy": {"clouds": 1.0}}}, "the evidence is impossible"),
    ({"evidence": [{"node": "nowhere", "state": "x"}]}, "request: evidence on unknown node"),
]


@pytest.mark.parametrize(("body", "message"), BAD)
def test_bad_change_sets_say_what_is_wrong(body, message) -> None:
    with pytest.raises(UserError) as caught:
        run_changes(session(MORNING), body)
    assert message in str(caught.value), str(caught.value)


def test_the_page_answer_carries_the_outside_view_beside_the_changed_model() -> None:
    answer = page_answer(session(OCT), {"priors": {"russian_axis_intent": {"offensive": 0.9}}})
    run = answer["run"]
    rate = next(r for r in run["base_rates"] if r["id"] == "csto_allies_in_russias_wars")
    assert rate["model"] == run["posteriors"]["belarus_posture"]["belarus_enters_war"]
    plain = run_scenario(OCT).to_json()["base_rates"][0]
    assert rate["p"] == plain["p"] and rate["model"] > plain["model"]  # the change moves only the model
    assert [v["id"] for v in run["views"]] == ["shraibman", "sannikov"]
