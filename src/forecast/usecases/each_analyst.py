"""Sensitivity, explain, voi and compare for several analysts: a pool of analysts is not a
network, so each analysis runs once on each analyst's overlaid model."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..domain.overlay import Overlay
from ..results import EachAnalyst
from ..spec.load import LoadedScenario

R = TypeVar("R")
Q = TypeVar("Q")


def each_analyst(path: Path | str | LoadedScenario, sets: Sequence[str], analysts: Sequence[Any],
                 analysis: Callable[[Overlay], Any]) -> EachAnalyst:
    """Each analyst's result, with every adjustment in force."""
    from ..spec.load import load_scenario
    from .snapshot import analyst_team

    # only to read the overlays: each analysis below checks the scenario itself
    loaded = path if isinstance(path, LoadedScenario) else load_scenario(path, allow_unverified=True)
    team = analyst_team(loaded, sets, analysts)
    return EachAnalyst(tuple(team.adjustments()),
                       {o.analyst: analysis(o) for o in team.overlays})


def for_each(request: Q, single: Callable[[Q], R]) -> R | EachAnalyst:
    """`single(request)` on the model or one analyst's numbers, or once per analyst when the
    request names several (each with the request's other adjustments). `request` has
    `scenario` and `adjustments` fields."""
    adjust = request.adjustments  # type: ignore[attr-defined]
    if len(adjust.analysts) < 2:
        return single(request)

    def one(overlay: Overlay) -> R:
        alone = dataclasses.replace(adjust, analysts=(overlay,))
        return single(dataclasses.replace(request, adjustments=alone))  # type: ignore[type-var]

    return each_analyst(request.scenario, adjust.sets, adjust.analysts, one)  # type: ignore[attr-defined]
