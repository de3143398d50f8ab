"""The model's graph: a layered (Sugiyama-style) drawing with each node's posterior inside.

Layout, left to right by topological depth:
1. layers by longest path from the roots; a root is then moved next to its nearest child,
   so that it does not sit far left with long edges;
2. an edge that spans several layers runs through one chain of thin placeholder slots per
   source (its edges to far children share the chain, then fan out), so edges never cross
   a box;
3. crossings are reduced by barycentre sweeps (the best ordering seen is kept);
4. each layer is placed vertically as close as possible to the mean of its neighbours
   (isotonic regression, which keeps the order and the gaps), a few sweeps.
Data units are inches, so boxes and fonts keep their size whatever the graph.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..errors import UserError
from .chart_style import (
    BAR,
    EVIDENCE,
    FAINT,
    INK,
    MUTED,
    TARGET,
    Frame,
    checked_yardstick,
    clipped,
    context_lines,
    draw_frame,
    human,
    new_figure,
    said,
    source_text,
    style_context,
    text_width,
    yardstick_name,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# sizes in inches (data units) and points
COLUMN_GAP = 0.95
ROW_GAP = 0.28
SLOT = 0.08            # height of a placeholder slot for a long edge
PAD = 0.08
TITLE_PT = 8.0
NAME_PT = 6.5
STATE_PT = 7.0
TITLE_LINE = 0.155
NAME_LINE = 0.135
STATE_TEXT = 0.135
STATE_BAR = 0.06
STATE_GAP = 0.065
MIN_WIDTH, MAX_WIDTH = 2.2, 3.6
MARGIN = 0.25

HEADER_FILL = {"evidence": "#fbe6c4", "target": "#d4e6f4", "node": "#f0f0f0"}
BORDER = {"evidence": EVIDENCE, "target": TARGET, "node": FAINT}
BORDER_WIDTH = {"evidence": 1.8, "target": 1.8, "node": 0.8}
EDGE_COLOUR = "#8a8a8a"
TRACK = "#e6e6e6"


def network_data(result: Mapping[str, Any], network: Any,
                 posteriors: Mapping[str, Sequence[float]]) -> dict[str, Any]:
    """A run result plus the graph and every node's posterior: the input of `plot_network`.

    `network` is a `forecast.domain.network.Network`; `posteriors` maps every node to its
    posterior vector in the node's state order.
    """
    nodes = {name: {"label": node.label, "states": list(node.states), "parents": list(node.parents)}
             for name, node in network.nodes.items()}
    out = dict(result)
    out["network"] = {"id": network.id, "title": network.title, "nodes": nodes}
    out["posteriors"] = {name: {s: round(float(p), 12) + 0.0
                                for s, p in zip(network[name].states, posteriors[name], strict=True)}
                         for name in network.names if name in posteriors}
    out["labels"] = {name: node.label for name, node in network.nodes.items()}
    return out


# --- layout --------------------------------------------------------------------------------------

@dataclass
class Box:
    name: str
    kind: str            # evidence | target | node
    title: list[str]     # wrapped label lines
    subtitle: str        # the node name, and what was observed
    states: list[str]
    values: list[float | None]
    height: float


@dataclass
class Layout:
    width: float                       # box width
    boxes: dict[str, Box]
    layer: dict[Any, int]              # real nodes and slots (("~", source, layer))
    centre: dict[Any, float]           # vertical centre of every node and slot
    edges: list[tuple[str, str, list[Any]]]  # source, target, slots passed through
    extent: tuple[float, float]        # (total width, total height)

    def x(self, key: Any) -> float:
        return MARGIN + self.layer[key] * (self.width + COLUMN_GAP)


def layers(parents: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Longest-path layers; roots then moved next to their nearest child."""
    layer: dict[str, int] = {}
    for name in _topological(parents):
        layer[name] = 1 + max((layer[p] for p in parents[name]), default=-1)
    children: dict[str, list[str]] = {n: [] for n in parents}
    for name, ps in parents.items():
        for p in ps:
            children[p].append(name)
    for name in parents:
        if not parents[name] and children[name]:
            layer[name] = min(layer[c] for c in children[name]) - 1
    low = min(layer.values(), default=0)
    return {n: v - low for n, v in layer.items()}


