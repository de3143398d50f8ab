"""validate reports every YAML syntax error it can recover from in one pass; misquote messages
quote the closest passage cleanly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.spec.syntax import syntax_problems

ROOT = Path(__file__).resolve().parents[2]
TWO = """format: forecast-model/1
id: x
title: t: bad
nodes:
  a:
    states: [low, high]
    prior: {low: 0.5, high: 0.5}
    label: oops: here
"""


def test_two_syntax_errors_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(TWO, encoding="utf-8")
    assert [(p.line, p.col) for p in syntax_problems(path)] == [(3, 9), (8, 16)]
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {path}:3:9: YAML syntax error: mapping values are not allowed here; check "
        "indentation, colons and quotes",
        f"error: {path}:8:16: YAML syntax error: mapping values are not allowed here; check "
        "indentation, colons and quotes"]


def test_a_file_that_parses_has_no_syntax_problems(tmp_path: Path) -> None:
    assert syntax_problems(ROOT / "models" / "belarus.yaml") == []


def test_an_unrecoverable_error_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "open.yaml"
    path.write_text('format: forecast-model/1\nid: "x\ntitle: t\n', encoding="utf-8")
    problems = syntax_problems(path)
    assert len(problems) == 1 and "found unexpected end of stream" in problems[0].message


def test_a_misquote_names_the_closest_passage_as_a_yaml_string(tmp_path: Path) -> None:
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    scenario = tmp_path / "scenarios" / "oct2022.yaml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("he had reached an agreement with", "he had reached a deal "
                                     "with"), encoding="utf-8")
    for command in (["run", str(scenario)], ["validate", str(scenario)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2
        line = result.output.strip().splitlines()[0]
        passage = line.split("similar): ", 1)[1].rsplit("; fix the quote", 1)[0]
        # one balanced string, inner quotes escaped, that reads back as the passage
        assert json.loads(passage).endswith('set up a "joint regional troop formation".')
        assert passage.endswith('formation\\"."')
