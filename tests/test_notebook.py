"""The notebook API: plain mappings for priors and evidence, short reprs, a curated namespace."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from tiny_project import tiny_project

import forecast
from forecast.errors import UserError

ROOT = Path(__file__).resolve().parents[1]
OCT = ROOT / "scenarios" / "oct2022.yaml"


def test_priors_mapping_means_what_set_means() -> None:
    by_map = forecast.run_scenario(OCT, priors={"russian_axis_intent": {"offensive": 0.4}})
    by_set = forecast.run_scenario(OCT, sets=["russian_axis_intent=offensive:0.4"])
    assert by_map.to_json()["posteriors"] == by_set.to_json()["posteriors"]
    assert by_map.to_json()["adjustments"] == by_set.to_json()["adjustments"]


def test_evidence_mapping_replaces_the_findings_on_its_node(tmp_path: Path) -> None:
    root = tiny_project(tmp_path / "a")
    by_map = forecast.run_scenario(root / "scenarios/morning.yaml",
                                   evidence={"wet": "damp", "sprinkler": {"off": 0.5, "on": 1}})
    edited = tiny_project(tmp_path / "b", {"scenarios/morning.yaml": [
        ("    state: soaked\n    grade: B2\n", "    state: damp\n"),
        ("priors:", "  - node: sprinkler\n    likelihood: {off: 0.5, on: 1}\npriors:")]})
    by_file = forecast.run_scenario(edited / "scenarios/morning.yaml")
    for target in by_file.posteriors:
        np.testing.assert_allclose(by_map.posteriors[target].array,
                                   by_file.posteriors[target].array, rtol=0, atol=1e-12)
    assert [f.node for f in by_map.findings] == ["cloudy", "wet", "sprinkler"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"evidence": {"nowhere": "x"}}, "evidence: unknown node 'nowhere'"),
    ({"evidence": {"joint_force": "maybe"}}, "evidence['joint_force']: unknown state 'maybe'"),
    ({"evidence": {"joint_force": {"announced": -1}}}, "likelihoods must be finite"),
    ({"priors": {"russian_axis_intent": {"offensive": "lots"}}}, "is not a number"),
    ({"priors": {"russian_axis_intent": 0.4}}, "give a mapping {state: probability}"),
    ({"priors": {"belarus_posture": {"defensive_only": 0.5}}}, "has parents"),
])
def test_bad_mappings_are_user_errors(kwargs, message) -> None:
    with pytest.raises(UserError, match=message.replace("[", r"\[").replace("(", r"\(")):
        forecast.run_scenario(OCT, **kwargs)


def test_reprs_are_short() -> None:
    run = forecast.run_scenario(OCT)
    text = repr(run)
    assert len(text) < 300, text
    assert text.startswith("<RunResult oct2022 (as of 2022-10-11): belarus_posture: "
                           "defensive_only ")
    for result in (forecast.sensitivity_scenario(OCT), forecast.explain_scenario(OCT),
                   forecast.voi_scenario(OCT),
                   forecast.compare_scenarios(OCT, ROOT / "scenarios/jan2023.yaml"),
                   forecast.query(ROOT / "models/belarus.yaml", targets=["belarus_posture"])):
        assert len(repr(result)) < 300, repr(result)
    pooled = forecast.run_scenario(OCT, analysts=[ROOT / "overlays/belarus_analyst_a.yaml",
                                                  ROOT / "overlays/belarus_analyst_b.yaml"])
    assert "analysts analyst_a, analyst_b" in repr(pooled)


def test_the_namespace_is_curated_and_cheap() -> None:
    import forecast.app as app

    assert "dataclass" not in dir(app) and "Path" not in dir(app)
    assert set(app.__all__) <= set(dir(app))
    assert {"run_scenario", "plot_posterior", "plot_tornado", "init_case"} <= set(forecast.__all__)
    assert dir(forecast) == sorted(forecast.__all__)
    code = ("import sys, forecast; forecast.run_scenario; "
            "print('matplotlib' in sys.modules, 'pgmpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    with pytest.raises(AttributeError):
        forecast.nothing_here  # noqa: B018


def test_a_plot_renders_from_a_typed_result_at_its_default_size() -> None:
    fig = forecast.plot_posterior(forecast.run_scenario(OCT))
    width, height = fig.get_size_inches()
    assert 6 <= width <= 12 and 3 <= height <= 8
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize"))
             if hasattr(t, "get_text") and t.get_text()]
    sizes = [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize"))
             if hasattr(t, "get_text") and t.get_text()]
    assert texts and min(sizes) >= 7  # legible at the size it is drawn
