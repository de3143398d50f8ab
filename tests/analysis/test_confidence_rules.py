"""The rewritten confidence rules: channels by document and relay, the share of movement from
evidence, and an interval rule whose verdict does not move with the seed or the draws."""

from __future__ import annotations

import pytest
from conftest import ROOT

from forecast.analysis.confidence import analytic_confidence, channels_of
from forecast.analysis.interval_rule import RuleInterval

OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"


def _criterion(result, name):
    return next(c for c in result["criteria"] if c["name"] == name)


def test_findings_through_one_document_or_relay_are_one_channel() -> None:
    findings = [{"grade": "B2", "origin": "putin", "source": {"doc": "slides"}},
                {"grade": "B2", "origin": "mod", "source": {"doc": "slides"}},
                {"grade": "B2", "origin": "reuters", "source": {"doc": "wire"},
                 "via": [{"name": "slides", "reliability": "F"}, {"name": "x", "reliability": "C"}]},
                {"grade": "B2", "origin": "other", "source": {"doc": "paper"},
                 "via": [{"name": "x", "reliability": "C"}]},
                {"grade": "A1", "origin": "alone", "source": {"doc": "own"}}]
    assert channels_of(findings) == [(0, 1), (2, 3), (4,)]
    result = analytic_confidence(None, findings, None)
    origins = _criterion(result, "origins")
    assert origins["value"] == pytest.approx(2 / 5) and origins["level"] == "moderate"
    assert origins["channels"] == 3


def test_the_evidence_rule_is_the_share_of_movement_from_evidence() -> None:
    findings = [{"grade": "A1", "source": {"doc": d}} for d in "abc"]
    result = analytic_confidence(None, findings, None,
                                 evidence={"with": 0.80, "without": 0.76, "even": 1 / 3})
    rule = _criterion(result, "evidence")
    moved, assumed = 0.04, 0.76 - 1 / 3
    assert rule["value"] == pytest.approx(moved / (moved + assumed), abs=1e-12)
    assert rule["level"] == "low" and result["level"] == "low"
    assert "the evidence moves the asked event 4.0 points" in result["reason"]
    even = analytic_confidence(None, findings, None,
                               evidence={"with": 0.70, "without": 0.40, "even": 0.5})
    assert _criterion(even, "evidence")["value"] == pytest.approx(0.3 / 0.4)
    assert _criterion(even, "evidence")["level"] == "high"


def test_the_interval_rule_grades_width_plus_twice_its_error() -> None:
    findings = [{"grade": "A1", "source": {"doc": d}} for d in "abc"]
    close = RuleInterval(0.40, 0.595, 0.004, 4000, 0)  # 19.5 points, but 20.3 with its error
    result = analytic_confidence((0.4, 0.5), findings, None, rule=close)
    assert _criterion(result, "interval")["level"] == "moderate"
    clear = RuleInterval(0.40, 0.58, 0.004, 4000, 0)
    assert _criterion(analytic_confidence(None, findings, None, rule=clear),
                      "interval")["level"] == "high"
    assert len(result["rules"]) == len(result["criteria"]) + 1


@pytest.mark.parametrize("path", [OCT, JAN], ids=["oct2022", "jan2023"])
def test_the_belarus_verdict_holds_for_every_seed_and_draw_count(path) -> None:
    from forecast.app import load_checked
    from forecast.usecases.answer import answer_scenario

    loaded = load_checked(path)
    verdicts = {}
    for draws in (1000, 2000, 5000):
        for seed in range(10):
            answer = answer_scenario(loaded, samples=draws, seed=seed)
            verdicts[(seed, draws)] = (answer.confidence["level"],
                                       tuple((c["name"], c["level"])
                                             for c in answer.confidence["criteria"]))
    assert len(set(verdicts.values())) == 1, verdicts
