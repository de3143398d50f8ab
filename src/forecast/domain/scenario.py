"""A dated snapshot: evidence and prior adjustments applied to a network."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .evidence import Finding


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

    def likelihoods(self) -> dict[str, np.ndarray]:
        """Evidence as the engines take it: one likelihood vector per observed node."""
        return likelihoods(self.findings)


def likelihoods(findings: Iterable[Finding]) -> dict[str, np.ndarray]:
    """One likelihood vector per observed node: the product of its findings' likelihoods
    (independent reports), scaled by a power of two when thousands of them would make it
    smaller than a double holds (a constant factor leaves every posterior unchanged)."""
    out: dict[str, np.ndarray] = {}
    for finding in findings:
        if finding.node not in out:
            out[finding.node] = finding.likelihood
            continue
        product = out[finding.node] * finding.likelihood
        largest = float(product.max())
        if 0 < largest < 2.0**-100:
            product = np.ldexp(product, -math.frexp(largest)[1])
        out[finding.node] = product
    return out
