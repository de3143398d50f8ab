"""Use case `sensitivity`: how much each of the model's numbers moves P(target = state) given
the evidence, swept over [0, 1] (or value ± range), its 90% credible range, or its stated
`range:` (then all stated ranges at once)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserError
from ..results import AnalysisResult, EachAnalyst
from ..spec.load import LoadedScenario
from .each_analyst import for_each
from .snapshot import Adjustments, Checks, analysis_context, load_checked, one_network

if TYPE_CHECKING:
    from ..analysis.ranges import RangeSensitivity
    from ..analysis.sensitivity import Sensitivity
    from ..spec.models import ModelSpec


@dataclasses.dataclass(frozen=True)
class SensitivityRequest:
    """`target`: NODE[=STATE] (default: the first target, its most likely state); `sweep`:
    full, credible or ranges (None: credible when the model states a confidence and no
    `range_` is given, else full); `range_`: a full sweep's half-width around each value."""

    scenario: Path | str | LoadedScenario
    target: str | None = None
    sweep: str | None = None
    range_: float | None = None
    adjustments: Adjustments = dataclasses.field(default_factory=Adjustments)
    checks: Checks = dataclasses.field(default_factory=Checks)


Progress = Callable[..., Any] | None


def execute(request: SensitivityRequest, progress: Progress = None
            ) -> AnalysisResult[Sensitivity] | AnalysisResult[RangeSensitivity] | EachAnalyst:
    """The sweep on the model or one analyst's numbers; once per analyst for several."""
    loaded = load_checked(request.scenario, request.checks)  # once, for every analyst
    sweep = request.sweep or default_sweep(loaded.model.spec, request.range_)
    return for_each(dataclasses.replace(request, scenario=loaded, sweep=sweep),
                    lambda one: _single(one, progress))


def _single(request: SensitivityRequest, progress: Progress):
    adjust = request.adjustments
    return sensitivity_scenario(request.scenario, request.target, request.range_, adjust.sets,
                                progress, request.checks, adjust.analysts,
                                request.sweep or "full")


def default_sweep(spec: ModelSpec, range_: float | None) -> str:
    """Credible sweeps where the model says how firmly its numbers are held (a `confidence` of
    its own or on a node), since [0, 1] sweeps rank near-definitional rows first; full sweeps
    with a range, or when the model states no confidence (the default 20 is nobody's claim)."""
    if range_ is not None:
        return "full"
    stated = "confidence" in spec.model_fields_set or any(
        node.confidence is not None for node in spec.nodes.values())
    return "credible" if stated else "full"


def sensitivity_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                         range_: float | None = None, sets: Sequence[str] = (),
                         progress: Progress = None, checks: Checks = Checks(),
                         analysts: Sequence[Any] = (), sweep: str = "full"
                         ) -> AnalysisResult[Sensitivity]:
    """One-way sensitivity of P(target=state | evidence) to every parameter of the model:
    `sweep` full ([0, 1] or value ± range_) or credible (each number's 90% range)."""
    from ..analysis.sensitivity import SWEEPS, sensitivity

    if sweep == "ranges":
        if range_ is not None:
            raise UserError("--range applies to --sweep full; a ranges sweep takes each "
                            "number's stated `range:` from the model: drop one of the two")
        return ranges_scenario(path, target, sets, checks, analysts)
    if sweep not in SWEEPS:
        raise UserError(f"--sweep {sweep!r}: choose one of {', '.join(SWEEPS)}")
    if sweep == "credible" and range_ is not None:
        raise UserError("--range applies to --sweep full; a credible sweep takes each number's "
                        "range from its node's confidence: drop one of the two")
    if range_ is not None and not 0 < range_ <= 1:
        raise UserError(f"--range {range_}: give a half-width in (0, 1], e.g. 0.1")
    loaded, team, network, node, state, windows = one_network(path, sets, target, checks,
                                                              analysts, "sensitivity")
    result = sensitivity(network, loaded.scenario.likelihoods(), node, state, range_, progress,
                         sweep=sweep)
    return AnalysisResult(analysis_context(loaded, team, windows), result)


def ranges_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                    sets: Sequence[str] = (), checks: Checks = Checks(),
                    analysts: Sequence[Any] = (), yardstick: str = "icd203"
                    ) -> AnalysisResult[RangeSensitivity]:
    """`sensitivity --sweep ranges`: every stated range swept alone, then all at once."""
    from ..analysis.ranges import range_sensitivity

    loaded, team, network, node, state, windows = one_network(path, sets, target, checks,
                                                              analysts, "sensitivity")
    result = range_sensitivity(network, loaded.scenario.likelihoods(), node, state,
                               yardstick=yardstick)
    return AnalysisResult(analysis_context(loaded, team, windows), result)
