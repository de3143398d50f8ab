"""The Belarus case: every file validates, every quote is found, the structure is what the
articles name. The forecast values are an analyst's judgement and are deliberately not pinned."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.app import run_scenario
from forecast.cli.main import app
from forecast.engine import posteriors
from forecast.spec.load import load_model, load_scenario

MODEL = ROOT / "models" / "belarus.yaml"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
OUTCOME = "belarus_posture"


def test_validate_passes_on_every_project_file() -> None:
    files = [MODEL, *SCENARIOS, ROOT / "seeds" / "index.yaml"]
    result = CliRunner().invoke(app, ["validate", *map(str, files)])
    assert result.exit_code == 0, result.output


def test_every_quote_is_in_its_document(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["sources", "check"])
    assert result.exit_code == 0, result.output
    assert "quotes found" in result.output


def test_the_factors_the_articles_name_are_nodes() -> None:
    network = load_model(MODEL).network
    assert len(network.names) >= 12
    for factor in ["kremlin_pressure", "troop_morale", "domestic_unpopularity",
                   "russia_troop_need", "border_incidents", "dependence_on_moscow",
                   "regime_risk", "russian_troop_presence", "threat_claims", "army_capability",
                   "joint_force", "troop_movements_south", "snap_inspections",
                   "missile_launches", "engineering_works", "leader_meetings"]:
        assert factor in network, factor
    assert network.targets == (OUTCOME,)
    assert network[OUTCOME].states == ("defensive_only", "russian_offensive_from_belarus",
                                       "belarus_enters_war")
    assert set(network[OUTCOME].meta["resolution"]) == set(network[OUTCOME].states)
    kinds = {getattr(node.form, "kind", "table") for node in network.nodes.values()}
    assert {"noisy_max", "ranked"} <= kinds


def test_every_node_is_described_and_explained() -> None:
    network = load_model(MODEL).network
    for name, node in network.nodes.items():
        assert node.meta.get("description"), name
        assert node.meta.get("rationale"), name


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenarios_are_sourced_and_outcomes_sum_to_one(path: Path) -> None:
    loaded = load_scenario(path)
    assert len(loaded.scenario.findings) >= 5
    assert all(f.source for f in loaded.scenario.findings)
    assert all(f.node != OUTCOME for f in loaded.scenario.findings)
    assert loaded.scenario.horizon is not None
    result = run_scenario(path)
    assert sum(result["posteriors"][OUTCOME].values()) == pytest.approx(1.0, abs=3e-12)  # 3 values, each rounded to 1e-12
    reference = run_scenario(path, engine="pgmpy")
    for state, p in result["posteriors"][OUTCOME].items():
        assert p == pytest.approx(reference["posteriors"][OUTCOME][state], abs=1e-9)


def test_project_model_matches_pyagrum_on_every_node() -> None:
    from reference import pyagrum_posteriors

    loaded = load_scenario(ROOT / "scenarios" / "jan2023.yaml")
    network = loaded.network
    evidence = loaded.scenario.likelihoods()
    targets = [n for n in network.names if n not in evidence]
    ours = posteriors(network, targets, evidence)
    theirs = pyagrum_posteriors(network, targets, evidence)
    for target in targets:
        np.testing.assert_allclose(ours[target], theirs[target], atol=1e-9)


def test_seeds_are_byte_for_byte_copies_of_the_shared_articles() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for original in shared.glob("*.txt"):
        copy = ROOT / "seeds" / original.name
        assert hashlib.sha256(copy.read_bytes()).digest() == hashlib.sha256(
            original.read_bytes()).digest()
