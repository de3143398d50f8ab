"""The what-if page in a real headless Chromium: click a state, drag a prior, edit a table row,
switch and regrade findings, save an overlay and a scenario, and check the page's numbers
against `forecast run` on what was saved."""

from __future__ import annotations

import json
import shutil
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
TINY = ROOT / "tests" / "fixtures" / "tiny"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return tiny_project(tmp_path / "project")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def shown(page) -> dict[str, dict[str, float]]:
    """The target probabilities the page shows (each bar row carries its exact value)."""
    out: dict[str, dict[str, float]] = {}
    for row in page.query_selector_all(".bar-row"):
        out.setdefault(row.get_attribute("data-target"), {})[row.get_attribute("data-state")] = (
            float(row.get_attribute("data-p")))
    return out


def settled(page) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)


def cli_posteriors(cwd: Path, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "forecast", "run", *args, "--format", "json"],
                         cwd=cwd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["posteriors"]


def assert_close(page_numbers: dict, cli: dict) -> None:
    assert page_numbers.keys() == cli.keys()
    for node, dist in cli.items():
        np.testing.assert_allclose([page_numbers[node][s] for s in dist], list(dist.values()),
                                   atol=1e-9)


def test_the_analysts_loop_in_a_browser(project: Path, browser, tmp_path: Path) -> None:
    scenario = "scenarios/morning.yaml"
    errors: list[str] = []
    with serving(scenario, "--save-dir", str(project / "saved"), cwd=project) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("requestfailed", lambda req: errors.append(req.url))
        page.goto(url)
        settled(page)
        assert_close(shown(page), cli_posteriors(project, scenario))

        # click a state: a finding on sprinkler; the targets follow
        before = shown(page)
        page.click("[data-node='sprinkler'][data-state='on']")
        settled(page)
        assert shown(page)["sprinkler"] == {"off": 0.0, "on": 1.0}
        assert shown(page)["rain"] != before["rain"]
        assert page.get_attribute("[data-node='sprinkler'][data-state='on']",
                                  "class").split().count("clicked") == 1

        # drag the prior of cloudy=clouds with the mouse
        slider = page.locator("input[data-prior='cloudy:clouds']")
        slider.scroll_into_view_if_needed()
        box = slider.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.15, box["y"] + box["height"] / 2, steps=8)
        page.mouse.up()
        settled(page)
        dragged = float(slider.input_value()) / 1000
        assert dragged < 0.3

        # edit a table row of rain, switch the soft finding off, regrade the graded one
        page.click(".node[data-list='rain'] summary")
        cell = page.locator("input[data-cell='rain:1:rain']")
        cell.fill("0.65")
        cell.dispatch_event("change")
        settled(page)
        page.uncheck("input[data-finding='cloudy#1']")
        settled(page)
        page.select_option("select[data-grade='wet#1']", "C3")
        settled(page)
        numbers = shown(page)
        assert page.get_attribute("#error", "hidden") is not None, page.inner_text("#error")

        # save both, then `forecast run` on what was saved gives the page's numbers
        page.fill("#save-overlay input[name=analyst]", "analyst_browser")
        page.fill("#save-overlay input[name=rationale]", "dragged and edited in the browser")
        page.fill("#save-overlay input[name=name]", "mine.yaml")
        page.click("#save-overlay-button")
        page.wait_for_selector("#saved[data-path$='mine.yaml']", timeout=60_000)
        page.fill("#save-scenario input[name=name]", "whatif.yaml")
        page.click("#save-scenario-button")
        page.wait_for_selector("#saved[data-path$='whatif.yaml']", timeout=60_000)
        page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
        shutil.copy(tmp_path / "page.png", Path("/tmp") / "forecast_serve_page.png")

        saved = project / "saved"
        overlay_only = cli_posteriors(project, scenario, "--analyst", str(saved / "mine.yaml"))
        both = cli_posteriors(project, str(saved / "whatif.yaml"), "--analyst",
                              str(saved / "mine.yaml"))
        assert_close(numbers, both)
        assert overlay_only != both   # the evidence changes live in the scenario, not the overlay
        text = (saved / "mine.yaml").read_text(encoding="utf-8")
        assert "analyst: analyst_browser" in text and "rain:" in text
        assert f"{dragged}" in text or f"{1 - dragged}" in text
        page.close()
    assert errors == []


def test_a_wrong_token_gets_no_page(project: Path, browser) -> None:
    with serving("scenarios/morning.yaml", cwd=project) as url:
        page = browser.new_page()
        response = page.goto(url.replace("token=", "token=x"))
        assert response.status == 403
        assert "forecast what-if" not in page.content()
        page.close()
