"""Use case `voi`: which unobserved node would tell most about the target (mutual
information), what each of its states would do, and which would flip the lead outcome."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..results import AnalysisResult, EachAnalyst
from ..spec.load import LoadedScenario
from .each_analyst import for_each
from .snapshot import (
    Adjustments,
    Checks,
    analysis_context,
    analysis_inputs,
    check_possible,
    load_checked,
    scenario_windows,
)

if TYPE_CHECKING:
    from ..analysis.voi import ValueOfInformation


@dataclasses.dataclass(frozen=True)
class VoiRequest:
    """`target`: NODE[=STATE] (default: the first target, its most likely state)."""

    scenario: Path | str | LoadedScenario
    target: str | None = None
    adjustments: Adjustments = dataclasses.field(default_factory=Adjustments)
    checks: Checks = dataclasses.field(default_factory=Checks)


def execute(request: VoiRequest) -> AnalysisResult[ValueOfInformation] | EachAnalyst:
    """The value of information on the model or one analyst's numbers; once per analyst for
    several."""
    loaded = load_checked(request.scenario, request.checks)  # once, for every analyst
    return for_each(dataclasses.replace(request, scenario=loaded), lambda one: voi_scenario(
        one.scenario, one.target, one.adjustments.sets, one.checks, one.adjustments.analysts))


def voi_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                 sets: Sequence[str] = (), checks: Checks = Checks(),
                 analysts: Sequence[Any] = ()) -> AnalysisResult[ValueOfInformation]:
    """Which unobserved node would tell most about the target, and which would flip the lead."""
    from ..analysis.voi import value_of_information

    loaded, team, node, state = analysis_inputs(path, sets, target, checks, analysts, "voi")
    network = team.single("voi")
    check_possible(network, loaded.scenario.findings)
    windows = scenario_windows(network, loaded.scenario, (node,))
    result = value_of_information(network, loaded.scenario.likelihoods(), node, state)
    return AnalysisResult(analysis_context(loaded, team, windows), result)
