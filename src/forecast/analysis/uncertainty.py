"""Second-order uncertainty: how much the answer moves if the numbers themselves are uncertain.

Every distribution the analyst wrote is drawn from a Dirichlet centred on it whose
concentration is the node's `confidence` (an equivalent sample size: 20 means "as sure as
if I had seen 20 cases"). Ranked nodes draw their normalised weights from a Dirichlet and
their variance from a gamma with the same mean. All samples are answered in one batched
contraction, and equal-tailed intervals are read off the sampled posteriors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..cpt import form_of
from ..cpt.parameters import dirichlet_rows
from ..cpt.ranked import Pending, Ranked, prefetch_normal_cdf
from ..domain.network import Network
from ..domain.numbers import ByState, freeze_fields
from ..domain.numbers import stable as _r
from ..domain.timing import time_of, timed_samples
from ..domain.window import Window
from ..engine import compiled

__all__ = ["Uncertainty", "dirichlet_rows", "intervals", "sample_cpts"]


def sample_cpts(rng: np.random.Generator, network: Network, n: int,
                nodes: Sequence[str] | None = None) -> dict[str, np.ndarray]:
    """n sampled CPTs for each node (shape (n, *cpt shape)), each node on its own parameters.

    On a network converted to its snapshot, a windowed node is drawn from what the analyst
    wrote and each draw converted; its quiet node follows from the same draws."""
    time = time_of(network)
    wanted = list(nodes or network.names)
    if time is None:
        written = {name: network[name] for name in wanted}
    else:
        quiet = time.quiet_nodes()
        needed = set(wanted) | {quiet[q] for q in wanted if q in quiet}
        written = {name: time.elicited.get(name, network[name]) for name in network.names
                   if name in needed and name not in quiet}
    forms = {name: form_of(node) for name, node in written.items()}
    for name, node in written.items():  # every declared allocation costed before any draw
        forms[name].allocation(node, "samples", n).check()
    prefetch_normal_cdf(forms.values(), n)
    # a ranked node's CPTs are built on worker threads while the other nodes are drawn (the
    # random numbers are drawn in the same order either way)
    pending = {name: forms[name].draw(rng, node, n) if isinstance(forms[name], Ranked)
               else forms[name].sample(rng, node, n) for name, node in written.items()}
    drawn = {name: d.result() if isinstance(d, Pending) else d for name, d in pending.items()}
    if time is None:
        return drawn
    sampled = timed_samples(network, drawn)
    return {name: sampled[name] for name in wanted}


@dataclass(frozen=True)
class Uncertainty:
    """Equal-tailed `level` intervals (`low`, `high`) and the mean of every target state's
    posterior over `samples` parameter draws (from `seed`)."""

    samples: int
    seed: int
    level: float
    low: Mapping[str, ByState]
    high: Mapping[str, ByState]
    mean: Mapping[str, ByState]

    def __post_init__(self) -> None:
        freeze_fields(self, "low", "high", "mean")

    def interval(self, node: str, state: str) -> tuple[float, float]:
        return self.low[node][state], self.high[node][state]

    def to_json(self) -> dict[str, Any]:
        """`intervals` and `uncertainty`, as a run result carries them."""
        return {"intervals": {t: {s: [_r(self.low[t][s]), _r(self.high[t][s])]
                                  for s in self.low[t]} for t in self.low},
                "uncertainty": {"samples": self.samples, "seed": self.seed, "level": self.level,
                                "mean": {t: m.to_json() for t, m in self.mean.items()}}}


def intervals(
    network: Network,
    evidence: Mapping[str, np.ndarray],
    targets: Sequence[str],
    samples: int,
    seed: int,
    level: float = 0.9,
    windows: Mapping[str, Window] | None = None,
) -> dict[str, Any]:
    """Equal-tailed intervals of every target state's posterior over sampled parameters.

    On a network converted to its snapshot every sampled table is converted before the
    posteriors are computed; `windows` only say which targets have one."""
    return from_draws(network, draws(network, evidence, targets, samples, seed), samples, seed,
                      level)


def draws(network: Network, evidence: Mapping[str, np.ndarray], targets: Sequence[str],
          samples: int, seed: int) -> dict[str, np.ndarray]:
    """Each target's posterior under `samples` draws of the network's numbers (draws x
    states)."""
    rng = np.random.default_rng(seed)
    relevant = network.ancestors([*targets, *evidence])
    cpts = sample_cpts(rng, network, samples, [n for n in network.names if n in relevant])
    return compiled.posteriors(network, list(targets), evidence, cpts=cpts)


def from_draws(network: Network, sampled: Mapping[str, np.ndarray], samples: int, seed: int,
               level: float) -> Uncertainty:
    """Equal-tailed `level` intervals and means of every target state over its draws."""
    tail = (1.0 - level) / 2.0
    low, high, mean = {}, {}, {}
    for target, rows in sampled.items():
        states = network[target].states
        low[target] = ByState(states, np.quantile(rows, tail, axis=0))
        high[target] = ByState(states, np.quantile(rows, 1.0 - tail, axis=0))
        mean[target] = ByState(states, rows.mean(axis=0))
    return Uncertainty(samples, seed, level, low, high, mean)
