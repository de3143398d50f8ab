"""The use cases' typed requests: frozen, built by the CLI from its options and by a
notebook's keyword functions, giving the same results; several analysts answer once each."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import ROOT

from forecast.app import run_scenario, sensitivity_scenario
from forecast.results import EachAnalyst
from forecast.usecases import compare, explain, run, sensitivity, voi, warn
from forecast.usecases.snapshot import Adjustments, Checks

OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"
A = ROOT / "overlays" / "belarus_analyst_a.yaml"
B = ROOT / "overlays" / "belarus_analyst_b.yaml"


def dumped(result) -> str:
    return json.dumps(result.to_json(), sort_keys=True)


def test_a_request_is_frozen_and_its_bundles_default_empty() -> None:
    request = run.RunRequest(OCT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.samples = 10  # type: ignore[misc]
    assert request.adjustments == Adjustments() and request.checks == Checks()
    assert Adjustments.of(["x=a:1"], None, None, None) == Adjustments(("x=a:1",))


def test_the_keyword_function_and_the_request_give_the_same_run() -> None:
    adjust = Adjustments(sets=("russia_troop_need=acute:0.6",), analysts=(A,))
    by_request = run.execute(run.RunRequest(JAN, adjust, samples=50, seed=2))
    by_keywords = run_scenario(JAN, sets=["russia_troop_need=acute:0.6"], analysts=[A],
                               samples=50, seed=2)
    assert dumped(by_request) == dumped(by_keywords)


def test_the_default_sweep_is_chosen_from_the_model() -> None:
    result = sensitivity.execute(sensitivity.SensitivityRequest(OCT))
    assert result.analysis.sweep == "credible"  # the Belarus model states its confidence
    full = sensitivity.execute(sensitivity.SensitivityRequest(OCT, range_=0.1))
    assert full.analysis.sweep == "full"
    assert dumped(result) == dumped(sensitivity_scenario(OCT, sweep="credible"))


@pytest.mark.parametrize("request_for", [
    lambda adjust: sensitivity.SensitivityRequest(OCT, adjustments=adjust),
    lambda adjust: explain.ExplainRequest(OCT, adjustments=adjust),
    lambda adjust: voi.VoiRequest(OCT, adjustments=adjust),
    lambda adjust: warn.WarnRequest(OCT, adjustments=adjust),
    lambda adjust: compare.CompareRequest(OCT, JAN, adjustments=adjust),
], ids=["sensitivity", "explain", "voi", "warn", "compare"])
def test_an_analysis_of_several_analysts_answers_once_per_analyst(request_for) -> None:
    module = {"SensitivityRequest": sensitivity, "ExplainRequest": explain,
              "VoiRequest": voi, "WarnRequest": warn, "CompareRequest": compare}
    request = request_for(Adjustments(analysts=(A, B)))
    result = module[type(request).__name__].execute(request)
    assert isinstance(result, EachAnalyst) and len(result.results) == 2
    alone = module[type(request).__name__].execute(request_for(Adjustments(analysts=(A,))))
    first = next(iter(result.results.values()))
    assert json.dumps(first.to_json(), sort_keys=True) == dumped(alone)
