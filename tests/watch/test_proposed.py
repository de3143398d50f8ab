"""Proposed findings: accepted by the scenario spec, checked like findings, never computed with."""

import dataclasses

import numpy as np
import pytest
from belarus_project import belarus_project, with_proposals

from forecast.app import Checks, load_checked, run_scenario
from forecast.errors import UserError


@pytest.fixture
def project(tmp_path):
    return belarus_project(tmp_path)


def test_the_spec_accepts_proposed_findings_and_keeps_them_apart(project):
    loaded = load_checked(with_proposals(project))
    plain = load_checked(project / "scenarios" / "jan2023.yaml")
    assert [f.ref for f in loaded.scenario.findings] == [f.ref for f in plain.scenario.findings]
    assert [p.node for p in loaded.scenario.proposed] == [
        "offensive_logistics", "joint_force", "threat_claims"]
    assert loaded.scenario.proposed[1].state == "not_announced"
    assert loaded.scenario.proposed[2].state is None  # no state suggested: still valid
    # the evidence engines see is the same
    a, b = loaded.scenario.likelihoods(), plain.scenario.likelihoods()
    assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_every_scenario_says_how_many_are_waiting(project):
    loaded = load_checked(with_proposals(project))
    (warning,) = [w for w in loaded.integrity.warnings if w.kind == "proposed"]
    assert warning.details["count"] == 3
    assert warning.message.startswith("3 proposed findings waiting for an analyst")
    assert warning.details["findings"] == ["offensive_logistics#1", "joint_force#2",
                                           "threat_claims#1"]
    plain = load_checked(project / "scenarios" / "jan2023.yaml")
    assert not [w for w in plain.integrity.warnings if w.kind == "proposed"]


def test_strict_refuses_proposed_findings(project):
    with pytest.raises(UserError) as err:
        load_checked(with_proposals(project), Checks(strict=True))
    assert any(str(p).count("proposed: 3 proposed findings") for p in err.value.problems)


def test_proposed_quotes_are_verified_like_every_quote(project):
    path = with_proposals(project)
    path.write_text(path.read_text().replace("recent unintended escalations from Ukraine",
                                             "recent intended escalations from Ukraine"))
    with pytest.raises(UserError) as err:
        load_checked(path)
    assert "quote not found in will_belarus_join_2023_01" in str(err.value)


@pytest.mark.parametrize("bad, message", [
    ("    state: observed\n    proposed: true\n",
     None),
    ("    state: seen\n    proposed: true\n", "unknown state 'seen' of 'offensive_logistics'"),
])
def test_proposed_states_are_checked(project, bad, message):
    path = with_proposals(project)
    text = path.read_text()
    path.write_text(text.replace("    state: observed\n    proposed: true\n", bad, 1))
    if message is None:
        load_checked(path)
        return
    with pytest.raises(UserError) as err:
        load_checked(path)
    assert message in str(err.value)


def test_run_is_the_same_with_and_without_proposals(project):
    a = run_scenario(with_proposals(project)).to_json()
    b = run_scenario(project / "scenarios" / "jan2023.yaml").to_json()
    assert a["posteriors"] == b["posteriors"] and a["evidence"] == b["evidence"]
    # and the proposals would matter if they counted
    loaded = load_checked(with_proposals(project))
    from forecast.domain.evidence import Finding, hard_likelihood

    forced = dataclasses.replace(loaded.scenario, findings=(
        *loaded.scenario.findings,
        Finding("offensive_logistics", hard_likelihood(2, 1), state="observed")))
    moved = run_scenario(dataclasses.replace(loaded, scenario=forced)).to_json()
    assert moved["posteriors"] != a["posteriors"]
