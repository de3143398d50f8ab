"""Use case `warn`: how far observing the free observable indicators could move P(target =
state): the extremes, and the smallest sets of observations that reach each estimative band."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..results import AnalysisResult, EachAnalyst
from ..spec.load import LoadedScenario
from .each_analyst import for_each
from .snapshot import Adjustments, Checks, analysis_context, load_checked, one_network

if TYPE_CHECKING:
    from ..analysis.warn import WarningCapacity


@dataclasses.dataclass(frozen=True)
class WarnRequest:
    """`target`: NODE[=STATE] (default: the first target, its most likely state); `states`:
    an event of several states of the target node, in place of one state."""

    scenario: Path | str | LoadedScenario
    target: str | None = None
    states: tuple[str, ...] | None = None
    yardstick: str = "icd203"
    adjustments: Adjustments = dataclasses.field(default_factory=Adjustments)
    checks: Checks = dataclasses.field(default_factory=Checks)


def execute(request: WarnRequest) -> AnalysisResult[WarningCapacity] | EachAnalyst:
    """The warning capacity on the model or one analyst's numbers; once per analyst for
    several."""
    loaded = load_checked(request.scenario, request.checks)  # once, for every analyst
    return for_each(dataclasses.replace(request, scenario=loaded), lambda one: warn_scenario(
        one.scenario, one.target, one.adjustments.sets, one.checks, one.adjustments.analysts,
        one.yardstick, one.states))


def warn_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                  sets: Sequence[str] = (), checks: Checks = Checks(),
                  analysts: Sequence[Any] = (), yardstick: str = "icd203",
                  states: Sequence[str] | None = None) -> AnalysisResult[WarningCapacity]:
    """How far observing the free observable indicators could move P(target = state): the
    extremes and the smallest sets of observations that reach each estimative band."""
    from ..analysis.warn import warning_capacity

    loaded, team, network, node, state, windows = one_network(path, sets, target, checks,
                                                              analysts, "warn")
    result = warning_capacity(network, loaded.scenario.likelihoods(), node,
                              tuple(states) if states else state, yardstick=yardstick)
    return AnalysisResult(analysis_context(loaded, team, windows), result)
