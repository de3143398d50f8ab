"""Sensitivity, explain, voi and compare for several analysts: a pool of analysts is not a
network, so each analysis runs once on each analyst's overlaid model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .domain.overlay import Overlay
from .results import EachAnalyst
from .spec.load import LoadedScenario


def each_analyst(path: Path | str | LoadedScenario, sets: Sequence[str], analysts: Sequence[Any],
                 analysis: Callable[[Overlay], Any]) -> EachAnalyst:
    """Each analyst's result, with every adjustment in force."""
    from .app import analyst_team
    from .spec.load import load_scenario

    # only to read the overlays: each analysis below checks the scenario itself
    loaded = path if isinstance(path, LoadedScenario) else load_scenario(path, allow_unverified=True)
    team = analyst_team(loaded, sets, analysts)
    return EachAnalyst(tuple(team.adjustments()),
                       {o.analyst: analysis(o) for o in team.overlays})
