"""When the numbers were set: a model's or an overlay's `written` date after the snapshot."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..domain.overlay import Overlay
    from ..spec.load import LoadedScenario


def written_lines(loaded: LoadedScenario | None, overlays: Sequence[Overlay] = ()) -> list[str]:
    """One line for the model and for each analyst overlay whose numbers were set after the
    snapshot's as_of; none when each was set by then (or there is no snapshot: a query)."""
    if loaded is None:
        return []
    as_of = loaded.scenario.as_of
    lines = []
    written = loaded.model.spec.written
    if written is not None and written > as_of:
        lines.append(f"model numbers set on {written.isoformat()}, after the snapshot "
                     f"(as_of {as_of.isoformat()})")
    for overlay in overlays:
        if overlay.written is not None and overlay.written > as_of:
            lines.append(f"analyst {overlay.analyst}'s numbers set on "
                         f"{overlay.written.isoformat()}, after the snapshot "
                         f"(as_of {as_of.isoformat()})")
    return lines
