"""Use case `explain`: what each finding did to the target (the posterior without it, its
shift, its diagnosticity) and, with `ach`, the matrix of competing hypotheses."""

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
    from ..analysis.impact import Explanation


@dataclasses.dataclass(frozen=True)
class ExplainRequest:
    """`target`: NODE[=STATE] (default: the first target, its most likely state)."""

    scenario: Path | str | LoadedScenario
    target: str | None = None
    ach: bool = False
    adjustments: Adjustments = dataclasses.field(default_factory=Adjustments)
    checks: Checks = dataclasses.field(default_factory=Checks)


def execute(request: ExplainRequest) -> AnalysisResult[Explanation] | EachAnalyst:
    """The explanation on the model or one analyst's numbers; once per analyst for several."""
    loaded = load_checked(request.scenario, request.checks)  # once, for every analyst
    return for_each(dataclasses.replace(request, scenario=loaded), lambda one: explain_scenario(
        one.scenario, one.target, one.adjustments.sets, one.checks, one.adjustments.analysts,
        one.ach))


def explain_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                     sets: Sequence[str] = (), checks: Checks = Checks(),
                     analysts: Sequence[Any] = (), ach: bool = False
                     ) -> AnalysisResult[Explanation]:
    """What each finding did to the target: without it, its shift, its diagnosticity; with
    `ach`, the matrix of competing hypotheses too."""
    from ..analysis.impact import explain

    loaded, team, node, state = analysis_inputs(path, sets, target, checks, analysts, "explain")
    network = team.single("explain")
    check_possible(network, loaded.scenario.findings)
    windows = scenario_windows(network, loaded.scenario, (node,))
    result = explain(network, loaded.scenario.findings, node, loaded.integrity.groups,
                     state=state)
    matrix = None
    if ach:
        from ..analysis.ach import ach as competing_hypotheses

        matrix = competing_hypotheses(result)
    return AnalysisResult(analysis_context(loaded, team, windows), result, matrix)
