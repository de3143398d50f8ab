"""The Beta quantile a run uses for base rates, against scipy's betaincinv, and the run's
import of it without scipy."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from scipy.special import betainc, betaincinv

from forecast.analysis.beta_quantile import PURE_CASES, beta_quantile, regularised_beta


def test_every_jeffreys_quantile_of_up_to_120_cases_matches_scipy() -> None:
    for cases in range(1, 121):
        for events in range(cases + 1):
            a, b = events + 0.5, cases - events + 0.5
            for q in (0.05, 0.95):
                assert beta_quantile(a, b, q) == pytest.approx(float(betaincinv(a, b, q)),
                                                               rel=1e-12, abs=1e-14)


def test_random_shapes_and_levels_match_scipy() -> None:
    rng = random.Random(7)
    for _ in range(500):
        a, b = rng.uniform(0.05, PURE_CASES / 2), rng.uniform(0.05, 60)
        if rng.random() < 0.5:
            a, b = b, a
        q = rng.random()
        assert beta_quantile(a, b, q) == pytest.approx(float(betaincinv(a, b, q)), abs=5e-13)
        x = rng.random()
        assert regularised_beta(a, b, x) == pytest.approx(float(betainc(a, b, x)), abs=1e-12)


def test_large_counts_go_to_scipy_and_the_ends_are_exact() -> None:
    a, b = PURE_CASES, PURE_CASES / 3
    assert beta_quantile(a, b, 0.05) == float(betaincinv(a, b, 0.05))
    assert beta_quantile(2.5, 3.5, 0.0) == 0.0 and beta_quantile(2.5, 3.5, 1.0) == 1.0
    with pytest.raises(ValueError, match="a, b > 0"):
        beta_quantile(0.0, 1.0, 0.5)


def test_a_run_with_base_rates_does_not_import_scipy() -> None:
    code = ("import sys; from forecast.cli.main import main\n"
            "sys.argv = ['forecast', 'run', 'scenarios/oct2022.yaml', '--format', 'json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert not [m for m in sys.modules if m.startswith('scipy')], 'scipy imported'\n")
    from conftest import ROOT

    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"base_rates"' in done.stdout
