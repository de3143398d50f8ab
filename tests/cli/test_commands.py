"""Happy paths of every command: formats, --out, --set, determinism."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.cli.main import app

OCT = str(ROOT / "scenarios" / "oct2022.yaml")
MODEL = str(ROOT / "models" / "belarus.yaml")
runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_run_table_shows_every_outcome_with_words() -> None:
    out = invoke("run", OCT)
    for state in ("defensive_only", "russian_offensive_from_belarus", "belarus_enters_war"):
        assert state in out
    assert any(w in out for w in ("likely", "unlikely", "even chance"))


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_run_formats(fmt: str) -> None:
    out = invoke("run", OCT, "--format", fmt)
    if fmt == "json":
        data = json.loads(out)
        assert set(data) >= {"scenario", "model", "engine", "posteriors", "evidence",
                             "estimative", "warnings"}
        assert data["scenario"]["id"] == "oct2022"
        assert len(data["model"]["sha256"]) == 64
        assert all("source" in e and "grade" in e and "weight" in e for e in data["evidence"])
    elif fmt == "csv":
        # the outside view's columns come after the model's (the scenario has base rates)
        assert out.splitlines()[0] == ("node,state,probability,words,forecaster,event_low,"
                                       "event_high,model_event")
        assert "belarus_posture,belarus_enters_war," in out and "base_rate:" in out
    elif fmt == "markdown":
        assert "| node | state | probability | words |" in out


def test_run_out_writes_json_atomically_and_deterministically(tmp_path) -> None:
    invoke("run", OCT, "--out", str(tmp_path), "--samples", "300", "--seed", "1")
    first = (tmp_path / "oct2022.json").read_bytes()
    invoke("run", OCT, "--out", str(tmp_path), "--samples", "300", "--seed", "1")
    assert (tmp_path / "oct2022.json").read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["oct2022.json"]
    assert "intervals" in json.loads(first)


def test_engines_agree_through_the_cli() -> None:
    a = json.loads(invoke("run", OCT, "-f", "json"))
    b = json.loads(invoke("run", OCT, "-f", "json", "--engine", "pgmpy"))
    for state, p in a["posteriors"]["belarus_posture"].items():
        assert p == pytest.approx(b["posteriors"]["belarus_posture"][state], abs=1e-9)


def test_set_changes_a_root_prior_proportionally() -> None:
    base = json.loads(invoke("run", OCT, "-f", "json"))
    moved = json.loads(invoke("run", OCT, "-f", "json", "--set",
                              "russian_axis_intent=offensive:0.9"))
    assert moved["priors"]["russian_axis_intent"]["p"]["offensive"] == 0.9
    assert moved["posteriors"] != base["posteriors"]


def test_query_with_targets_and_evidence() -> None:
    data = json.loads(invoke("query", MODEL, "--target", "belarus_posture", "--target",
                             "kremlin_pressure", "--evidence", "joint_force=announced",
                             "-f", "json"))
    assert set(data["posteriors"]) == {"belarus_posture", "kremlin_pressure"}


def test_sensitivity_json_contract() -> None:
    data = json.loads(invoke("sensitivity", OCT, "--target", "belarus_posture=belarus_enters_war",
                             "-f", "json"))
    assert data["target"] == {"node": "belarus_posture", "state": "belarus_enters_war"}
    assert 0 < data["baseline"] < 1
    first = data["parameters"][0]
    assert set(first) >= {"node", "given", "state", "value", "low", "high", "swing"}


def test_explain_json_contract() -> None:
    data = json.loads(invoke("explain", OCT, "-f", "json"))
    item = data["evidence"][0]
    assert set(item) >= {"node", "without", "shift", "diagnosticity"}


def test_voi_json_contract() -> None:
    data = json.loads(invoke("voi", OCT, "--target", "belarus_posture", "-f", "json"))
    row = data["nodes"][0]
    assert set(row) >= {"node", "mutual_information_bits", "if_observed", "flips_lead"}


def test_schema_prints_json_schema() -> None:
    for kind in ("model", "scenario", "sources"):
        schema = json.loads(invoke("schema", kind))
        assert schema["additionalProperties"] is False


def test_help_of_every_command_has_examples() -> None:
    for command in ("run", "query", "validate", "schema", "sensitivity", "explain", "voi"):
        assert "Example" in invoke(command, "--help")


def test_compare_json_contract() -> None:
    jan = str(ROOT / "scenarios" / "jan2023.yaml")
    data = json.loads(invoke("compare", OCT, jan, "-f", "json"))
    moved = data["targets"]["belarus_posture"]["defensive_only"]
    assert set(moved) == {"from", "to", "delta"}
    assert {"item", "kind", "contribution"} <= set(data["attribution"][0])


def test_query_reads_a_network_file_directly(tmp_path) -> None:
    from reference import bnlearn

    from forecast.interop import write_network

    path = write_network(bnlearn("asia"), tmp_path / "asia.bif")
    data = json.loads(invoke("query", str(path), "--target", "lung", "--evidence", "smoke=yes",
                             "-f", "json"))
    assert sum(data["posteriors"]["lung"].values()) == pytest.approx(1.0, abs=1e-12)


def test_query_evidence_file_answers_every_case(tmp_path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text("joint_force,troop_morale\nannounced,\n,poor\nannounced,good\n")
    rows = json.loads(invoke("query", MODEL, "--target", "belarus_posture", "--evidence-file",
                             str(cases), "-f", "json"))
    assert len(rows) == 3
    single = json.loads(invoke("query", MODEL, "--target", "belarus_posture", "--evidence",
                               "troop_morale=poor", "-f", "json"))
    for state, p in single["posteriors"]["belarus_posture"].items():
        assert rows[1][f"belarus_posture={state}"] == pytest.approx(p, abs=1e-9)
