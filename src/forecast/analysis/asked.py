"""The event the question asks about, and how sure the model's own numbers let us be of it.

For an ordered outcome (a node with `window_days`, whose first state means "nothing
happened", or a ranked node) the question is whether anything happens: the event is "any
escalation", every state but the first, P = 1 - P(first state), reported with each level.
Otherwise it is the state the analyst names (`--target NODE=STATE`), or the most likely one.

Its interval comes from the same Dirichlet draws of the model's numbers as `run --samples`:
the event's probability is summed per draw before the quantiles are taken (an interval of a
sum is not the sum of the intervals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..domain.network import Network
from ..domain.numbers import stable as _r
from ..engine import compiled
from .uncertainty import sample_cpts


def is_ordered(network: Network, target: str) -> bool:
    """An outcome whose first state is 'nothing happened' and whose others escalate."""
    node = network[target]
    return bool(node.meta.get("window_days")) or getattr(node.form, "kind", "") == "ranked"


def asked_event(network: Network, target: str, state: str | None,
                posterior: Mapping[str, float]) -> dict[str, Any]:
    """{kind, target, states (the event's states), probability, levels}: 'escalation' for an
    ordered outcome unless a state is named, else 'state'."""
    states = list(network[target].states)
    if state is None and is_ordered(network, target) and len(states) > 1:
        chosen = states[1:]
        kind = "escalation"
    else:
        chosen = [state or max(states, key=lambda s: (float(posterior[s]), -states.index(s)))]
        kind = "state"
    return {
        "kind": kind,
        "target": target,
        "states": chosen,
        "probability": _r(sum(float(posterior[s]) for s in chosen)),
        "levels": {s: _r(float(posterior[s])) for s in states},
    }


def question_event(network: Network, question: Mapping[str, Any],
                   posterior: Mapping[str, float]) -> dict[str, Any]:
    """The event the model's `question` names: {kind 'question', text, target, states,
    probability, levels}."""
    states = list(network[question["node"]].states)
    chosen = [s for s in states if s in question["event"]]  # in the node's own order
    return {
        "kind": "question",
        "text": question["text"],
        "target": question["node"],
        "states": chosen,
        "probability": _r(sum(float(posterior[s]) for s in chosen)),
        "levels": {s: _r(float(posterior[s])) for s in states},
    }


def event_interval(network: Network, evidence: Mapping[str, np.ndarray], target: str,
                   states: Sequence[str], samples: int, seed: int, level: float = 0.9
                   ) -> list[float]:
    """The equal-tailed `level` interval of P(event | evidence) over sampled model numbers
    (on a converted network, each sampled table converted like the written one)."""
    sampled = posterior_draws(network, evidence, target, samples, seed)
    return draws_interval(network, target, sampled, states, level)


def posterior_draws(network: Network, evidence: Mapping[str, np.ndarray], target: str,
                    samples: int, seed: int) -> np.ndarray:
    """P(target | evidence) under `samples` Dirichlet draws of the model's numbers (one row
    a draw; on a converted network each drawn table is converted before inference)."""
    rng = np.random.default_rng(seed)
    relevant = network.ancestors([target, *evidence])
    cpts = sample_cpts(rng, network, samples, [n for n in network.names if n in relevant])
    sampled = compiled.posteriors(network, [target], evidence, cpts=cpts)[target]
    return sampled


def draws_interval(network: Network, target: str, sampled: np.ndarray, states: Sequence[str],
                   level: float = 0.9) -> list[float]:
    """The equal-tailed `level` interval of the event (the sum of `states`) over the draws:
    summed per draw before the quantiles are taken."""
    index = [network[target].index(s) for s in states]
    event = sampled[:, index].sum(axis=1)
    tail = (1.0 - level) / 2.0
    return [_r(np.quantile(event, tail)), _r(np.quantile(event, 1.0 - tail))]
