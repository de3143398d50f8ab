"""The briefing pack's content and its two renderings (library level).

Most checks use stub charts, so they are quick; one renders the real charts into the HTML
and loads it in headless Chromium (skipped only when no chromium binary is installed).
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from chromium import chromium_binary
from conftest import ROOT
from PIL import Image
from pypdf import PdfReader

from forecast.language import bands, span
from forecast.report.brief import (
    Brief,
    BriefInput,
    Bullets,
    Callout,
    Chart,
    Para,
    Table,
    assemble,
    lit,
    parse_model_card,
    plain,
    spans,
)
from forecast.report.brief_html import prepare_svg, render_html
from forecast.report.brief_pdf import render_pdf
from forecast.usecases.brief import gather

OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"
MARKING = "UNCLASSIFIED // FOR TRAINING"
ICD_ONLY = ("almost no chance", "very unlikely", "roughly even chance", "very likely")
PHIA_ONLY = ("remote chance", "highly unlikely", "realistic possibility", "highly likely")
STUB_SVG = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="72pt" height="36pt" '
            'viewBox="0 0 72 36"><defs><clipPath id="p1"><rect width="9" height="9"/></clipPath></defs>'
            '<rect clip-path="url(#p1)" width="72" height="36" fill="#0072B2"/></svg>')


def stub_svg(chart: Chart, yardstick: str) -> str:
    return STUB_SVG


def stub_image(chart: Chart, yardstick: str) -> Image.Image:
    return Image.new("RGB", (400, 200), "#0072B2")


@pytest.fixture(scope="module")
def data() -> BriefInput:
    # given in the wrong order on purpose: the brief sorts snapshots by as_of
    return gather([JAN, OCT], samples=200, seed=1, marking=MARKING, annex=True)


@pytest.fixture(scope="module")
def brief(data: BriefInput) -> Brief:
    return assemble(data)


def visible_text(page: str) -> str:
    page = re.sub(r"<(svg|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def all_text(brief: Brief) -> str:
    parts = [brief.title, brief.subtitle]
    for block in brief.blocks():
        if isinstance(block, Para):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.extend(block.items)
        elif isinstance(block, Callout):
            parts.extend(block.paragraphs)
        elif isinstance(block, Table):
            parts.append(block.caption)
            parts.extend(c.title for c in block.columns)
            parts.extend(f"{cell.text} {cell.sub}" for row in block.rows for cell in row)
        elif isinstance(block, Chart):
            parts.append(block.caption)
    return plain(" ".join(parts))


# --- content ------------------------------------------------------------------------------------

def test_sections_in_reading_order(brief: Brief) -> None:
    ids = [s.id for s in brief.sections]
    assert ids == ["snapshot-oct2022", "snapshot-jan2023", "changes", "indicators", "assumptions",
                   "sources", "ach", "evidence-oct2022", "evidence-jan2023", "model"]  # annexes last
    assert brief.title == "Will Belarus enter the war against Ukraine?"
    assert brief.marking == MARKING


def test_bottom_line_answers_with_direction_and_confidence(brief: Brief, data: BriefInput) -> None:
    callout = next(b for b in brief.cover if isinstance(b, Callout))
    text = plain(" ".join(callout.paragraphs))
    # the model's question names the event: answered first, the other levels after
    assert text.startswith("Will Belarus enter the war against Ukraine? Belarus enters war by "
                           "30 April 2023: very unlikely (")
    assert "(as of 5 January 2023). Other outcomes of " in text
    assert ("driven by the quiet days (0 \u2192 86 days with nothing above the first level) "
            "\u2212") in text
    assert "the time to the horizon (201 days \u2192 115 days left) \u2212" in text
    answer = data.snapshots[-1].answer
    assert answer is not None and answer.event["kind"] == "question"
    lo, hi = answer.event["interval"]
    assert f"90% interval {span(lo, hi)}" in text
    assert "since 11 October 2022, from" in text  # the direction
    assert "Analytic confidence: " in text and "confidence because" in text
    assert "Moscow's plan for the Belarus axis" not in text  # latent: not an indicator
    assert "Logistics for an offensive" in text  # collect


def test_every_probability_carries_words(brief: Brief) -> None:
    """Each 'NN%' in the document has words of the yardstick beside it, once the few numbers
    that are not probabilities of something (sweeps, interval levels, shares of uncertainty)
    are set aside."""
    text = all_text(brief)
    for not_a_probability in (r"swept [\d.%\u2013]+", r"\d+% of the uncertainty", r"\d+% intervals?",
                              r"\d+% of \d+ draws", r"Below 1% and above 99%",
                              r"\d+% of \d+ Dirichlet draws",
                              r"\d+% credible range", r"at least \d+% of the graded",
                              r"\d+% for moderate", r"\d+\u2013\d+%", r"by (less than )?10%",
                              r"[\d.]+% of the window's hazard",
                              r"\d+% of its movement", r"at least \d+% of the asked event's"):
        text = re.sub(not_a_probability, "", text)
    words = "|".join(re.escape(b.words) for b in bands("icd203")) + "|remote"
    bare = [text[max(0, m.start() - 40):m.end() + 40] for m in re.finditer(r"\d+(?:\.\d+)?%", text)
            if not re.search(words, text[max(0, m.start() - 25):m.end() + 30])]
    assert not bare, bare


def test_evidence_table_cites_title_outlet_date_and_quote(brief: Brief, data: BriefInput) -> None:
    section = next(s for s in brief.sections if s.id == "evidence-jan2023")  # the annex
    table = next(b for b in section.blocks if isinstance(b, Table) and b.columns[0].title == "Finding")
    short = next(b for s in brief.sections if s.id == "snapshot-jan2023" for b in s.blocks
                 if isinstance(b, Table) and b.columns[0].title == "Finding")
    assert len(short.rows) == len(table.rows) and len(short.columns) == 4  # no quotes
    assert len(table.rows) == len(data.snapshots[-1].run.findings) == 10  # quiet days too
    quiet = next(r for r in table.rows if "nothing happened" in plain(r[0].text))
    assert "86 days" in plain(quiet[0].text)
    row = next(r for r in table.rows if "Engineering works" in plain(r[0].text))
    assert plain(row[1].text) == "F3" and "reliability cannot be judged; possibly true" in row[1].sub
    assert "Will Belarus join the war against Ukraine?" in plain(row[3].text)
    assert "outlet not named" in row[3].sub and "5 January 2023" in row[3].sub
    assert "Images of new forest roads" in plain(row[4].text)
    assert row[2].text.endswith("pts")


def test_changes_attribute_the_whole_move(brief: Brief, data: BriefInput) -> None:
    section = next(s for s in brief.sections if s.id == "changes")
    table = next(b for b in section.blocks if isinstance(b, Table))
    total = table.rows[0]
    assert plain(total[0].text) == "Total change"
    assert "71% likely \u2192 78% likely" in total[1].sub  # the node's shares add to 100
    labels = [plain(r[0].text) for r in table.rows[1:]]
    assert labels[:2] == ["Time to the horizon", "Days in which nothing happened"]
    assert "0 \u2192 86 days" in table.rows[2][0].sub
    putin = labels.index("Putin-Lukashenko meetings with a military agenda")
    assert "added: military agenda [F2]" in table.rows[1 + putin][0].sub  # B2 via the slideshow
    assert any(isinstance(b, Chart) and b.kind == "timeline" for b in section.blocks)


def test_tripwires_and_weaknesses(brief: Brief) -> None:
    indicators = next(s for s in brief.sections if s.id == "indicators")
    table = next(b for b in indicators.blocks if isinstance(b, Table))
    names = [plain(row[0].text) for row in table.rows]
    assert "Troop movements towards the southern (Ukrainian) border" in names  # soft evidence
    assert not any("Moscow's plan" in n or "hold on power" in n for n in names)  # latent
    assumptions = next(s for s in brief.sections if s.id == "assumptions")
    weaknesses = [b for b in assumptions.blocks if isinstance(b, Bullets)][-1]
    assert weaknesses.items[0].startswith("**The numbers are judgements.**")
    assert any("The hazard profile is a judgement" in w for w in weaknesses.items)
    assert len(weaknesses.items) == 9


def test_the_input_is_the_use_cases_typed_results(data: BriefInput, brief: Brief) -> None:
    from forecast.analysis.ach import CompetingHypotheses
    from forecast.analysis.impact import Explanation
    from forecast.analysis.sensitivity import Sensitivity
    from forecast.analysis.voi import ValueOfInformation
    from forecast.report.brief import NetworkInput
    from forecast.results import AnalysisResult, ComparisonResult, RunResult
    from forecast.usecases.answer import Answer

    for snap in data.snapshots:
        assert isinstance(snap.run, RunResult) and snap.run.targets == ("belarus_posture",)
        assert isinstance(snap.answer, Answer)
        # the drivers are the answer's: a credible sweep, in the answer's context
        assert isinstance(snap.sensitivity, AnalysisResult)
        assert isinstance(snap.sensitivity.analysis, Sensitivity)
        assert snap.sensitivity.analysis is snap.answer.drivers
        assert snap.sensitivity.analysis.sweep == "credible"
        assert snap.sensitivity.context.loaded is snap.run.loaded
        assert isinstance(snap.explain.analysis, Explanation)
        assert isinstance(snap.explain.ach, CompetingHypotheses)
        assert set(snap.answer.to_json()) == {"scenario", "model", "verification", "warnings",
                                              "event", "confidence", "sensitivity"}
    assert [type(c) for c in data.comparisons] == [ComparisonResult]
    assert data.voi is not None and isinstance(data.voi.analysis, ValueOfInformation)
    assert isinstance(data.network, NetworkInput)
    assert set(data.network.posteriors) == set(data.network.network.names)
    # the charts still read JSON, with every node's label
    charts = {b.kind: b.data for b in brief.blocks() if isinstance(b, Chart)}
    latest = data.snapshots[-1]
    assert charts["posterior"] == {**latest.run.to_json(), "labels": latest.run.labels}
    assert charts["ach"] == {**latest.explain.to_json(), "labels": latest.explain.context.labels}
    assert charts["impact"]["lead"] == latest.explain.analysis.state
    assert charts["tornado"]["parameters"] == latest.sensitivity.analysis.to_json()["parameters"]
    assert not charts["tornado"]["adjustments"]  # its source line names none
    assert [r["scenario"]["id"] for r in charts["timeline"]] == ["oct2022", "jan2023"]
    assert charts["network"]["labels"]["minsk_stance"] == data.nodes["minsk_stance"]["label"]


def test_a_target_that_is_not_the_scenarios_is_reported_alone() -> None:
    from forecast.app import explain_scenario

    data = gather([OCT, JAN], samples=20, seed=1, target="minsk_stance", network=False)
    for snap in data.snapshots:
        run = snap.run
        assert run.targets == ("minsk_stance",) and list(run.posteriors) == ["minsk_stance"]
        assert not run.windows and not run.elicited  # the node has no window
        assert run.uncertainty is not None and not run.uncertainty.low  # no interval for it
        expected = explain_scenario(run.loaded, "minsk_stance").analysis.posterior
        assert run.posteriors["minsk_stance"].array == pytest.approx(expected.array, abs=1e-12)
        assert run.to_json()["targets"] == ["minsk_stance"]
    brief = assemble(data)
    outcomes = next(b for b in brief.cover if isinstance(b, Table))
    assert outcomes.caption.startswith("Lukashenko's choice between keeping distance")
    assert [plain(row[0].text) for row in outcomes.rows] == ["Keeps distance", "Hedges",
                                                             "Commits"]
    assert not any(cell.sub for row in outcomes.rows for cell in row)  # no interval


def test_single_snapshot_has_no_changes_section(data: BriefInput) -> None:
    one = BriefInput(snapshots=data.snapshots[:1], comparisons=[], voi=data.voi, nodes=data.nodes,
                     documents=data.documents, model_card=None, model_card_path="models/x.md")
    brief = assemble(one)
    assert "changes" not in [s.id for s in brief.sections]
    assumptions = next(s for s in brief.sections if s.id == "assumptions")
    assert any(isinstance(b, Para) and "No model card was found" in b.text for b in assumptions.blocks)
    with pytest.raises(ValueError):
        assemble(BriefInput(snapshots=[], comparisons=[], voi=None, nodes={}, documents={}))


@pytest.mark.parametrize(("yardstick", "own", "other"), [("icd203", ICD_ONLY, PHIA_ONLY),
                                                        ("phia", PHIA_ONLY, ICD_ONLY)])
def test_never_mixes_yardsticks(data: BriefInput, yardstick: str, own, other) -> None:
    text = visible_text(render_html(assemble(_with(data, yardstick=yardstick)), draw=stub_svg))
    assert any(w in text for w in own)
    assert not [w for w in other if w in text]


def _with(data: BriefInput, **changes) -> BriefInput:
    from dataclasses import replace

    return replace(data, **changes)


# --- the model card and the markup --------------------------------------------------------------

CARD = """# Model card

