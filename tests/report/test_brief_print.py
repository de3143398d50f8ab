"""The Belarus two-snapshot brief in print: at most 12 pages with a one-page cover, no page
holding only a heading, chart text never below 7 pt; intervals without --samples."""

from __future__ import annotations

import io
import re

import pytest
from conftest import ROOT
from pypdf import PdfReader

from forecast.report.brief import Bullets, Chart, assemble, figure, plain
from forecast.report.brief_pdf import CHART_DPI, MARGIN, PAGE
from forecast.usecases.answer import SAMPLES
from forecast.usecases.brief import gather, render_brief

OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"
MARKING = "UNCLASSIFIED // FOR TRAINING"


@pytest.fixture(scope="module")
def data():
    return gather([OCT, JAN], marking=MARKING, network=False)  # no --samples, no --annex


@pytest.fixture(scope="module")
def pages(data) -> list[str]:
    reader = PdfReader(io.BytesIO(render_brief(data, "pdf")))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def test_a_bounded_page_count_with_a_one_page_cover(pages) -> None:
    assert len(pages) <= 12
    cover = pages[0]
    for part in ("BOTTOM LINE", "Analytic confidence", "Collect on", "Now (5 January 2023)",
                 "Estimative words"):
        assert part in cover
    assert "SNAPSHOT 1 OF 2" in pages[1]  # the cover is one page
    assert "Sources" in pages[-1] or "Sources" in pages[-2]


def test_no_page_holds_only_a_heading(pages) -> None:
    for n, text in enumerate(pages, start=1):
        body = text.replace(MARKING, "")
        body = re.sub(r"forecast \d.*?page \d+ of \d+", "", body)
        assert len(body) > 400, f"page {n} is nearly empty: {body[:200]!r}"


def test_chart_text_is_never_below_7_pt_in_print(data) -> None:
    from matplotlib.text import Text

    width = (PAGE[0] - MARGIN["left"] - MARGIN["right"]) / 72.0
    charts = [b for b in assemble(data).blocks() if isinstance(b, Chart) and b.media != "screen"]
    assert {c.kind for c in charts} >= {"posterior", "tornado", "horizon", "timeline"}
    for chart in charts:
        fig = figure(chart, "icd203")
        # printed at full size: never wider than the page (so never shrunk) ...
        assert fig.get_size_inches()[0] <= width, chart.kind
        sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip()]
        # ... and every text at least 7 pt
        assert sizes and min(sizes) >= 7, (chart.kind, min(sizes))
    assert CHART_DPI >= 150


def test_intervals_by_default(data) -> None:
    run = data.snapshots[-1].run
    assert run.uncertainty is not None and run.uncertainty.samples == SAMPLES
    brief = assemble(data)
    judgements = next(b for s in brief.sections if s.id == "snapshot-jan2023"
                      for b in s.blocks if isinstance(b, Bullets))
    assert all("interval" in item for item in judgements.items[:3])
    notes = " ".join(plain(b.text) for b in brief.blocks() if hasattr(b, "text"))
    assert (f"equal-tailed 90% of {SAMPLES} Dirichlet draws of the model's numbers (seed 0)"
            in notes)


def test_key_judgements_say_prior_when_they_quote_one(data) -> None:
    brief = assemble(data)
    for section in (s for s in brief.sections if s.id.startswith("snapshot-")):
        items = [plain(i) for b in section.blocks if isinstance(b, Bullets) for i in b.items]
        sensitive = [i for i in items if i.startswith("Most sensitive to")]
        moved = [i for i in items if i.startswith("The evidence ")]
        assert sensitive and moved
        for item in sensitive:  # the parameter's own value is named for what it is
            assert "; prior " in item or "; the model's number " in item
        assert "before any evidence (prior) to " in moved[0]
