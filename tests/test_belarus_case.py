"""The Belarus case: every file validates, every quote is found, the structure is what the
articles name, and the properties a methodologist checks hold (knowable at each date, one
finding per origin, grades that follow the source, a feint that produces visible activity).
The forecast values are an analyst's judgement and are pinned only by the model card's
figures (tests/test_belarus_card.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.engine import posteriors
from forecast.sources import normalise
from forecast.spec.load import load_model, load_scenario

MODEL = ROOT / "models" / "belarus.yaml"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
OUTCOME = "belarus_posture"
EPISODE_INDICATORS = ["troop_movements_south", "snap_inspections", "engineering_works"]


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


def published(model, doc: str) -> dt.date:
    return dt.date.fromisoformat(model.corpus.documents[doc].published)


def test_validate_passes_on_every_project_file() -> None:
    files = [MODEL, *SCENARIOS, ROOT / "seeds" / "index.yaml"]
    result = CliRunner().invoke(app, ["validate", *map(str, files)])
    assert result.exit_code == 0, result.output


def test_every_quote_is_in_its_document(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["sources", "check"])
    assert result.exit_code == 0, result.output
    assert "quotes found" in result.output


def test_the_factors_the_articles_name_are_nodes(model) -> None:
    network = model.network
    for factor in ["kremlin_pressure", "troop_morale", "domestic_unpopularity",
                   "russia_troop_need", "border_incidents", "dependence_on_moscow",
                   "regime_risk", "russian_troop_presence", "threat_claims", "army_capability",
                   "joint_force", "troop_movements_south", "snap_inspections",
                   "missile_launches", "engineering_works", "leader_meetings",
                   "border_activity", "offensive_logistics"]:
        assert factor in network, factor
    assert network.targets == (OUTCOME,)
    assert network[OUTCOME].states == ("defensive_only", "russian_offensive_from_belarus",
                                       "belarus_enters_war")
    assert set(network[OUTCOME].meta["resolution"]) == set(network[OUTCOME].states)
    kinds = {getattr(node.form, "kind", "table") for node in network.nodes.values()}
    assert {"noisy_max", "ranked"} <= kinds


def test_every_node_is_described_and_explained(model) -> None:
    for name, node in model.network.nodes.items():
        assert node.meta.get("description"), name
        assert node.meta.get("rationale"), name


def test_the_model_knows_only_what_was_published_by_its_as_of(model) -> None:
    as_of = model.network.meta["as_of"]
    assert as_of == dt.date(2022, 10, 11)
    cited = [(name, c["doc"]) for name, node in model.network.nodes.items()
             for c in node.meta.get("sources", [])]
    assert cited
    late = [(name, doc) for name, doc in cited if published(model, doc) > as_of]
    assert late == []


def test_every_citation_names_its_speaker_and_stake(model) -> None:
    for name, node in model.network.nodes.items():
        for citation in node.meta.get("sources", []):
            assert citation.get("speaker") and citation.get("stake"), (name, citation["quote"])
    for path in SCENARIOS:
        spec = load_scenario(path).spec
        for item in [*spec.evidence, *spec.reference]:
            assert item.source and item.source.speaker and item.source.stake, (path.name, item)


def test_the_outcome_has_a_clock_and_indicators_are_marked(model) -> None:
    nodes = model.spec.nodes
    assert nodes[OUTCOME].window_days == (dt.date(2023, 4, 30) - dt.date(2022, 10, 11)).days
    indicators = {"joint_force", "troop_movements_south", "snap_inspections", "engineering_works",
                  "offensive_logistics", "missile_launches", "leader_meetings", "threat_claims",
                  "russian_troop_presence", "border_incidents"}
    assert {name for name, node in nodes.items() if node.observable} == indicators


def test_the_december_episode_is_one_node_with_its_indicators_as_children(model) -> None:
    network = model.network
    for indicator in EPISODE_INDICATORS:
        assert network[indicator].parents == ("border_activity",), indicator


def likelihood_ratio(network, node: str, state: str, given: str = "russian_axis_intent") -> float:
    """P(node=state | offensive) / P(node=state | tie_down), everything else marginalised."""
    p = {}
    for i, intent in enumerate(network[given].states):
        evidence = {given: np.eye(len(network[given].states))[i]}
        p[intent] = posteriors(network, [node], evidence)[node][network[node].states.index(state)]
    return p["offensive"] / p["tie_down"]


def test_a_feint_produces_visible_activity_and_only_logistics_tell_it_apart(model) -> None:
    network = model.network
    episode = posteriors(network, ["border_activity"],
                         {"russian_axis_intent": np.array([1.0, 0.0])})["border_activity"]
    assert episode[network["border_activity"].states.index("routine")] < 0.3
    for node, state in [("snap_inspections", "observed"), ("engineering_works", "observed"),
                        ("troop_movements_south", "limited"), ("troop_movements_south", "major"),
                        ("russian_troop_presence", "tens_of_thousands")]:
        assert likelihood_ratio(network, node, state) <= 2.0, (node, state)
    assert likelihood_ratio(network, "offensive_logistics", "observed") >= 5.0


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_one_finding_per_origin_each_dated_by_the_snapshot(path: Path, model) -> None:
    loaded = load_scenario(path)
    spec = loaded.spec
    origins = [f.origin for f in spec.evidence]
    assert all(origins) and len(set(origins)) == len(origins)
    ids = [f.id for f in spec.evidence]
    assert all(ids) and len(set(ids)) == len(ids)
    for f in spec.evidence:
        assert published(model, f.source.doc) <= spec.as_of, f.id
    # no two findings quote overlapping passages of one document
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for f in spec.evidence:
        text = normalise(model.corpus.documents[f.source.doc].text())
        start = text.find(normalise(f.source.quote))
        assert start >= 0, f.id
        spans.setdefault(f.source.doc, []).append((start, start + len(normalise(f.source.quote)), f.id))
    for doc, found in spans.items():
        found.sort()
        for (_, end, a), (start, _, b) in pairwise(found):
            assert start >= end, f"{a} and {b} quote overlapping passages of {doc}"
    # no two findings cite documents that retell one original
    lineage = {d: {d, *model.corpus.documents[d].derived_from} for d in spans}
    docs = sorted(spans)
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            assert not lineage[a] & lineage[b], (a, b)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_grades_follow_the_source(path: Path) -> None:
    for f in load_scenario(path).spec.evidence:
        if f.grade is None:
            continue
        speaker, stake = f.source.speaker, f.source.stake
        if "unattributed" in speaker:
            assert f.grade[0] == "F", f.id
        if stake == "interested":
            assert f.grade[0] not in "A", f.id


def test_a_report_keeps_its_grade_as_it_ages() -> None:
    october, january = (
        {f.id: f for f in load_scenario(ROOT / "scenarios" / f"{name}.yaml").spec.evidence}
        for name in ("oct2022", "jan2023"))
    carried = set(october) & set(january)
    assert carried
    for finding_id in carried:
        a, b = october[finding_id], january[finding_id]
        assert (a.state, a.grade, a.likelihood, a.origin, a.source) == (
            b.state, b.grade, b.likelihood, b.origin, b.source), finding_id


def test_the_sources_index_names_outlets_and_what_pages_retell(model) -> None:
    documents = model.corpus.documents
    for doc in documents.values():
        if doc.outlet is None:
            assert doc.derived_from and doc.note, doc.id
    assert sum(doc.outlet is not None for doc in documents.values()) >= 3


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenarios_are_sourced_and_outcomes_sum_to_one(path: Path) -> None:
    from forecast.app import run_scenario

    loaded = load_scenario(path)
    assert len(loaded.scenario.findings) >= 4
    assert all(f.source for f in loaded.scenario.reports)
    assert all(f.node != OUTCOME for f in loaded.scenario.findings)
    assert loaded.scenario.horizon is not None
    assert loaded.spec.views, "the articles' experts are shown as views on their events"
    assert loaded.spec.base_rates, "the outside view is a counted reference class"
    result = run_scenario(path)
    assert sum(result.posteriors[OUTCOME].values()) == pytest.approx(1.0, abs=1e-12)
    # three values, each rounded to 1e-12 in the JSON
    assert sum(result.to_json()["posteriors"][OUTCOME].values()) == pytest.approx(1.0, abs=3e-12)
    reference = run_scenario(path, engine="pgmpy")
    for state, p in result.posteriors[OUTCOME].items():
        assert p == pytest.approx(reference.posteriors[OUTCOME][state], abs=1e-9)


def test_project_model_matches_pyagrum_on_every_node() -> None:
    from reference import pyagrum_posteriors

    loaded = load_scenario(ROOT / "scenarios" / "jan2023.yaml")
    network = loaded.snapshot_network  # converted rows, and the quiet days' node
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
