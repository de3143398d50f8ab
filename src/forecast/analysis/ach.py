"""Analysis of competing hypotheses (Heuer): the target's states against the findings.

Built from `explain`'s exact numbers. For finding f and hypothesis h, the likelihood
P(f | h, other evidence) is `diagnosticity[h]`. Its Bayes factor for h against the other
hypotheses (weighted by their probabilities without f) is

    BF(f, h) = P(f | h, rest) / P(f | not h, rest) = odds(h | all) / odds(h | all but f),

and the marks follow from it, symmetric on a log scale:

    CC  BF >= 2        strongly consistent: the finding at least doubles the odds of h
    C   1.1 <= BF < 2   consistent
    N   1/1.1 < BF < 1.1  neutral: moves the odds of h by less than 10%
    I   1/2 < BF <= 1/1.1  inconsistent
    II  BF <= 1/2      strongly inconsistent: the finding at least halves the odds of h

A finding's diagnosticity is the ratio of its largest to its smallest likelihood over the
hypotheses (1 = it cannot tell them apart). Heuer's advice is to weigh inconsistency: each
hypothesis gets the count of I/II marks and its inconsistency in bits, the sum over findings
of -log2 BF where BF < 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..domain.numbers import stable as _r
from .impact import Explanation

STRONG = 2.0
WEAK = 1.1
MARKS = ("CC", "C", "N", "I", "II")
MARK_MEANING = {
    "CC": f"strongly consistent (Bayes factor >= {STRONG:g})",
    "C": f"consistent ({WEAK:g} to {STRONG:g})",
    "N": f"neutral (between 1/{WEAK:g} and {WEAK:g})",
    "I": f"inconsistent (1/{STRONG:g} to 1/{WEAK:g})",
    "II": f"strongly inconsistent (<= 1/{STRONG:g})",
}
DISCRIMINATING = 3  # findings named as the most discriminating


def mark(bayes_factor: float | None) -> str:
    """The ACH mark of a Bayes factor (None: the finding rules the hypothesis out)."""
    if bayes_factor is None or bayes_factor <= 1.0 / STRONG:
        return "II"
    if bayes_factor >= STRONG:
        return "CC"
    if bayes_factor >= WEAK:
        return "C"
    if bayes_factor > 1.0 / WEAK:
        return "N"
    return "I"


@dataclass(frozen=True)
class FindingMarks:
    """One finding against every hypothesis: likelihoods, Bayes factors (None: the finding
    rules the hypothesis out), marks, and its diagnosticity (largest over smallest
    likelihood; None when one hypothesis is ruled out)."""

    index: int  # the finding's place in the explain result's evidence
    node: str
    state: str | None
    grade: str | None
    likelihood: Mapping[str, float | None]
    bayes_factor: Mapping[str, float | None]
    marks: Mapping[str, str]
    diagnosticity: float | None

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "node": self.node, "state": self.state,
                "grade": self.grade, "likelihood": _written(self.likelihood),
                "bayes_factor": _written(self.bayes_factor), "marks": dict(self.marks),
                "diagnosticity": None if self.diagnosticity is None else _r(self.diagnosticity)}


@dataclass(frozen=True)
class HypothesisSummary:
    """A hypothesis's standing: its posterior, how many findings argue against it and how
    strongly (bits), and which findings rule it out."""

    posterior: float
    inconsistent: int
    inconsistency_bits: float
    ruled_out_by: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {"posterior": _r(self.posterior), "inconsistent": self.inconsistent,
                "inconsistency_bits": _r(self.inconsistency_bits),
                "ruled_out_by": list(self.ruled_out_by)}


@dataclass(frozen=True)
class CompetingHypotheses:
    """The ACH matrix: hypotheses x findings, the most discriminating findings and each
    hypothesis's inconsistency."""

    hypotheses: tuple[str, ...]
    findings: tuple[FindingMarks, ...]
    most_discriminating: tuple[int, ...]
    summary: Mapping[str, HypothesisSummary]

    def to_json(self) -> dict[str, Any]:
        return {"hypotheses": list(self.hypotheses), "marks": dict(MARK_MEANING),
                "findings": [f.to_json() for f in self.findings],
                "most_discriminating": list(self.most_discriminating),
                "summary": {h: s.to_json() for h, s in self.summary.items()}}


def ach(explained: Explanation) -> CompetingHypotheses:
    """The ACH matrix of an `explain` result: hypotheses x findings, marks, diagnosticity,
    the most discriminating findings and each hypothesis's inconsistency."""
    posterior = explained.posterior
    hypotheses = posterior.states
    rows = []
    for i, item in enumerate(explained.evidence):
        factors = {h: _bayes_factor(item.without[h], posterior[h]) for h in hypotheses}
        likelihoods = {h: item.diagnosticity[h] for h in hypotheses}
        marks = {h: mark(None if f is None else _r(f)) for h, f in factors.items()}
        rows.append(FindingMarks(i, item.node, item.state, item.grade,
                                 MappingProxyType(likelihoods), MappingProxyType(factors),
                                 MappingProxyType(marks), _ratio(likelihoods)))
    # None (rules a hypothesis out) is the most diagnostic of all; marks, the ranking and the
    # threshold are decided on the values as written, so every machine decides alike
    ranked = sorted(rows, key=lambda r: (r.diagnosticity is not None,
                                         -_written_or_zero(r.diagnosticity), r.index))
    discriminating = tuple(r.index for r in ranked[:DISCRIMINATING]
                           if r.diagnosticity is None or _r(r.diagnosticity) >= WEAK)
    summary = {}
    for h in hypotheses:
        against = [r.bayes_factor[h] for r in rows if r.marks[h] in {"I", "II"}]
        bits = sum(-math.log2(f) for f in against if f)
        summary[h] = HypothesisSummary(posterior[h], len(against), bits,
                                       tuple(r.index for r in rows if r.bayes_factor[h] is None))
    return CompetingHypotheses(tuple(hypotheses), tuple(rows), discriminating,
                               MappingProxyType(summary))


def _written_or_zero(value: float | None) -> float:
    return 0.0 if value is None else _r(value)


def _written(values: Mapping[str, float | None]) -> dict[str, float | None]:
    return {k: None if v is None else _r(v) for k, v in values.items()}


def _odds(p: float) -> float:
    return math.inf if p >= 1.0 else p / (1.0 - p)


def _bayes_factor(without: float, with_: float) -> float | None:
    """odds(h | all) / odds(h | all but f); None when f rules h out."""
    if with_ <= 0.0:
        return None if without > 0.0 else 1.0
    if without <= 0.0 or without >= 1.0 or with_ >= 1.0:
        return 1.0  # certain either way: the finding does not move h
    return _odds(with_) / _odds(without)


def _ratio(likelihoods: Mapping[str, float | None]) -> float | None:
    """Largest over smallest likelihood; None when the smallest is zero (rules one out)."""
    values = [float(v) for v in likelihoods.values() if v is not None]
    if not values:
        return 1.0
    low, high = min(values), max(values)
    return None if low <= 0.0 else high / low