def _topological(parents: Mapping[str, Sequence[str]]) -> list[str]:
    order: list[str] = []
    done: set[str] = set()
    remaining = list(parents)
    while remaining:
        ready = [n for n in remaining if all(p in done for p in parents[n])]
        if not ready:
            raise UserError(f"the network has a cycle among {', '.join(sorted(remaining))}")
        for n in ready:
            order.append(n)
            done.add(n)
        remaining = [n for n in remaining if n not in done]
    return order


def _expanded(parents: Mapping[str, Sequence[str]], layer: Mapping[str, int]):
    """Slots for long edges (one chain per source), the adjacency, each edge's slot path."""
    full: dict[Any, int] = dict(layer)
    up: dict[Any, list[Any]] = {n: [] for n in layer}
    down: dict[Any, list[Any]] = {n: [] for n in layer}
    edges: list[tuple[str, str, list[Any]]] = []

    def link(a: Any, b: Any) -> None:
        if b not in down[a]:
            down[a].append(b)
            up[b].append(a)

    for child, ps in parents.items():
        for parent in ps:
            path = [("~", parent, k) for k in range(layer[parent] + 1, layer[child])]
            for slot in path:
                if slot not in full:
                    full[slot] = slot[2]
                    up[slot], down[slot] = [], []
            chain = [parent, *path, child]
            for a, b in pairwise(chain):
                link(a, b)
            edges.append((parent, child, path))
    return full, up, down, edges


def _crossings(order: Sequence[Sequence[Any]], down: Mapping[Any, Sequence[Any]]) -> int:
    total = 0
    for upper, lower in pairwise(order):
        where = {n: i for i, n in enumerate(lower)}
        pairs = [(i, where[c]) for i, n in enumerate(upper) for c in down[n] if c in where]
        for a in range(len(pairs)):
            for b in range(a + 1, len(pairs)):
                (i1, j1), (i2, j2) = pairs[a], pairs[b]
                if (i1 - i2) * (j1 - j2) < 0:
                    total += 1
    return total


def _ordering(full: Mapping[Any, int], up, down, names: Sequence[str]) -> list[list[Any]]:
    """Barycentre sweeps down and up; the ordering with the fewest crossings wins."""
    depth = max(full.values(), default=0) + 1
    rank = {n: i for i, n in enumerate(names)}
    order: list[list[Any]] = [[] for _ in range(depth)]
    for key in sorted(full, key=lambda k: (rank.get(k, rank.get(k[1], 0) if isinstance(k, tuple)
                                                     else 0), str(k))):
        order[full[key]].append(key)
    best, best_count = [list(o) for o in order], _crossings(order, down)
    for sweep in range(24):
        downward = sweep % 2 == 0
        indices = range(1, depth) if downward else range(depth - 2, -1, -1)
        for li in indices:
            ref = order[li - 1] if downward else order[li + 1]
            where = {n: i for i, n in enumerate(ref)}
            current = {n: i for i, n in enumerate(order[li])}

            def centre(n: Any, where=where, current=current, downward=downward) -> tuple[float, int]:
                near = [where[m] for m in (up[n] if downward else down[n]) if m in where]
                return (sum(near) / len(near) if near else float(current[n]), current[n])

            order[li] = sorted(order[li], key=centre)
        count = _crossings(order, down)
        if count < best_count:
            best, best_count = [list(o) for o in order], count
    return best


