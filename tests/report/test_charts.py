"""Charts: every kind in every format is a readable, deterministic file; the pure parts are right.

The plot functions take plain result dicts, so most tests build literal ones; one test draws
the real tiny fixture through the engine.
"""

from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from itertools import pairwise

import numpy as np
import pytest
from conftest import FIXTURES

from forecast.errors import UserError
from forecast.language import estimate
from forecast.report import charts
from forecast.report.chart_network import Box, layers, layout
from forecast.report.chart_style import pct_for, said, spread

MARKING = "UNCLASSIFIED // FOR TRAINING"
SCENARIO = {"id": "oct2022", "title": "Joint regional group of forces announced",
            "as_of": "2022-10-11", "horizon": "2023-04-30", "path": "scenarios/oct2022.yaml"}
MODEL = {"id": "belarus_war_entry", "title": "Will Belarus enter the war against Ukraine?",
         "path": "models/belarus.yaml", "sha256": "be8aa5490741618b" + "0" * 48}
POSTURE = {"defensive_only": 0.733129388993, "russian_offensive_from_belarus": 0.130414028408,
           "belarus_enters_war": 0.1364565826}
EVIDENCE = [
    {"node": "joint_force", "state": "announced", "likelihood": [0.0, 1.0], "grade": "A1",
     "weight": 1.0, "source": {"doc": "moscow_times", "quote": "a joint military group"}},
    {"node": "border_incidents", "likelihood": [0.3, 1.0, 0.7], "grade": None, "weight": None,
     "source": None, "note": "vague"},
]


def run_result(**extra) -> dict:
    result = {
        "scenario": dict(SCENARIO), "model": dict(MODEL), "engine": "compiled",
        "targets": ["belarus_posture"], "posteriors": {"belarus_posture": dict(POSTURE)},
        "estimative": {"belarus_posture": {s: estimate(p).words for s, p in POSTURE.items()}},
        "evidence": EVIDENCE, "warnings": [],
        "labels": {"belarus_posture": "Belarus's military posture at the horizon"},
    }
    result.update(extra)
    return result


def with_intervals() -> dict:
    return run_result(
        intervals={"belarus_posture": {"defensive_only": [0.58, 0.84],
                                       "russian_offensive_from_belarus": [0.04, 0.25],
                                       "belarus_enters_war": [0.08, 0.23]}},
        uncertainty={"samples": 400, "seed": 1, "level": 0.9})


def sensitivity_result() -> dict:
    given = {"russian_axis_intent": "tie_down", "minsk_stance": "hedges"}
    return {
        "scenario": dict(SCENARIO), "model": dict(MODEL),
        "target": {"node": "belarus_posture", "state": "belarus_enters_war"}, "baseline": 0.1365,
        "parameters": [
            {"node": "belarus_posture", "kind": "table", "given": given,
             "state": "belarus_enters_war", "value": 0.02, "sweep": [0.0, 1.0],
             "low": 0.1239, "high": 0.7535, "swing": 0.6296},
            {"node": "minsk_stance", "kind": "weight", "given": {"weight": "kremlin_pressure"},
             "state": None, "value": 3.0, "sweep": [0.75, 12.0], "low": 0.115, "high": 0.265,
             "swing": 0.15},
            {"node": "troop_morale", "given": {}, "state": "good", "value": 0.1,
             "low": 0.13, "high": 0.21, "swing": 0.08},  # no kind: a prior, as the brief shows
            {"node": "joint_force", "kind": "effect", "given": {"minsk_stance": "hedges"},
             "state": "announced", "value": 0.45, "sweep": [0.35, 0.55], "low": 0.2,
             "high": 0.1, "swing": 0.1},
            {"node": "regime_risk", "kind": "table", "given": {"troop_morale": "poor"},
             "state": "low", "value": 0.05, "sweep": [0.0, 1.0], "low": None, "high": 0.25,
             "swing": None, "note": "at 0 the evidence becomes impossible"},
        ],
    }


