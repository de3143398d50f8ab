"""Uncertainty intervals: reproducible with a seed, sensible, and in the run output."""

from __future__ import annotations

from forecast.app import run_scenario
from forecast.report.tables import to_json


def test_same_seed_gives_byte_identical_json(fixtures) -> None:
    path = fixtures / "tiny" / "scenarios" / "morning.yaml"
    a = to_json(run_scenario(path, samples=500, seed=3).to_json())
    b = to_json(run_scenario(path, samples=500, seed=3).to_json())
    c = to_json(run_scenario(path, samples=500, seed=4).to_json())
    assert a == b
    assert a != c


def test_intervals_bracket_the_posterior_and_widen_with_level(fixtures) -> None:
    path = fixtures / "tiny" / "scenarios" / "morning.yaml"
    narrow = run_scenario(path, samples=2000, level=0.5)
    wide = run_scenario(path, samples=2000, level=0.95)
    for node, dist in wide.posteriors.items():
        for state, p in dist.items():
            lo, hi = wide.uncertainty.interval(node, state)
            n_lo, n_hi = narrow.uncertainty.interval(node, state)
            assert 0 <= lo <= p <= hi <= 1
            assert lo <= n_lo <= n_hi <= hi
    assert wide.uncertainty.samples == 2000
    assert wide.to_json()["uncertainty"]["samples"] == 2000
