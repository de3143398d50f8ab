"""Proposed findings through every command that reads a scenario: the numbers are those of
the snapshot without them, every output says how many wait, and --strict refuses them."""

from __future__ import annotations

import json

import pytest
from belarus_project import belarus_project, with_proposals
from typer.testing import CliRunner

from forecast.cli.main import app

runner = CliRunner()
WAITING = "3 proposed findings waiting for an analyst"


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    root = belarus_project(tmp_path_factory.mktemp("proposed"))
    return (str(root / "scenarios" / "jan2023.yaml"), str(with_proposals(root)),
            str(root / "scenarios" / "oct2022.yaml"), root)


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _same(a: dict, b: dict) -> None:
    """Equal except for what names the file, the quotes checked and the warnings."""
    def strip(doc):
        if isinstance(doc, dict):
            return {k: strip(v) for k, v in doc.items()
                    if k not in ("warnings", "verification", "path", "proposed")}
        if isinstance(doc, list):
            return [strip(x) for x in doc]
        return doc
    assert strip(a) == strip(b)


def _says_waiting(doc: dict) -> None:
    warnings = doc["warnings"]
    if isinstance(warnings, dict):
        warnings = [w for ws in warnings.values() for w in ws]
    assert any(w["kind"] == "proposed" and w["count"] == 3 for w in warnings)


@pytest.mark.parametrize("command", [
    ["run"], ["explain"], ["explain", "--ach"], ["voi"], ["sensitivity"],
])
def test_single_snapshot_commands_ignore_proposals(paths, command):
    plain, proposed = paths[0], paths[1]
    a = json.loads(invoke(*command, proposed, "--format", "json"))
    b = json.loads(invoke(*command, plain, "--format", "json"))
    _same(a, b)
    _says_waiting(a)
    assert WAITING in invoke(*command, proposed)  # the table says so too
    result = runner.invoke(app, [*command, proposed, "--strict"])
    assert result.exit_code == 2 and "proposed" in result.output


def test_compare_ignores_proposals(paths):
    plain, proposed, oct_ = paths[0], paths[1], paths[2]
    a = json.loads(invoke("compare", oct_, proposed, "--format", "json"))
    b = json.loads(invoke("compare", oct_, plain, "--format", "json"))
    _same(a, b)
    assert WAITING in json.dumps(a["warnings"])
    assert WAITING in invoke("compare", oct_, proposed)


def test_brief_ignores_proposals_and_says_so(paths, tmp_path):
    plain, proposed = paths[0], paths[1]
    invoke("brief", proposed, "--out", str(tmp_path / "p.html"), "--samples", "200")
    invoke("brief", plain, "--out", str(tmp_path / "b.html"), "--samples", "200")
    with_p = (tmp_path / "p.html").read_text(encoding="utf-8")
    without = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert WAITING in with_p and WAITING not in without
    import re

    numbers = re.compile(r"\d+(?:\.\d+)?%")
    assert numbers.findall(with_p)[:20] == numbers.findall(without)[:20]


def test_record_keeps_what_the_snapshot_without_proposals_says(paths, tmp_path):
    plain, proposed = paths[0], paths[1]
    ledger = str(tmp_path / "book.sqlite")
    result = runner.invoke(app, ["record", proposed, "--ledger", ledger])
    assert result.exit_code == 0 and WAITING in result.stderr
    invoke("record", plain, "--ledger", ledger)
    rows = json.loads(invoke("history", "--ledger", ledger, "--format", "json"))["forecasts"]
    assert len(rows) == 2 and rows[0]["posteriors"] == rows[1]["posteriors"]


def test_board_and_watch_ignore_proposals(paths):
    plain, proposed, oct_ = paths[0], paths[1], paths[2]
    a = json.loads(invoke("board", oct_, proposed, "--format", "json"))
    b = json.loads(invoke("board", oct_, plain, "--format", "json"))
    _same(a, b)
    _says_waiting(a)
    a = json.loads(invoke("watch", proposed, "will_belarus_join_2023_01", "--format", "json"))
    b = json.loads(invoke("watch", plain, "will_belarus_join_2023_01", "--format", "json"))
    _same(a, b)
    _says_waiting(a)


def test_the_what_if_page_neither_lists_nor_uses_proposals(paths):
    from forecast.report.tables import to_json
    from forecast.serve.session import Session, run_changes
    from forecast.serve.view import page_setup
    from forecast.spec.load import load_scenario
    from forecast.spec.yamlio import load_yaml

    plain, proposed = paths[0], paths[1]
    with_p = load_scenario(proposed)
    session = Session(with_p, load_yaml(with_p.path), None, None)
    listed = [f["node"] for f in page_setup(session)["findings"]]
    plain_session = Session(load_scenario(plain), load_yaml(plain), None, None)
    assert listed == [f["node"] for f in page_setup(plain_session)["findings"]]
    a = json.loads(to_json(run_changes(session, {})))
    b = json.loads(to_json(run_changes(plain_session, {})))
    _same(a, b)
    _says_waiting(a)


def test_validate_says_how_many_wait(paths):
    plain, proposed = paths[0], paths[1]
    assert f"(scenario; {WAITING})" in invoke("validate", proposed)
    assert "waiting" not in invoke("validate", plain)


@pytest.mark.parametrize("kind", ["posterior", "tornado", "network"])
def test_chart_says_how_many_wait(paths, tmp_path, kind):
    plain, proposed = paths[0], paths[1]
    result = runner.invoke(app, ["chart", proposed, "--kind", kind, "--out",
                                 str(tmp_path / "p.png")])
    assert result.exit_code == 0 and WAITING in result.stderr
    result = runner.invoke(app, ["chart", plain, "--kind", kind, "--out",
                                 str(tmp_path / "b.png")])
    assert result.exit_code == 0 and "waiting" not in result.stderr