def explain_result() -> dict:
    steps = [("joint_force", "Joint regional group of forces announced = announced [A1]",
              0.7640, 0.7167),
             ("threat_claims", "Official claims of an imminent Ukrainian or NATO attack on Belarus "
              "= escalated [A1]", 0.7167, 0.6886),
             ("russian_troop_presence", "Russian troop presence in Belarus = hundreds [B2]",
              0.6886, 0.7266),
             ("border_incidents", "Incidents on the Belarus-Ukraine border = minor [E4]",
              0.7266, 0.7255),
             ("minsk_stance", "Lukashenko's choice (likelihood)", 0.7255, 0.7331)]

    def dist(p: float) -> dict:
        return {"defensive_only": p, "russian_offensive_from_belarus": (1 - p) / 2,
                "belarus_enters_war": (1 - p) / 2}

    return {
        "scenario": dict(SCENARIO), "model": dict(MODEL), "target": "belarus_posture",
        "prior": dist(0.7640), "posterior": dist(0.7331), "lead": "defensive_only",
        "evidence": [], "sequence": [{"node": n, "label": label, "before": dist(b),
                                      "after": dist(a)} for n, label, b, a in steps],
    }


def ach_result() -> dict:
    from conftest import ROOT

    from forecast.app import explain_scenario

    return explain_scenario(ROOT / "scenarios" / "oct2022.yaml", ach=True).to_json()


def timeline_result() -> list[dict]:
    later = run_result(scenario={**SCENARIO, "id": "jan2023", "as_of": "2023-01-05",
                                 "title": "December build-up"},
                       posteriors={"belarus_posture": {"defensive_only": 0.5618,
                                                       "russian_offensive_from_belarus": 0.2711,
                                                       "belarus_enters_war": 0.1671}})
    return [later, run_result()]  # out of order on purpose: the chart sorts by as_of


def network_result() -> dict:
    nodes = {
        "kremlin_pressure": {"label": "Kremlin pressure on Minsk to join the war",
                             "states": ["low", "moderate", "high"], "parents": []},
        "russian_axis_intent": {"label": "Moscow's plan for the Belarus axis",
                                "states": ["tie_down", "offensive"], "parents": []},
        "minsk_stance": {"label": "Lukashenko's choice between keeping distance, hedging and "
                                  "committing forces",
                         "states": ["keeps_distance", "hedges", "commits"],
                         "parents": ["kremlin_pressure"]},
        "joint_force": {"label": "Joint regional group of forces announced",
                        "states": ["not_announced", "announced"],
                        "parents": ["kremlin_pressure", "minsk_stance"]},
        "belarus_posture": {"label": "Belarus's military posture at the horizon",
                            "states": list(POSTURE),
                            "parents": ["russian_axis_intent", "minsk_stance"]},
        "border_incidents": {"label": "Incidents on the Belarus-Ukraine border",
                             "states": ["none", "minor", "major"],
                             "parents": ["kremlin_pressure"]},
    }
    posteriors = {
        "kremlin_pressure": {"low": 0.04, "moderate": 0.36, "high": 0.6},
        "russian_axis_intent": {"tie_down": 0.81, "offensive": 0.19},
        "minsk_stance": {"keeps_distance": 0.05, "hedges": 0.77, "commits": 0.18},
        "joint_force": {"not_announced": 0.0, "announced": 1.0},
        "belarus_posture": dict(POSTURE),
        "border_incidents": {"none": 0.35, "minor": 0.56, "major": 0.09},
    }
    return run_result(network={"id": MODEL["id"], "title": MODEL["title"], "nodes": nodes},
                      posteriors=posteriors)


def horizon_result(**extra) -> dict:
    """A run whose outcome's numbers are for 180 days, 201 days before the horizon."""
    elicited = {"defensive_only": 0.76, "russian_offensive_from_belarus": 0.12,
                "belarus_enters_war": 0.12}
    return run_result(**{"window": {"belarus_posture": {"elicited_days": 180,
                                                        "remaining_days": 201}},
                          "elicited_posteriors": {"belarus_posture": elicited}, **extra})


