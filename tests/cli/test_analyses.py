"""`sensitivity --sweep`, `explain --target NODE=STATE` and `--ach`, `voi` collect, `compare`:
contracts, tables within 100 columns, points not percents, help without Python types."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.cli.main import app

OCT = str(ROOT / "scenarios" / "oct2022.yaml")
JAN = str(ROOT / "scenarios" / "jan2023.yaml")
runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_explain_target_state_is_the_state_reported() -> None:
    data = json.loads(invoke("explain", JAN, "-t", "belarus_posture=belarus_enters_war",
                             "-f", "json"))
    assert data["state"] == "belarus_enters_war" and data["lead"] == "defensive_only"
    out = invoke("explain", JAN, "-t", "belarus_posture=belarus_enters_war")
    assert "P(belarus_posture=belarus_enters_war)" in out
    assert " pts" in out and "shift (%)" not in out


def test_explain_ach_json_and_table() -> None:
    data = json.loads(invoke("explain", JAN, "--ach", "-f", "json"))
    ach = data["ach"]
    assert ach["hypotheses"] == list(data["posterior"])
    assert len(ach["findings"]) == len(data["evidence"])
    assert set(ach["marks"]) == {"CC", "C", "N", "I", "II"}
    assert all(set(r["marks"].values()) <= set(ach["marks"]) for r in ach["findings"])
    assert ach["most_discriminating"]
    out = invoke("explain", JAN, "--ach")
    assert "H1 = defensive_only" in out and "most discriminating" in out


def test_sensitivity_credible_json_and_table() -> None:
    data = json.loads(invoke("sensitivity", OCT, "--sweep", "credible", "-f", "json"))
    assert data["sweep"] == "credible" and data["level"] == 0.9
    prior = next(r for r in data["parameters"] if r["node"] == "russian_axis_intent"
                 and r["state"] == "offensive")
    assert 0 < prior["sweep"][0] < prior["value"] < prior["sweep"][1] < 1
    out = invoke("sensitivity", OCT, "--sweep", "credible")
    assert "P(russian_axis_intent=offensive)" in out
    assert "P(russian_axis_intent=tie_down)" not in out  # the mirror is shown once
    # the Belarus model states its confidence, so credible is the default; --range means full
    assert json.loads(invoke("sensitivity", OCT, "-f", "json"))["sweep"] == "credible"
    assert json.loads(invoke("sensitivity", OCT, "-f", "json", "--range", "0.1"))["sweep"] == "full"
    assert json.loads(invoke("sensitivity", OCT, "-f", "json", "--sweep", "full"))["sweep"] == "full"


def test_sensitivity_is_full_by_default_when_the_model_states_no_confidence(tmp_path) -> None:
    from tiny_project import tiny_project

    root = tiny_project(tmp_path)
    scenario = str(root / "scenarios" / "morning.yaml")
    assert json.loads(invoke("sensitivity", scenario, "-f", "json"))["sweep"] == "full"
    model = root / "models" / "wet.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "targets: [rain]\n", "targets: [rain]\nconfidence: 12\n"), encoding="utf-8")
    assert json.loads(invoke("sensitivity", scenario, "-f", "json"))["sweep"] == "credible"


def test_sensitivity_credible_with_range_is_refused() -> None:
    result = runner.invoke(app, ["sensitivity", OCT, "--sweep", "credible", "--range", "0.1"])
    assert result.exit_code == 2
    assert "--range applies to --sweep full" in result.output
    assert "Traceback" not in result.output


def test_voi_collect_lists_observable_nodes_with_soft_evidence() -> None:
    data = json.loads(invoke("voi", JAN, "-f", "json"))
    collected = {r["node"] for r in data["collect"]}
    assert "troop_movements_south" in collected  # soft evidence
    assert "russian_axis_intent" not in collected  # latent
    assert {"russian_axis_intent", "regime_risk"} <= {r["node"] for r in data["nodes"]}
    out = invoke("voi", JAN)
    assert out.index("What to collect") < out.index("Value of information for")


def test_compare_table_shows_before_and_after() -> None:
    out = invoke("compare", OCT, JAN)
    assert "before (oct2022)" in out and "after (jan2023)" in out
    from forecast.app import run_scenario

    before = run_scenario(OCT).posteriors["belarus_posture"]["defensive_only"]
    assert f"{100 * before:.1f}%" in out.split("before (oct2022)")[1].split("\n")[0]
    assert "pts" in out


@pytest.mark.parametrize("args", [
    ("sensitivity", OCT), ("sensitivity", OCT, "--sweep", "credible"), ("explain", JAN),
    ("explain", JAN, "--ach"), ("voi", JAN), ("compare", OCT, JAN),
])
def test_analysis_tables_fit_100_columns(args) -> None:
    out = invoke(*args)
    assert max(len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize("command", ["run", "query", "validate", "brief", "chart", "explain",
                                     "voi", "compare", "sensitivity"])
def test_help_shows_no_python_types(command: str) -> None:
    out = invoke(command, "--help")
    assert "list[" not in out


@pytest.mark.parametrize(("args", "message"), [
    (("sensitivity", OCT, "--sweep", "wide"), "'wide' is not one of"),
    (("explain", JAN, "-t", "belarus_posture=calm"), "unknown state 'calm'"),
    (("voi", JAN, "-t", "nowhere"), "unknown node 'nowhere'"),
    (("explain", JAN, "--ach", "-t", "nowhere=x"), "unknown node 'nowhere'"),
])
def test_bad_analysis_options_exit_2_in_one_line(args, message) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_explain_tables_name_each_finding_by_its_id() -> None:
    data = json.loads(invoke("explain", JAN, "-f", "json"))
    ids = [e["id"] for e in data["evidence"]]
    for args in ((), ("--ach",)):
        for fmt in ("markdown", "csv"):
            out = " ".join(invoke("explain", JAN, "-f", fmt, *args).split())
            for e in data["evidence"]:
                reported = f"{e['node']}={e['state']}" if e["state"] else f"{e['node']} (soft)"
                assert f"{e['id']}: {reported}" in out, (fmt, args, e["id"])
        # the text table wraps its cells to fit 100 columns; a short id stays whole
        assert "joint_force_announced:" in invoke("explain", JAN, *args)
    assert "joint_force_announced" in ids
