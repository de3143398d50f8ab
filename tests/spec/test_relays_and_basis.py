"""Grades through relays, graded soft findings, and the sources of a model's numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from forecast.app import Checks, load_checked
from forecast.domain.evidence import DEFAULT_CREDIBILITY, DEFAULT_RELIABILITY, GradeTables, Relay
from forecast.errors import UserError
from forecast.report.integrity import warning_lines_of
from tests.reference import brute_force
from tests.tiny_project import tiny_project

S = "scenarios/morning.yaml"
M = "models/wet.yaml"
QUOTE = 'quote: "the \\"grass was wet\\" at dawn - and the sprinkler"'


def _load(tmp_path: Path, edits, strict: bool = False):
    tiny_project(tmp_path, edits)
    return load_checked(tmp_path / S, Checks(strict=strict))


@pytest.mark.parametrize(("grade", "via", "used"), [
    ("B2", ["F"], "F2"), ("A1", ["B", "C"], "C1"), ("C3", ["A"], "C3"), ("D2", ["F"], "D2"),
    ("B6", ["E", "F"], "E6"), ("A4", ["B"], "B4")])
def test_the_weakest_link_sets_the_letter(tmp_path: Path, grade, via, used) -> None:
    chain = ", ".join(f"{{name: relay {k}, reliability: {r}}}" for k, r in enumerate(via))
    loaded = _load(tmp_path, {S: [("    grade: B2\n", f"    grade: {grade}\n"),
                                  (QUOTE, f"{QUOTE}, via: [{chain}]")]})
    finding = loaded.scenario.findings[0]
    weights = [DEFAULT_RELIABILITY[x] for x in [grade[0], *via]]
    assert finding.grade == used and finding.stated_grade == grade
    assert DEFAULT_RELIABILITY[used[0]] == min(weights)  # F weighs like D: 0.5
    expected = min(weights) * DEFAULT_CREDIBILITY[grade[1]]
    assert abs(finding.weight - expected) < 1e-12
    soaked = loaded.network["wet"].index("soaked")
    vector = np.full(3, 1 - expected)
    vector[soaked] = 1.0
    assert np.allclose(finding.likelihood, vector, atol=1e-12)
    assert finding.to_json()["via"] == [{"name": f"relay {k}", "reliability": r}
                                        for k, r in enumerate(via)]
    assert finding.grade_text == f"{used} ({grade} via " + ", ".join(
        f"relay {k} {r}" for k, r in enumerate(via)) + ")"
    # the posterior is the brute-force one with that likelihood, to 1e-9
    from forecast.usecases.snapshot import infer

    got = infer(loaded.network, ("rain",), loaded.scenario.findings, "compiled")["rain"]
    want = brute_force(loaded.network, ["rain"], loaded.scenario.likelihoods())["rain"]
    assert np.allclose(got, want, atol=1e-9)


def test_a_model_grade_table_decides_the_weakest_link() -> None:
    tables = GradeTables({**DEFAULT_RELIABILITY, "F": 0.2})
    assert tables.through("B", [Relay("page", "F")]) == "F"
    assert tables.through("E", [Relay("page", "F")]) == "F"  # 0.2 < E's 0.25
    assert GradeTables().through("D", [Relay("page", "F")]) == "D"  # a tie keeps the speaker's


def test_a_graded_soft_finding_is_tempered_toward_one(tmp_path: Path) -> None:
    loaded = _load(tmp_path, {S: [("    likelihood: {no_clouds: 0.5, clouds: 1.0}\n",
                                   "    likelihood: {no_clouds: 0.2, clouds: 0.8}\n    grade: C2\n")]})
    finding = loaded.scenario.findings[1]
    w = 0.75 * 0.9
    assert finding.grade == "C2" and abs(finding.weight - w) < 1e-12
    assert np.allclose(finding.likelihood, [(1 - w) + w * 0.25, 1.0], atol=1e-12)


def test_relays_show_in_explain_and_the_run_json(tmp_path: Path) -> None:
    from forecast.app import explain_scenario, run_scenario
    from forecast.report.analysis_tables import render_explain

    tiny_project(tmp_path, {S: [(QUOTE, f"{QUOTE}, via: [{{name: a slideshow, reliability: F}}]")]})
    run = run_scenario(tmp_path / S).to_json()
    assert run["evidence"][0]["grade"] == "F2" and run["evidence"][0]["stated_grade"] == "B2"
    assert run["evidence"][0]["via"] == [{"name": "a slideshow", "reliability": "F"}]
    text = render_explain(explain_scenario(tmp_path / S), "table")
    assert "F2 (B2 via F)" in text
    assert "relayed: wet#1: F2 (B2 via a slideshow F)" in text


def _unsourced(loaded) -> list[str]:
    return [w.details["node"] for w in loaded.integrity.warnings
            if w.kind == "unsourced" and "finding" not in w.details]


def test_a_node_without_sources_or_basis_warns_with_its_line(tmp_path: Path) -> None:
    loaded = _load(tmp_path, {})
    assert _unsourced(loaded) == ["cloudy", "sprinkler", "wet", "worry"]
    cloudy = next(w for w in loaded.integrity.warnings
                  if w.kind == "unsourced" and "finding" not in w.details
                  and w.details.get("node") == "cloudy")
    assert len(cloudy.at) == 1 and cloudy.at[0].endswith("models/wet.yaml:6")
    lines = warning_lines_of([(None, w) for w in loaded.integrity.warnings])
    line = next(x for x in lines if "'cloudy'" in x)
    assert line.endswith("models/wet.yaml:6)") and "(at " in line  # one place, not letters


def _all_sourced(basis_for: tuple[str, ...]) -> dict:
    """Every unsourced node of the tiny model marked judgement, but those not in basis_for;
    the scenario's other warnings (an unsourced finding) removed."""
    marks = {"cloudy": ("    label: Cloudy sky\n", "    label: Cloudy sky\n    basis: judgement\n"),
             "sprinkler": ("        p: {off: 0.9, on: 0.1}\n",
                           "        p: {off: 0.9, on: 0.1}\n    basis: judgement\n"),
             "wet": ("        sprinkler: {on: {dry: 0.2, damp: 0.6, soaked: 0.2}}\n",
                     "        sprinkler: {on: {dry: 0.2, damp: 0.6, soaked: 0.2}}\n"
                     "    sources:\n      - {doc: weather_report, quote: \"grass was wet\"}\n"),
             "worry": ("      variance: 0.05\n", "      variance: 0.05\n    basis: judgement\n")}
    return {M: [marks[n] for n in basis_for],
            S: [("    note: a vague report\n",
                 "    source: {doc: weather_report, quote: \"The rain fell all night\"}\n")]}


def test_strict_fails_on_an_unsourced_node_and_passes_when_each_is_sourced_or_marked(
        tmp_path: Path) -> None:
    with pytest.raises(UserError, match="unsourced: model node 'worry'"):
        _load(tmp_path / "a", _all_sourced(("cloudy", "sprinkler", "wet")), strict=True)
    loaded = _load(tmp_path / "b", _all_sourced(("cloudy", "sprinkler", "wet", "worry")),
                   strict=True)
    assert loaded.integrity.warnings == ()


def test_strict_fails_on_the_cli_naming_the_node(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from forecast.cli.main import app

    tiny_project(tmp_path, _all_sourced(("cloudy", "wet", "worry")))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", S, "--strict"])
    assert result.exit_code == 2
    assert "unsourced: model node 'sprinkler' at models/wet.yaml:" in result.output
    assert "Traceback" not in result.output


def test_basis_takes_only_judgement(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"models/wet.yaml:8:5: nodes.cloudy.basis: .data. is not allowed"):
        _load(tmp_path, {M: [("    label: Cloudy sky\n", "    label: Cloudy sky\n    basis: data\n")]})
