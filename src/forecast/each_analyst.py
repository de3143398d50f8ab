"""Sensitivity, explain, voi and compare for several analysts: a pool of analysts is not a
network, so each analysis runs once on each analyst's overlaid model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .domain.overlay import Overlay


def each_analyst(path: Path | str, sets: Sequence[str], analysts: Sequence[Any],
                 analysis: Callable[[Overlay], dict[str, Any]]) -> dict[str, Any]:
    """{context of the first, "adjustments": all of them, "analysts": {name: result}}."""
    from .app import analyst_team
    from .spec.load import load_scenario

    # only to read the overlays: each analysis below loads and checks the scenario itself
    team = analyst_team(load_scenario(path, allow_unverified=True), sets, analysts)
    results = {o.analyst: analysis(o) for o in team.overlays}
    first = next(iter(results.values()))
    context = {k: first[k] for k in ("scenario", "from", "to", "model", "verification", "warnings")
               if k in first}
    return {**context, "adjustments": team.adjustments(), "analysts": results}
