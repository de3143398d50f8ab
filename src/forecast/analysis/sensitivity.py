"""One-way sensitivity of a target probability to every parameter of the model.

P(target=s, e) is linear in the CPT of any single node, P = <G, CPT>, with G its exact
derivative (engine.gradients: one forward and one reverse contraction for all nodes).
Under proportional co-variation a probability parameter moved to x changes its row
linearly, so P(target=s | e) = (a + b x) / (c + d x): the sensitivity function of Castillo,
Gutiérrez and Hadi (1997) and Coupé and van der Gaag (2002), monotone between poles, so
the ends of the sweep are its extremes. Ranked-node weights and variances are not
probabilities: their sweep ends are exact too (the CPT at each end, dotted with G), but
the curve between them is not a ratio of linear functions.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..cpt import form_of
from ..domain.network import Network, Node
from ..domain.numbers import stable as _r
from ..domain.numbers import stable_array as _rounded
from ..engine.gradients import cpt_derivatives
from ..memo import kept_while_alive
from .parameters import Parameter, build_tables, node_parameters

POLE = 1e-300


def sensitivity(
    network: Network,
    evidence: Mapping[str, np.ndarray],
    target: str,
    state: str,
    range_: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Every parameter's sweep, ranked by swing: the JSON of `forecast sensitivity`."""
    index = network[target].index(state)
    derivatives = cpt_derivatives(network, target, evidence)
    numerator0 = float(derivatives.joint[index])
    denominator0 = float(derivatives.joint.sum())
    baseline = numerator0 / denominator0
    rows: list[dict[str, Any]] = []
    for name, node in network.nodes.items():
        grads = derivatives.of.get(name)
        if form_of(node).explicit:
            rows.extend(_table_rows(network, node, grads, index, numerator0, denominator0,
                                    baseline, range_))
        else:
            rows.extend(_form_rows(network, node, grads, index, baseline, range_))
        if progress:
            progress(1)
    rows.sort(key=lambda r: (-(r["swing"] if r["swing"] is not None else -1.0), r["node"]))
    return {
        "target": {"node": target, "state": state},
        "baseline": _r(baseline),
        "range": range_,
        "parameters": rows,
    }


def sweep_bounds(parameter: Parameter, range_: float | None) -> tuple[float, float]:
    """The two ends of a parameter's sweep: its whole range, or value ± range."""
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


def _table_rows(network: Network, node: Node, grads, index, n0, d0, baseline, range_):
    """Every entry of a table or prior, vectorised: slopes, then both ends of each sweep."""
    table = node.cpt
    if grads is None:  # barren: this node cannot move the target
        slope_n = slope_d = np.zeros_like(table)
    else:
        slope_n = _slopes(table, grads[index])
        slope_d = _slopes(table, grads.sum(axis=0))
    a, c = n0 - slope_n * table, d0 - slope_d * table
    if range_ is None:
        lo, hi = np.zeros_like(table), np.ones_like(table)
    else:
        lo, hi = np.maximum(0.0, table - range_), np.minimum(1.0, table + range_)
    ends = np.stack([np.stack([a + slope_n * lo, c + slope_d * lo], -1),
                     np.stack([a + slope_n * hi, c + slope_d * hi], -1)], -2)
    numbers = _rounded(np.stack([table, a, slope_n, c, slope_d, lo, hi], -1))
    kind = "table" if node.parents else "prior"
    parent_states = [network[p].states for p in node.parents]
    flat_ends = _end_values(ends.reshape(-1, 2, 2))
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
            rows.append(_finish(row, (lo_, hi_), flat_ends[position]))
            position += 1
    return rows


def _form_rows(network: Network, node: Node, grads, index, baseline, range_):
    """noisy-MAX and ranked parameters: the CPT at both ends of every sweep in one batch,
    each dotted with the node's derivative."""
    params, sweeps, tables = sweep_tables(network, node, range_)
    if grads is None:  # barren
        ends = np.broadcast_to([[baseline, 1.0]], (len(params), 2, 2))
    else:
        axes = node.cpt.ndim
        numerators = np.tensordot(tables, grads[index], axes=axes)
        denominators = np.tensordot(tables, grads.sum(axis=0), axes=axes)
        ends = np.stack([numerators, denominators], axis=-1)
    values = _end_values(np.asarray(ends))
    sweeps = _rounded(sweeps).tolist()
    return [_finish(p.describe(), tuple(sweeps[k]), values[k]) for k, p in enumerate(params)]


_SWEEPS: dict = {}


def sweep_tables(network: Network, node: Node, range_: float | None
                 ) -> tuple[list[Parameter], np.ndarray, np.ndarray]:
    """A noisy-MAX or ranked node's parameters, their sweep ends and the CPT at each end.
    They depend on the node's numbers alone, not on evidence or target, so they are built
    once per node (ranked CPTs cost a normal CDF per cell) and reused while the node lives:
    sensitivity for several targets or snapshots of one model builds them once."""
    def build() -> tuple[list[Parameter], np.ndarray, np.ndarray]:
        params = list(node_parameters(network, node))
        sweeps = np.array([sweep_bounds(p, range_) for p in params])
        return params, sweeps, build_tables(node, params, sweeps)

    return kept_while_alive(_SWEEPS, node, range_, build)


def _end_values(ends: np.ndarray) -> list[list[float | None]]:
    """P(target | e) at both ends of many sweeps, ends (R, 2, num/den): null where the
    evidence becomes impossible (the denominator vanishes)."""
    numerators, denominators = ends[..., 0], ends[..., 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        values = _rounded(np.clip(numerators / denominators, 0.0, 1.0))
    return np.where(denominators > POLE, values, np.nan).tolist()


def _finish(row: dict[str, Any], sweep: tuple[float, float], ends: list[float]) -> dict[str, Any]:
    low, high = (None if v != v else v for v in ends)  # NaN marks an impossible end
    row.update({"sweep": list(sweep), "low": low, "high": high})
    row["swing"] = _r(abs(high - low)) if low is not None and high is not None else None
    if low is None or high is None:
        row["note"] = "; ".join(f"at {x:g} the evidence becomes impossible"
                                for x, v in zip(sweep, (low, high), strict=True) if v is None)
    return row
