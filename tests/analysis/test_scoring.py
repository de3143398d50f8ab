"""Scores against scikit-learn and hand computation; life weights; Murphy's decomposition."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from sklearn.metrics import brier_score_loss, log_loss

from forecast.analysis import scoring


def test_two_state_brier_is_twice_sklearns_binary_brier() -> None:
    # sklearn's Brier is the one-state version mean((p - o)^2); ours sums over both states,
    # and (p - o)^2 + ((1 - p) - (1 - o))^2 = 2 (p - o)^2.
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 1, 50)
    o = rng.integers(0, 2, 50)
    ours = np.mean([scoring.brier([1 - q, q], int(k)) for q, k in zip(p, o, strict=True)])
    assert ours == pytest.approx(2 * brier_score_loss(o, p), abs=1e-12)


def test_multi_state_brier_and_log_score_match_sklearn() -> None:
    rng = np.random.default_rng(7)
    probabilities = rng.dirichlet([1, 2, 3], size=40)
    outcomes = rng.integers(0, 3, 40)
    onehot = np.eye(3)[outcomes]
    mine = np.mean([scoring.brier(p, int(k)) for p, k in zip(probabilities, outcomes, strict=True)])
    assert mine == pytest.approx(np.mean(np.sum((probabilities - onehot) ** 2, axis=1)), abs=1e-12)
    logs = [scoring.log_score(p, int(k)) for p, k in zip(probabilities, outcomes, strict=True)]
    assert -np.mean(logs) == pytest.approx(log_loss(outcomes, probabilities, labels=[0, 1, 2]),
                                           abs=1e-12)
    if _sklearn_version() >= (1, 7):
        # scikit-learn 1.7 added the multi-class Brier score, also summed over classes
        assert mine == pytest.approx(brier_score_loss(outcomes, probabilities, labels=[0, 1, 2]),
                                     abs=1e-12)


def _sklearn_version() -> tuple[int, int]:
    from sklearn import __version__

    major, minor = __version__.split(".")[:2]
    return int(major), int(minor)


def test_brier_range_and_log_score_of_zero_probability() -> None:
    assert scoring.brier([1, 0, 0], 0) == 0
    assert scoring.brier([0, 1, 0], 0) == 2
    assert scoring.log_score([0.2, 0.8], 1) == pytest.approx(math.log(0.8))
    assert scoring.log_score([0.0, 1.0], 0) is None


def test_rps_by_hand() -> None:
    # p = (0.2, 0.5, 0.3), outcome the third state: F = (0.2, 0.7), O = (0, 0)
    assert scoring.rps([0.2, 0.5, 0.3], 2) == pytest.approx((0.2**2 + 0.7**2) / 2, abs=1e-15)
    # outcome the first state: O = (1, 1): ((0.2-1)^2 + (0.7-1)^2) / 2
    assert scoring.rps([0.2, 0.5, 0.3], 0) == pytest.approx((0.64 + 0.09) / 2, abs=1e-15)
    # two states: half the Brier score
    assert scoring.rps([0.3, 0.7], 0) == pytest.approx(scoring.brier([0.3, 0.7], 0) / 2)
    # a miss by two categories costs more than a miss by one with the same probability on it
    assert scoring.rps([0.9, 0.05, 0.05], 2) > scoring.rps([0.05, 0.9, 0.05], 2)


def test_life_weights_hold_each_snapshot_until_the_next() -> None:
    d = dt.date
    weights = scoring.life_weights([d(2022, 10, 11), d(2023, 1, 5)], d(2023, 4, 30))
    assert weights == pytest.approx([86 / 201, 115 / 201])
    assert scoring.life_weights([d(2022, 1, 1), d(2022, 1, 2)], None) == [0.5, 0.5]
    assert scoring.life_weights([d(2022, 1, 1)], d(2022, 1, 1)) == [1.0]


def test_time_averaged_is_the_day_weighted_mean() -> None:
    d = dt.date
    snaps = [scoring.Snapshot(d(2022, 1, 1), {"brier": 0.2, "log_score": -0.5, "rps": 0.1}),
             scoring.Snapshot(d(2022, 1, 4), {"brier": 0.8, "log_score": None, "rps": 0.3})]
    avg = scoring.time_averaged(snaps, d(2022, 1, 5))
    assert avg["brier"] == pytest.approx(0.75 * 0.2 + 0.25 * 0.8)
    assert avg["rps"] == pytest.approx(0.75 * 0.1 + 0.25 * 0.3)
    assert avg["log_score"] is None


def test_skill() -> None:
    assert scoring.skill(0.1, 0.4) == pytest.approx(0.75)
    assert scoring.skill(-0.2, -1.0) == pytest.approx(0.8)   # log scores: better is nearer 0
    assert scoring.skill(0.5, 0.25) == pytest.approx(-1.0)
    assert scoring.skill(0.1, 0.0) is None


def test_murphy_needs_enough_forecasts_and_adds_up_exactly() -> None:
    rng = np.random.default_rng(11)
    few = rng.dirichlet([1, 1, 1], size=scoring.MIN_FORECASTS_FOR_DECOMPOSITION - 1)
    assert scoring.murphy(few, [0] * len(few)) is None
    probabilities = rng.dirichlet([2, 1, 1], size=200)
    outcomes = [int(rng.choice(3, p=p)) for p in probabilities]
    d = scoring.murphy(probabilities, outcomes)
    mean_brier = np.mean([scoring.brier(p, k) for p, k in zip(probabilities, outcomes, strict=True)])
    assert d["brier"] == pytest.approx(mean_brier, abs=1e-12)
    total = d["reliability"] - d["resolution"] + d["uncertainty"] + d["residual"]
    assert total == pytest.approx(d["brier"], abs=1e-12)
    assert d["reliability"] >= 0 and d["resolution"] >= 0


def test_murphy_is_exact_when_forecasts_sit_on_bin_centres() -> None:
    # Forecasts that take one value per bin leave no within-bin spread: residual 0.
    values = [0.05, 0.25, 0.65, 0.95]
    probabilities = [[1 - v, v] for v in values for _ in range(10)]
    outcomes = [1 if (i % 10) < round(values[i // 10] * 10) else 0 for i in range(40)]
    d = scoring.murphy(probabilities, outcomes)
    assert abs(d["residual"]) < 1e-12


def test_reliability_bins_count_every_event() -> None:
    p, o = scoring.binary_events([[0.1, 0.9], [1.0, 0.0]], [1, 0])
    rows = scoring.reliability_bins(p, o)
    assert sum(r["count"] for r in rows) == 4
    assert rows[-1]["high"] == 1.0 and rows[-1]["count"] == 2  # 0.9 and 1.0 share the top bin


def test_wilson_interval() -> None:
    # 3 of 10: the textbook Wilson interval (0.1078, 0.6032)
    low, high = scoring.wilson(3, 10)
    assert (low, high) == pytest.approx((0.10779, 0.60322), abs=1e-4)
    assert scoring.wilson(0, 1)[0] == 0.0 and scoring.wilson(1, 1)[1] == pytest.approx(1.0)