PLOTS = {
    "posterior": (charts.plot_posterior, with_intervals),
    "tornado": (charts.plot_tornado, sensitivity_result),
    "impact": (charts.plot_impact, explain_result),
    "network": (charts.plot_network, network_result),
    "timeline": (charts.plot_timeline, timeline_result),
    "horizon": (charts.plot_horizon, horizon_result),
    "ach": (charts.render_ach, ach_result),
}


def render(kind: str, fmt: str, tmp_path, name: str = "chart") -> bytes:
    plot, make = PLOTS[kind]
    path = tmp_path / f"{name}-{kind}.{fmt}"
    charts.save_figure(plot(make(), marking=MARKING), path)
    return path.read_bytes()


# --- every kind, every format ----------------------------------------------------------------

@pytest.mark.parametrize("kind", charts.KINDS)
def test_png_is_print_size_with_contrast_and_deterministic(kind: str, tmp_path) -> None:
    from PIL import Image

    first = render(kind, "png", tmp_path, "a")
    second = render(kind, "png", tmp_path, "b")
    assert first == second, "the same inputs must give byte-identical PNGs"
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG"
    assert image.width >= 1600
    grey = np.asarray(image.convert("L"), dtype=float)
    assert grey.std() > 20, "near-uniform image"
    assert grey.min() < 40 and grey.max() > 240, "no dark ink on a light page"
    assert "Software" not in image.info


@pytest.mark.parametrize("kind", charts.KINDS)
def test_svg_parses_says_its_words_and_is_deterministic(kind: str, tmp_path) -> None:
    first = render(kind, "svg", tmp_path, "a")
    assert first == render(kind, "svg", tmp_path, "b")
    root = ET.fromstring(first)
    assert root.tag.endswith("svg")
    text = first.decode("utf-8")
    assert MARKING in text  # matplotlib writes each text as a comment beside its outlines
    assert "Will Belarus enter the war against Ukraine?" in text
    assert "<dc:date>" not in text
    assert any(w in text for w in ("very unlikely", "likely", "almost certain"))


@pytest.mark.parametrize("kind", charts.KINDS)
def test_pdf_has_one_page_and_is_deterministic(kind: str, tmp_path) -> None:
    from pypdf import PdfReader

    first = render(kind, "pdf", tmp_path, "a")
    assert first == render(kind, "pdf", tmp_path, "b")
    reader = PdfReader(io.BytesIO(first))
    assert len(reader.pages) == 1
    assert b"CreationDate" not in first
    assert "2022-10-11" in reader.pages[0].extract_text()


def test_real_tiny_scenario_draws_through_the_engine(tmp_path) -> None:
    from PIL import Image

    from forecast.app import run_scenario
    from forecast.spec.load import load_scenario
    from forecast.usecases.snapshot import infer, scenario_network

    path = FIXTURES / "tiny" / "scenarios" / "morning.yaml"
    run = run_scenario(path).to_json()
    loaded = load_scenario(path)
    network, _ = scenario_network(loaded, [])
    data = charts.network_data(run, network,
                               infer(network, network.names, loaded.scenario.findings, "compiled"))
    assert set(data["posteriors"]) == set(network.names)
    assert data["network"]["nodes"]["wet"]["parents"] == ["rain", "sprinkler"]
    out = charts.save_figure(charts.render("network", data), tmp_path / "network.png")
    assert Image.open(out).width >= 1600
    for kind, result in (("posterior", run), ("timeline", [run])):
        charts.save_figure(charts.render(kind, result), tmp_path / f"{kind}.svg")


# --- the frame and the words -------------------------------------------------------------------

def test_every_probability_carries_its_words() -> None:
    fig = charts.plot_posterior(with_intervals(), marking=MARKING)
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert "73% likely" in texts
    assert "13% very unlikely" in texts
    assert any(t.startswith("interval 58%\u201384%: likely to very likely") for t in texts)
    assert texts.count(MARKING) == 2  # top and bottom
    assert any("Will Belarus enter the war against Ukraine?" in t and "2022-10-11" in t
               for t in texts)
    assert any(t.startswith("Source: forecast") for t in texts)


