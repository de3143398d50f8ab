"""The network as the what-if page draws it: the layout of `chart --kind network` (its own
layout code, the same boxes and layers), turned into pixel geometry and SVG edge paths so the
page can draw every node with a belief bar per state. Pure: from a run and the network."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from ..report.chart_network import (
    NAME_LINE,
    PAD,
    STATE_BAR,
    STATE_GAP,
    STATE_TEXT,
    TITLE_LINE,
    Layout,
    _boxes,
    _header_height,
    _ports,
    layout,
    network_data,
)

PX = 100.0   # pixels per inch of the chart's layout (its fonts are in points: 1 pt = PX / 72 px)


def page_graph(run: Mapping[str, Any], network: Any, posteriors: Mapping[str, Sequence[float]],
               yardstick: str = "icd203") -> dict[str, Any]:
    """Every node's box (position, title lines, each state's text and bar rows) and every
    edge's SVG path, in pixels, laid out exactly as `chart --kind network` lays out `run`."""
    data = network_data(run, network, posteriors)
    boxes, width = _boxes(data, yardstick)
    plan = layout(boxes, {n: list(network[n].parents) for n in network.names}, width)
    nodes = {}
    for name, box in plan.boxes.items():
        x, top = plan.x(name), plan.centre[name] - box.height / 2
        header = _header_height(box.title, box.subtitle)
        y = top + header + 0.07
        states = []
        for state in box.states:
            states.append({"state": state, "text": _px(y + STATE_TEXT / 2),
                           "bar": _px(y + STATE_TEXT + 0.012),
                           "top": _px(y - STATE_GAP / 2),
                           "height": _px(STATE_TEXT + 0.012 + STATE_BAR + STATE_GAP)})
            y += STATE_TEXT + 0.012 + STATE_BAR + STATE_GAP
        nodes[name] = {"x": _px(x), "y": _px(top), "w": _px(plan.width), "h": _px(box.height),
                       "header": _px(header), "title": box.title,
                       "title_y": [_px(top + PAD + TITLE_LINE * (i + 0.5))
                                   for i in range(len(box.title))],
                       "subtitle_y": _px(top + PAD + TITLE_LINE * len(box.title) + NAME_LINE / 2),
                       "pad": _px(PAD), "bar_height": _px(STATE_BAR), "states": states}
    w, h = plan.extent
    return {"px_per_inch": PX, "width": _px(w), "height": _px(h), "nodes": nodes,
            "edges": edge_paths(plan)}


def edge_paths(plan: Layout) -> list[dict[str, Any]]:
    """Each hop of each edge as the chart draws it (a cubic from the source's right side to
    the target's left side; through a long edge's placeholder slot, straight on), once."""
    out_port, in_port = _ports(plan)
    drawn: set[tuple[Any, Any]] = set()
    paths = []
    for parent, child, path in plan.edges:
        for a, b in pairwise([parent, *path, child]):
            if (a, b) in drawn:
                continue
            drawn.add((a, b))
            x0, x1 = plan.x(a) + plan.width, plan.x(b)
            y0, y1 = out_port[(a, b)], in_port[(a, b)]
            mid = (x1 - x0) / 2
            d = (f"M{_px(x0)},{_px(y0)} C{_px(x0 + mid)},{_px(y0)} {_px(x1 - mid)},{_px(y1)} "
                 f"{_px(x1)},{_px(y1)}")
            into = b in plan.boxes
            if not into:
                d += f" L{_px(x1 + plan.width)},{_px(y1)}"
            paths.append({"from": a if isinstance(a, str) else a[1], "to": b if into else None,
                          "d": d, "arrow": into})
    return paths


def _px(inches: float) -> float:
    return round(inches * PX, 2)
