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

A target with a window reports the converted probability, a non-linear function of the
whole target distribution: the ends of every sweep are then computed for every state of
the target (each a ratio of linear functions) and converted exactly. `function` stays the
sensitivity function of the elicited-window probability, and only the first and last
states' converted curves are monotone: a middle state's ends need not be its extremes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..domain.network import Network, Node
from ..domain.numbers import stable as _r
from ..domain.numbers import stable_array as _rounded
from ..domain.window import Window, convert
from ..engine.gradients import cpt_derivatives
from .credible import beta_range, credible_bounds
from .parameters import Parameter, build_tables, node_parameters

POLE = 1e-300
SWEEPS = ("full", "credible")


def sensitivity(
    network: Network,
    evidence: Mapping[str, np.ndarray],
    target: str,
    state: str,
    range_: float | None = None,
    progress: Callable[[int], None] | None = None,
    sweep: str = "full",
    level: float = 0.9,
    window: Window | None = None,
) -> dict[str, Any]:
    """Every parameter's sweep, ranked by swing: the JSON of `forecast sensitivity`.

    `sweep="credible"` sweeps each number over its `level` credible range (`range_` unused).
    """
    if sweep not in SWEEPS:
        raise ValueError(f"unknown sweep {sweep!r}: choose one of {', '.join(SWEEPS)}")
    credible = level if sweep == "credible" else None
    index = network[target].index(state)
    derivatives = cpt_derivatives(network, target, evidence)
    denominator0 = float(derivatives.joint.sum())
    # the target states whose sweeps are needed: the one asked for, or all (to convert)
    view = _View(index, window)
    numerator0 = derivatives.joint[view.picked]
    baseline = view.value(numerator0[None, :] / denominator0)[0]
    rows: list[dict[str, Any]] = []
    for name, node in network.nodes.items():
        grads = derivatives.of.get(name)
        kind = getattr(node.form, "kind", "table")
        if kind == "table":
            rows.extend(_table_rows(network, node, grads, view, numerator0, denominator0,
                                    range_, credible))
        else:
            rows.extend(_form_rows(node, list(node_parameters(network, node)), grads, view,
                                   numerator0 / denominator0, range_, credible))
        if progress:
            progress(1)
    rows.sort(key=lambda r: (-(r["swing"] if r["swing"] is not None else -1.0), r["node"]))
    out = {
        "target": {"node": target, "state": state},
        "baseline": _r(baseline),
        "range": range_,
        "sweep": sweep,
        "parameters": rows,
    }
    if credible is not None:
        out["range"] = None
        out["level"] = level
    return out


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
    """Which target states the sweeps follow and how their ends become the reported value:
    the state itself, or (with a window) every state, converted, then the state."""

    def __init__(self, index: int, window: Window | None):
        self.window = window
        self.picked = slice(None) if window is not None else slice(index, index + 1)
        self.at = index if window is not None else 0

    def value(self, distributions: np.ndarray) -> np.ndarray:
        """The reported probability from (..., picked states) distributions."""
        if self.window is not None:
            distributions = convert(np.clip(distributions, 0.0, 1.0), self.window.ratio)
        return np.clip(distributions[..., self.at], 0.0, 1.0)


