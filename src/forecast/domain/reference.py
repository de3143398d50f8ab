"""An outside view: experts' or a base rate's distribution over a target's states, shown and
scored beside the model's forecast."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .numbers import distribution


@dataclass(frozen=True)
class Reference:
    name: str
    target: str
    states: tuple[str, ...]
    p: np.ndarray
    basis: str | None = None           # how the words were turned into numbers
    source: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "p": distribution(self.states, self.p),
                "basis": self.basis, "source": dict(self.source) if self.source else None}
