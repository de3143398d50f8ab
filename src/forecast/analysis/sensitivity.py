"""One-way sensitivity of a target probability to every parameter of the model.

P(target=s, e) is linear in the CPT of any single node, P = <G, CPT>, with G its exact
derivative (engine.gradients: one forward and one reverse contraction for all nodes).
Under proportional co-variation a probability parameter moved to x changes its row
linearly, so P(target=s | e) = (a + b x) / (c + d x): the sensitivity function of Castillo,
Gutiérrez and Hadi (1997) and Coupé and van der Gaag (2002), monotone between poles, so
the ends of the sweep are its extremes. Ranked-node weights and variances are not
probabilities: their sweep ends are exact too (the CPT at each end, dotted with G), but
the curve between them is not a ratio of linear functions.

Two sweeps: `full` (every probability over [0, 1], or value ± range) asks what a number
could do at all; `credible` (each number over its 90% range under its node's confidence,
`analysis.credible`) asks what it could plausibly do. A two-state distribution has one free
number: its first state's entry mirrors the second's (same ends, same swing), so that row
carries `"mirror": true` and readers of a ranking skip it.

On a network converted to its snapshot (`domain.timing`) every number is swept as the
analyst wrote it. A windowed node's row enters converted, P_f(. | r), and times its quiet
factor q(r) = P_W(first | r) ** g: P(t, e) = <B, P_f * q>, B the derivative without the
quiet finding (which is exactly that factor). Moving one written entry moves its row, so
each end is the other rows' part plus the moved row's, exact; the curve between the ends is
no longer a ratio of linear functions (no `function`), and its ends need not be its
extremes. The quiet node has no numbers of its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from ..cpt import form_of
from ..domain.network import Network, Node
from ..domain.numbers import stable as _r
from ..domain.timing import SnapshotTime, is_derived, time_of
from ..engine.cost import check_cost
from ..engine.gradients import cpt_derivatives
from ..memo import kept_while_alive
from .credible import beta_range, credible_bounds
from .parameters import Parameter, build_tables, node_parameters

POLE = 1e-300
ROW_DOUBLES = 128  # one reported sweep row held in memory, as doubles (about 1 KiB)
SWEEPS = ("full", "credible")
PROBABILITY_KINDS = frozenset({"prior", "table", "leak", "effect"})


@dataclass(frozen=True)
class ParameterSweep:
    """One number of the model swept between two ends, and the target probability at each
    end (None where the evidence becomes impossible). Table and prior entries carry the
    sensitivity function (a + b x) / (c + d x) as `function` = (a, b, c, d)."""

    node: str
    kind: str  # prior | table | leak | effect | weight | variance
    given: Mapping[str, str]
    state: str | None
    value: float
    sweep: tuple[float, float]
    low: float | None
    high: float | None
    function: tuple[float, float, float, float] | None = None
    mirror: bool = False  # a two-state distribution's first entry: it mirrors the second's

    @property
    def probability(self) -> bool:
        """A probability (swept in [0, 1]), not a ranked node's weight or variance."""
        return self.kind in PROBABILITY_KINDS

    @property
    def swing(self) -> float | None:
        """|high - low|: how far this number alone can move the target; None if an end is
        impossible."""
        if self.low is None or self.high is None:
            return None
        return abs(self.high - self.low)

    @property
    def written_swing(self) -> float | None:
        """The swing as JSON writes it: the difference of the written ends, so a reader who
        subtracts the printed `low` from `high` gets the printed `swing` to the last digit
        (the ranking uses it too, so printed ties fall back on the node's name on every
        machine)."""
        if self.low is None or self.high is None:
            return None
        return _r(abs(_r(self.high) - _r(self.low)))

    @property
    def note(self) -> str | None:
        """Which end of the sweep makes the evidence impossible, if one does."""
        ends = [x for x, v in zip(_rounded(self.sweep), (self.low, self.high), strict=True)
                if v is None]
        return "; ".join(f"at {x:g} the evidence becomes impossible" for x in ends) or None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"node": self.node, "kind": self.kind, "given": dict(self.given),
                               "state": self.state, "value": _r(self.value)}
        if self.function is not None:
            a, b, c, d = (_r(x) for x in self.function)
            out["function"] = {"numerator": [a, b], "denominator": [c, d]}
        out.update({"sweep": _rounded(self.sweep),
                    "low": None if self.low is None else _r(self.low),
                    "high": None if self.high is None else _r(self.high),
                    "swing": self.written_swing})
        if self.note:
            out["note"] = self.note
        if self.mirror:
            out["mirror"] = True
        return out


