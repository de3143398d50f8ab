"""Stated ranges swept: each number over its own stated span, then every span at once.

One at a time, a probability moved within its range scales the other states of its row in
proportion: P(target = s | e) is then (a + b x) / (c + d x), monotone, so the ends of its
range are its extremes. All at once (`joint`), the numbers sit in different rows (a range
is stated on one state per distribution), and P(target = s, e) is linear in each row with
the others fixed: P(target = s | e) is monotone in each number with the others held, so its
lowest and highest values over the box of ranges sit at vertices of the box, and the joint
enumerates them (2^n, costed and refused above MAX_VERTICES). With a window, the first and
last states' converted probabilities are monotone in the elicited ones, so the same holds;
for a middle state the vertices are enumerated and `exact` says they need not hold the
extremes.

A ranked node's weight is not a probability: its effect need not be monotone. Its sweep
evaluates a grid over its range; a turn on the grid is a warning naming the weight, and
the weights stay out of the joint.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..cpt.parameters import covary
from ..domain.network import Network
from ..domain.numbers import stable as _r
from ..domain.ranges import StatedRange
from ..domain.window import Window, convert
from ..engine import compiled
from ..engine.cost import TooLargeError
from ..language import estimate
from .parameters import build_tables, node_parameters

MAX_VERTICES = 4096  # 2^12 combinations of range ends
GRID = 41  # points a weight's range is evaluated at, to see whether its effect turns


@dataclass(frozen=True)
class RangeSweep:
    """One stated number at its range's ends (None: the evidence becomes impossible there);
    for a weight, the lowest and highest value on the grid and whether the effect turns."""

    range: StatedRange
    low: float | None
    high: float | None
    least: float | None = None  # weights: the lowest value on the grid
    most: float | None = None  # weights: the highest value on the grid
    monotone: bool = True

    @property
    def swing(self) -> float | None:
        values = [v for v in (self.low, self.high, self.least, self.most) if v is not None]
        return (max(values) - min(values)) if len(values) >= 2 else None

    def to_json(self) -> dict[str, Any]:
        out = {**self.range.to_json(), "name": self.range.name,
               "low": None if self.low is None else _r(self.low),
               "high": None if self.high is None else _r(self.high),
               "swing": None if self.swing is None else _r(self.swing)}
        if self.range.kind == "weight":
            out.update({"grid_low": None if self.least is None else _r(self.least),
                        "grid_high": None if self.most is None else _r(self.most),
                        "monotone": self.monotone})
        return out


@dataclass(frozen=True)
class JointEnd:
    """The event's value at one vertex of the box of ranges, and the end each number takes."""

    probability: float
    ends: tuple[tuple[StatedRange, str], ...]  # (range, "low" | "high")

    def words(self, yardstick: str) -> str:
        return estimate(self.probability, yardstick).words

    def to_json(self, yardstick: str) -> dict[str, Any]:
        return {"probability": _r(self.probability), "words": self.words(yardstick),
                "at": [{"name": r.name, "end": end, "value": r.low if end == "low" else r.high}
                       for r, end in self.ends]}


@dataclass(frozen=True)
class Joint:
    """The event's lowest and highest value with every stated probability range at once."""

    numbers: int
    vertices: int
    computed: bool
    exact: bool = True
    lowest: JointEnd | None = None
    highest: JointEnd | None = None
    reason: str | None = None

    def to_json(self, yardstick: str) -> dict[str, Any]:
        out: dict[str, Any] = {"numbers": self.numbers, "vertices": self.vertices,
                               "computed": self.computed}
        if self.computed:
            out["exact"] = self.exact
            out["low"] = self.lowest.to_json(yardstick) if self.lowest else None
            out["high"] = self.highest.to_json(yardstick) if self.highest else None
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class RangeSensitivity:
    """`sensitivity --sweep ranges`: every stated range alone, then all at once."""

    target: str
    state: str
    baseline: float
    yardstick: str
    parameters: tuple[RangeSweep, ...]
    joint: Joint

    @property
    def baseline_words(self) -> str:
        return estimate(self.baseline, self.yardstick).words

    @property
    def range_warnings(self) -> list[dict[str, Any]]:
        out = []
        for row in self.parameters:
            if not row.monotone:
                r = row.range
                out.append({"kind": "not_monotone", "node": r.node, "weight": r.weight,
                            "message": f"the effect of {r.name} on P({self.target}={self.state}) "
                                       f"is not monotone over its stated range [{r.low:g}, "
                                       f"{r.high:g}]: its ends are not its extremes (on a grid "
                                       f"of {GRID}: {100 * row.least:.1f}% to "
                                       f"{100 * row.most:.1f}%)"})
        return out

    def to_json(self) -> dict[str, Any]:
        return {"target": {"node": self.target, "state": self.state},
                "baseline": _r(self.baseline), "sweep": "ranges",
                "baseline_words": self.baseline_words,
                "parameters": [p.to_json() for p in self.parameters],
                "joint": self.joint.to_json(self.yardstick),
                "range_warnings": self.range_warnings}


def stated(network: Network) -> list[StatedRange]:
    """Every stated range of the network, in model order."""
    return [r for node in network.nodes.values() for r in node.meta.get("ranges", ())]


def range_sensitivity(network: Network, evidence: Mapping[str, np.ndarray], target: str,
                      state: str, window: Window | None = None, yardstick: str = "icd203"
                      ) -> RangeSensitivity:
    """Each stated range swept alone, ranked by swing, and the joint over every probability
    range (see the module's docstring)."""
    index = network[target].index(state)
    view = _Value(index, window)
    baseline = float(view(compiled.posteriors(network, (target,), evidence)[target][None])[0])
    ranges = stated(network)
    rows = [(_weight_row if r.kind == "weight" else _probability_row)(network, evidence, target,
                                                                       view, r)
            for r in ranges]
    rows.sort(key=lambda row: (-(row.swing if row.swing is not None else -1), row.range.name))
    joint = _joint(network, evidence, target, view,
                   [r for r in ranges if r.probability], window, network[target].card)
    return RangeSensitivity(target, state, baseline, yardstick, tuple(rows), joint)


