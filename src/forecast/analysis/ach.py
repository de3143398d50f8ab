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
from typing import Any

from ..domain.numbers import stable as _r

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


def ach(explained: Mapping[str, Any]) -> dict[str, Any]:
    """The ACH matrix of an `explain` result: hypotheses x findings, marks, diagnosticity,
    the most discriminating findings and each hypothesis's inconsistency."""
    posterior = explained["posterior"]
    hypotheses = list(posterior)
    rows = []
    for i, item in enumerate(explained.get("evidence") or []):
        without = item["without"]
        factors = {h: _bayes_factor(float(without[h]), float(posterior[h])) for h in hypotheses}
        likelihoods = {h: item["diagnosticity"][h] for h in hypotheses}
        rows.append({
            "index": i, "node": item["node"], "state": item.get("state"),
            "grade": item.get("grade"),
            "likelihood": likelihoods,
            "bayes_factor": {h: (None if f is None else _r(f)) for h, f in factors.items()},
            "marks": {h: mark(f) for h, f in factors.items()},
            "diagnosticity": _ratio(likelihoods),
        })
    # None (rules a hypothesis out) is the most diagnostic of all
    ranked = sorted(rows, key=lambda r: (r["diagnosticity"] is not None,
                                         -(r["diagnosticity"] or 0.0), r["index"]))
    discriminating = [r["index"] for r in ranked[:DISCRIMINATING]
                      if r["diagnosticity"] is None or r["diagnosticity"] >= WEAK]
    summary = {}
    for h in hypotheses:
        against = [r["bayes_factor"][h] for r in rows if r["marks"][h] in {"I", "II"}]
        bits = sum(-math.log2(f) for f in against if f)
        summary[h] = {"posterior": posterior[h], "inconsistent": len(against),
                      "inconsistency_bits": _r(bits),
                      "ruled_out_by": [r["index"] for r in rows if r["bayes_factor"][h] is None]}
    return {
        "hypotheses": hypotheses,
        "marks": dict(MARK_MEANING),
        "findings": rows,
        "most_discriminating": discriminating,
        "summary": summary,
    }


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
    return None if low <= 0.0 else _r(high / low)
