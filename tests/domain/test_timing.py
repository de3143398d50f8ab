"""Hazard profiles, hazard shares and the converted network, against arithmetic by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from forecast.domain.network import Network, Node
from forecast.domain.timing import (
    is_derived,
    model_names,
    quiet_node_name,
    time_of,
    timed_network,
    timed_samples,
    without_derived,
    written_network,
)
from forecast.domain.window import Hazard, hazard_share, quiet_likelihood, windows_for

TOL = 1e-12
D = dt.date.fromisoformat


def profile() -> Hazard:
    return Hazard.of([{"from": "2022-10-11", "weight": 1}, {"from": "2022-11-10", "weight": 3}])


def test_integral_sums_each_piece_by_days() -> None:
    h = profile()
    assert h.integral(D("2022-10-11"), D("2022-12-10")) == 30 * 1 + 30 * 3
    assert h.integral(D("2022-10-21"), D("2022-11-20")) == 20 * 1 + 10 * 3
    # before the first step its weight holds; after the last, the last
    assert h.integral(D("2022-10-01"), D("2022-10-11")) == 10
    assert h.integral(D("2023-01-01"), D("2023-01-11")) == 30
    assert h.integral(D("2022-11-01"), D("2022-11-01")) == 0


def test_share_is_the_hazard_of_the_span_over_the_window() -> None:
    start, w = D("2022-10-11"), 60.0
    assert hazard_share(profile(), start, w, D("2022-10-21"), D("2022-12-10")) == \
        pytest.approx(110 / 120, abs=TOL)
    assert hazard_share(profile(), start, w, D("2022-10-11"), D("2022-10-21")) == \
        pytest.approx(10 / 120, abs=TOL)
    # a constant profile (or none) is t / W
    assert hazard_share(Hazard(), start, w, D("2022-10-21"), D("2022-12-10")) == 50 / 60
    flat = Hazard.of([{"from": "2022-10-11", "weight": 2}])
    assert hazard_share(flat, start, w, D("2022-10-21"), D("2022-12-10")) == 50 / 60
    # past the window the last weight holds: a share above 1
    assert hazard_share(profile(), start, w, D("2022-10-11"), D("2023-01-09")) == \
        pytest.approx((30 + 60 * 3) / 120, abs=TOL)


def test_fractional_window_counts_its_last_day_pro_rata() -> None:
    h = profile()
    whole = 30 + 30.5 * 3
    assert hazard_share(h, D("2022-10-11"), 60.5, D("2022-11-10"), D("2022-11-11")) == \
        pytest.approx(3 / whole, abs=TOL)


def test_quiet_likelihood_is_the_first_state_to_the_share() -> None:
    table = np.array([[0.7, 0.2, 0.1], [0.4, 0.4, 0.2]])
    assert quiet_likelihood(table, 0.25) == pytest.approx([0.7 ** 0.25, 0.4 ** 0.25], abs=TOL)
    assert quiet_likelihood(table, 0.0).tolist() == [1.0, 1.0]


def small() -> Network:
    cause = Node("cause", ("low", "high"), (), np.array([0.6, 0.4]))
    outcome = Node("outcome", ("none", "some", "war"), ("cause",),
                   np.array([[0.8, 0.15, 0.05], [0.5, 0.3, 0.2]]),
                   meta={"window_days": 60.0, "hazard": [{"from": "2022-10-11", "weight": 1},
                                                          {"from": "2022-11-10", "weight": 3}]})
    return Network("m", "m", {"cause": cause, "outcome": outcome}, ("outcome",),
                   {"as_of": D("2022-10-11")})


def test_timed_network_converts_each_row_and_adds_a_quiet_node() -> None:
    net = small()
    windows = windows_for(net, net.names, D("2022-10-21"), D("2022-12-10"), D("2022-10-11"))
    window = windows["outcome"]
    assert window.ratio == pytest.approx(110 / 120, abs=TOL)
    assert window.quiet_share == pytest.approx(10 / 120, abs=TOL)
    assert window.quiet_days == 10 and window.profile
    timed = timed_network(net, windows)
    f = 110 / 120
    for r, row in enumerate(net["outcome"].cpt):
        at_least = [1 - (1 - (row[1] + row[2])) ** f, 1 - (1 - row[2]) ** f]
        assert timed["outcome"].cpt[r] == pytest.approx(
            [1 - at_least[0], at_least[0] - at_least[1], at_least[1]], abs=TOL)
    quiet = quiet_node_name("outcome")
    assert timed.names == ("cause", "outcome", quiet)
    assert timed[quiet].parents == ("cause",)
    q = net["outcome"].cpt[:, 0] ** (10 / 120)
    assert timed[quiet].cpt == pytest.approx(np.stack([q, 1 - q], -1), abs=TOL)
    assert is_derived(quiet) and not is_derived("outcome")
    assert model_names(timed) == ("cause", "outcome")
    assert without_derived(timed).names == ("cause", "outcome")
    assert time_of(timed).elicited["outcome"] is net["outcome"]
    # converting twice is converting once; the written numbers come back
    assert timed_network(timed, windows) is timed
    back = written_network(timed)
    assert np.array_equal(back["outcome"].cpt, net["outcome"].cpt)
    assert quiet in back and time_of(back) is None


def test_sampled_tables_are_converted_and_the_quiet_node_follows() -> None:
    net = small()
    windows = windows_for(net, net.names, D("2022-10-21"), D("2022-12-10"), D("2022-10-11"))
    timed = timed_network(net, windows)
    draws = np.array([[[0.9, 0.05, 0.05], [0.3, 0.3, 0.4]], [[0.5, 0.25, 0.25], [0.1, 0.1, 0.8]]])
    out = timed_samples(timed, {"outcome": draws})
    time = time_of(timed)
    assert out["outcome"] == pytest.approx(time.table("outcome", draws), abs=TOL)
    q = draws[..., 0] ** (10 / 120)
    assert out[quiet_node_name("outcome")][..., 0] == pytest.approx(q, abs=TOL)
