"""Issue 9 end to end: verified quotes, dates, provenance and grades in every command and output."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from reference import brute_force
from typer.testing import CliRunner

from forecast.app import Checks, explain_scenario, load_checked, run_scenario
from forecast.cli.main import app
from forecast.errors import UserError
from forecast.usecases.snapshot import infer

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
QUOTE = 'the \\"grass was wet\\" at dawn - and the sprinkler'
INDEX = """format: forecast-sources/1
documents:
  - id: weather_report
    file: doc.txt
    title: A night of rain
    published: 2022-10-11
  - id: follow_up
    file: doc2.txt
    title: The morning after
    published: 2022-10-20
  - id: retold
    file: doc3.txt
    title: A retelling
    derived_from: [weather_report]
"""


def project(tmp_path: Path, evidence: str, *, as_of: str = "2022-10-25",
            model_edit: tuple[str, str] | None = None) -> Path:
    """The tiny fixture with a second and third document and a scenario of `evidence`."""
    for folder in ("models", "seeds"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    (tmp_path / "seeds" / "doc2.txt").write_text(
        "By morning the sprinkler was found switched on after all.\n", encoding="utf-8")
    (tmp_path / "seeds" / "doc3.txt").write_text(
        "People say the grass was wet at dawn.\n", encoding="utf-8")
    (tmp_path / "seeds" / "index.yaml").write_text(INDEX, encoding="utf-8")
    if model_edit:
        model = tmp_path / "models" / "wet.yaml"
        text = model.read_text(encoding="utf-8")
        assert model_edit[0] in text
        model.write_text(text.replace(model_edit[0], model_edit[1], 1), encoding="utf-8")
    (tmp_path / "scenarios").mkdir()
    scenario = tmp_path / "scenarios" / "s.yaml"
    scenario.write_text(f"""format: forecast-scenario/1
id: s
title: A test snapshot
as_of: {as_of}
horizon: 2022-11-30
model: ../models/wet.yaml
targets: [rain, sprinkler]
evidence:
{evidence}""", encoding="utf-8")
    return scenario


GOOD = f"""  - id: dawn
    node: wet
    state: soaked
    grade: B2
    source: {{doc: weather_report, quote: "{QUOTE}"}}
"""
FABRICATED = GOOD.replace("grass was wet", "grass was soaked")


def cli(*args: str) -> tuple[int, str, str]:
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- several findings and grades ---------------------------------------------------------------

def test_two_findings_on_one_node_equal_the_product_of_their_likelihoods(tmp_path: Path) -> None:
    second = """  - node: wet
    state: damp
    grade: C3
    source: {doc: follow_up, quote: "the sprinkler was found switched on"}
  - node: cloudy
    likelihood: {no_clouds: 0.5, clouds: 1.0}
    source: {doc: weather_report, quote: "The rain fell all night"}
