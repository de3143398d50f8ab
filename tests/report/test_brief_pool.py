"""One set of numbers per brief: with several analysts the bottom line, the outcome table,
the key judgements and the change lines are the pool's, and the model alone appears only in
the analysts' section. The pool's interval pools every analyst's draws, draw by draw."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tiny_project import TINY

from forecast import app
from forecast.analysis.pooled_uncertainty import pooled_draws
from forecast.analysis.uncertainty import draws as analyst_draws
from forecast.app import Adjustments
from forecast.report.brief import Callout, Table, assemble, plain
from forecast.report.shares import node_said
from forecast.usecases import snapshot
from forecast.usecases.answer import answer_scenario
from forecast.usecases.brief import gather

SCENARIO = TINY / "scenarios" / "morning.yaml"
OVERLAYS = [TINY / "overlays" / "clouds.yaml", TINY / "overlays" / "sprinkler.yaml"]


@pytest.fixture(scope="module")
def pooled():
    return gather([SCENARIO], network=False, samples=50,
                  adjustments=Adjustments(analysts=tuple(OVERLAYS), weights="analyst_a=3,analyst_b=1"))


def test_the_pooled_answer_is_the_pooled_run(pooled) -> None:
    run = app.run_scenario(SCENARIO, analysts=OVERLAYS, weights="analyst_a=3,analyst_b=1")
    answer = pooled.snapshots[0].answer
    node, states = answer.event["target"], answer.event["states"]
    expected = sum(run.posteriors[node][s] for s in states)
    assert answer.event["probability"] == pytest.approx(expected, abs=1e-12)
    assert answer.event["pool"] == "linear"
    # and by hand: 3/4 of analyst_a's plus 1/4 of analyst_b's
    each = {name: snapshot.infer_windowed(net, (node,), run.loaded.scenario)[node]
            for name, net in run.team.networks.items()}
    by_hand = 0.75 * each["analyst_a"] + 0.25 * each["analyst_b"]
    index = [run.network[node].index(s) for s in states]
    assert answer.event["probability"] == pytest.approx(by_hand[index].sum(), abs=1e-12)


def test_the_pooled_brief_prints_the_pools_numbers(pooled) -> None:
    brief = assemble(pooled)
    run = pooled.snapshots[0].run
    answer = pooled.snapshots[0].answer
    node = answer.event["target"]
    callout = plain(" ".join(next(b for b in brief.cover if isinstance(b, Callout)).paragraphs))
    said = node_said(run.posteriors[node], "icd203")
    state = answer.event["states"][0]
    assert said[state].split()[0] in callout  # the pool's printed share of the event
    assert "Every number in this brief is the linear pool of 2 analysts" in callout
    assert "the analysts are" in callout and "points apart" in callout
    table = next(b for b in brief.cover if isinstance(b, Table))
    assert [plain(row[1].text) for row in table.rows] == [said[s] for s in run.posteriors[node]]
    # the model alone only under the analysts' section, labelled
    snapshot = next(s for s in brief.sections if s.id.startswith("snapshot-"))
    assert not any(isinstance(b, Table) and b.caption.startswith("Drivers of")
                   for b in snapshot.blocks)
    analysts = next(s for s in brief.sections if s.id == "analysts")
    headings = [getattr(b, "text", "") for b in analysts.blocks]
    assert any(h.startswith("The model alone, not the pool: drivers") for h in headings)
    assert "indicators" not in [s.id for s in brief.sections]


def test_pooled_evidence_effects_are_the_pool_with_minus_without(pooled) -> None:
    explain = pooled.snapshots[0].explain.analysis
    for effect in explain.evidence:
        np.testing.assert_allclose(effect.shift.array,
                                   explain.posterior.array - effect.without.array, atol=1e-12)
    run = pooled.snapshots[0].run
    np.testing.assert_allclose(explain.posterior.array, run.posteriors[explain.target].array,
                               atol=1e-12)


def test_one_network_draws_are_the_single_interval() -> None:
    loaded = app.load_checked(SCENARIO)
    answer = answer_scenario(loaded, samples=40, seed=2)
    team = snapshot.analyst_team(loaded, [])
    node = answer.event["target"]
    draws = pooled_draws(team.networks, {}, "linear", loaded.scenario.likelihoods(), (node,),
                         40, 2)[node]
    index = [team.base[node].index(s) for s in answer.event["states"]]
    event = draws[:, index].sum(axis=1)
    assert list(answer.event["interval"]) == pytest.approx(
        [np.quantile(event, 0.05), np.quantile(event, 0.95)], abs=1e-12)


def test_pooled_draws_pool_draw_by_draw() -> None:
    loaded = app.load_checked(SCENARIO)
    team = snapshot.analyst_team(loaded, [], OVERLAYS, "log", None)
    evidence = loaded.scenario.likelihoods()
    pooled = pooled_draws(team.networks, team.weights, "log", evidence, ("rain",), 5, 1)
    each = {n: analyst_draws(net, evidence, ("rain",), 5, 1)["rain"]
            for n, net in team.networks.items()}
    for i in range(5):
        logs = sum(0.5 * np.log(rows[i]) for rows in each.values())
        expected = np.exp(logs) / np.exp(logs).sum()
        np.testing.assert_allclose(pooled["rain"][i], expected, atol=1e-12)


def test_the_sources_print_a_url_as_a_link(tmp_path: Path) -> None:
    from tiny_project import tiny_project

    from forecast.report.brief_html import render_html

    anchor = "    published_basis: dateline\n"
    root = tiny_project(tmp_path, {"seeds/index.yaml": [
        (anchor, anchor + "    url: https://example.org/rain?night=1&x=2\n")]})
    data = gather([root / "scenarios" / "morning.yaml"], network=False, samples=20)
    page = render_html(assemble(data), draw=lambda chart, y: "<svg></svg>")
    assert ('<a class="source-link" href="https://example.org/rain?night=1&amp;x=2" '
            'rel="noopener noreferrer">https://example.org/rain?night=1&amp;x=2</a>') in page
    from PIL import Image

    from forecast.report.brief_pdf import render_pdf

    pdf = render_pdf(assemble(data), draw=lambda chart, y: Image.new("RGB", (40, 20)))
    assert b"/URI (https://example.org/rain?night=1&x=2)" in pdf


def test_the_brief_says_which_event_it_answers(pooled, tmp_path: Path) -> None:
    from tiny_project import tiny_project

    assumptions = next(s for s in assemble(pooled).sections if s.id == "assumptions")
    text = plain(" ".join(" ".join(getattr(b, "items", ())) for b in assumptions.blocks))
    assert "The model names no question (question: in the model), so the bottom line answers " \
           "by the default rule" in text
    anchor = "targets: [rain]\n"
    root = tiny_project(tmp_path, {"models/wet.yaml": [(
        anchor, anchor + "question: {text: Will it rain?, node: rain, event: [rain]}\n")]})
    data = gather([root / "scenarios" / "morning.yaml"], network=False, samples=20)
    brief = assemble(data)
    callout = plain(" ".join(next(b for b in brief.cover if isinstance(b, Callout)).paragraphs))
    assert callout.startswith("Will it rain? Rain by 12 October 2022: ")
    assert "90% interval " in callout and "Other outcomes of rain: dry " in callout
    assumptions = next(s for s in brief.sections if s.id == "assumptions")
    text = plain(" ".join(" ".join(getattr(b, "items", ())) for b in assumptions.blocks))
    assert "The bottom line answers the model's question, \u201cWill it rain?\u201d" in text