@dataclass(frozen=True)
class Sensitivity:
    """Every parameter's sweep for P(target=state | evidence), ranked by swing."""

    target: str
    state: str
    baseline: float
    sweep: str  # full | credible
    range: float | None  # the half-width of a full sweep (None: [0, 1])
    level: float | None  # the credible level of a credible sweep
    parameters: tuple[ParameterSweep, ...] = field(default=())

    def ranking(self) -> list[ParameterSweep]:
        """The parameters as a reader ranks them: a two-state distribution's number once."""
        return [p for p in self.parameters if not p.mirror]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"target": {"node": self.target, "state": self.state},
                               "baseline": _r(self.baseline), "range": self.range,
                               "sweep": self.sweep,
                               "parameters": [p.to_json() for p in self.parameters]}
        if self.level is not None:
            out["level"] = self.level
        return out


def _rounded(pair) -> list[float]:
    return [_r(x) for x in pair]


def _rank(row: ParameterSweep) -> tuple[float, str]:
    """Largest swing first, as written (equal printed swings in node order); impossible
    ends last."""
    swing = row.written_swing
    return (-(swing if swing is not None else -1.0), row.node)


def sensitivity(
    network: Network,
    evidence: Mapping[str, np.ndarray],
    target: str,
    state: str,
    range_: float | None = None,
    progress: Callable[[int], None] | None = None,
    sweep: str = "full",
    level: float = 0.9,
) -> Sensitivity:
    """Every parameter's sweep, ranked by swing: what `forecast sensitivity` reports.

    `sweep="credible"` sweeps each number over its `level` credible range (`range_` unused).
    """
    if sweep not in SWEEPS:
        raise ValueError(f"unknown sweep {sweep!r}: choose one of {', '.join(SWEEPS)}")
    credible = level if sweep == "credible" else None
    index = network[target].index(state)
    derivatives = cpt_derivatives(network, target, evidence)
    denominator0 = float(derivatives.joint.sum())
    view = _View(index)
    numerator0 = derivatives.joint[view.picked]
    baseline = view.value(numerator0[None, :] / denominator0)[0]
    time = time_of(network)
    unquiet = _without_quiet(network, target, evidence, time, derivatives)
    rows: list[ParameterSweep] = []
    for name, node in network.nodes.items():
        grads = derivatives.of.get(name)
        if is_derived(name):
            continue
        if time is not None and name in time.elicited:
            rows.extend(_timed_rows(network, time, name, _row_weights(time, name, unquiet,
                                                                      derivatives, node),
                                    view, float(baseline), range_, credible))
        elif form_of(node).explicit:
            rows.extend(_table_rows(network, node, grads, view, numerator0, denominator0,
                                    range_, credible))
        else:
            rows.extend(_form_rows(network, node, grads, view, numerator0 / denominator0,
                                   range_, credible))
        if progress:
            progress(1)
    rows.sort(key=_rank)
    return Sensitivity(target, state, float(baseline), sweep,
                       None if credible is not None else range_, credible, tuple(rows))


def sweep_bounds(parameter: Parameter, range_: float | None, node: Node | None = None,
                 credible: float | None = None) -> tuple[float, float]:
    """The two ends of a parameter's sweep: its whole range, value ± range, or (with
    `credible`, a level) its credible range under `node`'s confidence."""
    if credible is not None and node is not None:
        return credible_bounds(node, parameter, credible)
    lo, hi = parameter.bounds
    if range_ is None:
        return lo, hi
    if parameter.linear:
        return max(lo, parameter.value - range_), min(hi, parameter.value + range_)
    a, b = sorted((parameter.value * (1 - range_), parameter.value * (1 + range_)))
    return (max(a, 1e-9), b) if parameter.kind == "variance" else (a, b)


