"""How the outcome moved between two snapshots, and why: exact Shapley attribution.

The items are what differs between snapshot A and B: evidence added, removed or changed
(regraded, or another state), prior adjustments, and the model's numbers when they
differ. v(S) is the target posterior with the items in S at B's version and the rest at
A's. Shapley values split v(all) - v(none) = B - A among the items so that the parts add
up exactly, whatever the order in which the changes happened. All 2^n coalitions are
answered in one batched contraction (up to MAX_EXACT items; beyond, sampled permutations).

Snapshots are compared on their converted networks (`domain.timing`): a windowed node's
rows are converted to each snapshot's span. When the spans' hazard shares differ, the
`time` item switches the conversion of the rows from A's share to B's; when the quiet days
differ, the `quiet` item switches them (the quiet finding and its factor) from A's to B's.
Elapsed time and the days in which nothing happened are players of the same game as the
evidence, so the parts still add up exactly to the change. The `model` item compares the
numbers as written, never their conversions.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..domain.network import Network
from ..domain.numbers import ByState, freeze_fields
from ..domain.numbers import stable as _r
from ..domain.timing import is_derived, model_names, quiet_node_name, time_of
from ..domain.window import Window, convert, quiet_likelihood
from ..engine import compiled
from ..engine.cost import check_cost

MAX_EXACT = 14
PERMUTATIONS = 2000


@dataclass(frozen=True)
class Item:
    """One difference between the snapshots: `a` and `b` are its two versions (None: absent)."""

    name: str
    kind: str  # added | removed | changed | prior | model | time | quiet
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
                    "delta": _r(_r(self.after[s]) - _r(self.before[s]))} for s in self.after}


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
    quiet_days: tuple[int, int] | None = None  # the quiet item: A's and B's quiet days

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
        if self.quiet_days is not None:
            out["quiet_days"] = {"from": self.quiet_days[0], "to": self.quiet_days[1]}
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
    """Evidence, prior and model items: what differs between the snapshots, the numbers
    compared as written (a windowed node's conversion and quiet days are `time` and
    `quiet`)."""
    items: list[Item] = []
    names = model_names(net_b)
    observed = [n for n in set(evidence_a) | set(evidence_b) if not is_derived(n)]
    for node in sorted(observed, key=names.index):
        a, b = evidence_a.get(node), evidence_b.get(node)
        if a is None:
            items.append(Item(f"evidence:{node}", "added", node, None, b))
        elif b is None:
            items.append(Item(f"evidence:{node}", "removed", node, a, None))
        elif not np.allclose(a / a.max(), b / b.max(), rtol=0, atol=1e-12):
            items.append(Item(f"evidence:{node}", "changed", node, a, b))
    roots = [n for n in names if not net_b[n].parents]
    written_a, written_b = _written(net_a), _written(net_b)
    changed_cpts = [n for n in names if not np.array_equal(written_a[n], written_b[n])]
    for node in changed_cpts:
        if node in roots:
            items.append(Item(f"prior:{node}", "prior", node, written_a[node], written_b[node]))
    others = [n for n in changed_cpts if n not in roots]
    if others:
        items.append(Item("model", "model", None, {n: written_a[n] for n in others},
                          {n: written_b[n] for n in others}))
    return items


def _written(network: Network) -> dict[str, np.ndarray]:
    """Every model node's table as the analyst wrote it (before any conversion)."""
    time = time_of(network)
    elicited = time.elicited if time is not None else {}
    return {n: (elicited[n] if n in elicited else network[n]).cpt for n in model_names(network)}


def _shares(network: Network) -> dict[str, tuple[float, float | None]]:
    """Each windowed node's (hazard share of the span, quiet share or None)."""
    time = time_of(network)
    if time is None:
        return {}
    return {n: (w.ratio, w.quiet_share) for n, w in time.windows.items()}


