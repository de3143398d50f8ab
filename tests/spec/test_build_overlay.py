"""Overlays: each analyst alone equals brute force on a model file holding their numbers, and
every problem in an overlay is reported at its line and column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from reference import brute_force
from tiny_project import tiny_project

from forecast.app import run_scenario
from forecast.errors import UserError
from forecast.spec.build_overlay import load_overlay
from forecast.spec.load import load_model, load_scenario

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
SCENARIO = TINY / "scenarios" / "morning.yaml"
OVERLAYS = TINY / "overlays"

# Each overlay's numbers written into the model itself, as an analyst would edit a copy.
MODEL_EDITS = {
    "clouds.yaml": [("prior: {no_clouds: 0.5, clouds: 0.5}", "prior: {no_clouds: 0.2, clouds: 0.8}")],
    "sprinkler.yaml": [
        ("p: {off: 0.5, on: 0.5}", "p: {off: 0.2, on: 0.8}"),
        ("p: {off: 0.9, on: 0.1}", "p: {off: 0.7, on: 0.3}"),
        ("leak: {dry: 0.9, damp: 0.08, soaked: 0.02}", "leak: {dry: 0.8, damp: 0.15, soaked: 0.05}"),
        ("rain: {rain: {dry: 0.1, damp: 0.3, soaked: 0.6}}",
         "rain: {rain: {dry: 0.05, damp: 0.25, soaked: 0.7}}"),
        ("sprinkler: {on: {dry: 0.2, damp: 0.6, soaked: 0.2}}",
         "sprinkler: {on: {dry: 0.1, damp: 0.5, soaked: 0.4}}"),
    ],
    "worry.yaml": [
        ("prior: {no_clouds: 0.5, clouds: 0.5}", "prior: {no_clouds: 0.5, clouds: 0.5}"),
        ("p: {dry: 0.8, rain: 0.2}", "p: [0.9, 0.1]"),
        ("p: [0.2, 0.8]", "p: [0.05, 0.95]"),
        ("function: wmean\n      weights: {wet: 2, cloudy: 1}\n      variance: 0.05",
         "function: wmax\n      weights: {wet: 1, cloudy: 3}\n      variance: 0.1"),
    ],
}
# an overlay's root prior replaces the scenario's prior adjustment of that root
DROPS_SCENARIO_PRIOR = {"clouds.yaml", "worry.yaml"}


def overlaid_by_hand(tmp_path: Path, overlay: str):
    """The scenario's network and evidence with the overlay's numbers typed into the model."""
    edits = {"models/wet.yaml": MODEL_EDITS[overlay]}
    if overlay in DROPS_SCENARIO_PRIOR:
        edits["scenarios/morning.yaml"] = [("priors:\n  cloudy: {no_clouds: 0.4, clouds: 0.6}\n", "")]
    loaded = load_scenario(tiny_project(tmp_path, edits) / "scenarios" / "morning.yaml")
    return loaded.network.with_cpts(loaded.scenario.priors), loaded.scenario


@pytest.mark.parametrize("overlay", sorted(MODEL_EDITS))
def test_one_analyst_equals_brute_force_on_the_overlaid_model(tmp_path: Path, overlay: str) -> None:
    network, scenario = overlaid_by_hand(tmp_path, overlay)
    expected = brute_force(network, scenario.targets, scenario.likelihoods())
    result = run_scenario(SCENARIO, analysts=[OVERLAYS / overlay])
    name = load_overlay(OVERLAYS / overlay, load_scenario(SCENARIO).model).analyst
    written = result.to_json()
    assert list(result.per_analyst) == [name]
    assert list(written["analysts"]) == [name]
    for target, vector in expected.items():
        got = result.posteriors[target].array
        np.testing.assert_allclose(got, vector, atol=1e-9)
        np.testing.assert_allclose(result.per_analyst[name][target], vector, atol=1e-9)
    assert "pool" not in written


@pytest.mark.parametrize("method", ["linear", "log"])
def test_pools_equal_mean_and_normalised_geometric_mean_of_brute_force(tmp_path: Path,
                                                                        method: str) -> None:
    names = sorted(MODEL_EDITS)
    alone = []
    for i, overlay in enumerate(names):
        network, scenario = overlaid_by_hand(tmp_path / str(i), overlay)
        alone.append(brute_force(network, scenario.targets, scenario.likelihoods()))
    weights = {"analyst_a": 3.0, "analyst_b": 1.0, "analyst_c": 2.0}
    result = run_scenario(SCENARIO, analysts=[OVERLAYS / n for n in names], pool=method,
                          weights="analyst_a=3,analyst_b=1,analyst_c=2")
    written = result.to_json()
    assert list(written["analysts"]) == list(result.per_analyst)
    w = np.array([weights[a] for a in result.per_analyst]) / 6.0
    for target in alone[0]:
        stacked = np.stack([a[target] for a in alone])
        if method == "linear":
            expected = w @ stacked
        else:
            raw = np.prod(stacked ** w[:, None], axis=0)
            expected = raw / raw.sum()
        got = result.posteriors[target].array
        np.testing.assert_allclose(got, expected, atol=1e-9)
        np.testing.assert_allclose(list(written["spread"][target].values()),
                                   stacked.max(axis=0) - stacked.min(axis=0), atol=1e-9)
    assert written["pool"] == {"method": method,
                               "weights": {n: pytest.approx(weights[n] / 6)
                                           for n in written["analysts"]}}


def test_set_applies_over_the_overlay(tmp_path: Path) -> None:
    """--set is for this run: it wins over an analyst's prior of the same root."""
    with_set = run_scenario(SCENARIO, analysts=[OVERLAYS / "clouds.yaml"],
                            sets=["cloudy=clouds:0.3"])
    plain_set = run_scenario(SCENARIO, sets=["cloudy=clouds:0.3"])
    assert with_set.posteriors == plain_set.posteriors
    assert with_set.to_json()["posteriors"] == plain_set.to_json()["posteriors"]
    kinds = [a["kind"] for a in with_set.to_json()["adjustments"]]
    assert kinds == ["analyst", "--set"]


