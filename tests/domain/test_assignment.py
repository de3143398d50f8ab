"""The one NODE=STATE parser behind --target, --evidence and --set."""

from __future__ import annotations

import pytest
from conftest import ROOT

from forecast.domain.assignment import parse_assignment, parse_target
from forecast.errors import UserError
from forecast.spec.load import load_model


@pytest.fixture(scope="module")
def network():
    return load_model(ROOT / "models" / "belarus.yaml").network


@pytest.mark.parametrize("text, node, state", [
    ("belarus_posture", "belarus_posture", None),
    (" belarus_posture = defensive_only ", "belarus_posture", "defensive_only"),
    ("joint_force=announced", "joint_force", "announced"),
])
def test_a_target_reads_node_or_node_and_state(network, text, node, state) -> None:
    found = parse_target(text, network)
    assert (found.node, found.state) == (node, state)
    assert parse_target(None) is None and parse_target("") is None


@pytest.mark.parametrize("text, message", [
    ("=defensive_only", "--target '=defensive_only': write NODE or NODE=STATE"),
    ("belarus_posture=", "--target 'belarus_posture=': write NODE or NODE=STATE"),
    ("nope", "--target 'nope': unknown node 'nope'; nodes are russia_troop_need,"),
    ("belarus_posture=nope", "--target 'belarus_posture=nope': unknown state 'nope'; states of "
                             "belarus_posture are defensive_only, russian_offensive_from_belarus"),
])
def test_a_bad_target_says_what_to_write(network, text, message) -> None:
    with pytest.raises(UserError) as caught:
        parse_target(text, network)
    assert str(caught.value.problems[0]).startswith(message)


def test_evidence_needs_a_state_and_set_keeps_the_rest_whole() -> None:
    with pytest.raises(UserError, match="--evidence 'joint_force': write NODE=STATE"):
        parse_assignment("joint_force", "--evidence", state="required")
    rest = parse_assignment("russia_troop_need=acute:0.6, none:0.1", "--set", state="rest")
    assert (rest.node, rest.state) == ("russia_troop_need", "acute:0.6, none:0.1")
    with pytest.raises(UserError, match="--set 'x': malformed; write --set"):
        parse_assignment("x", "--set", state="rest", syntax="malformed; write --set NODE=...")


def test_every_command_parses_node_state_in_one_place() -> None:
    """No module but the parser splits NODE=STATE text itself."""
    import re

    src = ROOT / "src" / "forecast"
    splitting = re.compile(r"(target|text|evidence)\S*\.partition\(\"=\"\)")
    offenders = [str(p.relative_to(src)) for p in src.rglob("*.py")
                 if p.name != "assignment.py" and splitting.search(p.read_text())]
    assert offenders == []
