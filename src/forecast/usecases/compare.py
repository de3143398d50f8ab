"""Use case `compare`: how the targets moved from snapshot A to snapshot B, each difference
(a finding added, removed or regraded, a prior, the time left, the quiet days, the model's
numbers) given its exact Shapley share of the change."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..domain.evidence import Finding
from ..domain.timing import model_names
from ..errors import UserError
from ..results import ComparisonResult, EachAnalyst
from ..spec.load import LoadedScenario
from .each_analyst import for_each
from .snapshot import (
    Adjustments,
    Checks,
    analyst_team,
    check_possible,
    load_checked,
    load_snapshots,
    scenario_windows,
)


@dataclasses.dataclass(frozen=True)
class CompareRequest:
    """The earlier snapshot `before` and the later `scenario` (the one the adjustments and
    the analysts' overlays are read against, as for any other request)."""

    before: Path | str | LoadedScenario
    scenario: Path | str | LoadedScenario
    adjustments: Adjustments = dataclasses.field(default_factory=Adjustments)
    checks: Checks = dataclasses.field(default_factory=Checks)


def execute(request: CompareRequest) -> ComparisonResult | EachAnalyst:
    """The comparison on the model or one analyst's numbers; once per analyst for several.
    Both files are loaded once, and a model they share once."""
    before, after = load_snapshots([request.before, request.scenario], request.checks)
    return for_each(dataclasses.replace(request, before=before, scenario=after),
                    lambda one: compare_scenarios(one.before, one.scenario, one.adjustments.sets,
                                                  one.checks, one.adjustments.analysts))


def compare_scenarios(path_a: Path | str | LoadedScenario, path_b: Path | str | LoadedScenario,
                      sets: Sequence[str] = (), checks: Checks = Checks(),
                      analysts: Sequence[Any] = ()) -> ComparisonResult:
    """How the targets moved from snapshot A to B, attributed to each difference (Shapley).
    An analyst's overlay applies to both snapshots: their view of what changed."""
    from ..analysis.compare import compare

    a, b = load_checked(path_a, checks), load_checked(path_b, checks)
    net_a = analyst_team(a, sets, analysts).single("compare")
    team_b = analyst_team(b, sets, analysts)
    net_b = team_b.single("compare")
    if model_names(net_a) != model_names(net_b) or any(
            net_a[n].states != net_b[n].states or net_a[n].parents != net_b[n].parents
            for n in model_names(net_a)):
        raise UserError(f"{a.path} and {b.path} use models with different nodes, states or "
                        "parents; compare snapshots of the same model")
    targets = [t for t in a.scenario.targets if t in b.scenario.targets] or list(net_b.targets)
    check_possible(net_a, a.scenario.findings)
    check_possible(net_b, b.scenario.findings)
    windows_a = scenario_windows(net_a, a.scenario, targets)
    windows_b = scenario_windows(net_b, b.scenario, targets)
    if {n: w.elicited_days for n, w in windows_a.items()} != {
            n: w.elicited_days for n, w in windows_b.items()}:
        raise UserError(f"{a.path} and {b.path} use models whose targets have different "
                        "window_days; compare snapshots of the same model")
    result = compare(net_a, net_b, a.scenario.likelihoods(), b.scenario.likelihoods(), targets,
                     windows_a=windows_a, windows_b=windows_b)
    labels: dict[str, tuple[Finding, ...]] = {}
    for scenario in (a.scenario, b.scenario):
        by_node: dict[str, list[Finding]] = {}
        for f in scenario.findings:
            by_node.setdefault(f"evidence:{f.node}", []).append(f)
        labels.update({k: tuple(v) for k, v in by_node.items()})  # B's findings win
    attribution = tuple(dataclasses.replace(item, findings=labels.get(item.item, ()))
                        for item in result.attribution)
    return ComparisonResult(a, b, windows_a, windows_b, tuple(team_b.adjustments()),
                            dataclasses.replace(result, attribution=attribution))
