"""How the outcome moved between two snapshots, and why: exact Shapley attribution.

The items are what differs between snapshot A and B: evidence added, removed or changed
(regraded, or another state), prior adjustments, and the model's numbers when they
differ. v(S) is the target posterior with the items in S at B's version and the rest at
A's. Shapley values split v(all) - v(none) = B - A among the items so that the parts add
up exactly, whatever the order in which the changes happened. All 2^n coalitions are
answered in one batched contraction (up to MAX_EXACT items; beyond, sampled permutations).

Windowed targets are reported for the days left to each snapshot's horizon. When those
differ, the `time` item switches the conversion from A's remaining window to B's: elapsed
time is one more player of the same game, so time and evidence are separated and the
parts still add up exactly to the change.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..domain.network import Network
from ..domain.numbers import ByState, freeze_fields
from ..domain.numbers import stable as _r
from ..domain.window import Window, convert
from ..engine import compiled
from ..engine.cost import check_cost

MAX_EXACT = 14
PERMUTATIONS = 2000


@dataclass(frozen=True)
class Item:
    """One difference between the snapshots: `a` and `b` are its two versions (None: absent)."""

    name: str
    kind: str  # added | removed | changed | prior | model | time
    node: str | None
    a: Any
    b: Any


@dataclass(frozen=True)
class Movement:
    """A target's distribution in snapshot A (`before`) and B (`after`)."""

    before: ByState
    after: ByState

    def to_json(self) -> dict[str, dict[str, float]]:
        return {s: {"from": _r(self.before[s]), "to": _r(self.after[s]),
                    "delta": _r(self.after[s] - self.before[s])} for s in self.after}


@dataclass(frozen=True)
class Contribution:
    """One difference's Shapley share of each target's change; `findings` are the findings
    behind an evidence item (B's version when both snapshots hold one)."""

    item: str
    kind: str  # added | removed | changed | prior | model | time
    node: str | None
    contribution: Mapping[str, ByState]
    remaining_days: tuple[int, int] | None = None  # the time item: A's and B's days left
    findings: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        freeze_fields(self, "contribution", "findings")

    def largest(self) -> float:
        """The largest move of any target state, as written (the ranking's key)."""
        return max(abs(_r(c)) for d in self.contribution.values() for c in d.values())

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"item": self.item, "kind": self.kind, "node": self.node,
                               "contribution": {t: c.to_json()
                                                for t, c in self.contribution.items()}}
        if self.remaining_days is not None:
            out["remaining_days"] = {"from": self.remaining_days[0],
                                     "to": self.remaining_days[1]}
        if self.findings:
            out["finding"] = self.findings[0].to_json()
            if len(self.findings) > 1:
                out["findings"] = [f.to_json() for f in self.findings]
        return out


@dataclass(frozen=True)
class Comparison:
    """How the targets moved from A to B and each difference's share, largest first."""

    targets: Mapping[str, Movement]
    attribution: tuple[Contribution, ...]
    method: str

    def __post_init__(self) -> None:
        freeze_fields(self, "targets", "attribution")

    def to_json(self) -> dict[str, Any]:
        return {"targets": {t: m.to_json() for t, m in self.targets.items()},
                "attribution": [a.to_json() for a in self.attribution], "method": self.method}


def differences(net_a: Network, net_b: Network, evidence_a: Mapping[str, np.ndarray],
                evidence_b: Mapping[str, np.ndarray]) -> list[Item]:
    items: list[Item] = []
    for node in sorted(set(evidence_a) | set(evidence_b), key=net_b.names.index):
        a, b = evidence_a.get(node), evidence_b.get(node)
        if a is None:
            items.append(Item(f"evidence:{node}", "added", node, None, b))
        elif b is None:
            items.append(Item(f"evidence:{node}", "removed", node, a, None))
        elif not np.allclose(a / a.max(), b / b.max(), rtol=0, atol=1e-12):
            items.append(Item(f"evidence:{node}", "changed", node, a, b))
    roots = [n for n in net_b.names if not net_b[n].parents]
    changed_cpts = [n for n in net_b.names if not np.array_equal(net_a[n].cpt, net_b[n].cpt)]
    for node in changed_cpts:
        if node in roots:
            items.append(Item(f"prior:{node}", "prior", node, net_a[node].cpt, net_b[node].cpt))
    others = [n for n in changed_cpts if n not in roots]
    if others:
        items.append(Item("model", "model", None, {n: net_a[n].cpt for n in others},
                          {n: net_b[n].cpt for n in others}))
    return items


def time_item(windows_a: Mapping[str, Window], windows_b: Mapping[str, Window]) -> list[Item]:
    """The `time` item when the windowed targets' remaining windows differ (its versions
    are the conversion ratios t / W per node), else none."""
    ratios_a = {n: w.ratio for n, w in windows_a.items()}
    ratios_b = {n: windows_b[n].ratio if n in windows_b else 1.0 for n in windows_a}
    if ratios_a == ratios_b:
        return []
    return [Item("time", "time", None, ratios_a, ratios_b)]


