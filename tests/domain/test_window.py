"""The window conversion against the formula written out state by state."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from forecast.domain.network import Network, Node
from forecast.domain.window import convert, reached_by, windows_for

TOL = 1e-12


def by_hand(p: list[float], t: float, w: float) -> list[float]:
    """P_t(>= k) = 1 - (1 - P_W(>= k)) ** (t / W), the first state taking the rest."""
    at_least = [sum(p[k:]) for k in range(len(p))]
    reached = [1.0] + [1.0 - (1.0 - s) ** (t / w) for s in at_least[1:]] + [0.0]
    return [reached[k] - reached[k + 1] for k in range(len(p))]


@pytest.mark.parametrize("t", [0.0, 30.0, 115.0, 201.0, 400.0])
def test_convert_is_the_formula(t: float) -> None:
    p = [0.6, 0.25, 0.1, 0.05]
    assert convert(np.array(p), t / 201.0) == pytest.approx(by_hand(p, t, 201.0), abs=TOL)


def test_same_window_changes_nothing_and_zero_days_reaches_nothing() -> None:
    p = np.array([0.5, 0.3, 0.2])
    assert np.allclose(convert(p, 1.0), p, atol=TOL, rtol=0)
    assert convert(p, 0.0).tolist() == [1.0, 0.0, 0.0]
    # even a level certain within W days is not reached in no time
    assert convert(np.array([0.0, 0.0, 1.0]), 0.0).tolist() == [1.0, 0.0, 0.0]
    assert convert(np.array([0.0, 0.0, 1.0]), 0.5).tolist() == [0.0, 0.0, 1.0]


def test_less_time_less_escalation_and_always_a_distribution() -> None:
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(4), size=200)
    for ratio in (0.1, 0.57, 1.0, 2.3):
        q = convert(p, ratio)
        assert np.all(q >= -TOL)
        assert np.allclose(q.sum(axis=-1), 1.0, atol=TOL)
    shorter, longer = reached_by(p, 0.5), reached_by(p, 2.0)
    assert np.all(shorter <= reached_by(p, 1.0) + TOL)
    assert np.all(longer >= reached_by(p, 1.0) - TOL)


def test_batches_take_a_ratio_each() -> None:
    p = np.array([[0.7, 0.2, 0.1], [0.4, 0.4, 0.2]])
    ratios = np.array([0.5, 3.0])
    q = convert(p, ratios)
    for row, ratio, expected in zip(p, ratios, q, strict=True):
        assert expected == pytest.approx(by_hand(row.tolist(), ratio, 1.0), abs=TOL)


def test_a_single_state_stays_certain() -> None:
    assert convert(np.array([1.0]), 0.3).tolist() == [1.0]
    assert convert(np.ones((2, 1)), np.array([0.0, 2.0])).tolist() == [[1.0], [1.0]]


def test_the_order_of_the_states_is_the_order_of_escalation() -> None:
    """The first state is 'nothing happened': writing the states in another order is a
    different question, with a different answer."""
    p = np.array([0.5, 0.3, 0.2])
    forward = convert(p, 0.5)
    backward = convert(p[::-1], 0.5)[::-1]
    assert forward[0] > p[0]          # less time: more chance that nothing happens
    assert backward[-1] > p[-1]       # reversed: the last written state plays 'nothing'
    assert not np.allclose(forward, backward)


def test_windows_for_counts_days_and_skips_nodes_without_a_window() -> None:
    nodes = {"a": Node("a", ("no", "yes"), (), np.array([0.9, 0.1]), meta={"window_days": 180.0}),
             "b": Node("b", ("no", "yes"), (), np.array([0.5, 0.5]))}
    net = Network("n", "n", nodes)
    windows = windows_for(net, ["a", "b"], dt.date(2022, 10, 11), dt.date(2023, 4, 30))
    assert list(windows) == ["a"]
    assert (windows["a"].elicited_days, windows["a"].remaining_days) == (180.0, 201)
    assert windows["a"].ratio == pytest.approx(201 / 180)
    assert windows["a"].to_json() == {"elicited_days": 180, "remaining_days": 201,
                                      "hazard_share": round(201 / 180, 12),
                                      "hazard": "constant", "start": "2022-10-11"}
    assert windows_for(net, ["a"], dt.date(2022, 10, 11), None)["a"].to_json() == {
        "elicited_days": 180, "remaining_days": None}
    assert windows_for(net, ["a"], dt.date(2022, 10, 11), None)["a"].ratio == 1.0
    with pytest.raises(ValueError, match="before as_of"):
        windows_for(net, ["a"], dt.date(2023, 1, 1), dt.date(2022, 1, 1))
