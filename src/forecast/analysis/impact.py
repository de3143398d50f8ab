"""What each item of evidence did: leave-one-out shifts, diagnosticity, and the sequence.

All of it comes from one batched contraction: batch entries are the posterior with every
finding, without each one in turn, with none (the prior), and with the first k findings.
Diagnosticity is the likelihood of the finding under each outcome state given the other
evidence, P(finding | outcome, others), so that posterior ∝ without × diagnosticity holds
exactly: the column an analysis-of-competing-hypotheses matrix shows for that finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from ..domain.evidence import Finding
from ..domain.network import Network
from ..domain.numbers import ByState
from ..domain.numbers import stable as _r
from ..engine import compiled


@dataclass(frozen=True)
class FindingEffect:
    """What one finding did: the target without it, the shift it causes (with all minus
    without) and its diagnosticity P(finding | outcome, other evidence), None where the
    other evidence rules that outcome out."""

    ref: str  # the finding's id, or node#k
    node: str
    state: str | None
    grade: str | None
    origin: str | None
    source: Mapping[str, Any] | None
    without: ByState
    shift: ByState
    diagnosticity: Mapping[str, float | None]
    grade_text: str | None = None  # the grade with its relay chain, for tables

    def to_json(self) -> dict[str, Any]:
        return {"id": self.ref, "node": self.node, "state": self.state, "grade": self.grade,
                "origin": self.origin, "source": dict(self.source) if self.source else None,
                "without": self.without.to_json(), "shift": self.shift.to_json(),
                "diagnosticity": {s: None if v is None else _r(v)
                                  for s, v in self.diagnosticity.items()}}


@dataclass(frozen=True)
class Step:
    """The target before and after one more finding, in the scenario's order."""

    node: str
    label: str
    before: ByState
    after: ByState

    def to_json(self) -> dict[str, Any]:
        return {"node": self.node, "label": self.label, "before": self.before.to_json(),
                "after": self.after.to_json()}


@dataclass(frozen=True)
class GroupEffect:
    """Findings that share an origin, taken out together: one report counted once."""

    findings: tuple[str, ...]
    reasons: tuple[str, ...]
    without: ByState
    shift: ByState

    def to_json(self) -> dict[str, Any]:
        return {"findings": list(self.findings), "reasons": list(self.reasons),
                "without": self.without.to_json(), "shift": self.shift.to_json()}


@dataclass(frozen=True)
class Explanation:
    """What the evidence did to the target: prior, posterior, the lead, the outcome asked
    about (`state`), each finding's effect, the sequence and the shared-origin groups."""

    target: str
    prior: ByState
    posterior: ByState
    lead: str
    state: str
    evidence: tuple[FindingEffect, ...]
    sequence: tuple[Step, ...]
    groups: tuple[GroupEffect, ...]

    @property
    def states(self) -> tuple[str, ...]:
        return self.posterior.states

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "prior": self.prior.to_json(),
                "posterior": self.posterior.to_json(), "lead": self.lead, "state": self.state,
                "evidence": [e.to_json() for e in self.evidence],
                "sequence": [s.to_json() for s in self.sequence],
                "groups": [g.to_json() for g in self.groups]}


def explain(network: Network, findings: Sequence[Finding], target: str,
            groups: Sequence[tuple[Sequence[int], Sequence[str]]] = (),
            state: str | None = None) -> Explanation:
    """Leave-one-out shifts, diagnosticity and the sequence for `target`, and for each group of
    findings that share an origin, the target without the whole group (what the shared report
    does as one piece of evidence); `state` is the outcome the reader asks about (default:
    the lead), reported as `state`.

    On a network converted to its snapshot (`domain.timing`) every distribution is for the
    snapshot's span, and the quiet days are a finding like any other.
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
    shown = _normalise(joint)
    posterior_all = shown[0]
    prior = shown[n + 1] if n else posterior_all
    lead = int(np.argmax(posterior_all))
    items = []
    for i, finding in enumerate(findings):
        without = shown[1 + i]
        with_diag = np.divide(joint[0], joint[1 + i], out=np.full(len(states), np.nan),
                              where=joint[1 + i] > 0)
        items.append(FindingEffect(
            finding.ref, finding.node, finding.state, finding.grade, finding.origin,
            MappingProxyType(dict(finding.source)) if finding.source else None,
            ByState(states, without), ByState(states, posterior_all - without),
            MappingProxyType({s: (None if np.isnan(v) else float(v))
                              for s, v in zip(states, with_diag, strict=True)}),
            finding.grade_text))
    sequence = []
    for k, finding in enumerate(findings):
        before = shown[n + 1 + k]
        after = shown[n + 2 + k] if k + 1 < n else posterior_all
        sequence.append(Step(finding.node, _label(network, finding), ByState(states, before),
                             ByState(states, after)))
    shared = []
    for g, (members, reasons) in enumerate(groups):
        without = shown[2 * n + 1 + g]
        shared.append(GroupEffect(tuple(findings[m].ref for m in members), tuple(reasons),
                                  ByState(states, without),
                                  ByState(states, posterior_all - without)))
    return Explanation(target, ByState(states, prior), ByState(states, posterior_all),
                       states[lead], state or states[lead], tuple(items), tuple(sequence),
                       tuple(shared))


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
