"""The adjustments in force for a run, typed: a scenario's prior, an analyst's own numbers,
a --set. Each says itself in words (`describe`, the one wording every table, chart and
brief prints) and writes the `adjustments` JSON entry scripts read (`to_json`);
`adjustment_from_json` reads such an entry back, for charts drawn from result files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .numbers import freeze_fields, thawed

if TYPE_CHECKING:
    from .overlay import Overlay


@dataclass(frozen=True)
class ScenarioPrior:
    """A root prior the scenario sets, as applied (the `priors` JSON's rounded numbers)."""

    node: str
    p: Mapping[str, float]
    kind = "scenario prior"

    def __post_init__(self) -> None:
        freeze_fields(self, "p")

    def describe(self) -> str:
        values = ", ".join(f"{s} {100 * p:.1f}%" for s, p in self.p.items())
        return f"scenario prior {self.node}: {values}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "node": self.node, "p": dict(self.p)}


@dataclass(frozen=True)
class AnalystNumbers:
    """An analyst's overlay: whose, when, from which file, why, and the nodes it replaces."""

    analyst: str
    date: str | None  # ISO dates, as the overlay file gives them
    file: str | None
    rationale: str | None
    nodes: tuple[str, ...]
    written: str | None = None
    node_rationales: Mapping[str, str] = field(default_factory=dict)
    kind = "analyst"

    def __post_init__(self) -> None:
        freeze_fields(self, "node_rationales")

    @classmethod
    def of(cls, overlay: Overlay) -> AnalystNumbers:
        return cls(overlay.analyst, overlay.date.isoformat() if overlay.date else None,
                   overlay.file, overlay.rationale, tuple(overlay.changed()),
                   overlay.written.isoformat() if overlay.written is not None else None,
                   {n: v.rationale for n, v in overlay.nodes.items() if v.rationale})

    def describe(self) -> str:
        where = f", {self.file}" if self.file else ""
        who = f"analyst {self.analyst} ({self.date or 'undated'}{where})"
        if not self.nodes:  # an empty overlay: the analyst takes the model's numbers as they are
            return f"{who}: the model's own numbers, none replaced"
        return f"{who}: own numbers for {', '.join(self.nodes)}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "analyst": self.analyst, "date": self.date,
                               "file": self.file, "rationale": self.rationale,
                               "nodes": list(self.nodes)}
        if self.written is not None:
            out["written"] = self.written
        if self.node_rationales:
            out["node_rationales"] = thawed(self.node_rationales)
        return out


@dataclass(frozen=True)
class SetOverride:
    """A `--set NODE=STATE` (or a distribution) given on the command line."""

    text: str
    kind = "--set"

    def describe(self) -> str:
        return f"--set {self.text}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}


Adjustment = ScenarioPrior | AnalystNumbers | SetOverride


def adjustment_from_json(item: Mapping[str, Any]) -> Adjustment:
    """An `adjustments` entry of a result file, typed again."""
    if item["kind"] == "scenario prior":
        return ScenarioPrior(item["node"], dict(item["p"]))
    if item["kind"] == "--set":
        return SetOverride(item["text"])
    return AnalystNumbers(item["analyst"], item.get("date"), item.get("file"),
                          item.get("rationale"), tuple(item.get("nodes") or ()),
                          item.get("written"), dict(item.get("node_rationales") or {}))
