"""Evidence as likelihood vectors, whatever form the analyst wrote it in."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

DEFAULT_RELIABILITY: Mapping[str, float] = {
    "A": 1.0, "B": 0.9, "C": 0.75, "D": 0.5, "E": 0.25, "F": 0.5,
}
# 5, "improbable", weighs nothing: an improbable report is recorded and shown but never
# supports its claim (DESIGN section 5). F and 6 are "cannot be judged": the middle, not false.
DEFAULT_CREDIBILITY: Mapping[str, float] = {
    "1": 1.0, "2": 0.9, "3": 0.75, "4": 0.5, "5": 0.0, "6": 0.5,
}


@dataclass(frozen=True)
class GradeTables:
    """Weights of the Admiralty grades (DESIGN section 5); a model may override them."""

    reliability: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_RELIABILITY))
    credibility: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_CREDIBILITY))

    def weight(self, grade: str) -> float:
        """w = reliability[letter] * credibility[digit]: how far a report is taken at its word."""
        return self.reliability[grade[0]] * self.credibility[grade[1]]

    def through(self, letter: str, via: Iterable[Relay]) -> str:
        """The reliability letter a report keeps after its relays: the link that weighs least
        in the reliability table (the speaker's own letter first, so a tie keeps it)."""
        chain = [letter, *(relay.reliability for relay in via)]
        return min(chain, key=lambda link: self.reliability[link])


@dataclass(frozen=True)
class Relay:
    """One link a report passed through between its speaker and the page quoted."""

    name: str
    reliability: str  # A-F, the relay's own reliability letter

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "reliability": self.reliability}


@dataclass(frozen=True)
class Finding:
    """One item of evidence on one node, reduced to a likelihood over the node's states."""

    node: str
    likelihood: np.ndarray
    state: str | None = None
    grade: str | None = None
    weight: float | None = None
    source: Mapping[str, str] | None = None
    note: str | None = None
    where: str | None = None  # file:line where the analyst wrote it, for messages
    id: str | None = None
    origin: str | None = None  # the event or speaker the report traces to
    position: int | None = None  # 0-based place in the scenario's evidence list
    ordinal: int = 1  # the k-th finding on its node (from 1), for `node#k`
    kind: str = "report"  # report: what a source says; quiet: days in which nothing happened
    via: tuple[Relay, ...] = ()  # the relays between the speaker and the page quoted
    stated_grade: str | None = None  # the grade as written, before the relays (None: none)

    def __post_init__(self) -> None:
        # read-only, so that no reader of a loaded scenario can change what later analyses
        # of it compute
        likelihood = np.array(self.likelihood, dtype=float)
        likelihood.setflags(write=False)
        object.__setattr__(self, "likelihood", likelihood)
        if self.source is not None:
            object.__setattr__(self, "source", MappingProxyType(dict(self.source)))

    @property
    def ref(self) -> str:
        """How outputs name this finding: its `id`, else `node#k` for the k-th finding on its
        node (stable while the findings on that node keep their order)."""
        return self.id or f"{self.node}#{self.ordinal}"

    @property
    def grade_text(self) -> str | None:
        """The grade used, and, when relays lowered or kept it, how: 'F2 (B2 via a slideshow F)'."""
        if not self.grade or not self.via:
            return self.grade
        chain = ", ".join(f"{relay.name} {relay.reliability}" for relay in self.via)
        return f"{self.grade} ({self.stated_grade or self.grade} via {chain})"

    def describe(self) -> str:
        what = f"{self.node}={self.state}" if self.state else f"likelihood on {self.node}"
        if self.grade:
            what += f" ({self.grade})"
        return f"{what} at {self.where}" if self.where else what

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"node": self.node}
        if self.id is not None:
            out["id"] = self.id
        if self.state is not None:
            out["state"] = self.state
        out["likelihood"] = [float(x) for x in self.likelihood]
        out["grade"] = self.grade
        out["weight"] = self.weight
        out["source"] = dict(self.source) if self.source else None
        if self.via:
            out["stated_grade"] = self.stated_grade
            out["via"] = [relay.to_json() for relay in self.via]
        if self.origin is not None:
            out["origin"] = self.origin
        if self.note:
            out["note"] = self.note
        if self.kind != "report":
            out["kind"] = self.kind
        return out


def combine(findings: Iterable[Finding]) -> dict[str, np.ndarray]:
    """Evidence as the engines take it: one likelihood per node, the product of the findings on
    it (independent reports multiply), in the order the nodes first appear; scaled by a power
    of two when thousands of them would make it smaller than a double holds (a constant factor
    leaves every posterior unchanged)."""
    combined: dict[str, np.ndarray] = {}
    for finding in findings:
        if finding.node not in combined:
            combined[finding.node] = np.asarray(finding.likelihood, dtype=float)
            continue
        product = combined[finding.node] * finding.likelihood
        largest = float(product.max())
        if 0 < largest < 2.0**-100:
            product = np.ldexp(product, -math.frexp(largest)[1])
        combined[finding.node] = product
    return combined


def graded_likelihood(card: int, index: int, weight: float) -> np.ndarray:
    """Virtual evidence of a graded report: 1 for the reported state, 1 - w for the others."""
    vector = np.full(card, 1.0 - weight)
    vector[index] = 1.0
    return vector


def tempered_likelihood(vector: np.ndarray, weight: float) -> np.ndarray:
    """A graded soft report: its likelihoods (scaled so the largest is 1) moved toward 1 by the
    grade's weight, (1 - w) + w * L. A hard report graded the same way is the special case
    L = the indicator of the reported state (`graded_likelihood`)."""
    vector = np.asarray(vector, dtype=float)
    return (1.0 - weight) + weight * (vector / float(vector.max()))


def hard_likelihood(card: int, index: int) -> np.ndarray:
    vector = np.zeros(card)
    vector[index] = 1.0
    return vector