def _isotonic(values: Sequence[float]) -> list[float]:
    """The nondecreasing sequence nearest to `values` in least squares (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, count]
    for v in values:
        blocks.append([v, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m1, c1), (m2, c2) = blocks[-2], blocks[-1]
            blocks[-2:] = [[(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2]]
    out: list[float] = []
    for mean, count in blocks:
        out.extend([mean] * int(count))
    return out


def _place(keys: Sequence[Any], desired: Sequence[float], size: Mapping[Any, float]) -> list[float]:
    """Centres in order, at least their half-heights plus a gap apart, nearest to `desired`."""
    offsets = [0.0]
    for a, b in pairwise(keys):
        gap = ROW_GAP if not (isinstance(a, tuple) or isinstance(b, tuple)) else ROW_GAP / 2
        offsets.append(offsets[-1] + (size[a] + size[b]) / 2 + gap)
    shifted = _isotonic([d - o for d, o in zip(desired, offsets, strict=True)])
    return [s + o for s, o in zip(shifted, offsets, strict=True)]


def layout(boxes: Mapping[str, Box], parents: Mapping[str, Sequence[str]], width: float) -> Layout:
    layer = layers(parents)
    full, up, down, edges = _expanded(parents, layer)
    order = _ordering(full, up, down, list(parents))
    size = {k: (boxes[k].height if k in boxes else SLOT) for k in full}
    centre: dict[Any, float] = {}
    for keys in order:
        start = 0.0
        for k in keys:
            centre[k] = start + size[k] / 2
            start += size[k] + ROW_GAP
    tallest = max((sum(size[k] + ROW_GAP for k in keys) for keys in order), default=0.0)
    for keys in order:  # centre each column on the tallest one to start from
        used = sum(size[k] + ROW_GAP for k in keys)
        for k in keys:
            centre[k] += (tallest - used) / 2
    for sweep in range(16):
        sequence = order if sweep % 2 == 0 else list(reversed(order))
        for keys in sequence:
            desired = []
            for k in keys:
                near = [centre[m] for m in up[k] + down[k]]
                desired.append(sum(near) / len(near) if near else centre[k])
            for k, c in zip(keys, _place(keys, desired, size), strict=True):
                centre[k] = c
    top = min(centre[k] - size[k] / 2 for k in full)
    bottom = max(centre[k] + size[k] / 2 for k in full)
    for k in centre:
        centre[k] += MARGIN - top
    depth = max(full.values(), default=0) + 1
    extent = (2 * MARGIN + depth * width + (depth - 1) * COLUMN_GAP, bottom - top + 2 * MARGIN)
    return Layout(width, dict(boxes), full, centre, edges, extent)


# --- boxes ---------------------------------------------------------------------------------------

def _wrap_measured(text: str, limit: float, size: float, weight: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        attempt = f"{current} {word}".strip()
        if current and text_width(attempt, size, weight) > limit:
            lines.append(current)
            current = word
        else:
            current = attempt
    if current:
        lines.append(current)
    return lines or [""]


def _evidence_tags(data: Mapping[str, Any]) -> dict[str, str]:
    tags = {}
    for item in data.get("evidence") or []:
        node = item.get("node")
        what = human(item["state"]) if item.get("state") else "soft finding"
        if item.get("grade"):
            what += f" [{item['grade']}]"
        tags[node] = f"evidence: {what}"
    return tags


def _header_height(title: Sequence[str], subtitle: str) -> float:
    return PAD + TITLE_LINE * len(title) + (NAME_LINE if subtitle else 0.0) + 0.02


def _subtitle(name: str, node: Mapping[str, Any], tags: Mapping[str, str],
              targets: set[str]) -> str:
    """The node's name (unless it is its label), what was observed, whether it is a target."""
    parts = [name] if node.get("label") and node["label"] != name else []
    if name in tags:
        parts.append(tags[name])
    if name in targets:
        parts.append("target")
    return " \u00b7 ".join(parts)


def _boxes(data: Mapping[str, Any], yardstick: str) -> tuple[dict[str, Box], float]:
    nodes = data["network"]["nodes"]
    posteriors = data.get("posteriors") or {}
    tags = _evidence_tags(data)
    targets = set(data.get("targets") or [])
    need = MIN_WIDTH
    for name, node in nodes.items():
        dist = posteriors.get(name) or {}
        for state in node["states"]:
            p = dist.get(state)
            right = said(p, yardstick) if p is not None else "not computed"
            need = max(need, text_width(human(state), STATE_PT) + text_width(right, STATE_PT)
                       + 0.2 + 2 * PAD)
        need = max(need, text_width(_subtitle(name, node, tags, targets), NAME_PT,
                                    family="DejaVu Sans Mono") + 2 * PAD)
    width = min(max(need, MIN_WIDTH), MAX_WIDTH)
    boxes = {}
    for name, node in nodes.items():
        label = clipped(str(node.get("label") or name))
        title = _wrap_measured(label, width - 2 * PAD, TITLE_PT, "bold")
        kind = "evidence" if name in tags else "target" if name in targets else "node"
        subtitle = _subtitle(name, node, tags, targets)
        dist = posteriors.get(name) or {}
        states = list(node["states"])
        values = [None if dist.get(s) is None else float(dist[s]) for s in states]
        height = (_header_height(title, subtitle) + 0.07
                  + len(states) * (STATE_TEXT + STATE_BAR + STATE_GAP) + PAD - STATE_GAP)
        boxes[name] = Box(name, kind, title, subtitle, states, values, height)
    return boxes, width


