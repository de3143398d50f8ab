"""Credible sweeps end at the Dirichlet marginal's quantiles; ACH marks follow the Bayes factors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from reference import brute_force
from scipy.stats import beta, gamma

from forecast.analysis.ach import ach, mark
from forecast.analysis.impact import explain
from forecast.analysis.parameters import build_tables, parameters
from forecast.analysis.sensitivity import sensitivity
from forecast.domain.evidence import Finding
from forecast.spec.load import load_model


@pytest.fixture
def wet(fixtures):
    return load_model(fixtures / "tiny" / "models" / "wet.yaml").network


def _key(row):
    return (row.node, row.kind, tuple(row.given.items()), row.state)


def test_credible_sweep_ends_are_the_beta_quantiles_of_the_nodes_confidence(wet):
    evidence = {"wet": np.array([0.2, 1.0, 0.5])}
    result = sensitivity(wet, evidence, "rain", "rain", sweep="credible")
    assert result.sweep == "credible" and result.level == 0.9
    written = result.to_json()
    assert written["sweep"] == "credible" and written["level"] == 0.9
    by_key = {(p.node, p.kind, tuple(p.given.items()), p.state): p for p in parameters(wet)}
    checked = 0
    for row in result.parameters:
        parameter = by_key[_key(row)]
        c = wet[row.node].confidence
        v = parameter.value
        if parameter.linear:
            expected = [beta.ppf(q, c * v, c * (1 - v)) for q in (0.05, 0.95)] if 0 < v < 1 \
                else [v, v]
        elif parameter.kind == "variance":
            expected = [gamma.ppf(q, c / 2, scale=2 * v / c) for q in (0.05, 0.95)]
        else:
            continue
        assert list(row.sweep) == pytest.approx(expected, abs=1e-12)
        for x, reported in zip(row.sweep, (row.low, row.high), strict=True):
            table = build_tables(wet[parameter.node], [parameter], np.array([[x]]))[0, 0]
            truth = brute_force(wet.with_cpts({parameter.node: table}), ["rain"], evidence)
            assert reported == pytest.approx(truth["rain"][1], abs=1e-9)
        checked += 1
    assert checked >= 10


def test_a_ranked_weights_credible_range_is_its_shares_beta_range(wet):
    result = sensitivity(wet, {}, "worry", "high", sweep="credible")
    row = next(r for r in result.parameters if r.kind == "weight"
               and r.given == {"weight": "wet"})
    c = wet["worry"].confidence
    lo, hi = (beta.ppf(q, c * 2 / 3, c / 3) for q in (0.05, 0.95))
    shares = [x / (x + 1.0) for x in row.sweep]  # the other weight (cloudy) stays at 1
    assert shares == pytest.approx([lo, hi], abs=1e-12)


def test_a_two_state_distribution_is_marked_once_as_a_mirror(wet):
    for sweep in ("full", "credible"):
        result = sensitivity(wet, {}, "rain", "rain", sweep=sweep)
        rows = result.parameters
        cloudy = [r for r in rows if r.node == "cloudy"]
        assert [r.mirror for r in cloudy if r.state == "no_clouds"] == [True]
        assert [r.mirror for r in cloudy if r.state == "clouds"] == [False]
        a, b = cloudy
        assert a.swing == pytest.approx(b.swing, abs=1e-12)
        assert not any(r.mirror for r in rows if r.node == "wet")  # three states
        assert all(not r.mirror for r in result.ranking())
        written = result.to_json()["parameters"]
        cloudy = [r for r in written if r["node"] == "cloudy"]
        assert [r.get("mirror", False) for r in cloudy if r["state"] == "no_clouds"] == [True]
        assert [r.get("mirror", False) for r in cloudy if r["state"] == "clouds"] == [False]
        assert not any(r.get("mirror") for r in written if r["node"] == "wet")


def test_unknown_sweep_is_refused(wet):
    with pytest.raises(ValueError, match="credible"):
        sensitivity(wet, {}, "rain", "rain", sweep="wide")


@pytest.mark.parametrize(("factor", "expected"), [
    (3.0, "CC"), (2.0, "CC"), (1.5, "C"), (1.1, "C"), (1.0, "N"), (1 / 1.1 + 1e-9, "N"),
    (1 / 1.1, "I"), (0.6, "I"), (0.5, "II"), (0.1, "II"), (None, "II"),
])
def test_marks_follow_the_bayes_factor_bands(factor, expected):
    assert mark(factor) == expected


def test_ach_bayes_factors_are_the_likelihood_ratios_against_the_other_hypotheses(wet):
    findings = [Finding("wet", np.array([0.2, 1.0, 0.5])),
                Finding("sprinkler", np.array([1.0, 0.0]), state="off")]
    explained = explain(wet, findings, "rain")
    result = ach(explained)
    assert result.hypotheses == ("dry", "rain")
    assert result.to_json()["hypotheses"] == ["dry", "rain"]
    for row, item in zip(result.findings, explained.evidence, strict=True):
        without = item.without
        for h in result.hypotheses:
            others = [s for s in result.hypotheses if s != h]
            against = sum(without[s] * item.diagnosticity[s] for s in others) / sum(
                without[s] for s in others)
            assert row.bayes_factor[h] == pytest.approx(item.diagnosticity[h] / against,
                                                        rel=1e-9)
            assert row.marks[h] == mark(row.bayes_factor[h])
        likelihoods = [item.diagnosticity[h] for h in result.hypotheses]
        assert row.diagnosticity == pytest.approx(max(likelihoods) / min(likelihoods))
    ranked = sorted(result.findings, key=lambda r: -r.diagnosticity)
    assert result.most_discriminating[0] == ranked[0].index
    for h, summary in result.summary.items():
        bits = sum(-math.log2(r.bayes_factor[h]) for r in result.findings
                   if r.marks[h] in {"I", "II"})
        assert summary.inconsistency_bits == pytest.approx(bits, abs=1e-9)


def test_explain_reports_the_state_asked_for(wet):
    findings = [Finding("wet", np.array([0.2, 1.0, 0.5]))]
    assert explain(wet, findings, "rain", state="dry").state == "dry"
    assert explain(wet, findings, "rain", state="dry").to_json()["state"] == "dry"
    assert explain(wet, findings, "rain").state == explain(wet, findings, "rain").lead