def test_phia_yardstick_words_and_bands() -> None:
    fig = charts.plot_posterior(run_result(), yardstick="phia")
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert "realistic possibility" in texts  # a band word in the key
    assert "13% highly unlikely" in texts
    assert not any("roughly even chance" in t for t in texts)  # never mix the yardsticks


def test_numbers_never_contradict_their_words() -> None:
    # the words come from the printed value: 19.5% prints 20%, which reads "unlikely"
    assert said(0.19535, "icd203") == "20% unlikely"
    assert said(0.7997, "icd203") == "80% very likely"
    assert said(0.733, "icd203") == "73% likely"
    assert pct_for(0.004, "icd203") == "0.4%\u2020"  # outside the calibrated scale
    assert said(1.0, "icd203") == "100% almost certain\u2020"


def test_spread_keeps_labels_apart_and_in_range() -> None:
    values = [0.13, 0.136, 0.14, 0.9, 0.01]
    placed = spread(values, 0.05, 0.0, 1.0)
    ordered = sorted(placed)
    assert all(b - a >= 0.05 - 1e-9 for a, b in pairwise(ordered))
    assert all(0.0 <= p <= 1.0 for p in placed)
    assert [values.index(v) for v in sorted(values)] == sorted(range(5), key=lambda i: placed[i])
    assert spread([0.5], 0.1, 0, 1) == [0.5]


def test_with_ax_draws_into_the_callers_axes() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 6))
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2)
    assert charts.plot_posterior(run_result(), axes[0]) is fig
    assert charts.plot_impact(explain_result(), axes[1]) is fig
    assert axes[0].get_title(loc="left").startswith("Belarus's military posture")


def test_tornado_ranks_by_swing_and_shows_impossible_ends() -> None:
    data = sensitivity_result()
    data["parameters"].reverse()
    fig = charts.plot_tornado(data, top=3)
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    heads = ["belarus posture: belarus enters war", "Weight of kremlin pressure",
             "regime risk: low"]  # the last: its one end swings 11 pts
    assert [texts.index(h) for h in heads] == sorted(texts.index(h) for h in heads)
    assert "troop morale: good" not in texts  # only the top 3
    assert not any("_" in t for t in texts if t.startswith(("belarus", "Weight", "regime")))
    assert "at its bottom: evidence impossible" in texts
    assert "now 2% almost no chance" in texts


def test_impact_waterfall_steps_from_prior_to_posterior() -> None:
    fig = charts.plot_impact(explain_result())
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert "76% likely" in texts and "73% likely" in texts
    assert "\u22124.7 pts \u2192 72% likely" in texts
    assert "\u22123.1 pts from the prior" in texts


def test_timeline_sorts_snapshots_by_date() -> None:
    fig = charts.plot_timeline(timeline_result())
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["2022-10-11\noct2022", "2023-01-05\njan2023"]
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert any("as of 2022-10-11 to 2023-01-05" in t for t in texts)


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["chart.jpg", "chart", "chart.PNG.txt"])
def test_unknown_extension_is_a_user_error(name: str, tmp_path) -> None:
    fig = charts.plot_posterior(run_result())
    with pytest.raises(UserError, match=r"use \.png, \.svg or \.pdf"):
        charts.save_figure(fig, tmp_path / name)
    assert not list(tmp_path.iterdir())


def test_upper_case_extension_is_accepted(tmp_path) -> None:
    out = charts.save_figure(charts.plot_posterior(run_result()), tmp_path / "chart.PNG")
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("call", [
    lambda: charts.plot_posterior({"posteriors": {}}),
    lambda: charts.plot_tornado({"target": {"node": "a", "state": "b"}, "baseline": 0.5,
                                 "parameters": []}),
    lambda: charts.plot_impact({"target": "a", "lead": "x", "prior": {}, "posterior": {}}),
    lambda: charts.plot_timeline([]),
    lambda: charts.plot_network(run_result()),
    lambda: charts.plot_posterior(run_result(), yardstick="nato"),
    lambda: charts.render("pie", run_result()),
    lambda: charts.plot_horizon(run_result()),
    lambda: charts.plot_horizon(horizon_result(scenario={**SCENARIO, "horizon": None})),
    lambda: charts.render("ach", {**explain_result(), "ach": None}),
    lambda: charts.render("ach", {**explain_result(), "ach": {"findings": []}}),
])
def test_bad_results_are_user_errors(call) -> None:
    with pytest.raises(UserError):
        call()


