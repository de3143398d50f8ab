"""The page's network drawing is `chart --kind network`'s layout, in pixels."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from forecast.app import run_scenario
from forecast.report.chart_network import _boxes, layout, network_data
from forecast.serve.graph import PX, page_graph
from forecast.spec.load import load_scenario
from forecast.usecases.snapshot import infer_windowed, scenario_network

ROOT = Path(__file__).resolve().parents[2]
OCT = ROOT / "scenarios" / "oct2022.yaml"


def test_the_page_draws_the_charts_layout() -> None:
    loaded = load_scenario(OCT)
    network, _ = scenario_network(loaded, [])
    posteriors = infer_windowed(network, network.names, loaded.scenario)
    run = run_scenario(OCT).to_json()
    graph = page_graph(run, network, posteriors)
    boxes, width = _boxes(network_data(run, network, posteriors), "icd203")
    plan = layout(boxes, {n: list(network[n].parents) for n in network.names}, width)
    assert set(graph["nodes"]) == set(network.names)
    for name, box in graph["nodes"].items():
        assert box["x"] == round(plan.x(name) * PX, 2)
        assert box["y"] == round((plan.centre[name] - boxes[name].height / 2) * PX, 2)
        assert box["h"] == round(boxes[name].height * PX, 2)
        assert [s["state"] for s in box["states"]] == list(network[name].states)
        rows = [s["top"] for s in box["states"]]
        assert rows == sorted(rows) and box["y"] < rows[0] and rows[-1] < box["y"] + box["h"]
    hops = {hop for parent, child, path in plan.edges for hop in pairwise([parent, *path, child])}
    assert len(graph["edges"]) == len(hops)
    arrows = {(e["from"], e["to"]) for e in graph["edges"] if e["arrow"]}
    # every edge ends in one arrow at its child, long ones after their placeholder slots
    assert arrows == {(p, c) for c in network.names for p in network[c].parents}
    assert graph["width"] == round(plan.extent[0] * PX, 2)