class _Value:
    """The reported probability of the target state from distributions (converted with a
    window, as every command reports it)."""

    def __init__(self, index: int, window: Window | None):
        self.index, self.window = index, window

    def __call__(self, distributions: np.ndarray) -> np.ndarray:
        if self.window is not None:
            distributions = convert(np.clip(distributions, 0.0, 1.0), self.window.ratio)
        return distributions[..., self.index]


def _with_row(table: np.ndarray, r: StatedRange, node, network: Network, x: np.ndarray
              ) -> np.ndarray:
    """Copies of `table` (batch first) with r's row moved to each x, covaried."""
    combo = tuple(network[p].states.index(r.given[p]) for p in node.parents)
    j = node.index(r.state)
    out = np.array(np.broadcast_to(table, (len(x), *table.shape)))
    out[(slice(None), *combo)] = covary(np.asarray(table[combo], dtype=float), j, x)
    return out


def _posterior(network, evidence, target, cpts) -> np.ndarray | None:
    from ..errors import InferenceError

    try:
        return compiled.posteriors(network, (target,), evidence, cpts=cpts)[target]
    except InferenceError as error:
        if isinstance(error, TooLargeError):
            raise
        return None


def _ends(network, evidence, target, view, cpts) -> list[float | None]:
    """The value for each batch entry of `cpts`, None where the evidence is impossible."""
    posterior = _posterior(network, evidence, target, cpts)
    if posterior is not None:
        return [float(v) for v in view(posterior)]
    out: list[float | None] = []
    batch = len(next(iter(cpts.values())))
    for b in range(batch):  # one entry at a time, to find which is impossible
        one = _posterior(network, evidence, target, {k: v[b] for k, v in cpts.items()})
        out.append(None if one is None else float(view(one[None])[0]))
    return out


def _probability_row(network, evidence, target, view, r: StatedRange) -> RangeSweep:
    node = network[r.node]
    tables = _with_row(node.cpt, r, node, network, np.array([r.low, r.high]))
    low, high = _ends(network, evidence, target, view, {r.node: tables})
    return RangeSweep(r, low, high)


def _weight_row(network, evidence, target, view, r: StatedRange) -> RangeSweep:
    node = network[r.node]
    parameter = next(p for p in node_parameters(network, node)
                     if p.kind == "weight" and p.given.get("weight") == r.weight)
    grid = np.linspace(r.low, r.high, GRID)
    tables = build_tables(node, [parameter], grid[None, :])[0]
    values = _ends(network, evidence, target, view, {r.node: tables})
    known = [v for v in values if v is not None]
    steps = np.diff(np.array(known)) if len(known) > 1 else np.zeros(0)
    tol = 1e-12
    monotone = bool(np.all(steps >= -tol) or np.all(steps <= tol))
    return RangeSweep(r, values[0], values[-1], min(known) if known else None,
                      max(known) if known else None, monotone)


def _joint(network, evidence, target, view, ranges: list[StatedRange], window, card) -> Joint:
    n = len(ranges)
    vertices = 2 ** n
    if n == 0:
        return Joint(0, 1, False, reason="no probability of the model states a range")
    if vertices > MAX_VERTICES:
        return Joint(n, vertices, False, reason=(
            f"{n} stated ranges make {vertices} vertices, more than the {MAX_VERTICES} "
            "enumerated; state fewer ranges, or sweep them one at a time"))
    ends = np.array(list(itertools.product((0, 1), repeat=n)))  # (V, n): 0 low, 1 high
    cpts: dict[str, np.ndarray] = {}
    by_node: dict[str, list[int]] = {}
    for k, r in enumerate(ranges):
        by_node.setdefault(r.node, []).append(k)
    size = sum(network[name].cpt.size for name in by_node) * vertices
    if size * 8 > 256 * 1024**2:
        return Joint(n, vertices, False, reason=(
            f"the {vertices} vertices' tables would take {size * 8 / 1024**2:.0f} MB"))
    for name, members in by_node.items():
        node = network[name]
        tables = np.array(np.broadcast_to(node.cpt, (vertices, *node.cpt.shape)))
        for k in members:
            r = ranges[k]
            x = np.where(ends[:, k] == 0, r.low, r.high)
            combo = tuple(network[p].states.index(r.given[p]) for p in node.parents)
            j = node.index(r.state)
            row = np.asarray(node.cpt[combo], dtype=float)
            tables[(slice(None), *combo)] = covary(row, j, x)
        cpts[name] = tables
    values = _ends(network, evidence, target, view, cpts)
    possible = [v for v in values if v is not None]
    if not possible:
        return Joint(n, vertices, True, reason="the evidence is impossible at every vertex")
    exact = window is None or view.index in (0, card - 1)
    low_at = min((v, i) for i, v in enumerate(values) if v is not None)[1]
    high_at = max((v, -i) for i, v in enumerate(values) if v is not None)[1]
    high_at = -high_at

    def end(i: int) -> JointEnd:
        return JointEnd(float(values[i]), tuple((r, "low" if ends[i, k] == 0 else "high")
                                                for k, r in enumerate(ranges)))

    reason = None if exact else ("a middle state of a windowed outcome: the vertices need not "
                                 "hold its extremes")
    return Joint(n, vertices, True, exact, end(low_at), end(high_at), reason)

