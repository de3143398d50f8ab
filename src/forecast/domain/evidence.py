"""Evidence as likelihood vectors, whatever form the analyst wrote it in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

DEFAULT_RELIABILITY: Mapping[str, float] = {
    "A": 1.0, "B": 0.9, "C": 0.75, "D": 0.5, "E": 0.25, "F": 0.5,
}
DEFAULT_CREDIBILITY: Mapping[str, float] = {
    "1": 1.0, "2": 0.9, "3": 0.75, "4": 0.5, "5": 0.25, "6": 0.5,
}


@dataclass(frozen=True)
class GradeTables:
    """Weights of the Admiralty grades (DESIGN section 5); a model may override them."""

    reliability: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_RELIABILITY))
    credibility: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_CREDIBILITY))

    def weight(self, grade: str) -> float:
        """w = reliability[letter] * credibility[digit]: how far a report is taken at its word."""
        return self.reliability[grade[0]] * self.credibility[grade[1]]


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

    def describe(self) -> str:
        what = f"{self.node}={self.state}" if self.state else f"likelihood on {self.node}"
        if self.grade:
            what += f" ({self.grade})"
        return f"{what} at {self.where}" if self.where else what

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"node": self.node}
        if self.state is not None:
            out["state"] = self.state
        out["likelihood"] = [float(x) for x in self.likelihood]
        out["grade"] = self.grade
        out["weight"] = self.weight
        out["source"] = dict(self.source) if self.source else None
        if self.note:
            out["note"] = self.note
        return out


def graded_likelihood(card: int, index: int, weight: float) -> np.ndarray:
    """Virtual evidence of a graded report: 1 for the reported state, 1 - w for the others."""
    vector = np.full(card, 1.0 - weight)
    vector[index] = 1.0
    return vector


def hard_likelihood(card: int, index: int) -> np.ndarray:
    vector = np.zeros(card)
    vector[index] = 1.0
    return vector
