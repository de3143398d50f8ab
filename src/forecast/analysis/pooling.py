"""Pooling several analysts' posteriors into one (DESIGN section 7).

Linear: the weighted mean, which keeps every outcome any analyst thinks possible.
Logarithmic: the normalised weighted geometric mean, which is externally Bayesian but lets
one analyst's zero veto an outcome; a state some analyst (with weight > 0) holds impossible
gets 0, and if no state survives the pool is undefined and an error says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..errors import UserError

METHODS = ("linear", "log")


def normalise_weights(names: Sequence[str], weights: Mapping[str, float] | None) -> dict[str, float]:
    """Weights for `names` summing to 1: equal when none are given, unnamed analysts get 0."""
    if not weights:
        return {name: 1.0 / len(names) for name in names}
    unknown = [name for name in weights if name not in names]
    if unknown:
        raise UserError(f"--weights names {', '.join(map(repr, unknown))}, not an analyst given "
                        f"with --analyst; analysts are {', '.join(names)}")
    values = {name: float(weights.get(name, 0.0)) for name in names}
    if any(not np.isfinite(w) or w < 0 for w in values.values()):
        raise UserError("--weights: every weight must be a finite number >= 0")
    largest = max(values.values())
    if largest <= 0:
        raise UserError("--weights: the weights sum to 0; give at least one analyst a weight > 0")
    # scaled by the largest first, so weights near the float limit cannot overflow their sum
    scaled = {name: w / largest for name, w in values.items()}
    total = sum(scaled.values())
    return {name: w / total for name, w in scaled.items()}


def pool(distributions: Mapping[str, np.ndarray], weights: Mapping[str, float],
         method: str) -> np.ndarray:
    """One node's pooled distribution from each analyst's (weights already normalised)."""
    names = list(distributions)
    stacked = np.stack([np.asarray(distributions[n], dtype=float) for n in names])
    w = np.array([weights[n] for n in names])
    if method == "linear":
        return w @ stacked
    if method != "log":
        raise UserError(f"--pool {method!r}: use linear or log")
    counted = w > 0
    stacked, w = stacked[counted], w[counted]
    possible = np.all(stacked > 0, axis=0)
    if not possible.any():
        raise UserError("the logarithmic pool is undefined: every outcome is impossible for at "
                        "least one analyst; use --pool linear or change the weights")
    logs = w @ np.log(np.where(possible, stacked, 1.0))
    pooled = np.where(possible, np.exp(logs - logs[possible].max()), 0.0)
    return pooled / pooled.sum()


def pool_all(per_analyst: Mapping[str, Mapping[str, np.ndarray]], weights: Mapping[str, float],
             method: str) -> dict[str, np.ndarray]:
    """Every target's pool: `per_analyst` maps analyst -> node -> posterior."""
    first = next(iter(per_analyst.values()))
    return {node: pool({a: post[node] for a, post in per_analyst.items()}, weights, method)
            for node in first}


def spread(per_analyst: Mapping[str, Mapping[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Per node and state, the largest minus the smallest analyst's probability."""
    first = next(iter(per_analyst.values()))
    return {node: np.ptp(np.stack([post[node] for post in per_analyst.values()]), axis=0)
            for node in first}
