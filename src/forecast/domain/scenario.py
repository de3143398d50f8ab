"""A dated snapshot: evidence and prior adjustments applied to a network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .evidence import Finding, combine
from .outside import BaseRate, View
from .proposed import Proposed


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
    base_rates: tuple[BaseRate, ...] = ()  # the outside view: counted reference classes
    views: tuple[View, ...] = ()  # other people's numbers on the events they named
    proposed: tuple[Proposed, ...] = ()  # drafted by a watch: checked, never computed with
    quiet_since: dt.date | None = None  # nothing above a windowed node's first state since

    @property
    def reports(self) -> tuple[Finding, ...]:
        """The findings sources gave (without the quiet days the tool adds)."""
        return tuple(f for f in self.findings if f.kind == "report")

    def likelihoods(self) -> dict[str, np.ndarray]:
        """Evidence as the engines take it: one likelihood vector per observed node (the
        product of the findings on it)."""
        return combine(self.findings)



likelihoods = combine  # one likelihood per node from findings, as the engines take them