def time_items(net_a: Network, net_b: Network) -> list[Item]:
    """`time` when the windowed nodes' spans differ (versions: the hazard shares), `quiet`
    when their quiet days do (versions: the quiet shares, None for none)."""
    a, b = _shares(net_a), _shares(net_b)
    nodes = sorted(set(a) | set(b))
    spans_a = {n: a.get(n, (1.0, None))[0] for n in nodes}
    spans_b = {n: b.get(n, (1.0, None))[0] for n in nodes}
    quiet_a = {n: a.get(n, (1.0, None))[1] for n in nodes}
    quiet_b = {n: b.get(n, (1.0, None))[1] for n in nodes}
    items = []
    if spans_a != spans_b:
        items.append(Item("time", "time", None, spans_a, spans_b))
    if quiet_a != quiet_b:
        items.append(Item("quiet", "quiet", None, quiet_a, quiet_b))
    return items


def compare(net_a: Network, net_b: Network, evidence_a: Mapping[str, np.ndarray],
            evidence_b: Mapping[str, np.ndarray], targets: Sequence[str],
            seed: int = 0, windows_a: Mapping[str, Window] | None = None,
            windows_b: Mapping[str, Window] | None = None) -> Comparison:
    """`targets` {node: {state: {from, to, delta}}} and `attribution` per item.

    `windows_a` / `windows_b`: the windowed targets' windows in each snapshot (the same
    nodes and elicited days); their posteriors are converted, and a `time` item added when
    the remaining days differ."""
    windows_a, windows_b = windows_a or {}, windows_b or {}
    items = differences(net_a, net_b, evidence_a, evidence_b) + time_items(net_a, net_b)
    n = len(items)
    exact = n <= MAX_EXACT
    if exact:
        coalitions = np.array(list(itertools.product([False, True], repeat=n)), dtype=bool)
    else:
        coalitions, orders = _permutations(n, seed)
    values = _values(net_a, net_b, evidence_a, items, coalitions, targets)
    contributions = (_exact_shapley(coalitions, values, n) if exact
                     else _sampled_shapley(orders, values, n))
    start, end = values[0], values[-1] if exact else values[n]
    moved = {t: Movement(ByState(net_b[t].states, start[t]), ByState(net_b[t].states, end[t]))
             for t in targets}
    attribution = []
    for k, item in enumerate(items):
        days = quiet = None
        if item.kind == "time" and windows_a and windows_b:
            days = (next(iter(windows_a.values())).remaining_days,
                    next(iter(windows_b.values())).remaining_days)
        if item.kind == "quiet":
            quiet = (_quiet_days(net_a), _quiet_days(net_b))
        attribution.append(Contribution(
            item.name, item.kind, item.node,
            {t: ByState(net_b[t].states, contributions[t][k]) for t in targets}, days,
            quiet_days=quiet))
    attribution.sort(key=lambda a: -a.largest())
    return Comparison(moved, tuple(attribution),
                      "exact Shapley" if exact else f"Shapley from {PERMUTATIONS} permutations")


def _quiet_days(network: Network) -> int:
    time = time_of(network)
    return max((w.quiet_days or 0 for w in time.windows.values()), default=0) if time else 0


