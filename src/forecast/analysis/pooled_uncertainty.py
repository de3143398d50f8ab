"""Intervals of a pool of analysts: every analyst's numbers drawn from their Dirichlets, and
the analysts' posteriors pooled draw by draw.

Draw i of every analyst comes from the same seed, so a pooled draw combines what each
analyst's model says under the same luck; the pool's interval is read from the pooled draws
(an interval of a pool is not the pool of the intervals). With one network this is exactly
`uncertainty.intervals`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..domain.network import Network
from .pooling import pool
from .uncertainty import Uncertainty, draws, from_draws


def pooled_draws(networks: Mapping[str, Network], weights: Mapping[str, float], method: str,
                 evidence: Mapping[str, np.ndarray], targets: Sequence[str], samples: int,
                 seed: int) -> dict[str, np.ndarray]:
    """Every target's pooled posterior per draw (draws x states)."""
    each = {name: draws(net, evidence, targets, samples, seed)
            for name, net in networks.items()}
    if len(each) == 1:
        return next(iter(each.values()))
    out = {}
    for target in targets:
        stacked = {name: draws[target] for name, draws in each.items()}
        if method == "linear":
            out[target] = sum(weights[name] * rows for name, rows in stacked.items())
        else:
            out[target] = np.stack([pool({n: rows[i] for n, rows in stacked.items()}, weights,
                                         method) for i in range(samples)])
    return out


def pooled_intervals(networks: Mapping[str, Network], weights: Mapping[str, float], method: str,
                     evidence: Mapping[str, np.ndarray], targets: Sequence[str], samples: int,
                     seed: int, level: float = 0.9) -> Uncertainty:
    """Equal-tailed `level` intervals of every target state of the pool."""
    sampled = pooled_draws(networks, weights, method, evidence, targets, samples, seed)
    return from_draws(next(iter(networks.values())), sampled, samples, seed, level)
