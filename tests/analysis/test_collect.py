"""`voi` `collect`: observable nodes only, soft-evidence nodes included, MI against brute force."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from reference import brute_force, random_network

from forecast.analysis.voi import value_of_information

TOL = 1e-9


def _observable(net, names):
    nodes = {n: replace(node, meta={**node.meta, "observable": n in names})
             for n, node in net.nodes.items()}
    return replace(net, nodes=nodes)


def _case(seed):
    rng = np.random.default_rng(seed)
    net = random_network(rng, n_nodes=6, max_card=3)
    names = net.names
    target = names[0]
    soft_node, hard_node = names[-1], names[-2]
    evidence = {soft_node: rng.uniform(0.2, 1.0, net[soft_node].card),
                hard_node: np.eye(net[hard_node].card)[0]}
    net = _observable(net, {soft_node, hard_node, names[2], names[3]})
    return net, evidence, target, soft_node, hard_node


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_collect_holds_observable_nodes_with_soft_evidence_and_mi_is_exact(seed):
    net, evidence, target, soft_node, _hard = _case(seed)
    result = value_of_information(net, evidence, target)
    collected = {row.node for row in result.collect}
    assert collected == {soft_node, net.names[2], net.names[3]}  # hard evidence: nothing to learn
    assert all(net[n].meta["observable"] for n in collected)
    posterior = brute_force(net, [target], evidence)[target]
    for row in result.collect:
        node = row.node
        assert row.key.carries_evidence == (node == soft_node)
        assert row.to_json()["carries_evidence"] == (node == soft_node)
        soft = evidence.get(node, np.ones(net[node].card))
        p_x = brute_force(net, [node], evidence)[node]
        mi = 0.0
        for k, state in enumerate(net[node].states):
            conditional = brute_force(net, [target], {**evidence, node: soft * np.eye(len(soft))[k]}
                                      )[target]
            got = row.if_observed[state]
            assert [got[s] for s in net[target].states] == pytest.approx(conditional, abs=TOL)
            assert row.probability[state] == pytest.approx(p_x[k], abs=TOL)
            mi += p_x[k] * float(np.sum(np.where(conditional > 0, conditional * np.log2(
                np.where(conditional > 0, conditional / posterior, 1.0)), 0.0)))
        assert row.bits == pytest.approx(mi, abs=TOL)
    bits = [r.written_bits() for r in result.collect]
    assert bits == sorted(bits, reverse=True)


def test_collect_names_the_state_that_flips_the_lead():
    from forecast.cpt import Table
    from forecast.domain.network import Network, Node

    prior = np.array([0.6, 0.4])
    cpt = np.array([[0.9, 0.1], [0.05, 0.95]])
    net = Network("t", "t", {
        "h": Node("h", ("a", "b"), (), prior, Table(prior)),
        "e": Node("e", ("no", "yes"), ("h",), cpt, Table(cpt), meta={"observable": True}),
        "f": Node("f", ("no", "yes"), ("h",), cpt, Table(cpt)),
    }, targets=("h",))
    result = value_of_information(net, {"e": np.array([0.5, 1.0])}, "h", "a")
    (row,) = result.collect
    key = row.key
    assert row.node == "e" and key.carries_evidence
    assert result.lead == "b"   # the soft report favours yes, so b leads
    assert key.state == "no" and key.flips_lead
    assert key.lead_after == "a"
    assert result.state == "a"
    assert key.focus_shift == pytest.approx(key.focus_after - result.posterior["a"], abs=1e-12)
    assert [r.node for r in result.nodes] == ["f"]  # unobserved, latent or not
    written = result.to_json()["collect"][0]
    assert written["node"] == "e" and written["carries_evidence"]
    assert written["key_state"] == "no" and written["key_state_flips_lead"]
    assert written["lead_if_key_state"] == "a"