**Read this first.** Every number is a judgement,
made by an analyst.

## 5. Known weaknesses

- **Thin base.** Five articles,
  two relaying the [same report](http://example.com/x).
- Second item with `code`.

```
## not a heading inside a fence
```

A closing paragraph.

## 6. How to adjust it

- not a weakness
"""


def test_parse_model_card() -> None:
    card = parse_model_card(CARD)
    assert card.read_first == "**Read this first.** Every number is a judgement, made by an analyst."
    assert card.heading == "5. Known weaknesses"
    assert card.weaknesses[0] == "**Thin base.** Five articles, two relaying the same report."
    assert card.weaknesses[1] == "Second item with `code`."
    assert card.weaknesses[-1] == "A closing paragraph."
    assert not any("not a weakness" in w for w in card.weaknesses)
    assert parse_model_card("# Card\n\nNothing here.\n").weaknesses == ()


def test_markup_round_trip() -> None:
    raw = 'a *star* `tick` and \\ back'
    assert plain(lit(raw)) == raw
    parsed = spans("**bold** then *it* and `code` \\*not\\*")
    assert [(s.text, s.bold, s.italic, s.code) for s in parsed] == [
        ("bold", True, False, False), (" then ", False, False, False), ("it", False, True, False),
        (" and ", False, False, False), ("code", False, False, True), (" *not*", False, False, False)]
    assert plain("2 * 3 * 4") == "2 * 3 * 4"


# --- HTML ---------------------------------------------------------------------------------------

def test_prepare_svg_makes_ids_unique_and_drops_the_prologue() -> None:
    svg = prepare_svg(STUB_SVG, "c7-", "a *caption*")
    assert svg.startswith("<svg ") and "<?xml" not in svg
    assert 'id="c7-p1"' in svg and 'url(#c7-p1)' in svg
    assert 'aria-label="a caption"' in svg and "max-width:96px" in svg
    assert ' width="72pt"' not in svg


def test_html_is_deterministic_and_marked(brief: Brief) -> None:
    first = render_html(brief, draw=stub_svg)
    assert first == render_html(brief, draw=stub_svg)
    assert first.count(f">{html.escape(MARKING)}<") == 2                  # screen: top and bottom
    assert re.search(r"@top-center \{ content: \"[^\"]+\"", first)       # print: every page
    assert "@media print" in first and "break-before: page" in first
    assert "default-src 'none'" in first


def _external_references(page: str) -> list[str]:
    found = re.findall(r"""(?:src|href|xlink:href|action|poster)\s*=\s*["']([^"'#][^"']*)["']""", page)
    found += re.findall(r"url\(\s*['\"]?(?!#|data:)([^)'\"]+)", page)
    found += re.findall(r"@import[^;]+", page)
    found += re.findall(r"<(?:script|link|iframe|object|embed)\b[^>]*>", page)
    return [f for f in found if not f.startswith("data:")]


