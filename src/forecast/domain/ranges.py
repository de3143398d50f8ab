"""Stated ranges: the credible span an analyst gives one number of the model (DESIGN 8).

A probability's range is on one state of one distribution (a prior, or one table row);
moved within it, the row's other states share the rest in proportion. A ranked node's
weight may state a range too. Ranges are read by `sensitivity --sweep ranges`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, eq=False)  # one stated range is itself (hashable by identity)
class StatedRange:
    """One number with its stated span: `kind` prior | table (a probability: `state` of the
    row `given`), or weight (`weight` names the ranked node's parent)."""

    node: str
    kind: str
    value: float
    low: float
    high: float
    given: Mapping[str, str] = field(default_factory=dict)
    state: str | None = None
    weight: str | None = None
    at: str | None = None  # file:line where it is stated

    def __post_init__(self) -> None:
        object.__setattr__(self, "given", MappingProxyType(dict(self.given)))

    @property
    def probability(self) -> bool:
        return self.kind in ("prior", "table")

    @property
    def name(self) -> str:
        """How outputs name it: 'node[state | a=x, b=y]' or 'node weight on parent'."""
        if self.weight is not None:
            return f"{self.node} weight on {self.weight}"
        given = ", ".join(f"{k}={v}" for k, v in self.given.items())
        return f"{self.node}[{self.state}{' | ' + given if given else ''}]"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"node": self.node, "kind": self.kind}
        if self.weight is not None:
            out["weight"] = self.weight
        else:
            out["given"] = dict(self.given)
            out["state"] = self.state
        out.update({"value": self.value, "range": [self.low, self.high]})
        return out