def _table_rows(network: Network, node: Node, grads, view: _View, n0, d0, range_,
                credible=None):
    """Every entry of a table or prior, vectorised: slopes, then both ends of each sweep."""
    table = node.cpt
    picked = len(n0)
    if grads is None:  # barren: this node cannot move the target
        slope_n = np.zeros((picked, *table.shape))
        slope_d = np.zeros_like(table)
    else:
        slope_n = _slopes(table, grads[view.picked])
        slope_d = _slopes(table, grads.sum(axis=0))
    a = n0.reshape(picked, *([1] * table.ndim)) - slope_n * table
    c = d0 - slope_d * table
    if credible is not None:
        lo, hi = beta_range(table, float(node.confidence), credible)
    elif range_ is None:
        lo, hi = np.zeros_like(table), np.ones_like(table)
    else:
        lo, hi = np.maximum(0.0, table - range_), np.minimum(1.0, table + range_)
    numerators = np.stack([a + slope_n * lo, a + slope_n * hi], -1)  # (picked, *shape, 2)
    denominators = np.stack([c + slope_d * lo, c + slope_d * hi], -1)
    numbers = _rounded(np.stack([table, a[view.at], slope_n[view.at], c, slope_d, lo, hi], -1))
    kind = "table" if node.parents else "prior"
    parent_states = [network[p].states for p in node.parents]
    flat_ends = _end_values(np.moveaxis(numerators, 0, -1).reshape(-1, 2, picked),
                            denominators.reshape(-1, 2), view)
    flat_numbers = numbers.reshape(-1, 7).tolist()
    rows = []
    position = 0
    for combo in itertools.product(*[range(len(s)) for s in parent_states]):
        given = {p: parent_states[i][c] for i, (p, c) in enumerate(zip(node.parents, combo,
                                                                        strict=True))}
        for state in node.states:
            theta, a_, b_, c_, d_, lo_, hi_ = flat_numbers[position]
            row = {"node": node.name, "kind": kind, "given": given, "state": state,
                   "value": theta, "function": {"numerator": [a_, b_], "denominator": [c_, d_]}}
            rows.append(_mirror(_finish(row, (lo_, hi_), flat_ends[position]), node, state))
            position += 1
    return rows


def _form_rows(node: Node, params: list[Parameter], grads, view: _View, baseline, range_,
               credible=None):
    """noisy-MAX and ranked parameters: the CPT at both ends of every sweep in one batch,
    each dotted with the node's derivative. `baseline` holds the picked states' posteriors."""
    sweeps = np.array([sweep_bounds(p, range_, node, credible) for p in params])
    if grads is None:  # barren
        numerators = np.broadcast_to(baseline, (len(params), 2, len(baseline)))
        denominators = np.ones((len(params), 2))
    else:
        tables = build_tables(node, params, sweeps)
        axes = node.cpt.ndim
        numerators = np.tensordot(tables, np.moveaxis(grads[view.picked], 0, -1), axes=axes)
        denominators = np.tensordot(tables, grads.sum(axis=0), axes=axes)
    values = _end_values(numerators, denominators, view)
    sweeps = _rounded(sweeps).tolist()
    return [_mirror(_finish(p.describe(), tuple(sweeps[k]), values[k]), node, p.state)
            for k, p in enumerate(params)]


def _mirror(row: dict[str, Any], node: Node, state: str | None) -> dict[str, Any]:
    """Mark the first state's entry of a two-state distribution: it mirrors the second's."""
    if row["kind"] in {"prior", "table", "leak", "effect"} and node.card == 2 \
            and state == node.states[0]:
        row["mirror"] = True
    return row


def _end_values(numerators: np.ndarray, denominators: np.ndarray,
                view: _View) -> list[list[float | None]]:
    """The reported probability at both ends of many sweeps, from P(target=s, e) of the
    picked states (R, 2, picked) and P(e) (R, 2): null where the evidence becomes
    impossible (the denominator vanishes)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        values = _rounded(view.value(numerators / denominators[..., None]))
    return np.where(denominators > POLE, values, np.nan).tolist()


def _finish(row: dict[str, Any], sweep: tuple[float, float], ends: list[float]) -> dict[str, Any]:
    low, high = (None if v != v else v for v in ends)  # NaN marks an impossible end
    row.update({"sweep": list(sweep), "low": low, "high": high})
    row["swing"] = _r(abs(high - low)) if low is not None and high is not None else None
    if low is None or high is None:
        row["note"] = "; ".join(f"at {x:g} the evidence becomes impossible"
                                for x, v in zip(sweep, (low, high), strict=True) if v is None)
    return row
