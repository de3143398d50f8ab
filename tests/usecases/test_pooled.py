"""A pool's comparison: each analyst's Shapley shares in the linear pool still add up to the
pool's change, and the pool's before and after are the pooled runs; a log pool carries the
movement without shares."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT

from forecast import app
from forecast.usecases.pooled import pool_comparisons

OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"
OVERLAYS = [ROOT / "overlays" / "belarus_analyst_a.yaml",
            ROOT / "overlays" / "belarus_analyst_b.yaml"]


@pytest.fixture(scope="module")
def each():
    from forecast.spec.build_overlay import load_overlay

    model = app.load_checked(OCT).model
    overlays = [load_overlay(p, model) for p in OVERLAYS]
    return {o.analyst: app.compare_scenarios(OCT, JAN, analysts=[o]) for o in overlays}


@pytest.mark.parametrize("weights", [{"analyst_a": 0.5, "analyst_b": 0.5},
                                     {"analyst_a": 0.8, "analyst_b": 0.2}])
def test_linear_shares_add_up_to_the_pooled_change(each, weights) -> None:
    text = ",".join(f"{k}={v}" for k, v in weights.items())
    pooled = pool_comparisons(each, weights, "linear", []).comparison
    before = app.run_scenario(OCT, analysts=OVERLAYS, weights=text)
    after = app.run_scenario(JAN, analysts=OVERLAYS, weights=text)
    for target, movement in pooled.targets.items():
        np.testing.assert_allclose(movement.before.array, before.posteriors[target].array,
                                   atol=1e-12)
        np.testing.assert_allclose(movement.after.array, after.posteriors[target].array,
                                   atol=1e-12)
        total = sum(item.contribution[target].array for item in pooled.attribution)
        np.testing.assert_allclose(total, movement.after.array - movement.before.array,
                                   atol=1e-9)


def test_a_log_pool_gives_the_movement_without_shares(each) -> None:
    pooled = pool_comparisons(each, {"analyst_a": 0.5, "analyst_b": 0.5}, "log", []).comparison
    assert pooled.attribution == ()
    assert "logarithmic pool" in pooled.method
    after = app.run_scenario(JAN, analysts=OVERLAYS, pool="log")
    for target, movement in pooled.targets.items():
        np.testing.assert_allclose(movement.after.array, after.posteriors[target].array,
                                   atol=1e-12)
