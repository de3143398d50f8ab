"""Use cases: the analyses a brief reports, for a pool of analysts, so that a pooled brief
carries one set of numbers.

A pool is not one network, but two of the analyses are of posteriors only and pool exactly:
- explain: each analyst's posterior with and without each finding, pooled; a finding's
  leave-one-out effect is the pool with it minus the pool without it;
- compare: each snapshot's targets pooled; with a linear pool the Shapley shares pool too
  (a Shapley share is linear in the game's value, and the pool's value is the weighted sum
  of the analysts'), so the pooled shares still add up to the pooled change. A logarithmic
  pool is not linear: its comparison carries the movement and no attribution.
Drivers (sensitivity) and indicators (value of information) stay on one network. No printing,
no writing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..analysis.compare import Comparison, Contribution, Movement
from ..analysis.pooling import pool
from ..domain.adjustment import Adjustment
from ..domain.numbers import ByState
from ..results import AnalysisResult, ComparisonResult


def _pooled(parts: Mapping[str, ByState], weights: Mapping[str, float], method: str) -> ByState:
    first = next(iter(parts.values()))
    return ByState(first.states, pool({n: p.array for n, p in parts.items()}, weights, method))


def pool_explanations(each: Mapping[str, AnalysisResult[Any]], weights: Mapping[str, float],
                      method: str, context: Any, state: str | None = None) -> AnalysisResult[Any]:
    """One explanation of the pool from each analyst's (same scenario, target and findings):
    prior, posterior and each finding's `without` pooled; shifts taken from the pools. The
    sequential steps and shared-origin groups are left out (they are one network's)."""
    parts = {n: r.analysis for n, r in each.items()}
    first = next(iter(parts.values()))
    prior = _pooled({n: e.prior for n, e in parts.items()}, weights, method)
    posterior = _pooled({n: e.posterior for n, e in parts.items()}, weights, method)
    effects = []
    for i, effect in enumerate(first.evidence):
        without = _pooled({n: e.evidence[i].without for n, e in parts.items()}, weights, method)
        shift = ByState(posterior.states, posterior.array - without.array)
        effects.append(dataclasses.replace(effect, without=without, shift=shift))
    lead = posterior.states[int(np.argmax([round(float(p), 12) for p in posterior.array]))]
    explanation = dataclasses.replace(first, prior=prior, posterior=posterior, lead=lead,
                                      state=state or lead, evidence=tuple(effects),
                                      sequence=(), groups=())
    return AnalysisResult(context, explanation, None)


def pool_comparisons(each: Mapping[str, ComparisonResult], weights: Mapping[str, float],
                     method: str, adjustments: Sequence[Adjustment]) -> ComparisonResult:
    """One comparison of the pool from each analyst's comparison of the same two snapshots."""
    parts = {n: r.comparison for n, r in each.items()}
    first = next(iter(parts.values()))
    targets = {t: Movement(_pooled({n: c.targets[t].before for n, c in parts.items()}, weights,
                                   method),
                           _pooled({n: c.targets[t].after for n, c in parts.items()}, weights,
                                   method))
               for t in first.targets}
    attribution: tuple[Contribution, ...] = ()
    if method == "linear":
        items: dict[str, Contribution] = {}
        for comparison in parts.values():
            for item in comparison.attribution:
                items.setdefault(item.item, item)
        pooled = []
        for name, item in items.items():
            shares = {}
            for t, movement in targets.items():
                total = np.zeros(len(movement.after.states))
                for analyst, comparison in parts.items():
                    own = next((c for c in comparison.attribution if c.item == name), None)
                    if own is not None:
                        total = total + weights[analyst] * own.contribution[t].array
                shares[t] = ByState(movement.after.states, total)
            pooled.append(dataclasses.replace(item, contribution=shares))
        attribution = tuple(sorted(pooled, key=lambda c: -c.largest()))
        kind = f"{first.method}, each analyst's shares in the linear pool"
    else:
        kind = "none: a logarithmic pool's change does not split into additive shares"
    result = next(iter(each.values()))
    return dataclasses.replace(result, adjustments=tuple(adjustments),
                               comparison=Comparison(targets, attribution, kind))
