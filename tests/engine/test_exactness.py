"""Both engines against pyAgrum and brute force, to 1e-9, with hard and soft evidence."""

from __future__ import annotations

import numpy as np
import pytest
from reference import (
    bnlearn,
    brute_force,
    pyagrum_posteriors,
    random_network,
    sample_evidence,
    to_pyagrum,
)

from forecast.engine import compiled, pgmpy_engine
from forecast.spec.load import load_model

TOL = 1e-9
# mildew, barley and the larger ones take pgmpy 10-30 s each just to parse: see tests/test_scale.py
BNLEARN = ["asia", "cancer", "earthquake", "sachs", "survey", "alarm", "child", "insurance",
           "water", "hailfinder", "hepar2", "win95pts"]


def assert_close(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_allclose(a[key], b[key], atol=TOL, rtol=0, err_msg=key)


@pytest.mark.parametrize("seed", range(25))
def test_random_networks_match_brute_force_and_pyagrum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    network = random_network(rng, n_nodes=int(rng.integers(2, 8)), zeros=0.2 if seed % 3 else 0)
    evidence = sample_evidence(rng, network, k=int(rng.integers(0, 4)))
    targets = network.names
    got = compiled.posteriors(network, targets, evidence)
    assert_close(got, brute_force(network, targets, evidence))
    assert_close(got, pyagrum_posteriors(network, targets, evidence))


@pytest.mark.parametrize("seed", range(5))
def test_random_networks_match_pgmpy(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    network = random_network(rng, n_nodes=7)
    evidence = sample_evidence(rng, network, k=3, soft=0.5)
    targets = [n for n in network.names if n not in evidence or evidence[n].min() > 0]
    assert_close(compiled.posteriors(network, targets, evidence),
                 pgmpy_engine.posteriors(network, targets, evidence))


@pytest.mark.parametrize("name", BNLEARN)
def test_bnlearn_networks_match_pyagrum(name: str) -> None:
    network = bnlearn(name)
    bn = to_pyagrum(network)
    rng = np.random.default_rng(len(name))
    for _ in range(3):
        evidence = sample_evidence(rng, network, k=int(rng.integers(1, 6)))
        targets = list(rng.choice(network.names, size=min(6, len(network.names)), replace=False))
        assert_close(compiled.posteriors(network, targets, evidence),
                     pyagrum_posteriors(network, targets, evidence, bn))


@pytest.mark.parametrize("name", ["asia", "sachs", "alarm", "child", "insurance", "survey"])
def test_bnlearn_networks_match_pgmpy(name: str) -> None:
    network = bnlearn(name)
    rng = np.random.default_rng(7)
    evidence = sample_evidence(rng, network, k=3)
    targets = [n for n in rng.choice(network.names, size=4, replace=False) if n not in evidence]
    assert_close(compiled.posteriors(network, targets, evidence),
                 pgmpy_engine.posteriors(network, targets, evidence))


def test_batched_cpts_equal_one_call_per_sample() -> None:
    rng = np.random.default_rng(3)
    network = random_network(rng, n_nodes=6)
    evidence = sample_evidence(rng, network, k=2)
    node = network.names[-2]
    batch = rng.dirichlet(np.ones(network[node].card), size=(5, *network[node].cpt.shape[:-1]))
    batch = batch.reshape(5, *network[node].cpt.shape)
    got = compiled.posteriors(network, network.names, evidence, cpts={node: batch})
    for b in range(5):
        one = compiled.posteriors(network.with_cpts({node: batch[b]}), network.names, evidence)
        for target in network.names:
            np.testing.assert_allclose(got[target][b], one[target], atol=TOL)


def test_batched_evidence_equals_one_call_per_case() -> None:
    rng = np.random.default_rng(4)
    network = random_network(rng, n_nodes=6)
    node = network.names[0]
    vectors = np.stack([np.eye(network[node].card)[i % network[node].card] for i in range(4)])
    got = compiled.posteriors(network, network.names[1:], {node: vectors})
    for b in range(4):
        one = compiled.posteriors(network, network.names[1:], {node: vectors[b]})
        for target in network.names[1:]:
            np.testing.assert_allclose(got[target][b], one[target], atol=TOL)


def test_project_fixture_engines_agree(fixtures) -> None:
    model = load_model(fixtures / "tiny" / "models" / "wet.yaml")
    network = model.network
    evidence = {"wet": np.array([0.1, 1.0, 0.1]), "cloudy": np.array([0.0, 1.0])}
    targets = ("rain", "sprinkler", "worry")
    got = compiled.posteriors(network, targets, evidence)
    assert_close(got, pgmpy_engine.posteriors(network, targets, evidence))
    assert_close(got, pyagrum_posteriors(network, targets, evidence))
    assert_close(got, brute_force(network, targets, evidence))


def test_impossible_evidence_raises() -> None:
    from forecast.errors import InferenceError

    rng = np.random.default_rng(0)
    network = random_network(rng, n_nodes=3)
    root = network.names[0]
    table = np.zeros(network[root].card)
    table[0] = 1.0
    network = network.with_cpts({root: table})
    evidence = {root: np.eye(network[root].card)[1]}
    with pytest.raises(InferenceError):
        compiled.posteriors(network, network.names[1:], evidence)