"""
    scenario = project(tmp_path, GOOD + second)
    loaded = load_checked(scenario)
    network = loaded.network
    findings = loaded.scenario.findings
    assert [f.node for f in findings] == ["wet", "wet", "cloudy"]
    product = findings[0].likelihood * findings[1].likelihood
    expected = brute_force(network, network.names, {"wet": product, "cloudy": findings[2].likelihood})
    got = infer(network, network.names, findings, "compiled")
    for node in network.names:
        np.testing.assert_allclose(got[node], expected[node], rtol=0, atol=1e-9)
    pgmpy = infer(network, network.names, findings, "pgmpy")
    for node in network.names:
        np.testing.assert_allclose(pgmpy[node], expected[node], rtol=0, atol=1e-9)


def test_a_finding_graded_5_leaves_every_posterior_exactly_as_without_it(tmp_path: Path) -> None:
    improbable = GOOD.replace("grade: B2", "grade: A5")
    with_it = run_scenario(project(tmp_path / "a", improbable))
    without = run_scenario(project(tmp_path / "b", "  []\n"))
    assert with_it.posteriors == without.posteriors
    assert with_it.to_json()["posteriors"] == without.to_json()["posteriors"]
    assert with_it.to_json()["evidence"][0]["weight"] == 0.0


# --- quotes verified ---------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ("run",), ("explain",), ("sensitivity",), ("voi",), ("chart", "--out", "c.png"),
    ("brief", "--out", "b.html")])
def test_a_fabricated_quote_stops_every_command_before_anything_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    scenario = project(tmp_path, FABRICATED)
    monkeypatch.chdir(tmp_path)
    code, _out, err = cli(command[0], str(scenario.relative_to(tmp_path)), *command[1:])
    assert code == 2
    assert err.startswith("error: scenarios/s.yaml:13:35: quote not found")
    assert 'closest passage' in err and 'grass was wet' in err
    assert not (tmp_path / "c.png").exists() and not (tmp_path / "b.html").exists()


def test_allow_unverified_marks_json_table_csv_and_markdown(tmp_path: Path) -> None:
    scenario = project(tmp_path, FABRICATED)
    result = run_scenario(scenario, checks=Checks(allow_unverified=True)).to_json()
    assert result["verification"] == {
        "checked": 2, "verified": 1, "draft": True,
        "unverified": [{"node": "wet", "doc": "weather_report",
                        "quote": 'the "grass was soaked" at dawn - and the sprinkler',
                        "role": "finding", "at": f"{scenario}:13:35"}]}
    for fmt, first in (("table", "DRAFT: 1 quote not verified"),
                       ("csv", "# DRAFT: 1 quote not verified"),
                       ("markdown", "## DRAFT: 1 quote not verified")):
        code, out, _ = cli("run", str(scenario), "--allow-unverified", "--format", fmt)
        assert code == 0
        assert out.splitlines()[0] == first, out
    for command in ("explain", "sensitivity", "voi"):
        code, out, _ = cli(command, str(scenario), "--allow-unverified")
        assert code == 0 and out.startswith("DRAFT: 1 quote not verified"), (command, out)
    code, out, _ = cli("compare", str(scenario), str(scenario), "--allow-unverified")
    assert code == 0 and out.startswith("DRAFT: 2 quotes not verified"), out


def test_allow_unverified_stamps_every_chart(tmp_path: Path) -> None:
    from forecast.report.charts import render
    from forecast.usecases.chart import chart_data

    scenario = project(tmp_path, FABRICATED)
    for kind in ("posterior", "tornado", "impact", "network", "timeline"):
        data = chart_data(kind, [scenario], checks=Checks(allow_unverified=True))
        fig = render(kind, data)
        texts = [t.get_text() for t in fig.texts]
        assert "DRAFT: 1 quote not verified" in texts, (kind, texts)
        clean = render(kind, chart_data(kind, [project(tmp_path / kind, GOOD)]))
        assert not any("DRAFT" in t.get_text() for t in clean.texts)


def test_a_draft_brief_says_so_on_every_page_and_claims_only_the_check_it_ran(tmp_path: Path) -> None:
    from pypdf import PdfReader

    scenario = project(tmp_path, FABRICATED)
    code, _, err = cli("brief", str(scenario), "--out", str(tmp_path / "b.pdf"), "--allow-unverified")
    assert code == 0, err
    pages = [page.extract_text() for page in PdfReader(tmp_path / "b.pdf").pages]
    assert all("DRAFT: 1 quote not verified" in text for text in pages)
    text = " ".join(" ".join(pages).split())
    assert "Every quote in this brief occurs" not in text
    assert "1 of 2 quotes checked and found verbatim" in text
    code, _, _ = cli("brief", str(project(tmp_path / "good", GOOD)), "--out", str(tmp_path / "g.html"))
    html = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert code == 0 and "DRAFT" not in html
    assert "2 of 2 quotes checked and found verbatim" in html


# --- dates ---------------------------------------------------------------------------------------

def test_model_citations_after_the_snapshot_are_hindsight(tmp_path: Path) -> None:
    cite = ('      - {doc: weather_report, quote: "The rain fell all night"}\n',
            '      - {doc: weather_report, quote: "The rain fell all night"}\n'
            '      - {doc: follow_up, quote: "the sprinkler was found switched on"}\n')
    scenario = project(tmp_path, GOOD, as_of="2022-10-15", model_edit=cite)
    result = run_scenario(scenario).to_json()
    hindsight = [w for w in result["warnings"] if w["kind"] == "hindsight"]
    model = scenario.parent.parent / "models" / "wet.yaml"
    line = 1 + model.read_text(encoding="utf-8").splitlines().index(cite[1].splitlines()[1])
    at = f"{model}:{line}:26"  # the citation to change, in the model (not the scenario)
    assert hindsight == [{
        "kind": "hindsight", "node": "rain", "document": "follow_up", "date": "2022-10-20",
        "message": "model node 'rain' cites follow_up (published 2022-10-20), later than the "
                   "scenario's as_of 2022-10-15: hindsight", "at": [at]}]
    code, out, _ = cli("run", str(scenario))
    assert "warning: hindsight: 1 model node cite follow_up (published 2022-10-20)" in out
    assert f"(at {at})" in out
    code, _, err = cli("run", str(scenario), "--strict")
    assert code == 2 and f"error: {at}: hindsight: model node 'rain' cites follow_up" in err


def test_a_model_as_of_earlier_than_its_citations_is_hindsight_too(tmp_path: Path) -> None:
    cite = ("title: Why is the grass wet?\n", "title: Why is the grass wet?\nas_of: 2022-10-01\n")
    result = run_scenario(project(tmp_path, GOOD, model_edit=cite)).to_json()
    assert [(w["node"], w["document"]) for w in result["warnings"] if w["kind"] == "hindsight"] == [
        ("rain", "weather_report")]


def test_an_undated_document_and_an_ungraded_finding_are_warned(tmp_path: Path) -> None:
    evidence = GOOD.replace("    grade: B2\n", "") + """  - node: cloudy
    state: clouds
    grade: B2
    source: {doc: retold, quote: "People say the grass was wet"}
