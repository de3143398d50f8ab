"""One-way sensitivity of a target probability to every parameter of the model.

Under proportional co-variation P(target | e) as a function of one probability parameter x
is (a + b x) / (c + d x) (Castillo, Gutiérrez and Hadi 1997; Coupé and van der Gaag 2002):
two batched evaluations per parameter give the whole curve, and since the function is
monotone between poles, the ends of the sweep are its extremes. Ranked-node weights and
variances are not probabilities: they are swept numerically between their bounds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..domain.network import Network
from ..engine import compiled
from .parameters import Parameter, parameters

DIGITS = 12
RANKED_POINTS = 2


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
    base = compiled.joint(network, (target,), evidence)
    baseline = float(base[index] / base.sum())
    rows = []
    by_node: dict[str, list[Parameter]] = {}
    for parameter in parameters(network):
        by_node.setdefault(parameter.node, []).append(parameter)
    for node, params in by_node.items():
        rows.extend(_sweep_node(network, evidence, target, index, node, params, range_))
        if progress:
            progress(1)
    rows.sort(key=lambda r: (-(r["swing"] if r["swing"] is not None else -1.0), r["node"]))
    return {
        "target": {"node": target, "state": state},
        "baseline": round(baseline, DIGITS),
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


def _sweep_node(network, evidence, target, index, node, params, range_) -> list[dict[str, Any]]:
    """All parameters of one node in one batched call: two points (or ends) per parameter."""
    points = []
    for parameter in params:
        points.append((0.0, 1.0) if parameter.linear else sweep_bounds(parameter, range_))
    tables = np.concatenate([p.build(np.asarray(pts)) for p, pts in zip(params, points,
                                                                           strict=True)])
    joint = compiled.joint(network, (target,), evidence, cpts={node: tables})
    numerator = joint[:, index].reshape(len(params), 2)
    denominator = joint.sum(axis=1).reshape(len(params), 2)
    rows = []
    for k, parameter in enumerate(params):
        lo, hi = sweep_bounds(parameter, range_)
        row = parameter.describe()
        if parameter.linear:
            a, b = numerator[k, 0], numerator[k, 1] - numerator[k, 0]
            c, d = denominator[k, 0], denominator[k, 1] - denominator[k, 0]
            row["function"] = {"numerator": [_r(a), _r(b)], "denominator": [_r(c), _r(d)]}
            ends = [(a + b * x, c + d * x) for x in (lo, hi)]
        else:
            ends = [(numerator[k, 0], denominator[k, 0]), (numerator[k, 1], denominator[k, 1])]
        values, notes = [], []
        for x, (num, den) in zip((lo, hi), ends, strict=True):
            if den <= 1e-300:
                values.append(None)
                notes.append(f"at {x:g} the evidence becomes impossible")
            else:
                values.append(round(float(min(max(num / den, 0.0), 1.0)), DIGITS))
        row.update({"sweep": [_r(lo), _r(hi)], "low": values[0], "high": values[1]})
        row["swing"] = (round(abs(values[1] - values[0]), DIGITS)
                        if None not in values else None)
        if notes:
            row["note"] = "; ".join(notes)
        rows.append(row)
    return rows


def _r(x: float) -> float:
    return round(float(x), DIGITS) + 0.0