def _values(net_a: Network, net_b: Network, evidence_a, items: list[Item],
            coalitions: np.ndarray, targets: Sequence[str]) -> list[dict[str, np.ndarray]]:
    """Posteriors of the targets for every coalition, in one batched contraction; windowed
    nodes' rows converted with A's or B's share (the `time` item), their quiet days A's or
    B's (the `quiet` item), from A's or B's written numbers (the `model` item)."""
    batch = len(coalitions)
    base = _common(net_a, net_b)
    # every batched operand costed before one is built: a coalition per row of each
    sizes = [v.size for v in evidence_a.values()]
    for item in items:
        if item.kind == "model":
            sizes += [table.size for table in item.b.values()]
        elif item.node is not None and item.node not in evidence_a:
            sizes.append(np.size(item.b))
    timed = _timed_nodes(net_a, net_b)
    sizes += [2 * base[n].cpt.size for n in timed]
    check_cost(batch * max(sizes, default=1), batch * sum(sizes), 0.0,
               f"comparing {len(items)} changes ({batch:,} coalitions)")
    evidence: dict[str, np.ndarray] = {}
    cpts: dict[str, np.ndarray] = {}
    for node, vector in evidence_a.items():
        evidence[node] = np.repeat(vector[None], batch, axis=0)
    for k, item in enumerate(items):
        on = coalitions[:, k]
        if item.kind in {"added", "removed", "changed"}:
            card = base[item.node].card
            a = item.a if item.a is not None else np.ones(card)
            b = item.b if item.b is not None else np.ones(card)
            evidence[item.node] = np.where(on[:, None], b[None], a[None])
        elif item.kind == "prior":
            cpts[item.node] = np.where(on[:, None], item.b[None], item.a[None])
        elif item.kind == "model":
            for node in item.a:
                shape = (batch, *([1] * item.a[node].ndim))
                cpts[node] = np.where(on.reshape(shape), item.b[node][None], item.a[node][None])
    for node in timed:
        _convert_in_batch(node, net_a, net_b, items, coalitions, cpts, evidence)
    if batch == 1 or not (evidence or cpts):
        single = compiled.posteriors(base, targets, dict(evidence_a))
        posteriors = {t: np.broadcast_to(single[t], (batch, len(single[t]))) for t in targets}
    else:
        posteriors = compiled.posteriors(base, targets, evidence, cpts=cpts)
    return [{t: posteriors[t][i] for t in targets} for i in range(batch)]


def _timed_nodes(net_a: Network, net_b: Network) -> list[str]:
    names = set(_shares(net_a)) | set(_shares(net_b))
    return [n for n in net_b.names if n in names]


def _common(net_a: Network, net_b: Network) -> Network:
    """B's network with any quiet node only A has (its table is set per coalition)."""
    missing = {n: node for n, node in net_a.nodes.items() if n not in net_b}
    if not missing:
        return net_b
    nodes = dict(net_b.nodes)
    for name, node in missing.items():
        nodes[name] = node
    order = list(net_b.names)
    for name in missing:  # a quiet node goes after its windowed node
        order.insert(order.index(net_a[name].meta["of"]) + 1, name)
    return dataclasses.replace(net_b, nodes={n: nodes[n] for n in order})


def _convert_in_batch(node: str, net_a: Network, net_b: Network, items: list[Item],
                      coalitions: np.ndarray, cpts: dict, evidence: dict) -> None:
    """A windowed node's table and its quiet node's table and finding, per coalition."""
    batch = len(coalitions)
    index = {item.kind: k for k, item in enumerate(items)}
    off = np.zeros(batch, bool)

    def on(kind: str) -> np.ndarray:
        return coalitions[:, index[kind]] if kind in index else off

    model_on = on("model") if node in next((i.a for i in items if i.kind == "model"), {}) \
        else off
    written = _written(net_a)[node], _written(net_b)[node]
    span = _shares(net_a).get(node, (1.0, None)), _shares(net_b).get(node, (1.0, None))
    time_on, quiet_on = on("time"), on("quiet")
    shape = (batch, *([1] * written[0].ndim))
    table = np.zeros((batch, *written[0].shape))
    for m in (0, 1):
        for t in (0, 1):
            chosen = (model_on == bool(m)) & (time_on == bool(t))
            if chosen.any():
                converted = convert(written[m], span[t][0])
                table = np.where(chosen.reshape(shape), converted[None], table)
    cpts[node] = table
    quiet = quiet_node_name(node)
    if span[0][1] is None and span[1][1] is None:
        return
    q_table = np.zeros((batch, *written[0].shape[:-1], 2))
    for m in (0, 1):
        for side in (0, 1):
            chosen = (model_on == bool(m)) & (quiet_on == bool(side))
            if chosen.any():
                q = quiet_likelihood(written[m], span[side][1] or 0.0)
                q_table = np.where(chosen.reshape(shape), np.stack([q, 1 - q], -1)[None], q_table)
    cpts[quiet] = q_table
    observed = np.array([span[1 if side else 0][1] is not None for side in quiet_on])
    evidence[quiet] = np.where(observed[:, None], np.array([1.0, 0.0])[None], np.ones((batch, 2)))


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
