"""The what-if page as an analyst uses it, in a real headless Chromium, through the page's
hooks (`data-node`, `data-state`, `data-prob`, `data-baseline`, `data-warning`,
`data-action="undo"`), every number checked exactly against `forecast run` on the same
changes written into files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from chromium import ARGS, chromium_binary
from served import ROOT, serving
from tiny_project import tiny_project

CHROMIUM = chromium_binary()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                                "(make test installs it)")
SHOTS = Path("/tmp/forecast_whatif")
MORNING = "scenarios/morning.yaml"
WET_STATES = {"cloudy": ["no_clouds", "clouds"], "rain": ["dry", "rain"],
              "sprinkler": ["off", "on"], "wet": ["dry", "damp", "soaked"],
              "worry": ["low", "medium", "high"]}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM,
                                     args=["--headless", *ARGS, "--disable-quic"])
        yield chromium
        chromium.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return tiny_project(tmp_path / "project")


def open_page(browser, url: str, errors: list[str]):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    settled(page)
    return page


def settled(page) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)


def act(page, selector: str) -> None:
    page.click(selector)
    settled(page)


def bars(page) -> dict[str, dict[str, tuple[float, float]]]:
    """Every state's bar in the graph: (data-prob, data-baseline), read unrounded."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for bar in page.query_selector_all("[data-node][data-state][data-prob]"):
        out.setdefault(bar.get_attribute("data-node"), {})[bar.get_attribute("data-state")] = (
            float(bar.get_attribute("data-prob")), float(bar.get_attribute("data-baseline")))
    return out


def probs(page) -> dict[str, dict[str, float]]:
    return {n: {s: v[0] for s, v in d.items()} for n, d in bars(page).items()}


def cli_run(cwd: Path, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "forecast", "run", *args, "--format", "json"],
                         cwd=cwd, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def exact(page_numbers: dict, cli: dict, nodes=None) -> None:
    for node in nodes or cli:
        np.testing.assert_allclose([page_numbers[node][s] for s in cli[node]],
                                   list(cli[node].values()), atol=1e-9, rtol=0)


def edited(project: Path, name: str, old: str, new: str) -> str:
    """A copy of the morning scenario with `old` replaced by `new`: the same changes in a file."""
    text = (project / MORNING).read_text(encoding="utf-8")
    assert old in text
    (project / "scenarios" / name).write_text(text.replace(old, new), encoding="utf-8")
    return f"scenarios/{name}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_the_network_is_drawn_with_a_bar_per_state_and_warnings_in_words(project, browser):
    errors: list[str] = []
    with serving(MORNING, cwd=project) as url:
        page = open_page(browser, url, errors)
        shot(page, "tiny_loaded")
        # every node, every state: one bar in the graph, nothing else carries both hooks
        shown = bars(page)
        assert {n: list(d) for n, d in shown.items()} == WET_STATES
        assert page.locator("[data-node][data-state]").count() == sum(map(len, WET_STATES.values()))
        # the SVG's text names every node (its label and its name)
        text = page.text_content("svg#graph")
        for name in WET_STATES:
            assert name in text
        assert "Cloudy sky" in text
        # as loaded: the bar is the baseline; targets exact against `forecast run`, every node
        # against the network chart's numbers (the same inference)
        cli = cli_run(project, MORNING)
        exact(probs(page), cli["posteriors"])
        assert all(p == b for d in shown.values() for p, b in d.values())
        from forecast.spec.load import load_scenario
        from forecast.usecases.snapshot import infer_windowed, scenario_network

        loaded = load_scenario(project / MORNING)
        network, _ = scenario_network(loaded, [])   # the model with the scenario's priors
        every = infer_windowed(network, network.names, loaded.scenario)
        exact(probs(page), {n: dict(zip(WET_STATES[n], v, strict=True)) for n, v in every.items()})
        # warnings are words, with their kind
        warnings = page.query_selector_all("[data-warning]")
        assert [w.get_attribute("data-warning") for w in warnings] == [w["kind"] for w in cli["warnings"]]
        for w, said in zip(warnings, cli["warnings"], strict=True):
            assert said["message"] in w.inner_text()
        assert "[object Object]" not in page.inner_text("body")
        # targets emphasised, evidence marked: the graph's groups say which
        assert page.get_attribute("g[data-graph-node='rain']", "class").split().count("target") == 1
        assert "evidence" in page.get_attribute("g[data-graph-node='wet']", "class").split()
        assert "evidence" not in page.get_attribute("g[data-graph-node='worry']", "class").split()
        page.close()
    assert errors == []


