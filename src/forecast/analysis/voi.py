"""Value of information: which unobserved node would tell us most about the target.

For every unobserved node X, one batched contraction gives P(target, X = x, e) for all its
states at once (batch entries are the states of all candidate nodes). From it: the mutual
information I(target; X | e) in bits, the posterior of the target under each finding, and
whether any possible finding would change the most likely outcome (a tripwire).

For a target with a window, the question is about the converted target Y: after seeing
X = x one would report convert(P(target | x, e)), so Y given x is that distribution and the
joint is P(x | e) convert(P(target | x, e)). The mutual information, the posteriors under
each finding and the tripwires are all of Y. (Y's marginal is then the mixture of the
converted posteriors, not the converted posterior reported as `posterior`: the conversion
is not linear.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..domain.network import Network
from ..domain.numbers import stable as _r
from ..domain.window import Window, convert
from ..engine import compiled


def value_of_information(network: Network, evidence: Mapping[str, np.ndarray],
                         target: str, window: Window | None = None) -> dict[str, Any]:
    states = network[target].states
    candidates = [n for n in network.names if n != target and n not in evidence]
    base = compiled.joint(network, (target,), evidence)
    posterior = base / base.sum()
    if window is not None:
        posterior = convert(posterior, window.ratio)
    lead = int(np.argmax(posterior))
    entries = [(name, k) for name in candidates for k in range(network[name].card)]
    rows = []
    if entries:
        batched = {}
        for name in candidates:
            vectors = np.ones((len(entries), network[name].card))
            for b, (other, k) in enumerate(entries):
                if other == name:
                    vectors[b] = 0.0
                    vectors[b, k] = 1.0
            batched[name] = vectors
        merged = {k: np.broadcast_to(v, (len(entries), len(v))) for k, v in evidence.items()}
        merged.update(batched)
        joint = compiled.joint(network, (target,), merged)  # (entries, card_target)
        start = 0
        for name in candidates:
            card = network[name].card
            block = joint[start:start + card] / base.sum()  # P(x, t | e)
            start += card
            if window is not None:
                block = _converted_block(block, window)
            rows.append(_node_row(network, name, block, states, lead))
    rows.sort(key=lambda r: (-r["mutual_information_bits"], r["node"]))
    return {
        "target": target,
        "posterior": {s: _r(p) for s, p in zip(states, posterior, strict=True)},
        "lead": states[lead],
        "nodes": rows,
    }


def _converted_block(block: np.ndarray, window: Window) -> np.ndarray:
    """P(x | e) convert(P(target | x, e)): the joint of X and the converted target."""
    p_x = block.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional = np.where(p_x > 0, block / p_x, 0.0)
    return p_x * convert(conditional, window.ratio)


def _node_row(network: Network, name: str, block: np.ndarray, states, lead: int) -> dict:
    p_x = block.sum(axis=1)
    p_t = block.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = block / (p_x[:, None] * p_t[None, :])
        terms = np.where(block > 0, block * np.log2(ratio), 0.0)
    mi = max(float(terms.sum()), 0.0)
    if_observed: dict[str, Any] = {}
    flips = []
    for k, state in enumerate(network[name].states):
        if p_x[k] <= 0:
            if_observed[state] = None
            continue
        conditional = block[k] / p_x[k]
        if_observed[state] = {s: _r(p) for s, p in zip(states, conditional, strict=True)}
        if int(np.argmax(conditional)) != lead:
            flips.append(state)
    return {
        "node": name,
        "label": network[name].label,
        "mutual_information_bits": _r(mi),
        "probability": {s: _r(p) for s, p in zip(network[name].states, p_x, strict=True)},
        "if_observed": if_observed,
        "flips_lead": bool(flips),
        "tripwires": flips,
    }
