"""The interval the confidence rule judges: its own draws, so the verdict does not move with
the seed or the number of draws the analyst asks for.

The bottom line shows the event's interval from the analyst's `--samples` and `--seed`; the
confidence rule instead measures the interval from RULE_DRAWS draws of its own (seed
RULE_SEED), with the Monte Carlo error of the width (a bootstrap over those draws). The rule
then grades the width plus twice that error: a width that sits on a threshold within its own
sampling noise takes the lower level, so no rerun with other draws could claim more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..domain.network import Network
from ..domain.window import Window, convert
from ..engine import compiled
from .uncertainty import sample_cpts

RULE_DRAWS = 4000
RULE_SEED = 0
BOOTSTRAP = 200
LEVEL = 0.9


@dataclass(frozen=True)
class RuleInterval:
    """The event's 90% interval over the rule's own draws, and its width's Monte Carlo error."""

    low: float
    high: float
    error: float  # standard error of the width (bootstrap)
    draws: int
    seed: int

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def graded(self) -> float:
        """What the rule grades: the width plus twice its error (the cautious side)."""
        return self.width + 2.0 * self.error


_KEPT: dict[str, RuleInterval] = {}
KEEP = 16


def rule_interval(network: Network, evidence: Mapping[str, np.ndarray], target: str,
                  states: Sequence[str], window: Window | None = None) -> RuleInterval:
    """The rule's interval; the same numbers, evidence and question give the same draws, so
    the result is kept (by a digest of them) for the next answer in this process."""
    key = _digest(network, evidence, target, states, window)
    if key not in _KEPT:
        if len(_KEPT) >= KEEP:
            _KEPT.pop(next(iter(_KEPT)))
        _KEPT[key] = _computed(network, evidence, target, states, window)
    return _KEPT[key]


def _digest(network: Network, evidence, target, states, window) -> str:
    import hashlib

    h = hashlib.sha256()
    for name, node in network.nodes.items():
        h.update(f"{name}|{node.parents}|{node.confidence}|{type(node.form).__name__}".encode())
        h.update(np.ascontiguousarray(node.cpt, dtype=float).tobytes())
    for name in sorted(evidence):
        h.update(name.encode())
        h.update(np.ascontiguousarray(evidence[name], dtype=float).tobytes())
    h.update(f"{target}|{list(states)}|{None if window is None else window.ratio}".encode())
    return h.hexdigest()


def _computed(network: Network, evidence: Mapping[str, np.ndarray], target: str,
              states: Sequence[str], window: Window | None) -> RuleInterval:
    rng = np.random.default_rng(RULE_SEED)
    relevant = network.ancestors([target, *evidence])
    cpts = sample_cpts(rng, network, RULE_DRAWS, [n for n in network.names if n in relevant])
    sampled = compiled.posteriors(network, [target], evidence, cpts=cpts)[target]
    if window is not None:
        sampled = convert(sampled, window.ratio)
    index = [network[target].index(s) for s in states]
    event = sampled[:, index].sum(axis=1)
    tail = (1.0 - LEVEL) / 2.0
    low, high = np.quantile(event, [tail, 1.0 - tail])
    picks = np.random.default_rng(RULE_SEED + 1).integers(0, len(event), (BOOTSTRAP, len(event)))
    resampled = np.quantile(event[picks], [tail, 1.0 - tail], axis=1)
    error = float(np.std(resampled[1] - resampled[0], ddof=1))
    return RuleInterval(float(low), float(high), error, RULE_DRAWS, RULE_SEED)