def test_click_a_state_then_undo_and_the_baseline_restores_exactly(project, browser):
    errors: list[str] = []
    with serving(MORNING, cwd=project) as url:
        page = open_page(browser, url, errors)
        loaded = bars(page)
        act(page, "[data-node='sprinkler'][data-state='on']")
        shot(page, "tiny_clicked")
        after = bars(page)
        assert after["sprinkler"]["on"][0] == 1.0
        assert all(b == loaded[n][s][0] for n, d in after.items() for s, (_, b) in d.items())
        with_finding = edited(project, "on.yaml", "priors:",
                              "  - {node: sprinkler, state: on}\npriors:")
        exact(probs(page), cli_run(project, with_finding)["posteriors"])
        # the finding is in the findings list, ungraded, and the run says so
        assert page.locator("[data-clicked='sprinkler']").count() == 1
        assert page.locator("[data-warning='ungraded']").count() == 1
        # the delta in points is drawn beside the value
        rain = page.text_content("[data-node='rain'][data-state='rain']")
        delta = 100 * (after["rain"]["rain"][0] - loaded["rain"]["rain"][0])
        assert f"{abs(delta):.1f} pts" in rain
        # click again: cleared, every bar back to its baseline exactly
        act(page, "[data-node='sprinkler'][data-state='on']")
        assert bars(page) == loaded
        assert page.locator("[data-clicked]").count() == 0

        # three changes: a finding, a drop, a regrade; take back the middle one
        act(page, "[data-node='worry'][data-state='high']")
        page.uncheck("input[data-finding='cloudy#1']")
        settled(page)
        page.select_option("select[data-grade='wet#1']", "C3")
        settled(page)
        # the history: set, clear (the click on sprinkler), then these three
        assert page.locator("#history li").count() == 5
        assert "dropped" in page.inner_text("#history li[data-change='3']")
        act(page, "#history li[data-change='3'] [data-action='undo-one']")
        assert page.locator("#history li").count() == 4
        both = edited(project, "both.yaml", "    grade: B2\n", "    grade: C3\n")
        text = (project / both).read_text(encoding="utf-8")
        (project / both).write_text(text.replace("priors:", "  - {node: worry, state: high}\npriors:"),
                                    encoding="utf-8")
        exact(probs(page), cli_run(project, both)["posteriors"])
        # undo the last (the regrade), then the finding: the scenario as loaded, exactly
        act(page, "[data-action='undo']")
        assert page.locator("#history li").count() == 3
        act(page, "[data-action='undo']")
        assert bars(page) == loaded
        act(page, "[data-action='undo']")   # undo the clear: the finding is back
        assert bars(page) == after
        act(page, "[data-action='reset']")
        assert bars(page) == loaded
        assert page.is_disabled("[data-action='undo']")
        page.close()
    assert errors == []


def test_a_clicked_finding_is_graded_and_quoted_and_saved(project, browser):
    errors: list[str] = []
    quote = "the sprinkler"
    with serving(MORNING, "--save-dir", str(project / "saved"), cwd=project) as url:
        page = open_page(browser, url, errors)
        act(page, "[data-node='sprinkler'][data-state='off']")
        page.select_option("select[data-clicked-grade='sprinkler']", "B3")
        settled(page)
        assert page.locator("[data-warning='ungraded']").count() == 0
        page.select_option("select[data-quote-doc='sprinkler']", "weather_report")
        page.fill("textarea[data-quote='sprinkler']", quote)
        act(page, "[data-clicked='sprinkler'] [data-action='quote']")
        assert page.is_hidden("#draft")
        graded = edited(project, "graded.yaml", "priors:",
                        "  - {node: sprinkler, state: 'off', grade: B3, source: {doc: weather_report, "
                        f"quote: {quote}" + "}}\npriors:")
        exact(probs(page), cli_run(project, graded)["posteriors"])
        # a quote not in its document: the run is a draft, and says which quote
        page.fill("textarea[data-quote='sprinkler']", "the sprinkler was on all night")
        act(page, "[data-clicked='sprinkler'] [data-action='quote']")
        assert page.get_attribute("#draft", "data-draft") == "1"
        assert "the sprinkler was on all night" in page.inner_text("#draft")
        shot(page, "tiny_draft")
        # the soft finding, edited as a likelihood per state (no grade: it has none)
        assert "soft finding" in page.inner_text("[data-finding-row='cloudy#1']")
        page.fill("input[data-likelihood='cloudy#1:no_clouds']", "0.25")
        page.dispatch_event("input[data-likelihood='cloudy#1:no_clouds']", "change")
        settled(page)
        numbers = probs(page)
        # saved as a scenario: the grade, the quote and the likelihood are in it, and
        # `forecast run --allow-unverified` on it gives the page's numbers
        page.fill("#save-scenario input[name=name]", "judged.yaml")
        page.click("#save-scenario-button")
        page.wait_for_selector("#saved[data-path$='judged.yaml']", timeout=60_000)
        saved = (project / "saved" / "judged.yaml").read_text(encoding="utf-8")
        assert "grade: B3" in saved and "the sprinkler was on all night" in saved
        assert "no_clouds: 0.25" in saved
        cli = cli_run(project, "saved/judged.yaml", "--allow-unverified")
        assert cli["verification"]["draft"] is True
        exact(numbers, cli["posteriors"])
        assert not (project / MORNING).read_text(encoding="utf-8").count("B3")   # never overwritten
        page.close()
    assert errors == []