# --- drawing -------------------------------------------------------------------------------------

def plot_network(data: Mapping[str, Any], ax: Axes | None = None, *, marking: str | None = None,
                 yardstick: str = "icd203") -> Figure:
    """The model's graph, laid out in layers, each node showing its posterior as small bars.

    `data` is `network_data(...)`: a run result with `network` ({nodes: {name: {label,
    states, parents}}}) and `posteriors` for every node. Evidence nodes have an orange
    header and border and say what was observed; targets are blue.
    """
    yardstick = checked_yardstick(yardstick)
    if not (data.get("network") or {}).get("nodes"):
        raise UserError("the result carries no network to draw")
    nodes = data["network"]["nodes"]
    for name, node in nodes.items():
        unknown = [p for p in node.get("parents", []) if p not in nodes]
        if unknown:
            raise UserError(f"node {name!r} names unknown parents: {', '.join(unknown)}")
    with style_context():
        boxes, width = _boxes(data, yardstick)
        plan = layout(boxes, {n: list(v.get("parents", [])) for n, v in nodes.items()}, width)
        if ax is not None:
            _draw(ax, plan, yardstick)
            return ax.figure
        question, _as_of, _ = context_lines(data)
        what = (f"The model's {len(nodes)} factors and how they influence each other, each with its "
                f"probabilities given the evidence ({yardstick_name(yardstick)} words)")
        notes = ["Arrows point from cause to effect. Orange: evidence entered on that node;"
                 " blue: the question's outcome node; bars: posterior probability of each state."]
        frame = _frame(data, what, yardstick, marking, notes, question)
        legend_h = 0.35
        graph_w, graph_h = plan.extent
        fig_w = max(graph_w + 0.4, 10.0)
        fig, header, footer = new_figure(fig_w, graph_h + legend_h, frame)
        fig.set_layout_engine("none")
        total = graph_h + legend_h + header + footer
        left = (fig_w - graph_w) / 2
        panel = fig.add_axes((left / fig_w, (footer + legend_h) / total, graph_w / fig_w,
                              graph_h / total))
        _draw(panel, plan, yardstick)
        _legend(fig, panel)
        draw_frame(fig, frame)
        return fig


def _frame(data: Mapping[str, Any], what: str, yardstick: str, marking: str | None,
           notes: Sequence[str], question: str) -> Frame:
    _, as_of, scenario = context_lines(data)
    return Frame(title=f"{question} \u2014 as of {as_of}",
                 subtitle=[line for line in (scenario, what) if line],
                 source=[source_text(data, yardstick, notes)], marking=marking)


def _legend(fig: Figure, ax: Axes) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=HEADER_FILL[k], edgecolor=BORDER[k], lw=BORDER_WIDTH[k], label=text)
               for k, text in (("evidence", "evidence entered"), ("target", "outcome (target)"),
                               ("node", "other factor"))]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=3, fontsize=8,
              handlelength=1.6, columnspacing=1.8, borderaxespad=0.3)


def _draw(ax: Axes, plan: Layout, yardstick: str) -> None:
    width, height = plan.extent
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    _draw_edges(ax, plan)
    for name, box in plan.boxes.items():
        _draw_box(ax, plan, name, box, yardstick)


def _ports(plan: Layout) -> tuple[dict[tuple[Any, Any], float], dict[tuple[Any, Any], float]]:
    """Where each hop leaves its source (right side) and enters its target (left side)."""
    hops: set[tuple[Any, Any]] = set()
    for parent, child, path in plan.edges:
        chain = [parent, *path, child]
        hops.update(pairwise(chain))
    out_port: dict[tuple[Any, Any], float] = {}
    in_port: dict[tuple[Any, Any], float] = {}
    by_source: dict[Any, list[Any]] = {}
    by_target: dict[Any, list[Any]] = {}
    for a, b in hops:
        by_source.setdefault(a, []).append(b)
        by_target.setdefault(b, []).append(a)

    def spread_over(key: Any, others: list[Any]) -> dict[Any, float]:
        others = sorted(others, key=lambda o: (plan.centre[o], str(o)))
        if key not in plan.boxes:
            return {o: plan.centre[key] for o in others}
        box = plan.boxes[key]
        top = plan.centre[key] - box.height / 2
        n = len(others)
        lo, hi = top + 0.2 * box.height, top + 0.8 * box.height
        if n == 1:
            return {others[0]: (lo + hi) / 2}
        return {o: lo + (hi - lo) * i / (n - 1) for i, o in enumerate(others)}

    for a, targets in by_source.items():
        for b, y in spread_over(a, targets).items():
            out_port[(a, b)] = y
    for b, sources in by_target.items():
        for a, y in spread_over(b, sources).items():
            in_port[(a, b)] = y
    return out_port, in_port


