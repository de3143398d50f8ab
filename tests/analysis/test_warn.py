"""The warning capacity checked by brute force: every combination of observations enumerated
over the full joint, the extremes and the smallest sets that reach each band to 1e-9."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from forecast.analysis.warn import rank_of, warning_capacity
from forecast.cpt import Table
from forecast.domain.network import Network, Node
from forecast.domain.window import Window, convert
from forecast.engine.cost import TooLargeError
from forecast.language import estimate
from tests.reference import brute_force, random_network, sample_evidence


def _observable(network: Network, names) -> Network:
    nodes = {n: dataclasses.replace(node, meta={**node.meta, "observable": n in names})
             for n, node in network.nodes.items()}
    return dataclasses.replace(network, nodes=nodes)


def _brute(network, evidence, target, state, indicators, window=None):
    """Every combination (each indicator unobserved or in one state): P(event | e, obs)."""
    out = {}
    cards = [network[n].card for n in indicators]
    for combo in itertools.product(*[range(c + 1) for c in cards]):
        seen = dict(evidence)
        observed = {}
        for name, k, card in zip(indicators, combo, cards, strict=True):
            if k < card:
                vector = np.zeros(card)
                vector[k] = 1.0
                seen[name] = vector * seen.get(name, np.ones(card))
                observed[name] = network[name].states[k]
        with np.errstate(invalid="ignore", divide="ignore"):
            posterior = brute_force(network, [target], seen)[target]
        if not np.all(np.isfinite(posterior)):  # a combination the evidence rules out
            continue
        if window is not None:
            posterior = convert(posterior, window.ratio)
        out[tuple(sorted(observed.items()))] = float(posterior[network[target].index(state)])
    return out


def _level(p: float) -> float:
    return float(rank_of(np.array([p]), "icd203")[0])


@pytest.mark.parametrize("seed", range(8))
def test_extremes_and_smallest_sets_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    network = random_network(rng, n_nodes=7, max_parents=2, max_card=3)
    target = network.names[int(rng.integers(0, 3))]
    candidates = [n for n in network.names if n != target]
    evidence = {k: v for k, v in sample_evidence(rng, network, 1).items() if k != target}
    indicators = [n for n in candidates if n not in evidence][:4]
    network = _observable(network, indicators)
    state = network[target].states[-1]
    window = Window(200.0, 100) if seed % 2 else None
    result = warning_capacity(network, evidence, target, state, window)
    cells = _brute(network, evidence, target, state, indicators, window)
    assert set(result.indicators) == set(indicators)
    assert result.combinations == int(np.prod([network[n].card + 1 for n in indicators]))
    assert result.combinations - result.impossible == len(cells)
    assert abs(result.now - cells[()]) < 1e-9
    assert abs(result.highest.probability - max(cells.values())) < 1e-9
    assert abs(result.lowest.probability - min(cells.values())) < 1e-9
    assert abs(cells[tuple(sorted(result.highest.observations.items()))]
               - result.highest.probability) < 1e-9
    today = _level(cells[()])
    for band in result.bands:
        level = next(i for i, w in enumerate(["almost no chance", "very unlikely", "unlikely",
                                              "roughly even chance", "likely", "very likely",
                                              "almost certain"]) if w == band.words)
        above = band.direction == "above"
        assert (level > today) == above
        hits = {k: p for k, p in cells.items()
                if (_level(p) >= level if above else _level(p) <= level)}
        if not hits:
            assert not band.reached and band.sets == ()
            continue
        smallest = min(len(k) for k in hits)
        assert band.size == smallest
        assert band.count == sum(len(k) == smallest for k in hits)
        for reach in band.sets:
            key = tuple(sorted(reach.observations.items()))
            assert key in hits and len(key) == smallest
            assert abs(hits[key] - reach.probability) < 1e-9


def test_rank_follows_the_printed_words() -> None:
    levels = ["almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely",
              "very likely", "almost certain"]
    for p in [0.0, 0.0049, 0.00951, 0.0445, 0.045, 0.0449999, 0.195, 0.44499, 0.445, 0.545,
              0.5449, 0.7949, 0.795, 0.9449, 0.945, 0.995, 1.0, *np.linspace(0, 1, 997)]:
        assert _level(float(p)) == levels.index(estimate(float(p)).words), p


def _node(name, parents, table):
    table = np.asarray(table, dtype=float)
    return Node(name, tuple(f"s{j}" for j in range(table.shape[-1])), parents, table, Table(table))


def test_a_model_that_cannot_warn_says_no_combination_gets_there() -> None:
    # a weak indicator: seeing it moves the event from 30% to 26% or 34%, all "unlikely"
    nodes = {"event": _node("event", (), [0.7, 0.3]),
             "sign": _node("sign", ("event",), [[0.5, 0.5], [0.4, 0.6]]),
             "noise": _node("noise", (), [0.5, 0.5])}
    network = _observable(Network("n", "n", nodes), ["sign", "noise"])
    result = warning_capacity(network, {}, "event", "s1")
    assert result.indicators == ("sign", "noise")
    assert abs(result.highest.probability - 0.18 / (0.35 + 0.18)) < 1e-12
    assert result.highest.observations == {"sign": "s1"}  # fewest observations at a tie
    assert abs(result.lowest.probability - 0.12 / (0.35 + 0.12)) < 1e-12
    above = [b for b in result.bands if b.direction == "above"]
    assert [b.words for b in above] == ["roughly even chance", "likely", "very likely",
                                        "almost certain"]
    assert not any(b.reached for b in above) and all(b.size is None for b in above)
    below = [b for b in result.bands if b.direction == "below"]
    assert [b.words for b in below] == ["very unlikely", "almost no chance"]
    assert not any(b.reached for b in below)


def test_the_cost_guard_refuses_too_many_combinations(monkeypatch) -> None:
    import forecast.engine.cost as cost

    rng = np.random.default_rng(0)
    network = random_network(rng, n_nodes=6, max_parents=2, max_card=3)
    network = _observable(network, network.names[1:])
    monkeypatch.setattr(cost, "MAX_OPERATIONS", 10.0)
    with pytest.raises(TooLargeError, match="warning search over 5 indicators"):
        warning_capacity(network, {}, network.names[0], network[network.names[0]].states[0])


def test_an_event_of_several_states_sums_them() -> None:
    rng = np.random.default_rng(11)
    network = random_network(rng, n_nodes=6, max_parents=2, max_card=3)
    target = next(n for n in network.names if network[n].card == 3)
    indicators = [n for n in network.names if n != target][:3]
    network = _observable(network, indicators)
    states = network[target].states[1:]
    result = warning_capacity(network, {}, target, states)
    first = _brute(network, {}, target, states[0], indicators)
    second = _brute(network, {}, target, states[1], indicators)
    cells = {k: first[k] + second[k] for k in first}
    assert result.states == tuple(states) and result.state == " or ".join(states)
    assert abs(result.highest.probability - max(cells.values())) < 1e-9
    assert abs(result.lowest.probability - min(cells.values())) < 1e-9
