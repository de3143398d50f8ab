"""--analyst, --pool, --weights and --set through the CLI: every adjustment named in every
format, the analysts' columns, and every bad input a one-line error with exit code 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES
from svg_text import has_phrase
from typer.testing import CliRunner

from forecast.cli.main import app

TINY = FIXTURES / "tiny"
S = str(TINY / "scenarios" / "morning.yaml")
A = str(TINY / "overlays" / "clouds.yaml")
B = str(TINY / "overlays" / "sprinkler.yaml")
C = str(TINY / "overlays" / "worry.yaml")
runner = CliRunner()


def invoke(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout if code == 0 else result.stderr


def test_several_analysts_give_a_column_each_the_pool_and_the_spread() -> None:
    out = invoke("run", S, "--analyst", A, "--analyst", B)
    header = next(line for line in out.splitlines() if line.startswith("node"))
    assert header.split() == ["node", "state", "analyst_a", "analyst_b", "probability", "spread",
                              "words"]
    assert "adjustment: analyst analyst_a (2022-10-12, " in out
    assert "adjustment: analyst analyst_b (2022-10-13, " in out
    assert "adjustment: scenario prior cloudy: no_clouds 40.0%, clouds 60.0%" in out
    assert "probability = linear pool of the analysts (weights analyst_a 0.5, analyst_b 0.5)" in out
    data = json.loads(invoke("run", S, "--analyst", A, "--analyst", B, "-f", "json"))
    row = next(line for line in out.splitlines() if line.startswith("sprinkler  on"))
    a, b, pooled, spread = (float(x.rstrip("%")) / 100 for x in row.split()[2:6])
    assert a == pytest.approx(data["analysts"]["analyst_a"]["sprinkler"]["on"], abs=5e-3)
    assert b == pytest.approx(data["analysts"]["analyst_b"]["sprinkler"]["on"], abs=5e-3)
    assert pooled == pytest.approx(data["posteriors"]["sprinkler"]["on"], abs=5e-3)
    assert spread == pytest.approx(data["spread"]["sprinkler"]["on"], abs=5e-3)


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "json"])
def test_every_format_names_every_adjustment(fmt: str) -> None:
    out = invoke("run", S, "--analyst", A, "--analyst", B, "--set", "cloudy=clouds:0.7",
                 "-f", fmt)
    for needle in ("analyst_a", "2022-10-12", "analyst_b", "2022-10-13", "cloudy=clouds:0.7"):
        assert needle in out, (fmt, needle)


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_a_set_alone_is_named_outside_json_too(fmt: str) -> None:
    assert "--set cloudy=clouds:0.7" in invoke("run", S, "--set", "cloudy=clouds:0.7", "-f", fmt)


def test_no_adjustment_is_said_from_the_result() -> None:
    out = invoke("run", str(TINY / "scenarios" / "morning.yaml"), "-f", "csv")
    assert out.splitlines()[0].endswith(",adjustments")  # the scenario's own prior is one
    plain = invoke("query", str(TINY / "models" / "wet.yaml"), "--target", "rain")
    assert "adjustment" not in plain


def test_json_is_byte_identical_across_runs() -> None:
    args = ("run", S, "--analyst", A, "--analyst", B, "--analyst", C, "--pool", "log",
            "--weights", "analyst_a=1,analyst_c=2", "-f", "json")
    assert invoke(*args) == invoke(*args)


def test_weights_leave_unnamed_analysts_out() -> None:
    data = json.loads(invoke("run", S, "--analyst", A, "--analyst", B, "--weights",
                             "analyst_b=1", "-f", "json"))
    assert data["pool"]["weights"] == {"analyst_a": 0.0, "analyst_b": 1.0}
    assert data["posteriors"] == data["analysts"]["analyst_b"]


def test_one_analyst_runs_every_analysis_on_the_overlaid_model() -> None:
    run = json.loads(invoke("run", S, "--analyst", B, "-f", "json"))
    sens = json.loads(invoke("sensitivity", S, "--analyst", B, "--target", "rain=rain",
                             "-f", "json"))
    assert sens["baseline"] == pytest.approx(run["posteriors"]["rain"]["rain"], abs=1e-12)
    assert any(p["node"] == "wet" and p["kind"] == "leak" and p["value"] == 0.8
               for p in sens["parameters"])
    explain = json.loads(invoke("explain", S, "--analyst", B, "--target", "rain", "-f", "json"))
    assert explain["posterior"] == pytest.approx(run["posteriors"]["rain"], abs=1e-12)
    for command in ("sensitivity", "explain", "voi"):
        out = invoke(command, S, "--analyst", B)
        assert "adjustment: analyst analyst_b (2022-10-13" in out
        data = json.loads(invoke(command, S, "--analyst", B, "-f", "json"))
        assert [a["kind"] for a in data["adjustments"]] == ["scenario prior", "analyst"]
    compare = json.loads(invoke("compare", S, S, "--analyst", B, "-f", "json"))
    assert compare["adjustments"][-1]["analyst"] == "analyst_b"


@pytest.mark.parametrize("command", [("sensitivity", S), ("explain", S), ("voi", S),
                                     ("compare", S, S)])
def test_several_analysts_get_an_analysis_each(command) -> None:
    both = json.loads(invoke(*command, "--analyst", A, "--analyst", B, "-f", "json"))
    assert list(both["analysts"]) == ["analyst_a", "analyst_b"]
    assert [a["kind"] for a in both["adjustments"]] == ["scenario prior", "analyst", "analyst"]
    for name, path in (("analyst_a", A), ("analyst_b", B)):
        alone = json.loads(invoke(*command, "--analyst", path, "-f", "json"))
        assert both["analysts"][name] == alone
    table = invoke(*command, "--analyst", A, "--analyst", B)
    assert table.count("Analyst analyst_a: ") == 1 and table.count("Analyst analyst_b: ") == 1
    csv = invoke(*command, "--analyst", A, "--analyst", B, "-f", "csv").splitlines()
    assert csv[0].startswith("analyst,") and csv[0].endswith(",adjustments")
    assert {line.split(",")[0] for line in csv[1:]} == {"analyst_a", "analyst_b"}


BAD = [
    (("run", S, "--analyst", A, "--analyst", B, "--weights", "nobody=1"),
     "--weights names 'nobody', not an analyst given with --analyst"),
    (("run", S, "--analyst", A, "--analyst", B, "--weights", "analyst_a"),
     "--weights 'analyst_a': write NAME=W"),
    (("run", S, "--analyst", A, "--analyst", B, "--weights", "analyst_a=1,analyst_a=2"),
     "'analyst_a' given twice"),
    (("run", S, "--analyst", A, "--weights", "analyst_a=1"), "give two or more --analyst files"),
    (("run", S, "--analyst", A, "--analyst", A), "analyst 'analyst_a' is named by more than one"),
    (("run", S, "--analyst", A, "--analyst", B, "--samples", "10"),
     "--samples runs on one analyst's numbers"),
    (("chart", S, "--kind", "tornado", "--out", "x.png", "--analyst", A, "--analyst", B),
     "sensitivity runs on one analyst's numbers"),
    (("chart", S, "--kind", "network", "--out", "x.png", "--analyst", A, "--analyst", B),
     "the network chart runs on one analyst's numbers"),
    (("run", S, "--analyst", str(TINY / "overlays" / "missing.yaml")), "missing.yaml: file not found"),
    (("run", S, "--analyst", S), "this is a scenario file"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_analyst_options_fail_in_one_line(args, message) -> None:
    err = invoke(*args, code=2)
    assert message in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_an_overlay_of_another_model_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(Path(A).read_text(encoding="utf-8").replace("model: wet_grass",
                                                                 "model: belarus_war_entry"))
    err = invoke("run", S, "--analyst", str(other), code=2)
    assert re.search(rf"{re.escape(str(other))}:5:1: this overlay is for model 'belarus_war_entry'",
                     err), err


def test_chart_names_the_set_and_the_analysts_in_its_source_line(tmp_path: Path) -> None:
    out = tmp_path / "posterior.svg"
    invoke("chart", S, "--kind", "posterior", "--out", str(out), "--set", "cloudy=clouds:0.7",
           "--analyst", A, "--analyst", B)
    svg = out.read_text(encoding="utf-8")
    for needle in ("adjusted", "analyst_a", "analyst_b", "cloudy=clouds:0.7"):
        assert needle in svg, needle
    assert has_phrase(svg, "Bars: the linear pool of 2 analysts; markers: each analyst.")
    assert svg.count("analyst_a") == 3   # the source line and the legend of each target's markers


def test_brief_shows_where_analysts_differ_and_why(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    invoke("brief", S, "--out", str(out), "--analyst", A, "--analyst", B, "--set",
           "cloudy=clouds:0.5")
    html = out.read_text(encoding="utf-8")
    assert "Where the analysts differ by 10 points or more" in html
    assert "the sprinkler runs more often" in html           # analyst_b's rationale
    assert "the neighbours water every dry evening" in html   # and the node's
    assert "clouds are likelier than the model says" in html
    assert "--set cloudy=clouds:0.5" in html
    # what the drivers were computed on: the --set, not the pool
    assert ("computed on the model&#x27;s numbers with --set cloudy=clouds:0.5, not on the pool"
            in html)


def test_brief_with_one_analyst_runs_everything_on_their_numbers(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    invoke("brief", S, "--out", str(out), "--analyst", B)
    html = out.read_text(encoding="utf-8")
    assert "analyst analyst_b (2022-10-13" in html
    assert "Where the analysts differ" not in html
    assert "not on the pool" not in html


def test_validate_checks_an_overlay_against_the_model_it_names(tmp_path: Path) -> None:
    out = invoke("validate", B, A)
    assert f"ok: {B} (overlay, checked against {TINY / 'models' / 'wet.yaml'})" in out
    assert f"ok: {A} (overlay; its form only: it names no model file" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(B).read_text(encoding="utf-8").replace(
        "model: ../models/wet.yaml", f"model: {TINY / 'models' / 'wet.yaml'}").replace(
        "p: {off: 0.2, on: 0.8}", "p: {off: 0.2, on: 0.9}"), encoding="utf-8")
    err = invoke("validate", str(bad), code=2)
    assert f"{bad}:10:9: node 'sprinkler', table row 1: probabilities sum to 1.1" in err, err