def test_overlay_applies_to_the_forms_sensitivity_sees() -> None:
    model = load_scenario(SCENARIO).model
    overlay = load_overlay(OVERLAYS / "sprinkler.yaml", model)
    network = overlay.apply(model.network)
    assert network["wet"].confidence == 5
    assert network["wet"].form.leak.tolist() == [0.8, 0.15, 0.05]
    assert network["sprinkler"].meta["analyst_rationale"] == "the neighbours water every dry evening"
    np.testing.assert_allclose(network["wet"].cpt, network["wet"].form.cpt())
    assert model.network["wet"].form.leak.tolist() == [0.9, 0.08, 0.02]  # the model is untouched


BAD = [
    ("priors:\n  nowhere: [0.5, 0.5]\n", "4:3", "prior for unknown node 'nowhere'"),
    ("priors:\n  rain: [0.5, 0.5]\n", "4:3",
     "prior for 'rain', which has parents; priors can be set on root nodes only (cloudy); "
     "put its table under `nodes`"),
    ("priors:\n  cloudy: {no_clouds: 0.3, clouds: 0.3}\n", "4:3", "sum to 0.6, not 1"),
    ("priors:\n  cloudy: {no_clouds: 0.3, sun: 0.7}\n", "4:28", "unknown state 'sun'"),
    ("nodes:\n  nowhere:\n    prior: [0.5, 0.5]\n", "4:3", "unknown node 'nowhere'"),
    ("nodes:\n  rain:\n    prior: [0.5, 0.5]\n", "5:5", "has parents, so it takes a table"),
    ("nodes:\n  cloudy:\n    table: []\n", "5:5", "has no parents: give it a `prior`"),
    ("nodes:\n  rain:\n    rationale: only words\n", "4:3", "has no parameters"),
    ("nodes:\n  rain:\n    table:\n      - given: {cloudy: sunny}\n        p: [0.5, 0.5]\n",
     "6:17", "unknown state 'sunny' of 'cloudy'"),  # single rows are fine (the rest: the model's)
    ("nodes:\n  rain:\n    table:\n      - given: {cloudy: clouds}\n        p: [0.5, 0.6]\n"
     "      - given: {cloudy: no_clouds}\n        p: [0.5, 0.5]\n", "7:9", "sum to 1.1"),
    ("nodes:\n  rain:\n    prior: [0.5, 0.5]\n    table: []\n", "6:5", "has prior and table"),
    ("priors:\n  cloudy: [0.5, 0.5]\nnodes:\n  cloudy:\n    prior: [0.4, 0.6]\n", "4:3",
     "under both `priors` and `nodes`"),
    ("model: some_other_model\n", "3:1", "this overlay is for model 'some_other_model'"),
    ("colour: blue\n", "3:1", "unknown key 'colour'"),
    ("nodes:\n  worry:\n    ranked: {function: wmean, weights: {wet: 1}, variance: 0.1}\n",
     "5:31", "ranked weights lack 'cloudy'"),
]


@pytest.mark.parametrize(("body", "where", "message"), BAD)
def test_bad_overlay_is_located(tmp_path: Path, body: str, where: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("format: forecast-overlay/1\nanalyst: x\n" + body, encoding="utf-8")
    model = load_model(TINY / "models" / "wet.yaml")
    with pytest.raises(UserError) as caught:
        load_overlay(path, model)
    text = str(caught.value)
    assert f"{path}:{where}: " in text, text
    assert message in text, text


def test_every_problem_of_an_overlay_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("format: forecast-overlay/1\nanalyst: x\npriors:\n  nowhere: [1, 0]\n"
                    "  rain: [0.5, 0.5]\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_overlay(path, load_model(TINY / "models" / "wet.yaml"))
    assert len(caught.value.problems) == 2


@pytest.mark.parametrize("written", ["wet_grass", "wet", "../models/wet.yaml", "models/wet.yaml"])
def test_model_may_be_named_by_id_stem_or_path(tmp_path: Path, written: str, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    overlays = tmp_path / "overlays"
    overlays.mkdir()
    path = overlays / "a.yaml"
    tiny_project(tmp_path)
    path.write_text(f"format: forecast-overlay/1\nanalyst: a\nmodel: {written}\n", encoding="utf-8")
    assert load_overlay(path, load_model(tmp_path / "models" / "wet.yaml")).analyst == "a"


def test_an_unknown_pool_is_refused() -> None:
    with pytest.raises(UserError, match="--pool 'geometric': use linear or log"):
        run_scenario(SCENARIO, analysts=[OVERLAYS / "clouds.yaml", OVERLAYS / "worry.yaml"],
                     pool="geometric")


def test_a_scenario_is_not_an_overlay() -> None:
    with pytest.raises(UserError, match="this is a scenario file"):
        load_overlay(SCENARIO, load_scenario(SCENARIO).model)
