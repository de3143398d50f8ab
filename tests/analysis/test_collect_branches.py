"""voi's branches: what observing each state of an indicator would do, and the key state the
branch that changes the judgement most (never a tie broken by rounding)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT

from forecast.app import voi_scenario
from tests.reference import brute_force, random_network, sample_evidence

JAN = ROOT / "scenarios" / "jan2023.yaml"


@pytest.mark.parametrize("seed", range(6))
def test_branches_match_brute_force_and_the_key_moves_most(seed: int) -> None:
    import dataclasses

    from forecast.analysis.voi import value_of_information

    rng = np.random.default_rng(seed)
    network = random_network(rng, n_nodes=6, max_parents=2, max_card=3)
    target = network.names[-1]
    nodes = {n: dataclasses.replace(node, meta={"observable": n != target})
             for n, node in network.nodes.items()}
    network = dataclasses.replace(network, nodes=nodes)
    evidence = {k: v for k, v in sample_evidence(rng, network, 1, soft=0.0).items()
                if k != target}
    result = value_of_information(network, evidence, target)
    now = brute_force(network, [target], evidence)[target]
    focus = network[target].index(result.state)
    for row in result.collect:
        key = row.key
        for state, branch in key.branches.items():
            seen = dict(evidence)
            vector = np.zeros(network[row.node].card)
            vector[network[row.node].index(state)] = 1.0
            seen[row.node] = vector
            after = brute_force(network, [target], seen)[target]
            assert abs(branch.focus_after - after[focus]) < 1e-9
            assert abs(branch.focus_shift - (after[focus] - now[focus])) < 1e-9
        candidates = row.tripwires or tuple(key.branches)
        assert abs(key.focus_shift) >= max(abs(key.branches[s].focus_shift)
                                           for s in candidates) - 1e-12


def test_january_names_the_alarming_branch_of_a_two_state_indicator() -> None:
    result = voi_scenario(JAN).analysis
    row = next(r for r in result.collect if r.node == "offensive_logistics")
    observed, absent = row.key.branches["observed"], row.key.branches["not_observed"]
    # the expected move is zero: the two weighted moves cancel, so no rounding may choose
    assert abs(observed.probability * observed.focus_shift
               + absent.probability * absent.focus_shift) < 1e-12
    assert observed.focus_shift < 0 < absent.focus_shift
    assert row.key.state == "observed"
    written = row.to_json()
    assert set(written["branches"]) == {"observed", "not_observed"}
    assert written["branches"]["observed"]["focus_shift"] < 0
