"""A model's number as a reader names it: node labels and plain state names, never
identifiers ("Moscow's plan for the Belarus axis: offensive", "when ... is hedges")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .chart_style import human


def parameter_words(row: Mapping[str, Any], labels: Mapping[str, str]) -> tuple[str, str]:
    """(what the number is, where it sits) for a sensitivity row."""
    def label(node: Any) -> str:
        return str(labels.get(str(node)) or human(str(node)))

    node, state, given = row.get("node"), row.get("state"), dict(row.get("given") or {})
    kind = row.get("kind")
    if kind == "weight":
        weight = given.get("weight", "?")
        what = label(weight) if weight in labels else human(str(weight))
        return f"Weight of {what}", f"in {label(node)} (ranked node)"
    if kind == "variance":
        return f"Spread (variance) of {label(node)}", "ranked node"
    head = f"{label(node)}: {human(str(state))}"
    if kind == "leak":
        return head, "leak: with none of its causes present"
    if kind == "effect" and len(given) == 1:
        (parent, pstate), = given.items()
        return head, f"caused by {label(parent)} being {human(pstate)} alone"
    if given:
        return head, "when " + "; ".join(f"{label(p)} is {human(s)}" for p, s in given.items())
    return head, "prior, before any evidence"
