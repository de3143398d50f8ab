"""The asked event (any escalation for ordered outcomes) and the analytic-confidence rules."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from reference import brute_force

from forecast.analysis.asked import asked_event, event_interval
from forecast.analysis.confidence import analytic_confidence
from forecast.analysis.uncertainty import sample_cpts
from forecast.engine import compiled
from forecast.spec.load import load_model


@pytest.fixture
def wet(fixtures):
    return load_model(fixtures / "tiny" / "models" / "wet.yaml").network


def _windowed(net, name):
    node = net[name]
    return replace(net, nodes={**net.nodes, name: replace(node, meta={**node.meta,
                                                                      "window_days": 180})})


def test_an_ordered_outcome_asks_for_any_escalation(wet):
    net = _windowed(wet, "wet")
    posterior = dict(zip(net["wet"].states, brute_force(net, ["wet"], {})["wet"], strict=True))
    event = asked_event(net, "wet", None, posterior)
    assert event["kind"] == "escalation" and event["states"] == ["damp", "soaked"]
    assert event["probability"] == pytest.approx(1 - posterior["dry"], abs=1e-12)
    assert asked_event(net, "wet", "soaked", posterior)["states"] == ["soaked"]  # as named
    plain = asked_event(wet, "wet", None, posterior)
    assert plain["kind"] == "state" and plain["states"] == [max(posterior, key=posterior.get)]


def test_the_event_interval_sums_each_draw_before_taking_quantiles(wet):
    evidence = {"sprinkler": np.array([1.0, 0.3])}
    lo, hi = event_interval(wet, evidence, "wet", ["damp", "soaked"], 400, 3)
    rng = np.random.default_rng(3)
    relevant = wet.ancestors(["wet", *evidence])
    cpts = sample_cpts(rng, wet, 400, [n for n in wet.names if n in relevant])
    sampled = compiled.posteriors(wet, ["wet"], evidence, cpts=cpts)["wet"]
    event = sampled[:, 1] + sampled[:, 2]
    assert [lo, hi] == pytest.approx([np.quantile(event, 0.05), np.quantile(event, 0.95)],
                                     abs=1e-12)
    assert lo < hi


def _findings(grades, docs):
    return [{"grade": g, "source": {"doc": d}} for g, d in zip(grades, docs, strict=True)]


@pytest.mark.parametrize(("interval", "grades", "docs", "swing", "level", "named"), [
    ((0.40, 0.55), ["A1", "B2", "C3"], ["a", "b", "c"], 0.05, "high", "interval"),
    ((0.30, 0.60), ["A1", "B2", "C3"], ["a", "b", "c"], 0.05, "moderate", "interval"),
    ((0.40, 0.55), ["C3", "D4", "E5", "B2"], ["a", "b", "c", "d"], 0.05, "moderate", "sources"),
    ((0.40, 0.55), ["C3", "D4", "E5"], ["a", "b", "c"], 0.05, "low", "sources"),
    ((0.40, 0.55), ["A1", "B2", "C3"], ["a", "b", "c"], 0.25, "low", "sensitivity"),
    ((0.40, 0.55), ["A1", "B2", "C3", "A2"], ["a", "a", "a", "b"], 0.05, "low", "origins"),
    ((0.40, 0.55), ["A1", "B2", "C3", "A2"], ["a", "a", "c", "b"], 0.05, "moderate", "origins"),
])
def test_confidence_is_the_weakest_rule_and_the_reason_names_it(interval, grades, docs, swing,
                                                                 level, named):
    result = analytic_confidence(interval, _findings(grades, docs), swing)
    assert result["level"] == level
    setting = [c for c in result["criteria"] if c["level"] == level]
    assert named in {c["name"] for c in setting}
    assert result["reason"].startswith(f"{level.capitalize()} confidence because ")
    for c in setting:
        assert c["text"] in result["reason"]


def test_an_origin_given_by_the_analyst_counts_before_the_document():
    findings = [{"grade": "A1", "origin": "speech", "source": {"doc": d}} for d in "abc"]
    result = analytic_confidence((0.4, 0.5), findings, 0.01)
    assert result["level"] == "low"
    assert "3 of the 3 findings come through one channel (speech)" in result["reason"]