def compare(net_a: Network, net_b: Network, evidence_a: Mapping[str, np.ndarray],
            evidence_b: Mapping[str, np.ndarray], targets: Sequence[str],
            seed: int = 0, windows_a: Mapping[str, Window] | None = None,
            windows_b: Mapping[str, Window] | None = None) -> Comparison:
    """`targets` {node: {state: {from, to, delta}}} and `attribution` per item.

    `windows_a` / `windows_b`: the windowed targets' windows in each snapshot (the same
    nodes and elicited days); their posteriors are converted, and a `time` item added when
    the remaining days differ."""
    windows_a, windows_b = windows_a or {}, windows_b or {}
    items = differences(net_a, net_b, evidence_a, evidence_b) + time_item(windows_a, windows_b)
    n = len(items)
    exact = n <= MAX_EXACT
    if exact:
        coalitions = np.array(list(itertools.product([False, True], repeat=n)), dtype=bool)
    else:
        coalitions, orders = _permutations(n, seed)
    values = _values(net_b, evidence_a, items, coalitions, targets,
                     {n: w.ratio for n, w in windows_a.items()})
    contributions = (_exact_shapley(coalitions, values, n) if exact
                     else _sampled_shapley(orders, values, n))
    start, end = values[0], values[-1] if exact else values[n]
    moved = {t: Movement(ByState(net_b[t].states, start[t]), ByState(net_b[t].states, end[t]))
             for t in targets}
    attribution = []
    for k, item in enumerate(items):
        days = None
        if item.kind == "time":
            days = (next(iter(windows_a.values())).remaining_days,
                    next(iter(windows_b.values())).remaining_days)
        attribution.append(Contribution(
            item.name, item.kind, item.node,
            {t: ByState(net_b[t].states, contributions[t][k]) for t in targets}, days))
    attribution.sort(key=lambda a: -a.largest())
    return Comparison(moved, tuple(attribution),
                      "exact Shapley" if exact else f"Shapley from {PERMUTATIONS} permutations")


def _values(net_b: Network, evidence_a, items: list[Item], coalitions: np.ndarray,
            targets: Sequence[str], ratios_a: Mapping[str, float]) -> list[dict[str, np.ndarray]]:
    """Posteriors of the targets for every coalition, in one batched contraction; windowed
    targets converted with A's ratio, or B's in the coalitions holding the `time` item."""
    batch = len(coalitions)
    # every batched operand costed before one is built: a coalition per row of each
    sizes = [v.size for v in evidence_a.values()]
    for item in items:
        if item.kind == "model":
            sizes += [table.size for table in item.b.values()]
        elif item.node is not None and item.node not in evidence_a:
            sizes.append(np.size(item.b))
    check_cost(batch * max(sizes, default=1), batch * sum(sizes), 0.0,
               f"comparing {len(items)} changes ({batch:,} coalitions)")
    ratios = {n: np.full(batch, r) for n, r in ratios_a.items()}
    evidence: dict[str, np.ndarray] = {}
    cpts: dict[str, np.ndarray] = {}
    for node, vector in evidence_a.items():
        evidence[node] = np.repeat(vector[None], batch, axis=0)
    for k, item in enumerate(items):
        on = coalitions[:, k]
        if item.kind in {"added", "removed", "changed"}:
            card = net_b[item.node].card
            a = item.a if item.a is not None else np.ones(card)
            b = item.b if item.b is not None else np.ones(card)
            evidence[item.node] = np.where(on[:, None], b[None], a[None])
        elif item.kind == "prior":
            cpts[item.node] = np.where(on[:, None], item.b[None], item.a[None])
        elif item.kind == "time":
            ratios = {n: np.where(on, item.b[n], item.a[n]) for n in item.a}
        else:
            for node in item.a:
                shape = (batch, *([1] * item.a[node].ndim))
                cpts[node] = np.where(on.reshape(shape), item.b[node][None], item.a[node][None])
    if batch == 1 or not (evidence or cpts):
        single = compiled.posteriors(net_b, targets, dict(evidence_a))
        posteriors = {t: np.broadcast_to(single[t], (batch, len(single[t]))) for t in targets}
    else:
        posteriors = compiled.posteriors(net_b, targets, evidence, cpts=cpts)
    posteriors = {t: convert(p, ratios[t]) if t in ratios else p for t, p in posteriors.items()}
    return [{t: posteriors[t][i] for t in targets} for i in range(batch)]


def _exact_shapley(coalitions: np.ndarray, values, n: int) -> dict[str, np.ndarray]:
    index = {tuple(row): i for i, row in enumerate(coalitions.tolist())}
    out = {t: np.zeros((n, len(values[0][t]))) for t in values[0]}
    for i in range(n):
        for row in coalitions.tolist():
            if row[i]:
                continue
            size = sum(row)
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            with_i = list(row)
            with_i[i] = True
            a, b = values[index[tuple(row)]], values[index[tuple(with_i)]]
            for t in out:
                out[t][i] += weight * (b[t] - a[t])
    return out


def _permutations(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Sampled orders, and the coalitions they pass through: row 0 is the empty one, then
    for order p the prefixes of length 1..n at rows 1 + p n + j."""
    rng = np.random.default_rng(seed)
    orders = np.array([rng.permutation(n) for _ in range(PERMUTATIONS)])
    rows = [np.zeros(n, bool)]
    for order in orders:
        current = np.zeros(n, bool)
        for i in order:
            current = current.copy()
            current[i] = True
            rows.append(current)
    return np.array(rows), orders


def _sampled_shapley(orders: np.ndarray, values, n: int) -> dict[str, np.ndarray]:
    out = {t: np.zeros((n, len(values[0][t]))) for t in values[0]}
    for p, order in enumerate(orders):
        previous = values[0]
        for j, item in enumerate(order):
            current = values[1 + p * n + j]
            for t in out:
                out[t][item] += (current[t] - previous[t]) / len(orders)
            previous = current
    return out
