"""The base rate's Jeffreys Beta against scipy, its carrying to t days by hand, the model's
probability of the same event and the --outside blend."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from forecast.analysis.outside_view import (
    base_rate_row,
    blend,
    carried,
    jeffreys,
    model_event_probability,
    outside_view,
    per_case,
)
from forecast.domain.numbers import ByState
from forecast.domain.outside import BaseRate, View

POSTERIORS = {"posture": ByState(("calm", "tense", "war"), (0.7, 0.2, 0.1))}


def rate(events: int = 3, cases: int = 40, per_days: float = 365.0) -> BaseRate:
    return BaseRate("joiners", "posture", ("war",), "allies in a war", events, cases, per_days)


@pytest.mark.parametrize("events, cases", [(0, 1), (0, 15), (3, 40), (26, 95), (7, 7),
                                           (1, 1000)])
def test_the_jeffreys_beta_matches_scipy(events, cases) -> None:
    a, b = events + 0.5, cases - events + 0.5
    assert jeffreys(events, cases) == (a, b)
    spread = per_case(events, cases)
    assert spread.mean == pytest.approx(stats.beta(a, b).mean(), abs=1e-9)
    assert spread.low == pytest.approx(stats.beta(a, b).ppf(0.05), abs=1e-9)
    assert spread.high == pytest.approx(stats.beta(a, b).ppf(0.95), abs=1e-9)
    assert spread.low < spread.mean < spread.high


def test_carrying_to_t_days_by_hand() -> None:
    # 10% a year, over half a year: 1 - 0.9^0.5 = 0.0513167...
    assert carried(0.1, 182.5, 365) == pytest.approx(1 - math.sqrt(0.9), abs=1e-15)
    assert carried(0.1, 365, 365) == pytest.approx(0.1, abs=1e-15)
    assert carried(0.1, 730, 365) == pytest.approx(0.19, abs=1e-15)  # 1 - 0.9^2
    assert carried(0.0, 100, 365) == 0.0
    assert carried(1.0, 10, 365) == 1.0
    assert carried(1e-12, 365, 365) == pytest.approx(1e-12, rel=1e-9)  # no cancellation


def test_a_base_rate_row_carries_mean_and_quantiles_to_the_horizon() -> None:
    row = base_rate_row(rate(), 201, POSTERIORS)
    a, b = 3.5, 37.5
    ratio = 201 / 365
    for got, p in ((row.spread.mean, a / (a + b)), (row.spread.low, stats.beta.ppf(0.05, a, b)),
                   (row.spread.high, stats.beta.ppf(0.95, a, b))):
        assert got == pytest.approx(1 - (1 - p) ** ratio, abs=1e-9)
    assert row.spread.low < row.spread.mean < row.spread.high  # the map is increasing
    assert (row.days, row.carried_to, row.model) == (201, "horizon", 0.1)
    written = row.to_json()
    assert written["beta"] == [3.5, 37.5]
    assert written["gap_points"] == round(100 * (0.1 - row.spread.mean), 1)


def test_without_a_horizon_the_rate_stays_over_its_own_days() -> None:
    row = base_rate_row(rate(), None, POSTERIORS)
    assert (row.days, row.carried_to) == (365, "per_days")
    assert row.spread.mean == pytest.approx(row.one_case.mean, abs=1e-15)


def test_the_model_probability_of_an_event_sums_its_states() -> None:
    assert model_event_probability(POSTERIORS, "posture", ("tense", "war")) == pytest.approx(0.3)
    assert model_event_probability(POSTERIORS, "elsewhere", ("war",)) is None
    view = View("v", "posture", ("calm",), 0.4)
    out = outside_view((), (view,), 201, POSTERIORS)
    assert out.views[0].model == pytest.approx(0.7)
    assert out.views[0].scored is False  # undated
    assert out.to_json()["views"][0]["gap_points"] == 30.0


def test_the_blend_is_linear_on_the_event_and_keeps_the_model_shape_within() -> None:
    row = base_rate_row(rate(), 365, POSTERIORS)
    mixed = blend(row, POSTERIORS["posture"], 0.25)
    outside = row.spread.mean
    assert mixed.p == pytest.approx(0.75 * 0.1 + 0.25 * outside, abs=1e-15)
    assert mixed.posterior["war"] == pytest.approx(mixed.p, abs=1e-15)
    rest = 1 - mixed.p
    assert mixed.posterior["calm"] == pytest.approx(rest * 0.7 / 0.9, abs=1e-15)
    assert mixed.posterior["tense"] == pytest.approx(rest * 0.2 / 0.9, abs=1e-15)
    assert mixed.label == "blend: 0.75 x model + 0.25 x base rate joiners"
    assert blend(row, POSTERIORS["posture"], 0.0).p == pytest.approx(0.1, abs=1e-15)
    assert blend(row, POSTERIORS["posture"], 1.0).p == pytest.approx(outside, abs=1e-15)