def _slopes(table: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """d<G, row>/dx for every entry x of every row under proportional co-variation."""
    k = table.shape[-1]
    weighted = (table * grad).sum(axis=-1, keepdims=True)
    rest = 1.0 - table
    with np.errstate(divide="ignore", invalid="ignore"):
        proportional = grad - (weighted - table * grad) / rest
    equal_share = grad - (grad.sum(axis=-1, keepdims=True) - grad) / (k - 1)
    return np.where(rest > 0, proportional, equal_share)


class _View:
    """Which target state the sweeps follow."""

    def __init__(self, index: int):
        self.picked = slice(index, index + 1)
        self.at = 0

    def value(self, distributions: np.ndarray) -> np.ndarray:
        """The reported probability from (..., picked states) distributions."""
        return np.clip(distributions[..., self.at], 0.0, 1.0)


def _without_quiet(network: Network, target: str, evidence: Mapping[str, np.ndarray],
                   time: SnapshotTime | None, derivatives):
    """The derivatives without the quiet findings: B, the factor a windowed row's quiet
    factor multiplies (the same derivatives when there are no quiet days)."""
    if time is None:
        return derivatives
    quiet = time.quiet_nodes()
    if not any(q in evidence for q in quiet):
        return derivatives
    return cpt_derivatives(network, target, {n: v for n, v in evidence.items()
                                             if n not in quiet})


def _row_weights(time: SnapshotTime, name: str, unquiet, derivatives, node: Node):
    """B for a windowed node: its derivative without the quiet findings; when the node is
    barren there but its quiet node is observed, only q(r) reaches the answer, and B is the
    quiet node's derivative, the same for every state of the row."""
    grads = unquiet.of.get(name)
    quiet = next((q for q, n in time.quiet_nodes().items() if n == name), None)
    if grads is not None or quiet is None or quiet not in derivatives.of:
        return grads
    per_row = derivatives.of[quiet][..., :1]
    return np.broadcast_to(per_row, (*per_row.shape[:-1], node.card))


def _folded(time: SnapshotTime, node: str, written: np.ndarray) -> np.ndarray:
    """What a written table (or batch) contributes once converted: P_f(. | r) q(r)."""
    window = time.windows[node]
    converted = time.table(node, written)
    if window.quiet_share is None:
        return converted
    return converted * time.quiet_table(node, written)[..., :1]


def _timed_rows(network: Network, time: SnapshotTime, name: str, grads, view: _View,
                baseline: float, range_, credible=None):
    """A windowed node's written numbers swept, each end converted (and its quiet factor
    recomputed) before it meets the derivative: exact ends, no sensitivity function."""
    written = time.elicited[name]
    if not form_of(written).explicit:  # noisy-MAX or ranked: each end's whole table, folded
        return _form_rows(network, written, grads, view, np.array([baseline]), range_,
                          credible, lambda tables: _folded(time, name, tables))
    table = np.asarray(written.cpt, dtype=float)
    k = table.shape[-1]
    if credible is not None:
        lo, hi = beta_range(table, float(written.confidence), credible)
    elif range_ is None:
        lo, hi = np.zeros_like(table), np.ones_like(table)
    else:
        lo, hi = np.maximum(0.0, table - range_), np.minimum(1.0, table + range_)
    ends = np.stack([lo, hi], -1)                              # (*rows, k_j, 2)
    rest = _others(table)                                      # (*rows, k_j)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(rest[..., :, None] > 0, table[..., None, :] / rest[..., :, None],
                         1.0 / max(k - 1, 1))                  # (*rows, k_j, k_i)
    moved = (1.0 - ends[..., :, None]) * share[..., :, None, :]  # (*rows, k_j, 2, k_i)
    eye = np.eye(k, dtype=bool)[:, None, :]                    # (k_j, 1, k_i)
    moved = np.where(eye, ends[..., :, None], moved)
    folded_ends = _folded(time, name, moved)                   # (*rows, k_j, 2, k_i)
    folded_now = _folded(time, name, table)                    # (*rows, k_i)
    if grads is None:  # barren: no entry can move the target
        values = [(baseline, baseline)] * table.size
        return _entry_rows(network, written, name, table, lo, hi, values)
    picked_grads, total = grads[view.picked], grads.sum(axis=0)

    def ends_of(g: np.ndarray) -> np.ndarray:
        """<g, the table with one entry at an end> for every entry and end: (*rows, k_j, 2)."""
        own_now = (g * folded_now).sum(axis=-1)                # (*rows,)
        flat = own_now.reshape(-1)
        others = _others(flat[None, :])[0].reshape(own_now.shape)
        own_end = np.einsum("...i,...jei->...je", g, folded_ends)
        return others[..., None, None] + own_end

    numerators = np.stack([ends_of(g) for g in picked_grads], -1)   # (*rows, k_j, 2, picked)
    denominators = ends_of(total)                                    # (*rows, k_j, 2)
    values = _end_values(numerators.reshape(-1, 2, numerators.shape[-1]),
                         denominators.reshape(-1, 2), view)
    return _entry_rows(network, written, name, table, lo, hi, values)