"""
    result = run_scenario(project(tmp_path, evidence)).to_json()
    kinds = {w["kind"]: w for w in result["warnings"]}
    assert kinds["ungraded"]["finding"] == "dawn"
    assert kinds["undated"]["document"] == "retold"


# --- provenance ----------------------------------------------------------------------------------

def test_two_findings_quoting_one_passage_are_flagged_and_explained_as_a_group(tmp_path: Path) -> None:
    evidence = GOOD + """  - node: rain
    state: rain
    grade: C3
    source: {doc: weather_report, quote: "grass was wet\\" at dawn", speaker: a witness, stake: neutral}
  - node: sprinkler
    state: on
    grade: B2
    source: {doc: follow_up, quote: "the sprinkler was found switched on"}
"""
    scenario = project(tmp_path, evidence)
    result = run_scenario(scenario).to_json()
    shared = [w for w in result["warnings"] if w["kind"] == "shared_origin"]
    assert len(shared) == 1 and shared[0]["findings"] == ["dawn", "rain#1"]
    assert result["evidence"][1]["source"]["speaker"] == "a witness"
    explained = explain_scenario(scenario, "cloudy")
    assert [g["findings"] for g in explained.to_json()["groups"]] == [["dawn", "rain#1"]]
    assert [g.findings for g in explained.analysis.groups] == [("dawn", "rain#1")]
    loaded = load_checked(scenario)
    rest = [f for f in loaded.scenario.findings if f.ref not in {"dawn", "rain#1"}]
    independent = infer(loaded.network, ("cloudy",), rest, "compiled")["cloudy"]
    without = explained.analysis.groups[0].without
    np.testing.assert_allclose([without[s] for s in ("no_clouds", "clouds")], independent, atol=1e-9)
    # the table says what the group does as one piece, under the findings
    from forecast.report.analysis_tables import render_explain

    lead = explained.analysis.lead
    shift = explained.analysis.posterior[lead] - without[lead]
    line = (f"shared origin dawn, rain#1: without the whole group P({lead}) = "
            f"{100 * without[lead]:.1f}%, the group moves it {100 * shift:+.1f} pts")
    for fmt in ("table", "markdown"):
        assert line in " ".join(render_explain(explained, fmt).split())


def test_documents_derived_from_one_source_and_shared_origins_are_flagged(tmp_path: Path) -> None:
    evidence = GOOD.replace("  - id: dawn\n", "  - id: dawn\n    origin: night_watch\n") + """  - node: rain
    state: rain
    grade: C3
    source: {doc: retold, quote: "People say the grass was wet"}
  - node: sprinkler
    state: "on"
    grade: B2
    origin: night_watch
    source: {doc: follow_up, quote: "the sprinkler was found switched on"}
"""
    scenario = project(tmp_path, evidence)
    result = run_scenario(scenario).to_json()
    shared = [w for w in result["warnings"] if w["kind"] == "shared_origin"]
    assert shared[0]["findings"] == ["dawn", "rain#1", "sprinkler#1"]
    lines = scenario.read_text(encoding="utf-8").splitlines()
    starts = [i + 1 for i, text in enumerate(lines) if text.startswith("  - ")]
    assert shared[0]["at"] == [f"{scenario}:{n}" for n in starts]  # each finding, where written
    code, _, err = cli("run", str(scenario), "--strict")
    assert code == 2
    assert (f"error: {scenario}:{starts[0]}: shared_origin: findings dawn, rain#1, sprinkler#1 "
            "are not independent") in err
    assert f"(--strict: warnings are errors); also at {scenario}:{starts[1]}, " \
           f"{scenario}:{starts[2]}" in err
    assert any("derive from weather_report" in r for r in shared[0]["reasons"])
    assert "same origin night_watch" in shared[0]["reasons"]


def test_the_api_refuses_unverified_quotes_unless_asked(tmp_path: Path) -> None:
    scenario = project(tmp_path, FABRICATED)
    with pytest.raises(UserError, match="quote not found in weather_report"):
        run_scenario(scenario)
    draft = run_scenario(scenario, checks=Checks(allow_unverified=True)).to_json()["verification"]
    assert draft["draft"] is True and draft["verified"] == draft["checked"] - 1
