"""Row overlays (DESIGN section 8): an overlay's `table` may give single rows; the rows it does
not give stay the model's, whatever form the model wrote them in."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from reference import brute_force
from typer.testing import CliRunner

from forecast.app import run_scenario
from forecast.cli.main import app
from forecast.errors import UserError
from forecast.spec.build_overlay import load_overlay
from forecast.spec.load import load_model, load_scenario

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
SCENARIO = TINY / "scenarios" / "morning.yaml"
HEAD = "format: forecast-overlay/1\nanalyst: x\nnodes:\n"


def _full_table(name: str, change: dict[tuple[str, ...], list[float]]) -> str:
    """The node's whole table as the model computes it, with `change` rows replaced."""
    network = load_model(TINY / "models" / "wet.yaml").network
    node = network[name]
    parents = [network[p].states for p in node.parents]
    lines = [f"  {name}:\n    table:\n"]
    for combo in itertools.product(*[range(len(s)) for s in parents]):
        key = tuple(parents[i][c] for i, c in enumerate(combo))
        given = ", ".join(f"{p}: {s}" for p, s in zip(node.parents, key, strict=True))
        p = change.get(key, [repr(float(v)) for v in node.cpt[combo]])
        lines.append(f"      - given: {{{given}}}\n        p: [{', '.join(map(str, p))}]\n")
    return "".join(lines)


@pytest.mark.parametrize(("node", "row", "p"), [
    ("rain", ("clouds",), [0.35, 0.65]),                       # a table in the model
    ("worry", ("soaked", "clouds"), [0.1, 0.2, 0.7]),          # ranked in the model
    ("wet", ("rain", "off"), [0.05, 0.15, 0.8]),               # noisy-MAX in the model
])
def test_one_row_equals_the_whole_table_restated(tmp_path: Path, node: str, row: tuple,
                                                 p: list[float]) -> None:
    network = load_model(TINY / "models" / "wet.yaml").network
    given = ", ".join(f"{q}: {s}" for q, s in zip(network[node].parents, row, strict=True))
    one = tmp_path / "one.yaml"
    one.write_text(HEAD + f"  {node}:\n    table:\n      - given: {{{given}}}\n"
                   f"        p: {p}\n", encoding="utf-8")
    full = tmp_path / "full.yaml"
    full.write_text(HEAD + _full_table(node, {row: p}), encoding="utf-8")
    by_row = run_scenario(SCENARIO, analysts=[one])
    by_table = run_scenario(SCENARIO, analysts=[full])
    for target in by_row.posteriors:
        assert by_row.posteriors[target].array.tolist() == by_table.posteriors[target].array.tolist()
    # and both are the brute-force answer on the model with that row changed
    model = load_scenario(SCENARIO)
    cpt = np.array(network[node].cpt)
    cpt[tuple(network[q].states.index(s) for q, s in zip(network[node].parents, row,
                                                          strict=True))] = p
    changed = model.network.with_cpts({**model.scenario.priors, node: cpt})
    expected = brute_force(changed, model.scenario.targets, model.scenario.likelihoods())
    for target, vector in expected.items():
        np.testing.assert_allclose(by_row.posteriors[target].array, vector, atol=1e-9)
    # the rows not given are the model's own (to the last bit but the row's renormalisation)
    applied = load_overlay(one, model.model).apply(model.network)[node].cpt
    untouched = np.ones(cpt.shape[:-1], bool)
    untouched[tuple(network[q].states.index(s) for q, s in zip(network[node].parents, row,
                                                                strict=True))] = False
    np.testing.assert_allclose(applied[untouched], network[node].cpt[untouched], rtol=0,
                               atol=1e-15)


BAD_ROWS = [
    ("      - given: {cloudy: sunny}\n        p: [0.5, 0.5]\n", "6:17",
     "unknown state 'sunny' of 'cloudy'; states are no_clouds, clouds"),
    ("      - given: {sky: clouds}\n        p: [0.5, 0.5]\n", "6:17",
     "'sky' is not a parent of 'rain'"),
    ("      - given: {cloudy: clouds}\n        p: [0.5, 0.6]\n", "7:9", "sum to 1.1"),
    ("      - given: {cloudy: clouds}\n        p: [0.5, 0.5]\n"
     "      - given: {cloudy: clouds}\n        p: [0.4, 0.6]\n", "8:9",
     "repeats the parent states of row 1"),
]


@pytest.mark.parametrize(("rows", "where", "message"), BAD_ROWS)
def test_a_bad_row_is_located_in_the_overlay(tmp_path: Path, rows: str, where: str,
                                             message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "  rain:\n    table:\n" + rows, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_overlay(path, load_model(TINY / "models" / "wet.yaml"))
    text = str(caught.value)
    assert f"{path}:{where}: " in text and message in text, text
    # every problem is in a row the overlay wrote; none in the model's rows added after them
    assert all(p.path == str(path) and p.line <= 9 for p in caught.value.problems), text
    assert all("row 1:" in p.message or "row 2:" in p.message for p in caught.value.problems)


def test_an_unknown_parent_state_exits_2_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "  rain:\n    table:\n      - given: {cloudy: sunny}\n"
                    "        p: [0.5, 0.5]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(SCENARIO), "--analyst", str(path)])
    assert result.exit_code == 2
    assert f"{path}:6:17: node 'rain', table row 1: unknown state 'sunny'" in result.output
    assert "Traceback" not in result.output