def test_horizon_curves_reach_the_reported_probabilities_at_the_horizon() -> None:
    from forecast.domain.window import convert
    from forecast.report.chart_horizon import horizon_curves

    data = horizon_result()
    levels, days, curves = horizon_curves(data, "belarus_posture")
    assert levels == ["russian_offensive_from_belarus", "belarus_enters_war"]
    assert days[0] == 0 and days[-1] == 201
    assert curves[0].tolist() == [0.0, 0.0]
    # by hand: P(>= k within d days) = 1 - (1 - P_180(>= k)) ** (d / 180)
    assert curves[90] == pytest.approx([1 - 0.76 ** 0.5, 1 - 0.88 ** 0.5], abs=1e-12)
    assert curves[180] == pytest.approx([0.24, 0.12], abs=1e-12)
    converted = convert(np.array([0.76, 0.12, 0.12]), 201 / 180)
    assert curves[-1] == pytest.approx([converted[1:].sum(), converted[2]], abs=1e-12)
    assert np.all(np.diff(curves, axis=0) >= 0)


def test_horizon_with_no_days_left_draws_the_start_only() -> None:
    from forecast.report.chart_horizon import horizon_curves

    data = horizon_result(window={"belarus_posture": {"elicited_days": 180, "remaining_days": 0}})
    _, days, curves = horizon_curves(data, "belarus_posture")
    assert days.tolist() == [0] and curves.tolist() == [[0.0, 0.0]]
    charts.figure_bytes(charts.plot_horizon(data), "svg")


def test_horizon_marks_the_end_of_the_models_window_inside_the_span() -> None:
    svg = io.BytesIO()
    charts.plot_horizon(horizon_result()).savefig(svg, format="svg")
    text = svg.getvalue().decode("utf-8")
    assert "end of the model's 180-day window" in text
    assert "Belarus enters war" in text or "belarus enters war" in text


# --- the network layout ----------------------------------------------------------------------

def test_layers_follow_depth_and_roots_sit_next_to_their_children() -> None:
    parents = {"a": [], "b": ["a"], "c": ["b"], "d": ["c"], "late_root": [], "e": ["d", "late_root"]}
    got = layers(parents)
    assert [got[n] for n in "abcde"] == [0, 1, 2, 3, 4]
    assert got["late_root"] == 3


def test_layout_keeps_boxes_apart_in_each_column() -> None:
    data = network_result()
    nodes = data["network"]["nodes"]
    boxes = {n: Box(n, "node", [n], n, v["states"], [None] * len(v["states"]),
                    0.4 + 0.2 * len(v["states"])) for n, v in nodes.items()}
    plan = layout(boxes, {n: v["parents"] for n, v in nodes.items()}, 2.5)
    columns: dict[int, list[str]] = {}
    for name in boxes:
        columns.setdefault(plan.layer[name], []).append(name)
    for names in columns.values():
        spans = sorted((plan.centre[n] - boxes[n].height / 2, plan.centre[n] + boxes[n].height / 2)
                       for n in names)
        assert all(b[0] - a[1] >= 0.2 for a, b in pairwise(spans))
    assert all(plan.centre[n] - boxes[n].height / 2 >= 0 for n in boxes)
    # the long edge russian_axis_intent -> belarus_posture runs through a placeholder slot
    long_edges = [e for e in plan.edges if e[2]]
    assert long_edges and all(plan.layer[s] for _, _, path in long_edges for s in path)


def test_cycles_are_user_errors() -> None:
    with pytest.raises(UserError, match="cycle"):
        layers({"a": ["b"], "b": ["a"]})


# --- import hygiene ----------------------------------------------------------------------------

def test_importing_the_report_and_cli_does_not_import_matplotlib() -> None:
    code = ("import sys, forecast.report, forecast.report.charts, forecast.cli.chart, "
            "forecast.cli.main; bad = [m for m in ('matplotlib', 'pgmpy') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
