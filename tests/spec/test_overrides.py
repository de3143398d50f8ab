"""`--set NODE=STATE:P[,STATE:P...]`: parsing, and applying it to a root prior (the states not
named share the rest in proportion to their current values)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecast.app import run_scenario
from forecast.errors import UserError
from forecast.spec.load import load_model, load_scenario
from forecast.spec.overrides import apply_set, parse_set
from forecast.usecases.snapshot import scenario_network

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"

# A root with three states, so that "the others share the rest" means something.
MODEL = """\
format: forecast-model/1
id: pressure
title: Pressure and response
targets: [response]
nodes:
  pressure:
    states: [low, moderate, high]
    prior: {low: 0.2, moderate: 0.5, high: 0.3}
  mood:
    states: [calm, tense]
    prior: [1.0, 0.0]
  response:
    states: [none, some]
    parents: [pressure]
    table:
      - given: {pressure: low}
        p: [0.9, 0.1]
      - given: {pressure: moderate}
        p: [0.6, 0.4]
      - given: {pressure: high}
        p: [0.2, 0.8]
"""


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("overrides") / "pressure.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return load_model(path).network


def apply(network, text: str, current=None) -> np.ndarray:
    node, given = parse_set(text)
    if current is None:
        current = network[node].cpt if node in network else np.ones(1)
    return apply_set(network, np.asarray(current, dtype=float), node, given, text)


# --- parsing -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "node", "given"), [
    ("pressure=high:0.6", "pressure", {"high": 0.6}),
    ("pressure=high:0.6,low:0.1", "pressure", {"high": 0.6, "low": 0.1}),
    (" pressure = high : 0.6 , low:.1 ", "pressure", {"high": 0.6, "low": 0.1}),
    ("pressure=high:1", "pressure", {"high": 1.0}),
    ("pressure=high:0", "pressure", {"high": 0.0}),
    ("pressure=high:6e-1", "pressure", {"high": 0.6}),
    ("pressure=low:0.2,moderate:0.5,high:0.3", "pressure", {"low": 0.2, "moderate": 0.5, "high": 0.3}),
])
def test_parse_set(text: str, node: str, given: dict[str, float]) -> None:
    got_node, got = parse_set(text)
    assert got_node == node
    assert got == pytest.approx(given)


@pytest.mark.parametrize(("text", "message"), [
    ("pressure", "malformed; write --set NODE=STATE:P"),
    ("=high:0.5", "malformed"),
    ("pressure=", "malformed"),
    ("pressure=   ", "malformed"),
    ("pressure=high", "malformed part 'high'"),
    ("pressure=high=0.5", "malformed part"),
    ("pressure=:0.5", "malformed part ':0.5'"),
    ("pressure=high:0.5,", "malformed part ''"),
    ("pressure=high:0.5,,low:0.1", "malformed part ''"),
    ("pressure=high:", "'' is not a number"),
    ("pressure=high:half", "'half' is not a number"),
    ("pressure=high:50%", "'50%' is not a number"),
    ("pressure=high:0,5", "malformed part '5'"),
    ("pressure=high:nan", "probability nan is outside [0, 1]"),
    ("pressure=high:inf", "probability inf is outside [0, 1]"),
    ("pressure=high:1.5", "probability 1.5 is outside [0, 1]"),
    ("pressure=high:-0.1", "probability -0.1 is outside [0, 1]"),
    ("pressure=high:0.1,high:0.2", "state 'high' given twice"),
])
def test_parse_set_errors(text: str, message: str) -> None:
    with pytest.raises(UserError) as info:
        parse_set(text)
    assert message in str(info.value)
    assert str(info.value).startswith(f"--set {text!r}: ")


# --- applying ----------------------------------------------------------------------------------

def test_one_state_set_others_share_the_rest_in_proportion(network) -> None:
    new = apply(network, "pressure=high:0.6")
    # low and moderate were 0.2 and 0.5: they share 0.4 in the ratio 2:5
    assert new == pytest.approx([0.4 * 2 / 7, 0.4 * 5 / 7, 0.6])
    assert new.sum() == pytest.approx(1.0)


def test_two_states_set_the_third_takes_the_rest(network) -> None:
    assert apply(network, "pressure=high:0.6,low:0.1") == pytest.approx([0.1, 0.3, 0.6])


def test_every_state_set(network) -> None:
    assert apply(network, "pressure=low:0.25,moderate:0.25,high:0.5") == pytest.approx([0.25, 0.25, 0.5])


def test_every_state_set_within_tolerance_is_renormalised(network) -> None:
    new = apply(network, "pressure=low:0.2,moderate:0.5,high:0.3000000001")
    assert new.sum() == pytest.approx(1.0, abs=1e-15)


def test_named_states_summing_to_one_leave_zero_to_the_others(network) -> None:
    assert apply(network, "pressure=high:1") == pytest.approx([0.0, 0.0, 1.0])


def test_others_at_zero_share_the_rest_equally(network) -> None:
    new = apply(network, "pressure=high:0.4", current=[0.0, 0.0, 1.0])
    assert new == pytest.approx([0.3, 0.3, 0.4])


def test_setting_a_zero_state(network) -> None:
    assert apply(network, "mood=tense:0.25") == pytest.approx([0.75, 0.25])


def test_applies_to_the_current_vector_not_the_model(network) -> None:
    new = apply(network, "pressure=high:0.5", current=[0.1, 0.4, 0.5])
    assert new == pytest.approx([0.1, 0.4, 0.5])


@pytest.mark.parametrize(("text", "message"), [
    ("nowhere=high:0.5", "unknown node 'nowhere'; root nodes are pressure, mood"),
    ("response=some:0.5", "'response' has parents; --set changes root priors only (pressure, mood)"),
    ("pressure=extreme:0.5", "unknown state 'extreme' of 'pressure'; states are low, moderate, high"),
    ("pressure=high:0.7,low:0.7", "the probabilities given sum to 1.4, more than 1"),
    ("pressure=low:0.2,moderate:0.2,high:0.2", "every state is given but they sum to 0.6, not 1"),
    ("pressure=low:0,moderate:0,high:0", "every state is given but they sum to 0, not 1"),
])
def test_apply_errors(network, text: str, message: str) -> None:
    with pytest.raises(UserError) as info:
        apply(network, text)
    assert message in str(info.value)
    assert str(info.value).startswith(f"--set {text!r}: ")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    current=st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3),
    state=st.integers(0, 2),
    p=st.floats(0.0, 1.0),
)
def test_set_one_state_properties(network, current: list[float], state: int, p: float) -> None:
    current_arr = np.asarray(current)
    if current_arr.sum() == 0:
        current_arr = np.array([0.2, 0.5, 0.3])
    current_arr = current_arr / current_arr.sum()
    name = network["pressure"].states[state]
    new = apply(network, f"pressure={name}:{p!r}", current=current_arr)
    assert new.sum() == pytest.approx(1.0)
    assert np.all(new >= 0)
    assert new[state] == pytest.approx(p)
    others = [i for i in range(3) if i != state]
    a, b = (current_arr[i] for i in others)
    if a > 1e-6 and b > 1e-6 and p < 1 - 1e-6:
        assert new[others[0]] / new[others[1]] == pytest.approx(a / b, rel=1e-6)


# --- through the use case: scenario priors, then each --set in order ---------------------------

@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    return tmp_path / "scenarios" / "morning.yaml"


def test_set_starts_from_the_scenario_prior(tiny: Path) -> None:
    loaded = load_scenario(tiny)
    assert loaded.scenario.priors["cloudy"] == pytest.approx([0.4, 0.6])
    network, applied = scenario_network(loaded, ["cloudy=clouds:0.9"])
    assert network["cloudy"].cpt == pytest.approx([0.1, 0.9])
    assert applied["cloudy"] == {"from": "--set", "p": pytest.approx({"no_clouds": 0.1, "clouds": 0.9})}


def test_without_set_the_scenario_prior_is_reported(tiny: Path) -> None:
    network, applied = scenario_network(load_scenario(tiny), [])
    assert applied["cloudy"]["from"] == "scenario"
    assert network["cloudy"].cpt == pytest.approx([0.4, 0.6])


def test_sets_apply_in_order(tiny: Path) -> None:
    network, _ = scenario_network(load_scenario(tiny), ["cloudy=clouds:0.9", "cloudy=no_clouds:0.5"])
    assert network["cloudy"].cpt == pytest.approx([0.5, 0.5])


def test_set_leaves_the_loaded_model_alone(tiny: Path) -> None:
    loaded = load_scenario(tiny)
    before = loaded.network["cloudy"].cpt.copy()
    scenario_network(loaded, ["cloudy=clouds:0.9"])
    assert np.array_equal(loaded.network["cloudy"].cpt, before)


def test_set_changes_the_result(tiny: Path) -> None:
    base = run_scenario(tiny)
    more_clouds = run_scenario(tiny, sets=["cloudy=clouds:0.95"])
    assert more_clouds.to_json()["priors"]["cloudy"]["from"] == "--set"
    assert more_clouds.posteriors["rain"]["rain"] > base.posteriors["rain"]["rain"]


@pytest.mark.parametrize(("sets", "message"), [
    (["cloudy=clouds:2"], "probability 2 is outside [0, 1]"),
    (["rain=rain:0.5"], "'rain' has parents"),
    (["cloudy=clouds:0.5", "cloudy"], "--set 'cloudy': malformed"),
])
def test_bad_set_through_the_use_case(tiny: Path, sets: list[str], message: str) -> None:
    with pytest.raises(UserError, match=message.replace("[", r"\[").replace("]", r"\]")):
        run_scenario(tiny, sets=sets)
