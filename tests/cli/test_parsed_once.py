"""Every command parses each file it reads once: the scenario, its model, the seeds index,
analysts' overlays, and a model two snapshots share (issue 25: validate parsed a scenario
three times, serve twice)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.spec import yamlio

runner = CliRunner()
OCT, JAN = "scenarios/oct2022.yaml", "scenarios/jan2023.yaml"
ANALYSTS = ["--analyst", "overlays/belarus_analyst_a.yaml",
            "--analyst", "overlays/belarus_analyst_b.yaml"]


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """Parses by resolved path (the careful re-parse that only locates a message's line is
    not a second read of the file, and is not counted)."""
    counted: Counter = Counter()
    real = yamlio._parse

    def counting(shown: str, text: str, fast: bool = True):
        if fast:
            counted[Path(shown).resolve()] += 1
        return real(shown, text, fast)

    monkeypatch.setattr(yamlio, "_parse", counting)
    monkeypatch.chdir(ROOT)
    return counted


@pytest.mark.parametrize("args", [
    ["run", OCT],
    ["run", JAN, *ANALYSTS],
    ["sensitivity", OCT],
    ["explain", JAN, *ANALYSTS],
    ["voi", OCT],
    ["warn", JAN],
    ["compare", OCT, JAN],
    ["board", OCT, JAN],
    ["query", "models/belarus.yaml"],
    ["validate", "models/belarus.yaml", OCT, JAN, "seeds/index.yaml",
     "overlays/belarus_analyst_a.yaml"],
], ids=lambda a: " ".join(a[:2]))
def test_each_file_is_parsed_once(parses, args) -> None:
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert parses, "nothing parsed"
    twice = {str(p.relative_to(ROOT)): n for p, n in parses.items() if n > 1}
    assert twice == {}
    assert ROOT / "models" / "belarus.yaml" in parses


def test_a_brief_of_two_snapshots_parses_each_file_once(parses, tmp_path) -> None:
    done = runner.invoke(app, ["brief", OCT, JAN, *ANALYSTS, "--marking", "X",
                               "--out", str(tmp_path / "b.html")])
    assert done.exit_code == 0, done.output
    assert {str(p.relative_to(ROOT)): n for p, n in parses.items() if n > 1} == {}
    assert len(parses) == 6  # two scenarios, the model, the seeds index, two overlays


def test_the_what_if_page_parses_each_file_once(parses) -> None:
    from forecast.usecases.whatif import WhatIfRequest, open_session

    session = open_session(WhatIfRequest(Path(JAN), (Path(ANALYSTS[1]),)))
    assert session.analyst is not None and session.doc is session.loaded.document
    assert {str(p.relative_to(ROOT)): n for p, n in parses.items() if n > 1} == {}
    assert len(parses) == 4  # the scenario, its model, the seeds index, the overlay
