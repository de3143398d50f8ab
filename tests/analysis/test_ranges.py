"""Stated ranges swept: one at a time and jointly, checked by brute force to 1e-9; the joint's
vertices hold the extremes (random points of the box never beat them)."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from forecast.analysis.ranges import MAX_VERTICES, range_sensitivity
from forecast.cpt.parameters import covary
from forecast.domain.network import Network
from forecast.domain.ranges import StatedRange
from forecast.domain.window import Window, convert
from tests.reference import brute_force, random_network, sample_evidence


def _ranged(network: Network, rng: np.random.Generator, n: int) -> tuple[Network, list]:
    """`n` ranges on distinct rows of random nodes, each around its number."""
    rows = [(name, combo) for name, node in network.nodes.items()
            for combo in itertools.product(*[range(network[p].card) for p in node.parents])]
    picked = [rows[int(i)] for i in rng.choice(len(rows), size=n, replace=False)]
    by_node: dict[str, list[StatedRange]] = {}
    for name, combo in picked:
        node = network[name]
        j = int(rng.integers(node.card))
        value = float(node.cpt[combo][j])
        low, high = max(0.0, value - 0.2), min(1.0, value + 0.2)
        given = {p: network[p].states[c] for p, c in zip(node.parents, combo, strict=True)}
        kind = "table" if node.parents else "prior"
        by_node.setdefault(name, []).append(StatedRange(name, kind, value, low, high, given,
                                                        node.states[j]))
    nodes = {n_: dataclasses.replace(node, meta={**node.meta, "ranges": tuple(by_node[n_])})
             if n_ in by_node else node for n_, node in network.nodes.items()}
    return dataclasses.replace(network, nodes=nodes), [r for rs in by_node.values() for r in rs]


def _at(network: Network, settings: dict[StatedRange, float]) -> Network:
    cpts = {}
    for r, x in settings.items():
        node = network[r.node]
        table = np.array(cpts.get(r.node, node.cpt), dtype=float)
        combo = tuple(network[p].states.index(r.given[p]) for p in node.parents)
        table[combo] = covary(np.asarray(node.cpt[combo], dtype=float), node.index(r.state),
                              np.array([x]))[0]
        cpts[r.node] = table
    return network.with_cpts(cpts)


def _value(network, evidence, target, index, window):
    p = brute_force(network, [target], evidence)[target]
    return float((convert(p, window.ratio) if window else p)[index])


@pytest.mark.parametrize("seed", range(6))
def test_one_way_and_joint_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    network = random_network(rng, n_nodes=6, max_parents=2, max_card=3)
    target = network.names[-1]
    network, ranges = _ranged(network, rng, 4)
    evidence = {k: v for k, v in sample_evidence(rng, network, 2).items() if k != target}
    window = Window(100.0, 60) if seed % 2 else None
    index = network[target].card - 1  # the last state: exact with a window too
    state = network[target].states[index]
    result = range_sensitivity(network, evidence, target, state, window)
    assert abs(result.baseline - _value(network, evidence, target, index, window)) < 1e-9
    for row in result.parameters:
        r = row.range
        for end, x in (("low", r.low), ("high", r.high)):
            want = _value(_at(network, {r: x}), evidence, target, index, window)
            assert abs(getattr(row, end) - want) < 1e-9
    vertices = {ends: _value(_at(network, {r: (r.low, r.high)[e] for r, e in
                                           zip(ranges, ends, strict=True)}),
                              evidence, target, index, window)
                for ends in itertools.product((0, 1), repeat=len(ranges))}
    joint = result.joint
    assert joint.computed and joint.exact and joint.vertices == 16
    assert abs(joint.lowest.probability - min(vertices.values())) < 1e-9
    assert abs(joint.highest.probability - max(vertices.values())) < 1e-9
    ends = tuple(0 if e == "low" else 1 for _, e in
                 sorted(joint.highest.ends, key=lambda item: ranges.index(item[0])))
    assert abs(vertices[ends] - joint.highest.probability) < 1e-9
    for _ in range(20):  # no point inside the box goes beyond the vertices
        inside = {r: float(rng.uniform(r.low, r.high)) for r in ranges}
        value = _value(_at(network, inside), evidence, target, index, window)
        assert joint.lowest.probability - 1e-9 <= value <= joint.highest.probability + 1e-9


def test_too_many_vertices_are_refused_with_the_count(monkeypatch) -> None:
    import forecast.analysis.ranges as module

    rng = np.random.default_rng(1)
    network, _ = _ranged(random_network(rng, n_nodes=6, max_parents=2, max_card=3), rng, 5)
    monkeypatch.setattr(module, "MAX_VERTICES", 16)
    result = module.range_sensitivity(network, {}, network.names[-1],
                                      network[network.names[-1]].states[0])
    assert not result.joint.computed and result.joint.vertices == 32
    assert "5 stated ranges make 32 vertices, more than the 16" in result.joint.reason
    assert MAX_VERTICES >= 4096
