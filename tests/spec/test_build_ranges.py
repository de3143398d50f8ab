"""`range:` on priors, table rows, ranked weights and overlays: read, checked, located; the
ranges sweep through the CLI; a ranked weight whose effect turns is a warning naming it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from forecast.app import Checks, load_checked, ranges_scenario
from forecast.cli.main import app
from forecast.errors import UserError
from tests.tiny_project import tiny_project

M = "models/wet.yaml"
S = "scenarios/morning.yaml"
PRIOR = ("    prior: {no_clouds: 0.5, clouds: 0.5}\n",
         "    prior: {no_clouds: 0.5, clouds: 0.5}\n    range: {clouds: [0.3, 0.7]}\n")
ROW = ("      - given: {cloudy: no_clouds}\n        p: {dry: 0.8, rain: 0.2}\n",
       "      - given: {cloudy: no_clouds}\n        p: {dry: 0.8, rain: 0.2}\n"
       "        range: {rain: [0.1, 0.4]}\n")
WEIGHT = ("      variance: 0.05\n", "      variance: 0.05\n      range: {wet: [0.5, 6]}\n")


def _ranges(tmp_path: Path, edits) -> list:
    tiny_project(tmp_path, {M: edits})
    loaded = load_checked(tmp_path / S)
    return [r for node in loaded.network.nodes.values() for r in node.meta.get("ranges", ())]


def test_ranges_are_read_from_priors_rows_and_weights(tmp_path: Path) -> None:
    ranges = _ranges(tmp_path, [PRIOR, ROW, WEIGHT])
    assert [(r.node, r.kind, r.state, r.weight, r.low, r.high) for r in ranges] == [
        ("cloudy", "prior", "clouds", None, 0.3, 0.7),
        ("rain", "table", "rain", None, 0.1, 0.4),
        ("worry", "weight", None, "wet", 0.5, 6.0)]
    assert ranges[1].given == {"cloudy": "no_clouds"} and ranges[1].at.endswith("wet.yaml:17")


@pytest.mark.parametrize(("edit", "message"), [
    ((PRIOR[0], PRIOR[0] + "    range: {clouds: [0.6, 0.7]}\n"),
     r"wet.yaml:10:13: node 'cloudy': range \[0.6, 0.7\] of 'clouds' must hold its number 0.5"),
    ((PRIOR[0], PRIOR[0] + "    range: {sunny: [0.1, 0.7]}\n"),
     "wet.yaml:10:13: node 'cloudy': range for unknown state 'sunny'"),
    ((PRIOR[0], PRIOR[0] + "    range: {clouds: [0.1, 0.7], no_clouds: [0.2, 0.6]}\n"),
     "node 'cloudy': a range on one state per distribution"),
    ((WEIGHT[0], "      variance: 0.05\n      range: {rain: [1, 3]}\n"),
     "node 'worry': range for 'rain', which has no weight"),
    ((WEIGHT[0], "      variance: 0.05\n      range: {wet: [3, 5]}\n"),
     r"weight 2 on 'wet' is outside its stated range \[3, 5\]"),
    ((PRIOR[0], PRIOR[0] + "    range: {clouds: [0.3]}\n"), "wet.yaml:10"),
])
def test_bad_ranges_are_located(tmp_path: Path, edit, message) -> None:
    with pytest.raises(UserError, match=message):
        _ranges(tmp_path, [edit])


def test_an_overlay_states_its_own_ranges_and_drops_the_models(tmp_path: Path) -> None:
    tiny_project(tmp_path, {M: [PRIOR, ROW]})
    overlay = tmp_path / "b.yaml"
    overlay.write_text(
        "format: forecast-overlay/1\nanalyst: b\nnodes:\n  rain:\n    table:\n"
        "      - given: {cloudy: no_clouds}\n        p: {dry: 0.7, rain: 0.3}\n"
        "        range: {rain: [0.2, 0.5]}\n"
        "      - given: {cloudy: clouds}\n        p: {dry: 0.2, rain: 0.8}\n", encoding="utf-8")
    result = ranges_scenario(tmp_path / S, "rain=rain", analysts=[overlay]).analysis
    spans = {(p.range.node, p.range.low, p.range.high) for p in result.parameters}
    assert spans == {("cloudy", 0.3, 0.7), ("rain", 0.2, 0.5)}


def test_a_weight_whose_effect_turns_is_a_warning_naming_it(tmp_path: Path) -> None:
    tiny_project(tmp_path, {M: [("      variance: 0.05\n",
                                 "      variance: 0.05\n      range: {wet: [-8, 8]}\n")]})
    result = ranges_scenario(tmp_path / S, "worry=medium").analysis
    row = result.parameters[0]
    # brute force: the grid's values, recomputed one network at a time
    from forecast.analysis.parameters import build_tables, node_parameters
    from forecast.usecases.snapshot import infer, scenario_network

    loaded = load_checked(tmp_path / S, Checks())
    network = scenario_network(loaded, [])[0]  # the scenario's prior adjustments in force
    node = network["worry"]
    weight = next(p for p in node_parameters(network, node) if p.given == {"weight": "wet"})
    grid = np.linspace(-8, 8, 41)
    tables = build_tables(node, [weight], grid[None, :])[0]
    values = [infer(network.with_cpts({"worry": t}), ("worry",), loaded.scenario.findings,
                    "compiled")["worry"][1] for t in tables]
    steps = np.diff(values)
    turns = not (np.all(steps >= -1e-12) or np.all(steps <= 1e-12))
    assert row.monotone == (not turns)
    assert abs(row.least - min(values)) < 1e-9 and abs(row.most - max(values)) < 1e-9
    if turns:
        assert any(w["weight"] == "wet" and "not monotone" in w["message"]
                   for w in result.range_warnings)
    assert turns  # a middle state of a ranked node rises then falls with the weight


def test_the_cli_sweep_and_its_joint(tmp_path: Path, monkeypatch) -> None:
    tiny_project(tmp_path, {M: [PRIOR, ROW]})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    out = runner.invoke(app, ["sensitivity", S, "--sweep", "ranges", "-t", "rain=rain",
                              "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["sweep"] == "ranges" and data["joint"]["vertices"] == 4
    assert data["joint"]["low"]["probability"] <= data["baseline"] <= data["joint"]["high"][
        "probability"]
    table = runner.invoke(app, ["sensitivity", S, "--sweep", "ranges", "-t", "rain=rain"])
    assert "joint: with all 2 stated probability ranges at once (4 vertices)" in table.output
    bad = runner.invoke(app, ["sensitivity", S, "--sweep", "ranges", "--range", "0.1"])
    assert bad.exit_code == 2 and "--range applies to --sweep full" in bad.output