def test_the_drivers_are_the_credible_sweep_with_labels_in_points(browser):
    errors: list[str] = []
    with serving("scenarios/oct2022.yaml") as url:
        page = open_page(browser, url, errors)
        shot(page, "belarus_loaded")
        out = subprocess.run([sys.executable, "-m", "forecast", "sensitivity", "scenarios/oct2022.yaml",
                              "--sweep", "credible", "--format", "json"], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        sens = json.loads(out.stdout)
        ranked = [p for p in sens["parameters"] if not p.get("mirror")][:8]
        rows = page.query_selector_all("#drivers tr[data-driver]")
        assert [r.get_attribute("data-driver") for r in rows] == [p["node"] for p in ranked]
        for row, p in zip(rows, ranked, strict=True):
            swing = row.query_selector("[data-swing]")
            assert float(swing.get_attribute("data-swing")) == p["swing"]
            assert swing.inner_text() == f"{100 * p['swing']:.1f} pts"
        first = rows[0].inner_text()
        assert "Moscow's plan for the Belarus axis: offensive" in first
        assert "russian_axis_intent" not in first
        # a two-state prior has one free number: one side only
        assert sum(r.query_selector("strong").inner_text().startswith("Moscow's plan for the Belarus")
                   for r in rows) == 1
        # the SVG names every one of the model's nodes
        text = page.text_content("svg#graph")
        for name in json.loads(out.stdout)["parameters"][0:1]:
            assert name["node"] in text
        model = page.evaluate("fetch('api/model?token=' + new URLSearchParams(location.search)"
                              ".get('token')).then(r => r.json())")
        assert len(model["nodes"]) == 21
        for node in model["nodes"]:
            assert node["name"] in text
        # a click on the big graph: exact against `forecast run` with that finding
        act(page, "[data-node='snap_inspections'][data-state='observed']")
        shot(page, "belarus_clicked")
        timing = page.inner_text("#timing")
        assert re.search(r"server time for this change: [\d.]+ ms", timing)
        page.close()
    assert errors == []


def test_several_analysts_are_pooled_and_the_pool_is_switchable(project, browser):
    errors: list[str] = []
    overlays = ROOT / "tests" / "fixtures" / "tiny" / "overlays"
    a, c = str(overlays / "clouds.yaml"), str(overlays / "worry.yaml")
    with serving(MORNING, "--analyst", a, "--analyst", c, cwd=project) as url:
        page = open_page(browser, url, errors)
        exact(probs(page), cli_run(project, MORNING, "--analyst", a, "--analyst", c)["posteriors"])
        page.select_option("select[data-pool]", "log")
        settled(page)
        page.fill("input[data-weight='analyst_a']", "2")
        page.dispatch_event("input[data-weight='analyst_a']", "change")
        settled(page)
        shot(page, "tiny_pooled")
        cli = cli_run(project, MORNING, "--analyst", a, "--analyst", c, "--pool", "log",
                      "--weights", "analyst_a=2,analyst_c=1")
        exact(probs(page), cli["posteriors"])
        act(page, "[data-action='undo']")
        act(page, "[data-action='undo']")
        assert all(p == b for d in bars(page).values() for p, b in d.values())
        page.close()
    assert errors == []


def test_the_board_panel_is_forecast_board_of_the_scenario(browser):
    """The page's indicator board: each indicator's status and shift as `forecast board` of
    the loaded scenario gives them (issue 26's panel in serve)."""
    errors: list[str] = []
    out = subprocess.run([sys.executable, "-m", "forecast", "board", "scenarios/jan2023.yaml",
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    board = json.loads(out.stdout)
    with serving("scenarios/jan2023.yaml") as url:
        page = open_page(browser, url, errors)
        rows = page.query_selector_all("#board tr[data-board-node]")
        assert [r.get_attribute("data-board-node") for r in rows] == [
            i["node"] for i in board["indicators"]]
        for row, indicator in zip(rows, board["indicators"], strict=True):
            assert row.get_attribute("data-status") == indicator["status"]
            assert indicator["label"] in row.inner_text()
        assert {i["status"] for i in board["indicators"]} >= {"moving", "quiet"}
    assert not errors, errors
