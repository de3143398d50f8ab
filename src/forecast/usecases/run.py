"""Use case `run`: a snapshot's outcome probabilities, with everything a reader needs to trace
them (the adjustments in force, the window, the outside view) and, with samples, intervals."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..results import RunResult
from ..spec.load import LoadedScenario
from .snapshot import (
    Adjustments,
    Checks,
    analyst_team,
    load_checked,
    outside_weight,
    team_run,
    uncertainty,
)


@dataclasses.dataclass(frozen=True)
class RunRequest:
    """A run of one snapshot. `samples`: draws of the model's numbers for `level` intervals
    (None: none); `outside`: the base rate's weight in a labelled blend; `priors` ({node:
    {state: p}}, as --set) and `evidence` ({node: state} or {node: {state: likelihood}},
    replacing the scenario's findings on those nodes) are what a notebook passes."""

    scenario: Path | str | LoadedScenario
    adjustments: Adjustments = dataclasses.field(default_factory=Adjustments)
    checks: Checks = dataclasses.field(default_factory=Checks)
    engine: str = "compiled"
    yardstick: str = "icd203"
    samples: int | None = None
    seed: int = 0
    level: float = 0.9
    outside: float | None = None
    priors: Mapping[str, Mapping[str, float]] | None = None
    evidence: Mapping[str, Any] | None = None


def execute(request: RunRequest) -> RunResult:
    """Posteriors of the snapshot's targets: each analyst's numbers run and, if several,
    pooled; with samples, every table drawn from a Dirichlet around it for intervals."""
    from ..notebook import prior_sets, with_evidence

    loaded = with_evidence(load_checked(request.scenario, request.checks), request.evidence)
    adjust = request.adjustments
    sets = [*adjust.sets, *prior_sets(request.priors)]
    team = analyst_team(loaded, sets, adjust.analysts, adjust.pool, adjust.weights)
    scenario = loaded.scenario
    result = team_run(loaded, team, scenario.targets, request.engine, request.yardstick)
    if request.outside is not None:
        result = dataclasses.replace(result,
                                     outside_weight=outside_weight(request.outside, scenario))
    if not request.samples:
        return result
    return dataclasses.replace(result, uncertainty=uncertainty(
        team.single("--samples"), scenario, request.samples, request.seed, request.level,
        result.windows))


def run_scenario(
    path: Path | str | LoadedScenario,
    engine: str = "compiled",
    sets: Sequence[str] = (),
    yardstick: str = "icd203",
    samples: int | None = None,
    seed: int = 0,
    level: float = 0.9,
    checks: Checks = Checks(),
    analysts: Sequence[Any] = (),
    pool: str | None = None,
    weights: Any = None,
    outside: float | None = None,
    priors: Mapping[str, Mapping[str, float]] | None = None,
    evidence: Mapping[str, Any] | None = None,
) -> RunResult:
    """`run` with keyword arguments, as a notebook calls it (see RunRequest)."""
    return execute(RunRequest(path, Adjustments.of(sets, analysts, pool, weights), checks, engine,
                          yardstick, samples, seed, level, outside, priors, evidence))
