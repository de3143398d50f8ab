"""`forecast brief`: the cover answers the asked event with a confidence statement, drivers
show a binary prior once, --summary fits one page, --author, and the marking warning."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer
from conftest import ROOT
from pypdf import PdfReader
from typer.testing import CliRunner

from forecast.cli import brief
from forecast.language import percent
from forecast.report.shares import printed_shares

OCT = str(ROOT / "scenarios" / "oct2022.yaml")
JAN = str(ROOT / "scenarios" / "jan2023.yaml")
MARKING = "UNCLASSIFIED // FOR TRAINING"
runner = CliRunner()
APP = typer.Typer()
brief.register(APP)


@APP.callback()
def _group() -> None:
    """A group, so that the command is invoked by name as under `forecast`."""


def invoke(*args: str) -> str:
    result = runner.invoke(APP, ["brief", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _cover(path: Path) -> str:
    return re.sub(r"\s+", " ", PdfReader(str(path)).pages[0].extract_text())


@pytest.fixture(scope="module")
def windowed(tmp_path_factory) -> Path:
    """A copy of the Belarus case whose outcome node is windowed (DESIGN section 7): ordered,
    the first state 'nothing happened'."""
    root = tmp_path_factory.mktemp("case")
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(ROOT / folder, root / folder)
    model = root / "models" / "belarus.yaml"
    text = model.read_text(encoding="utf-8")
    anchor = "    states: [defensive_only, russian_offensive_from_belarus, belarus_enters_war]\n"
    assert anchor in text
    text = re.sub(r"\n    window_days: [0-9.]+\n", "\n", text)  # this copy's own window
    text = re.sub(r"\nquestion: .*?\]\}\n", "\n", text, flags=re.S)  # no question: today's rule
    model.write_text(text.replace(anchor, anchor + "    window_days: 180\n"), encoding="utf-8")
    return root


def test_cover_gives_any_escalation_and_a_confidence_statement(windowed, tmp_path) -> None:
    from forecast.app import run_scenario

    out = tmp_path / "b.pdf"
    jan = windowed / "scenarios" / "jan2023.yaml"
    invoke(str(windowed / "scenarios" / "oct2022.yaml"), str(jan), "--out", str(out),
           "--marking", MARKING)
    posterior = run_scenario(jan).to_json()["posteriors"]["belarus_posture"]
    # as the outcome table prints the node: whole percents adding up to 100
    first = printed_shares(list(posterior.values()))[0][1]
    anything = round(1 - first, 2)
    cover = _cover(out)
    assert f"Any escalation (russian offensive from belarus or belarus enters war) by 30 April " \
           f"2023: unlikely ({percent(anything)})" in cover
    assert re.search(r"Analytic confidence: (low|moderate|high)\. \w+ confidence because", cover)
    assert "Each level of Belarus's military posture at the horizon: defensive only" in cover


def test_cover_of_a_named_state_gives_its_probability(tmp_path) -> None:
    from forecast.app import run_scenario

    out = tmp_path / "b.pdf"
    invoke(OCT, JAN, "--out", str(out), "--target", "belarus_posture=belarus_enters_war",
           "--marking", MARKING)
    from forecast.report.shares import printed_shares

    posterior = run_scenario(JAN).posteriors["belarus_posture"]
    # the node's printed shares add up to 100 (largest remainder), as the outcome table's
    shown = dict(zip(posterior, printed_shares(list(posterior.values())), strict=True))
    cover = _cover(out)
    assert (f"Belarus enters war by 30 April 2023: very unlikely "
            f"({shown['belarus_enters_war'][0]})") in cover
    assert "Analytic confidence: " in cover


def test_a_binary_prior_appears_once_in_the_drivers(tmp_path) -> None:
    from forecast.report.brief import Table, plain
    from forecast.report.brief.assembly import assemble
    from forecast.usecases.brief import gather

    # --target NODE: the question's event left aside, any escalation answered (its drivers)
    document = assemble(gather([Path(OCT)], marking=MARKING, network=False,
                               target="belarus_posture", annex=True))
    drivers = [b for s in document.sections for b in s.blocks
               if isinstance(b, Table) and b.caption.startswith("Drivers of")]
    names = [plain(row[1].text) for row in drivers[0].rows]
    plan = [n for n in names if n.startswith("Moscow's plan for the Belarus axis:")]
    assert plan == ["Moscow's plan for the Belarus axis: offensive"]
    assert not any("_" in n for n in names)  # labels, not identifiers


def test_summary_is_one_page_with_author_and_warns_without_marking(tmp_path) -> None:
    out = tmp_path / "s.pdf"
    result = runner.invoke(APP, ["brief", OCT, JAN, "--out", str(out), "--summary",
                                 "--author", "J. Analyst"])
    assert result.exit_code == 0, result.output
    assert "warning: no --marking given" in result.output
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    assert reader.metadata.author == "J. Analyst"
    cover = _cover(out)
    assert "Prepared by J. Analyst" in cover and "Analytic confidence" in cover
    assert "What to collect" in cover and "What drives it" in cover


def test_marking_given_gives_no_warning(tmp_path) -> None:
    out = invoke(OCT, "--out", str(tmp_path / "b.html"), "--summary", "--marking", MARKING)
    assert "warning" not in out


def test_author_must_be_one_line(tmp_path) -> None:
    result = runner.invoke(APP, ["brief", OCT, "--out", str(tmp_path / "b.pdf"),
                                 "--author", "a\nb"])
    assert result.exit_code == 2
    assert "--author: give the author as one non-empty line" in result.output
    assert not (tmp_path / "b.pdf").exists()
