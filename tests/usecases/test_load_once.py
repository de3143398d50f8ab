"""Load once at the edge: every command parses each file it reads exactly once (no cache
hides a second read), composite commands included."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.spec import yamlio

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def parses(monkeypatch) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    parse = yamlio._parse

    def counting(shown, text, fast=True):
        counts[Path(shown).name] += 1
        return parse(shown, text, fast)

    monkeypatch.setattr(yamlio, "_parse", counting)
    return counts


COMMANDS = {
    "run with two analysts": ["run", "scenarios/jan2023.yaml", "--analyst",
                              "overlays/belarus_analyst_b.yaml", "--analyst", "{c}"],
    "sensitivity with an analyst": ["sensitivity", "scenarios/jan2023.yaml", "--analyst",
                                    "overlays/belarus_analyst_b.yaml"],
    "explain per analyst": ["explain", "scenarios/jan2023.yaml", "--analyst",
                            "overlays/belarus_analyst_b.yaml", "--analyst", "{c}"],
    "compare": ["compare", "scenarios/oct2022.yaml", "scenarios/jan2023.yaml"],
    "brief of two snapshots with an analyst": [
        "brief", "scenarios/oct2022.yaml", "scenarios/jan2023.yaml", "--analyst",
        "overlays/belarus_analyst_b.yaml", "--out", "{out}/brief.html"],
    "timeline chart": ["chart", "scenarios/oct2022.yaml", "scenarios/jan2023.yaml", "--kind",
                       "timeline", "--out", "{out}/t.svg"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_file_is_parsed_once(name, parses, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    second = tmp_path / "analyst_c.yaml"
    text = (ROOT / "overlays/belarus_analyst_b.yaml").read_text()
    second.write_text(text.replace("analyst: analyst_b", "analyst: analyst_c").replace(
        "model: ../models/belarus.yaml", f"model: {ROOT / 'models/belarus.yaml'}"))
    args = [a.format(c=second, out=tmp_path) for a in COMMANDS[name]]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    read = {Path(a).name for a in args if a.endswith(".yaml")} | {"belarus.yaml", "index.yaml"}
    assert set(parses) == read
    assert all(n == 1 for n in parses.values()), dict(parses)
