"""A dated snapshot: evidence and prior adjustments applied to a network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .evidence import Finding, combine
from .proposed import Proposed
from .reference import Reference


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    as_of: dt.date
    horizon: dt.date | None
    targets: tuple[str, ...]
    findings: tuple[Finding, ...] = ()
    priors: Mapping[str, np.ndarray] = field(default_factory=dict)
    description: str | None = None
    references: tuple[Reference, ...] = ()  # outside views, shown and scored beside the model
    proposed: tuple[Proposed, ...] = ()  # drafted by a watch: checked, never computed with

    def likelihoods(self) -> dict[str, np.ndarray]:
        """Evidence as the engines take it: one likelihood vector per observed node (the
        product of the findings on it)."""
        return combine(self.findings)



likelihoods = combine  # one likelihood per node from findings, as the engines take them
