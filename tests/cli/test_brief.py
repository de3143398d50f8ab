"""`forecast brief` end to end: PDF and HTML files, options, errors (exit 2, nothing written)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from conftest import FIXTURES, ROOT
from pypdf import PdfReader
from typer.testing import CliRunner

from forecast.cli import brief

OCT = str(ROOT / "scenarios" / "oct2022.yaml")
JAN = str(ROOT / "scenarios" / "jan2023.yaml")
TINY = str(FIXTURES / "tiny" / "scenarios" / "morning.yaml")
MARKING = "UNCLASSIFIED // FOR TRAINING"
runner = CliRunner()


def make_app() -> typer.Typer:
    app = typer.Typer()
    brief.register(app)

    @app.callback()
    def main() -> None:
        """A group, so that the command is invoked by name as under `forecast`."""

    return app


APP = make_app()


def invoke(*args: str, code: int = 0):
    result = runner.invoke(APP, ["brief", *args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    result = invoke(JAN, OCT, "--out", str(out), "--samples", "200", "--seed", "1", "--marking", MARKING,
                    "--annex")
    assert f"wrote {out}" in result.output
    return out


def test_pdf_reads_as_a_briefing(pdf: Path) -> None:
    reader = PdfReader(str(pdf))
    assert 10 <= len(reader.pages) <= 40
    assert pdf.stat().st_size < 8_000_000
    pages = [page.extract_text() for page in reader.pages]
    assert all(text.count(MARKING) == 2 for text in pages)
    text = re.sub(r"\s+", " ", " ".join(pages))
    # the bottom line and the key judgements in estimative words, with their numbers
    assert "Belarus enters war by 30 April 2023: very unlikely" in text
    for words in ("very unlikely", "unlikely", "likely", "roughly even chance"):
        assert words in text
    # citations: document titles, outlets, dates and quotes
    for title in ("Will Belarus join the war against Ukraine?", "Belarus to deploy troops with Russia",
                  "In the Ukraine war, Belarus has so far played the role of a deployment area"):
        assert title in text
    assert "outlet not named" in text and "10 October 2022" in text
    assert "There are an estimated 20,000 to 30,000 Russian troops now stationed in Belarus" in text
    assert "“We don't send our soldiers anywhere.”" in text
    # the parts of the pack
    for heading in ("Key judgements", "Drivers", "Evidence", "What changed", "Indicators to watch",
                    "Tripwires", "Known weaknesses", "Sources"):
        assert heading in text
    assert "Shapley" in text and "The hazard profile is a judgement." in text
    # intervals from --samples, with their words
    assert re.search(r"interval \d+%\u2013\d+%: [a-z ]+", text)


def test_html_is_written_atomically_and_deterministically(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    invoke(OCT, "--out", str(out), "--yardstick", "phia")
    first = out.read_bytes()
    invoke(OCT, "--out", str(out), "--yardstick", "phia")
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["brief.html"]
    page = first.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg " in page
    assert "realistic possibility" in page or "highly unlikely" in page
    assert "very unlikely" not in page and "roughly even chance" not in page


def test_a_model_without_card_or_sources_still_briefs(tmp_path: Path) -> None:
    out = tmp_path / "tiny.html"
    invoke(TINY, "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert "No model card was found" in page
    assert "cites no source" in page


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "brief.docx"], "use .pdf or .html"),
    (["--out", "brief"], "use .pdf or .html"),
    (["--out", "brief.pdf", "--samples", "1"], "give at least 2 samples"),
    (["--out", "brief.pdf", "--marking", "A\nB"], "one non-empty line"),
    (["--out", "brief.html", "--target", "nowhere"], "unknown node"),
])
def test_bad_options_exit_2_and_write_nothing(tmp_path: Path, monkeypatch, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(OCT, *args, code=2)
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_snapshots_of_different_models_are_refused(tmp_path: Path) -> None:
    result = invoke(OCT, TINY, "--out", str(tmp_path / "x.html"), code=2)
    assert "a brief covers one model" in result.output
    assert list(tmp_path.iterdir()) == []