def _draw_edges(ax: Axes, plan: Layout) -> None:
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    out_port, in_port = _ports(plan)
    drawn: set[tuple[Any, Any]] = set()
    for parent, child, path in plan.edges:
        chain = [parent, *path, child]
        for a, b in pairwise(chain):
            if (a, b) in drawn:
                continue  # a chain shared by several edges is drawn once
            drawn.add((a, b))
            x0, x1 = plan.x(a) + plan.width, plan.x(b)
            y0, y1 = out_port[(a, b)], in_port[(a, b)]
            mid = (x1 - x0) / 2
            verts = [(x0, y0), (x0 + mid, y0), (x1 - mid, y1), (x1, y1)]
            codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4]
            if b not in plan.boxes:  # through the placeholder slot: straight across the column
                verts += [(x1 + plan.width, y1)]
                codes += [Path.LINETO]
                ax.add_patch(FancyArrowPatch(path=Path(verts, codes), arrowstyle="-",
                                             color=EDGE_COLOUR, lw=0.9, zorder=1))
            else:
                ax.add_patch(FancyArrowPatch(path=Path(verts, codes), arrowstyle="-|>",
                                             mutation_scale=9, color=EDGE_COLOUR, lw=0.9,
                                             shrinkA=0, shrinkB=0, zorder=1))


def _draw_box(ax: Axes, plan: Layout, name: str, box: Box, yardstick: str) -> None:
    from matplotlib.patches import FancyBboxPatch, Rectangle

    x = plan.x(name)
    top = plan.centre[name] - box.height / 2
    w = plan.width
    header = _header_height(box.title, box.subtitle)
    ax.add_patch(FancyBboxPatch((x, top), w, box.height, boxstyle="round,pad=0,rounding_size=0.05",
                                facecolor="white", edgecolor="none", zorder=2))
    ax.add_patch(FancyBboxPatch((x, top), w, header, boxstyle="round,pad=0,rounding_size=0.05",
                                facecolor=HEADER_FILL[box.kind], edgecolor="none", zorder=2.1))
    ax.add_patch(Rectangle((x, top + header - 0.06), w, 0.06, facecolor=HEADER_FILL[box.kind],
                           edgecolor="none", zorder=2.1))
    ax.add_patch(FancyBboxPatch((x, top), w, box.height, boxstyle="round,pad=0,rounding_size=0.05",
                                facecolor="none", edgecolor=BORDER[box.kind],
                                lw=BORDER_WIDTH[box.kind], zorder=2.3))
    y = top + PAD
    for line in box.title:
        ax.text(x + PAD, y, line, ha="left", va="top", fontsize=TITLE_PT, fontweight="bold",
                color=INK, zorder=3)
        y += TITLE_LINE
    if box.subtitle:
        ax.text(x + PAD, y + 0.005, box.subtitle, ha="left", va="top", fontsize=NAME_PT,
                family="DejaVu Sans Mono", color=MUTED, zorder=3)
    y = top + header + 0.07
    track = w - 2 * PAD
    for state, p in zip(box.states, box.values, strict=True):
        ax.text(x + PAD, y + STATE_TEXT / 2, human(state), ha="left", va="center",
                fontsize=STATE_PT, color=INK, zorder=3)
        right = said(p, yardstick) if p is not None else "not computed"
        ax.text(x + w - PAD, y + STATE_TEXT / 2, right, ha="right", va="center", fontsize=STATE_PT,
                color=INK if p is not None else FAINT, zorder=3)
        y += STATE_TEXT + 0.012
        ax.add_patch(Rectangle((x + PAD, y), track, STATE_BAR, facecolor=TRACK, edgecolor="none",
                               zorder=2.5))
        if p:
            ax.add_patch(Rectangle((x + PAD, y), track * min(max(p, 0.0), 1.0), STATE_BAR,
                                   facecolor=BAR, edgecolor="none", zorder=2.6))
        y += STATE_BAR + STATE_GAP
