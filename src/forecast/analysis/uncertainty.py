"""Second-order uncertainty: how much the answer moves if the numbers themselves are uncertain.

Every distribution the analyst wrote is drawn from a Dirichlet centred on it whose
concentration is the node's `confidence` (an equivalent sample size: 20 means "as sure as
if I had seen 20 cases"). Ranked nodes draw their normalised weights from a Dirichlet and
their variance from a gamma with the same mean. All samples are answered in one batched
contraction, and equal-tailed intervals are read off the sampled posteriors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..cpt.noisy_max import noisy_max_cpt
from ..cpt.ranked import ranked_cpt
from ..domain.network import Network, Node
from ..domain.numbers import stable as _r
from ..domain.window import Window, convert_all
from ..engine import compiled


def dirichlet_rows(rng: np.random.Generator, rows: np.ndarray, confidence: float,
                   n: int) -> np.ndarray:
    """n draws of every row (last axis) from Dirichlet(confidence * row); zeros stay zero."""
    alpha = np.broadcast_to(confidence * rows, (n, *rows.shape))
    draws = rng.standard_gamma(alpha)
    totals = draws.sum(axis=-1, keepdims=True)
    # a row whose draws all underflow to zero (tiny alpha) falls back on its centre
    fallback = np.broadcast_to(rows, draws.shape)
    return np.where(totals > 0, draws / np.where(totals > 0, totals, 1.0), fallback)


def sample_cpts(rng: np.random.Generator, network: Network, n: int,
                nodes: Sequence[str] | None = None) -> dict[str, np.ndarray]:
    """n sampled CPTs for each node (shape (n, *cpt shape)), each node on its own parameters."""
    out = {}
    for name in nodes or network.names:
        out[name] = sample_node(rng, network, network[name], n)
    return out


def sample_node(rng: np.random.Generator, network: Network, node: Node, n: int) -> np.ndarray:
    kind = getattr(node.form, "kind", "table")
    c = node.confidence
    if kind == "noisy_max":
        form = node.form
        leak = dirichlet_rows(rng, form.leak, c, n)
        effects = [dirichlet_rows(rng, e, c, n) for e in form.effects]
        return noisy_max_cpt(leak, effects)
    if kind == "ranked":
        form = node.form
        weights = np.asarray(form.weights, dtype=float)
        total = np.abs(weights).sum()
        shares = dirichlet_rows(rng, np.abs(weights) / total, c, n)
        sampled_weights = np.sign(weights) * shares * total
        variance = rng.gamma(shape=c / 2.0, scale=2.0 * form.variance / c, size=n)
        variance = np.maximum(variance, 1e-6)
        return ranked_cpt(form.function, sampled_weights, variance, form.parent_cards, form.card)
    return dirichlet_rows(rng, node.cpt, c, n)


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

    Windowed targets (`windows`) are converted sample by sample to their remaining window
    before the quantiles are read, so an interval is one of the reported probability."""
    rng = np.random.default_rng(seed)
    relevant = network.ancestors([*targets, *evidence])
    cpts = sample_cpts(rng, network, samples, [n for n in network.names if n in relevant])
    sampled = convert_all(compiled.posteriors(network, targets, evidence, cpts=cpts), windows or {})
    tail = (1.0 - level) / 2.0
    out: dict[str, Any] = {"intervals": {}, "mean": {}}
    for target in targets:
        states = network[target].states
        lo = np.quantile(sampled[target], tail, axis=0)
        hi = np.quantile(sampled[target], 1.0 - tail, axis=0)
        mean = sampled[target].mean(axis=0)
        out["intervals"][target] = {s: [_r(lo[i]), _r(hi[i])] for i, s in enumerate(states)}
        out["mean"][target] = {s: _r(mean[i]) for i, s in enumerate(states)}
    out["samples"] = samples
    out["seed"] = seed
    out["level"] = level
    return out
