"""What each item of evidence did: leave-one-out shifts, diagnosticity, and the sequence.

All of it comes from one batched contraction: batch entries are the posterior with every
finding, without each one in turn, with none (the prior), and with the first k findings.
Diagnosticity is the likelihood of the finding under each outcome state given the other
evidence, P(finding | outcome, others), so that posterior ∝ without × diagnosticity holds
exactly: the column an analysis-of-competing-hypotheses matrix shows for that finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..domain.evidence import Finding
from ..domain.network import Network
from ..domain.numbers import distribution as _dist
from ..domain.numbers import stable as _r
from ..domain.window import Window, convert
from ..engine import compiled


def explain(network: Network, findings: Sequence[Finding], target: str,
            groups: Sequence[tuple[Sequence[int], Sequence[str]]] = (),
            window: Window | None = None, state: str | None = None) -> dict[str, Any]:
    """Leave-one-out shifts, diagnosticity and the sequence for `target`, and for each group of
    findings that share an origin, the target without the whole group (what the shared report
    does as one piece of evidence); `state` is the outcome the reader asks about (default:
    the lead), reported as `state`.

    With a `window`, every distribution shown (prior, posterior, without, sequence, groups) and
    so every shift is for the target's remaining window; diagnosticity stays the likelihood
    of the finding under each outcome of the elicited window, where evidence enters.
    """
    n = len(findings)
    states = network[target].states
    # masks[b, i] = whether finding i is applied in batch entry b
    masks = [np.ones(n, bool)]                        # 0: all
    masks += [np.arange(n) != i for i in range(n)]    # 1..n: all but i
    masks += [np.arange(n) < k for k in range(n)]     # n+1..2n: the first k (k=0 is the prior)
    masks += [~np.isin(np.arange(n), list(members)) for members, _ in groups]  # 2n+1..: all but a group
    mask = np.array(masks)
    if n:
        evidence: dict[str, np.ndarray] = {}
        for i, f in enumerate(findings):  # several findings on one node multiply
            term = np.where(mask[:, i, None], f.likelihood[None, :], 1.0)
            evidence[f.node] = evidence[f.node] * term if f.node in evidence else term
        joint = compiled.joint(network, (target,), evidence)
    else:
        joint = compiled.joint(network, (target,), {})[None, :]
    shown = _normalise(joint) if window is None else convert(_normalise(joint), window.ratio)
    posterior_all = shown[0]
    prior = shown[n + 1] if n else posterior_all
    lead = int(np.argmax(posterior_all))
    items = []
    for i, finding in enumerate(findings):
        without = shown[1 + i]
        with_diag = np.divide(joint[0], joint[1 + i], out=np.full(len(states), np.nan),
                              where=joint[1 + i] > 0)
        item = {
            "id": finding.ref, "node": finding.node, "state": finding.state, "grade": finding.grade,
            "origin": finding.origin,
            "source": dict(finding.source) if finding.source else None,
            "without": _dist(states, without),
            "shift": _dist(states, posterior_all - without),
            "diagnosticity": {s: (None if np.isnan(v) else _r(v)) for s, v in zip(
                states, with_diag, strict=True)},
        }
        items.append(item)
    sequence = []
    for k, finding in enumerate(findings):
        before = shown[n + 1 + k]
        after = shown[n + 2 + k] if k + 1 < n else posterior_all
        sequence.append({"node": finding.node, "label": _label(network, finding),
                         "before": _dist(states, before), "after": _dist(states, after)})
    shared = []
    for g, (members, reasons) in enumerate(groups):
        without = shown[2 * n + 1 + g]
        shared.append({"findings": [findings[m].ref for m in members], "reasons": list(reasons),
                       "without": _dist(states, without),
                       "shift": _dist(states, posterior_all - without)})
    return {
        "target": target,
        "prior": _dist(states, prior),
        "posterior": _dist(states, posterior_all),
        "lead": states[lead],
        "state": state or states[lead],
        "evidence": items,
        "sequence": sequence,
        "groups": shared,
    }


def _label(network: Network, finding: Finding) -> str:
    what = network[finding.node].label
    if finding.state:
        what += f" = {finding.state}"
    else:
        what += " (likelihood)"
    if finding.grade:
        what += f" [{finding.grade}]"
    return what


def _normalise(v: np.ndarray) -> np.ndarray:
    return v / v.sum(axis=-1, keepdims=True)
