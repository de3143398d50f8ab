"""Uncertainty intervals: reproducible with a seed, sensible, and in the run output."""

from __future__ import annotations

from forecast.app import run_scenario
from forecast.report.tables import to_json


def test_same_seed_gives_byte_identical_json(fixtures) -> None:
    path = fixtures / "tiny" / "scenarios" / "morning.yaml"
    a = to_json(run_scenario(path, samples=500, seed=3))
    b = to_json(run_scenario(path, samples=500, seed=3))
    c = to_json(run_scenario(path, samples=500, seed=4))
    assert a == b
    assert a != c


def test_intervals_bracket_the_posterior_and_widen_with_level(fixtures) -> None:
    path = fixtures / "tiny" / "scenarios" / "morning.yaml"
    narrow = run_scenario(path, samples=2000, level=0.5)
    wide = run_scenario(path, samples=2000, level=0.95)
    for node, dist in wide["posteriors"].items():
        for state, p in dist.items():
            lo, hi = wide["intervals"][node][state]
            n_lo, n_hi = narrow["intervals"][node][state]
            assert 0 <= lo <= p <= hi <= 1
            assert lo <= n_lo <= n_hi <= hi
    assert wide["uncertainty"]["samples"] == 2000
