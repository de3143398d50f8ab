"""Shapley attribution: parts add up exactly; each coalition value matches brute force."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from conftest import ROOT
from reference import brute_force, random_network, sample_evidence

from forecast.analysis import compare as compare_module
from forecast.analysis.compare import compare, differences
from forecast.app import compare_scenarios


def test_contributions_add_up_to_the_change_on_the_belarus_snapshots() -> None:
    result = compare_scenarios(ROOT / "scenarios" / "oct2022.yaml",
                               ROOT / "scenarios" / "jan2023.yaml")
    comparison = result.comparison
    for target, moved in comparison.targets.items():
        for state in moved.after:
            total = sum(a.contribution[target][state] for a in comparison.attribution)
            assert total == pytest.approx(moved.after[state] - moved.before[state], abs=1e-9)
    for states in result.to_json()["targets"].values():
        for moved in states.values():
            assert moved["to"] - moved["from"] == pytest.approx(moved["delta"], abs=1e-12)
    kinds = {a.kind for a in comparison.attribution}
    assert kinds <= {"added", "removed", "changed", "prior", "model", "time", "quiet"}
    assert {"time", "quiet"} <= kinds


def test_exact_shapley_matches_brute_force_definition() -> None:
    rng = np.random.default_rng(2)
    net = random_network(rng, n_nodes=6, max_card=3)
    ev_a = sample_evidence(rng, net, k=2, soft=1.0)
    ev_b = dict(sample_evidence(rng, net, k=2, soft=1.0))
    prior = rng.dirichlet(np.ones(net[net.names[0]].card))
    net_b = net.with_cpts({net.names[0]: prior})
    target = net.names[-1]
    ev_a.pop(target, None)
    ev_b.pop(target, None)
    result = compare(net, net_b, ev_a, ev_b, [target])
    items = differences(net, net_b, ev_a, ev_b)
    n = len(items)
    assert n >= 2

    def value(coalition: set[int]) -> np.ndarray:
        evidence = dict(ev_a)
        cpts = {}
        for k, item in enumerate(items):
            if k not in coalition:
                continue
            if item.kind == "prior":
                cpts[item.node] = item.b
            elif item.b is None:
                evidence.pop(item.node)
            else:
                evidence[item.node] = item.b
        return brute_force(net.with_cpts(cpts), [target], evidence)[target]

    by_name = {a.item: a for a in result.attribution}
    for i, item in enumerate(items):
        phi = np.zeros(net[target].card)
        others = [k for k in range(n) if k != i]
        for size in range(n):
            for subset in itertools.combinations(others, size):
                weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
                phi += weight * (value(set(subset) | {i}) - value(set(subset)))
        got = [by_name[item.name].contribution[target][s] for s in net[target].states]
        np.testing.assert_allclose(got, phi, atol=1e-9)


def test_sampled_shapley_still_adds_up(monkeypatch) -> None:
    monkeypatch.setattr(compare_module, "MAX_EXACT", 1)
    monkeypatch.setattr(compare_module, "PERMUTATIONS", 50)
    result = compare_scenarios(ROOT / "scenarios" / "oct2022.yaml",
                               ROOT / "scenarios" / "jan2023.yaml")
    comparison = result.comparison
    assert comparison.method.startswith("Shapley from")
    for target, moved in comparison.targets.items():
        for state in moved.after:
            total = sum(a.contribution[target][state] for a in comparison.attribution)
            assert total == pytest.approx(moved.after[state] - moved.before[state], abs=1e-9)


def test_coalitions_too_large_are_refused_before_they_are_built(monkeypatch) -> None:
    """compare passes the engine's cost guard before building one batched operand: with the
    limit below what the coalitions' operands need, it refuses with their estimate (and not
    the engine's later, with the operands already built)."""
    from forecast.engine import cost

    rng = np.random.default_rng(5)
    net = random_network(rng, n_nodes=8, max_card=3)
    evidence_a = sample_evidence(rng, net, k=3)
    evidence_b = sample_evidence(rng, net, k=5)
    target = next(n for n in net.names if n not in evidence_b)
    assert compare(net, net, evidence_a, evidence_b, [target]).attribution
    monkeypatch.setattr(cost, "MAX_PEAK_BYTES", 64)
    with pytest.raises(cost.TooLargeError, match="coalitions"):
        compare(net, net, evidence_a, evidence_b, [target])
