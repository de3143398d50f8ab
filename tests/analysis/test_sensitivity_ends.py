"""Sweep ends whose evidence is very unlikely, or impossible: each end's P(e) is summed from
non-negative terms, so a tiny P(e) is a probability and only a true zero is impossible."""

from __future__ import annotations

import numpy as np
import pytest
from reference import brute_force

from forecast.analysis.sensitivity import sensitivity
from forecast.domain.network import Network, Node


def unlikely_evidence(n: int, likelihood: float) -> tuple[Network, dict[str, np.ndarray]]:
    """A root A (a1/a2) and n findings, each seen with probability `likelihood` under a1 and
    0.9 under a2: the evidence all but rules a1 out, without ruling it out."""
    nodes = {"A": Node("A", ("a1", "a2"), (), np.array([0.5, 0.5]))}
    evidence = {}
    for i in range(n):
        nodes[f"E{i}"] = Node(f"E{i}", ("seen", "not"), ("A",),
                              np.array([[likelihood, 1 - likelihood], [0.9, 0.1]]))
        evidence[f"E{i}"] = np.array([1.0, 0.0])
    return Network("unlikely", "unlikely", nodes), evidence


@pytest.mark.parametrize(("n", "likelihood"), [(5, 1e-3), (1, 1e-14), (3, 1e-7)])
def test_a_tiny_but_possible_end_is_a_probability(n, likelihood) -> None:
    net, evidence = unlikely_evidence(n, likelihood)
    rows = {(r.node, r.state, tuple(r.given.items())): r
            for r in sensitivity(net, evidence, "A", "a1").parameters}
    prior = rows[("A", "a1", ())]
    # P(A = a1) swept to 1: a1 is certain, however unlikely the evidence is under it
    assert prior.high == pytest.approx(1.0, abs=1e-12) and prior.low == 0.0
    assert prior.swing == pytest.approx(1.0, abs=1e-12)
    for row in rows.values():
        for x, end in zip(row.sweep, (row.low, row.high), strict=True):
            table = net[row.node].cpt.copy()
            index = (*(net[p].index(s) for p, s in row.given.items()),)
            k = net[row.node].index(row.state)
            others = table[index].copy()
            others[k] = 0.0
            new = others / others.sum() * (1 - x) if others.sum() > 0 else others
            new[k] = x
            table[index] = new
            expected = brute_force(net.with_cpts({row.node: table}), ["A"], evidence)["A"][0]
            if np.isnan(expected):
                assert end is None
            else:
                assert end == pytest.approx(expected, abs=1e-9)


def test_an_end_that_rules_the_evidence_out_is_impossible() -> None:
    net, evidence = unlikely_evidence(2, 1e-3)
    rows = {(r.node, r.state, tuple(r.given.items())): r
            for r in sensitivity(net, evidence, "A", "a1").parameters}
    # P(E0 = seen | A = a2) swept to 0 with P(E0 = seen | a1) = 1e-3: still possible;
    # both rows of E0 at 0 together would not be, but one row alone never is here
    row = rows[("E0", "seen", (("A", "a2"),))]
    assert row.low is not None
    # a prior of a1 at 0 with a finding only a1 explains rules the evidence out
    nodes = {"A": Node("A", ("a1", "a2"), (), np.array([0.5, 0.5])),
             "E": Node("E", ("seen", "not"), ("A",), np.array([[0.7, 0.3], [0.0, 1.0]]))}
    net = Network("ruled", "ruled", nodes)
    rows = {(r.node, r.state): r for r in sensitivity(net, {"E": np.array([1.0, 0.0])}, "A",
                                                       "a1").parameters if not r.given}
    assert rows[("A", "a1")].low is None
    assert "impossible" in rows[("A", "a1")].note
