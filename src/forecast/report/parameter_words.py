"""A model's number as a reader names it: node labels and plain state names, never
identifiers ("Moscow's plan for the Belarus axis: offensive", "when ... is hedges")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .chart_style import human


def parameter_words(row: Mapping[str, Any], labels: Mapping[str, str]) -> tuple[str, str]:
    """(what the number is, where it sits) for a sensitivity row as JSON writes it (the charts
    draw result files; the what-if page's rows are JSON too)."""
    return number_words(str(row.get("node")), row.get("kind"), row.get("state"),
                        dict(row.get("given") or {}), labels)


def number_words(node: str, kind: str | None, state: str | None, given: Mapping[str, str],
                 labels: Mapping[str, str]) -> tuple[str, str]:
    """(what the number is, where it sits): a typed ParameterSweep's node, kind, state and
    the parent states it is given."""
    def label(name: Any) -> str:
        return str(labels.get(str(name)) or human(str(name)))

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
