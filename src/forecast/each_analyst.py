"""Sensitivity, explain, voi and compare for several analysts: a pool of analysts is not a
network, so each analysis runs once on each analyst's overlaid model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .domain.overlay import Overlay
from .spec.load import LoadedScenario


def each_analyst(path: Path | str | LoadedScenario, sets: Sequence[str], analysts: Sequence[Any],
                 analysis: Callable[[Overlay], dict[str, Any]]) -> dict[str, Any]:
    """{context of the first, "adjustments": all of them, "analysts": {name: result}}."""
    from .app import analyst_team
    from .spec.load import load_scenario

    # only to read the overlays: each analysis below checks the scenario itself
    loaded = path if isinstance(path, LoadedScenario) else load_scenario(path, allow_unverified=True)
    team = analyst_team(loaded, sets, analysts)
    results = {o.analyst: analysis(o) for o in team.overlays}
    first = next(iter(results.values()))
    context = {k: first[k] for k in ("scenario", "from", "to", "model", "verification", "warnings")
               if k in first}
    return {**context, "adjustments": team.adjustments(), "analysts": results}