@pytest.fixture(scope="module")
def real_html(brief: Brief, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    path.write_text(render_html(brief), encoding="utf-8")
    return path


def test_html_is_self_contained(real_html: Path) -> None:
    page = real_html.read_text(encoding="utf-8")
    # posterior, tornado and horizon of the latest snapshot (the earlier one's outcomes are on
    # the timeline), timeline; annex: impact x 2, ach, network
    assert page.count("<svg ") == 8
    assert not _external_references(page)
    text = visible_text(page)
    for expected in ("Bottom line", "Key judgements", "Indicators to watch", "Known weaknesses",
                     "Sources", "Will Belarus join the war against Ukraine?",
                     "some of them launched from Belarusian territory, according to Ukrainian officials"):
        assert expected.lower() in text.lower()


def test_html_in_headless_chromium(real_html: Path, tmp_path: Path) -> None:
    binary = chromium_binary()
    if binary is None:
        pytest.skip("no chromium binary installed (apt-get install chromium): cannot load the HTML")
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=binary,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: requests.append(request.url))

            def guard(route) -> None:
                url = route.request.url
                return route.continue_() if url.startswith(("file:", "data:")) else route.abort()

            page.route("**/*", guard)
            page.goto(real_html.as_uri(), wait_until="load")
            title = page.inner_text("h1")
            shot = page.screenshot(full_page=False)
            size = page.evaluate("[document.body.scrollWidth, document.body.scrollHeight]")
            network = page.evaluate("(e) => [e.scrollWidth, e.clientWidth]",
                                    page.query_selector(".chart-network .chart-scroll"))
        finally:
            browser.close()
    assert requests and all(u.startswith(("file://", "data:")) for u in requests), requests
    assert title == "Will Belarus enter the war against Ukraine?"
    assert size[0] <= 1280 + 1 and size[1] > 5000          # no sideways scroll; a long document
    assert network[0] <= network[1] + 1                    # the network diagram fits the page
    image = Image.open(io.BytesIO(shot)).convert("L")
    pixels = list(image.getdata())
    dark = sum(1 for v in pixels if v < 128) / len(pixels)
    assert 0.01 < dark < 0.6, f"screenshot looks blank or broken ({dark:.1%} dark pixels)"
    assert len(set(pixels)) > 20


# --- PDF ----------------------------------------------------------------------------------------

def test_pdf_text_marking_and_determinism(brief: Brief) -> None:
    first = render_pdf(brief, draw=stub_image)
    assert first == render_pdf(brief, draw=stub_image)
    reader = PdfReader(io.BytesIO(first))
    assert 8 <= len(reader.pages) <= 40
    pages = [page.extract_text() for page in reader.pages]
    for n, text in enumerate(pages, start=1):
        assert text.count(MARKING) == 2, f"page {n} lacks the marking at top and bottom"
        assert f"page {n} of {len(pages)}" in text
    text = re.sub(r"\s+", " ", " ".join(pages))
    assert "Belarus enters war by 30 April 2023: very unlikely" in text
    assert "Belarus to deploy troops with Russia" in text
    assert "some of them launched from Belarusian territory, according to Ukrainian officials" in text
    assert "The numbers are judgements." in text
    meta = reader.metadata
    assert meta.title == brief.title and meta["/CreationDate"].startswith("D:2000")