def _entry_rows(network: Network, written: Node, name: str, table: np.ndarray, lo, hi,
                values) -> list[ParameterSweep]:
    """One sweep per written entry of a windowed table, in the table's order."""
    kind = "table" if written.parents else "prior"
    parent_states = [network[p].states for p in written.parents]
    rows = []
    position = 0
    flat_lo, flat_hi, flat_value = lo.reshape(-1), hi.reshape(-1), table.reshape(-1)
    for combo in itertools.product(*[range(len(s)) for s in parent_states]):
        given = {p: parent_states[i][c] for i, (p, c) in enumerate(zip(written.parents, combo,
                                                                        strict=True))}
        for state in written.states:
            low, high = values[position]
            rows.append(ParameterSweep(name, kind, MappingProxyType(given), state,
                                       float(flat_value[position]),
                                       (float(flat_lo[position]), float(flat_hi[position])),
                                       low, high, None, _mirrors(kind, written, state)))
            position += 1
    return rows


def _table_rows(network: Network, node: Node, grads, view: _View, n0, d0, range_,
                credible=None):
    """Every entry of a table or prior, vectorised: slopes, then both ends of each sweep."""
    table = node.cpt
    picked = len(n0)
    # the sweeps' arrays (a few dozen per entry) and one row object per entry (about 1 KiB)
    check_cost(table.size * 2 * picked, table.size * (8 * picked + 16 + ROW_DOUBLES),
               table.size * 40 * picked, f"sweeping every entry of {node.name!r}'s table "
               f"({table.size:,} entries)")
    if grads is None:  # barren: this node cannot move the target
        slope_n = np.zeros((picked, *table.shape))
        slope_d = np.zeros_like(table)
    else:  # the picked states' derivatives and the total's, stacked: each step once for all
        stacked = np.concatenate([grads[view.picked], grads.sum(axis=0)[None]])
        slopes = _slopes(table, stacked)
        slope_n, slope_d = slopes[:picked], slopes[picked]
    a = n0.reshape(picked, *([1] * table.ndim)) - slope_n * table
    c = d0 - slope_d * table
    if credible is not None:
        lo, hi = beta_range(table, float(node.confidence), credible)
    elif range_ is None:
        lo, hi = np.zeros_like(table), np.ones_like(table)
    else:
        lo, hi = np.maximum(0.0, table - range_), np.minimum(1.0, table + range_)
    if grads is None:
        numerators = np.stack([a + slope_n * lo, a + slope_n * hi], -1)  # (picked, *shape, 2)
        denominators = np.stack([c + slope_d * lo, c + slope_d * hi], -1)
    else:  # the ends as sums of non-negative terms: exact, and zero only when impossible
        ends = _covaried(stacked, table, lo, hi)
        numerators, denominators = ends[:picked], ends[picked]
    numbers = np.stack([table, a[view.at], slope_n[view.at], c, slope_d, lo, hi], -1)
    kind = "table" if node.parents else "prior"
    parent_states = [network[p].states for p in node.parents]
    flat_ends = _end_values(np.moveaxis(numerators, 0, -1).reshape(-1, 2, picked),
                            denominators.reshape(-1, 2), view)
    flat_numbers = numbers.reshape(-1, 7).tolist()
    rows = []
    position = 0
    for combo in itertools.product(*[range(len(s)) for s in parent_states]):
        given = MappingProxyType({p: parent_states[i][c] for i, (p, c)
                                  in enumerate(zip(node.parents, combo, strict=True))})
        for state in node.states:
            theta, a_, b_, c_, d_, lo_, hi_ = flat_numbers[position]
            low, high = flat_ends[position]
            rows.append(ParameterSweep(node.name, kind, given, state, theta, (lo_, hi_), low,
                                       high, (a_, b_, c_, d_), _mirrors(kind, node, state)))
            position += 1
    return rows


def _form_rows(network: Network, node: Node, grads, view: _View, baseline, range_,
               credible=None, transform: Callable[[np.ndarray], np.ndarray] | None = None):
    """noisy-MAX and ranked parameters: the CPT at both ends of every sweep in one batch,
    each dotted with the node's derivative. `baseline` holds the picked states' posteriors;
    `transform` turns each table into what meets the derivative (a windowed node's
    conversion and quiet factor)."""
    params, sweeps, tables = sweep_tables(network, node, range_, credible)
    if transform is not None and grads is not None:
        tables = transform(tables)
    if grads is None:  # barren
        numerators = np.broadcast_to(baseline, (len(params), 2, len(baseline)))
        denominators = np.ones((len(params), 2))
    else:
        axes = node.cpt.ndim
        numerators = np.tensordot(tables, np.moveaxis(grads[view.picked], 0, -1), axes=axes)
        denominators = np.tensordot(tables, grads.sum(axis=0), axes=axes)
    values = _end_values(numerators, denominators, view)
    return [ParameterSweep(p.node, p.kind, MappingProxyType(dict(p.given)), p.state,
                           float(p.value), (float(sweeps[k][0]), float(sweeps[k][1])),
                           *values[k], mirror=_mirrors(p.kind, node, p.state))
            for k, p in enumerate(params)]


