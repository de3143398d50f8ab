"""Proposed findings: passages a watch drafted into a snapshot, waiting for an analyst.

A proposed finding is checked like any other (its node, its state, its quote) but is kept
apart from the scenario's findings, so no computation can use it; every output says how
many are waiting (a warning of kind `proposed`, which `--strict` turns into an error).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .integrity import Warning


@dataclass(frozen=True)
class Proposed:
    """A finding drafted from a passage: what it suggests (if anything) and its source."""

    node: str
    position: int  # 0-based place in the scenario's evidence list
    ordinal: int  # the k-th finding on its node (from 1), counting accepted ones too
    state: str | None = None
    likelihood: Mapping[str, float] | None = None
    source: Mapping[str, str] | None = None
    id: str | None = None
    where: str | None = None

    @property
    def ref(self) -> str:
        return self.id or f"{self.node}#{self.ordinal}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"node": self.node, "ref": self.ref, "state": self.state,
                               "likelihood": dict(self.likelihood) if self.likelihood else None,
                               "source": dict(self.source) if self.source else None}
        return out


def proposed_warnings(proposed: Sequence[Proposed]) -> list[Warning]:
    """One warning saying how many proposed findings wait, and which, when any do."""
    if not proposed:
        return []
    n = len(proposed)
    refs = [p.ref for p in proposed]
    return [Warning(
        "proposed", f"{n} proposed finding{'s' if n != 1 else ''} waiting for an analyst "
        f"({', '.join(refs)}): not used in any computation; grade each and remove "
        "`proposed: true` to use it, or delete it",
        {"count": n, "findings": refs})]


def waiting_count(evidence: Sequence[Any]) -> int:
    """Proposed findings among a scenario's evidence as written (the file's plain data)."""
    return sum(1 for f in evidence or () if isinstance(f, Mapping) and f.get("proposed") is True)


def waiting_text(count: int) -> str:
    return f"{count} proposed finding{'s' if count != 1 else ''} waiting for an analyst"
