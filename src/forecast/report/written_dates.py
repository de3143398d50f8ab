"""When the numbers were set: a model's or an overlay's `written` date after the snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def written_lines(result: Mapping[str, Any]) -> list[str]:
    """One line for the model and for each analyst overlay whose numbers were set after the
    snapshot's as_of (from the result as JSON writes it); none when each was set by then."""
    scenario = result.get("scenario") or {}
    as_of = scenario.get("as_of")
    if not as_of:
        return []
    lines = []
    model = result.get("model") or {}
    if model.get("written") and model["written"] > as_of:
        lines.append(f"model numbers set on {model['written']}, after the snapshot "
                     f"(as_of {as_of})")
    for item in result.get("adjustments") or []:
        if item.get("kind") == "analyst" and item.get("written") and item["written"] > as_of:
            lines.append(f"analyst {item['analyst']}'s numbers set on {item['written']}, after "
                         f"the snapshot (as_of {as_of})")
    return lines