def _mirrors(kind: str, node: Node, state: str | None) -> bool:
    """Whether this is the first state's entry of a two-state distribution: it mirrors the
    second's (same ends, same swing)."""
    return kind in PROBABILITY_KINDS and node.card == 2 and state == node.states[0]


_SWEEPS: dict = {}


def sweep_tables(network: Network, node: Node, range_: float | None, credible: float | None = None
                 ) -> tuple[list[Parameter], np.ndarray, np.ndarray]:
    """A noisy-MAX or ranked node's parameters, their sweep ends and the CPT at each end.
    They depend on the node's numbers alone, not on evidence or target, so they are built
    once per node (ranked CPTs cost a normal CDF per cell) and reused while the node lives:
    sensitivity for several targets or snapshots of one model builds them once."""
    def build() -> tuple[list[Parameter], np.ndarray, np.ndarray]:
        params = list(node_parameters(network, node))
        sweeps = np.array([sweep_bounds(p, range_, node, credible) for p in params])
        return params, sweeps, build_tables(node, params, sweeps)

    return kept_while_alive(_SWEEPS, node, (range_, credible), build)


def _end_values(numerators: np.ndarray, denominators: np.ndarray,
                view: _View) -> list[tuple[float | None, float | None]]:
    """The reported probability at both ends of many sweeps, from P(target=s, e) of the
    picked states (R, 2, picked) and P(e) (R, 2): None where the evidence becomes
    impossible (P(e) vanishes; both are sums of non-negative terms, so it vanishes only
    when it truly is zero, or too small for a double)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        values = view.value(numerators / denominators[..., None])
    ends = np.where(denominators > POLE, values, np.nan).tolist()
    return [(None if low != low else low, None if high != high else high)  # NaN: impossible
            for low, high in ends]


def _covaried(grad: np.ndarray, table: np.ndarray, lo: np.ndarray, hi: np.ndarray
              ) -> np.ndarray:
    """<grad, the table with entry i moved to x and the rest of its row scaled in proportion
    (shared equally when it is all zero)>, for every entry i of `table` at both ends x = lo
    and x = hi (a last axis of 2); `grad` is the derivative of a probability of the evidence
    (leading axes for several, e.g. target states), non-negative like every table entry.
    Summed as non-negative terms, the other rows apart, with no subtraction to cancel: the
    numerator or denominator of the sensitivity function (a + b x) / (c + d x), exact to
    round-off and zero only when it is. Several derivatives at once (the picked states' and
    the total's, stacked on a leading axis) share every step."""
    k = table.shape[-1]
    rest = _others(table)
    weighted = grad * table
    with np.errstate(divide="ignore", invalid="ignore"):
        share = _others(weighted) / rest
    empty = rest <= 0
    if empty.any():  # a row whose other entries are all zero: shared equally
        share = np.where(empty, _others(grad) / max(k - 1, 1), share)
    row_sums = weighted.sum(axis=-1)
    lead = row_sums.shape[:row_sums.ndim - (table.ndim - 1)]
    other_rows = _others(row_sums.reshape(*lead, -1)).reshape(row_sums.shape)[..., None]
    ends = np.stack([lo, hi], -1)                     # (*table, 2)
    own_row = grad[..., None] * ends + (1.0 - ends) * share[..., None]
    return other_rows[..., None] + own_row


def _others(w: np.ndarray) -> np.ndarray:
    """For every entry along the last axis, the sum of the other entries, added up from them
    (the entries before, then after), never by subtracting the entry from the total."""
    out = np.empty_like(w)
    out[..., 0] = 0.0
    np.cumsum(w[..., :-1], axis=-1, out=out[..., 1:])
    after = np.empty_like(w)
    after[..., -1] = 0.0
    np.cumsum(w[..., :0:-1], axis=-1, out=after[..., -2::-1])
    out += after
    return out
