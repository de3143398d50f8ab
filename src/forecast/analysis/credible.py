"""Credible ranges of the model's numbers: where each could plausibly lie, from its node's
`confidence` (the equivalent sample size of the Dirichlet that `run --samples` draws from).

A probability p in a distribution drawn from Dirichlet(c * row) has the marginal
Beta(c p, c (1 - p)); its credible range is that Beta's equal-tailed quantiles (5% and 95%
for a 90% range). A ranked node's weight is treated through its share of the summed
magnitudes (the Dirichlet `uncertainty` draws), with the other weights held, and its
variance through the gamma with the same mean (shape c / 2, scale 2 v / c). Sweeping one
number over its credible range, rather than over [0, 1], keeps near-definitional entries
(0.97 of an outcome table) from dominating the drivers.
"""

from __future__ import annotations

import numpy as np

from ..domain.network import Node
from .parameters import Parameter


def beta_range(values: np.ndarray, confidence: float, level: float = 0.9
               ) -> tuple[np.ndarray, np.ndarray]:
    """The equal-tailed `level` range of Beta(c p, c (1 - p)) for every p; 0 and 1 stay put.

    Remembered by value (the what-if page asks again for the tables a change left alone,
    and scipy's quantiles cost far more than the lookup); the arrays answered are read-only."""
    values = np.asarray(values, dtype=float)
    key = (values.tobytes(), values.shape, float(confidence), float(level))
    found = _RANGES.get(key)
    if found is None:
        found = _beta_range(values, confidence, level)
        for array in found:
            array.setflags(write=False)
        if len(_RANGES) >= 4096:
            _RANGES.clear()
        _RANGES[key] = found
    return found


_RANGES: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


def _beta_range(values: np.ndarray, confidence: float, level: float
                ) -> tuple[np.ndarray, np.ndarray]:
    from scipy.special import betaincinv  # the Beta quantile, without scipy.stats' import

    from ..cpt.allocation import Allocation

    # the two shapes, the mask and the two bounds: five arrays of the values' size
    Allocation(f"the credible ranges of {values.size:,} numbers", values.size, (1,),
               4.0 * values.size, 200.0 * values.size).check()

    tail = (1.0 - level) / 2.0
    inside = (values > 0.0) & (values < 1.0)
    a = np.where(inside, confidence * values, 1.0)
    b = np.where(inside, confidence * (1.0 - values), 1.0)
    lo = np.where(inside, betaincinv(a, b, tail), values)
    hi = np.where(inside, betaincinv(a, b, 1.0 - tail), values)
    return lo, hi


def credible_bounds(node: Node, parameter: Parameter, level: float = 0.9) -> tuple[float, float]:
    """One parameter's credible range under its node's confidence."""
    c = float(node.confidence)
    if parameter.linear:
        lo, hi = beta_range(np.array([parameter.value]), c, level)
        return float(lo[0]), float(hi[0])
    tail = (1.0 - level) / 2.0
    if parameter.kind == "variance":
        from scipy.special import gammaincinv  # the gamma quantile, as for the Beta above

        v = parameter.value
        return (float(gammaincinv(c / 2.0, tail) * 2.0 * v / c),
                float(gammaincinv(c / 2.0, 1.0 - tail) * 2.0 * v / c))
    weights = np.abs(np.asarray(node.form.weights, dtype=float))
    total, w = float(weights.sum()), abs(parameter.value)
    rest = total - w
    if total <= 0 or rest <= 0:
        return parameter.value, parameter.value  # a single weight: its share is always 1
    lo, hi = beta_range(np.array([w / total]), c, level)
    sign = -1.0 if parameter.value < 0 else 1.0
    ends = sorted(sign * q * rest / (1.0 - q) for q in (float(lo[0]), float(hi[0])))
    return ends[0], ends[1]
