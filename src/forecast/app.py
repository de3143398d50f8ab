"""Use cases: load, infer, assemble a JSON-ready result. No printing, no writing."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import math
import os
import pathlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .domain.assignment import parse_assignment, parse_target
from .domain.evidence import Finding, hard_likelihood
from .domain.network import Network
from .domain.numbers import ByState, closed_distribution
from .domain.numbers import distribution as _rounded
from .domain.scenario import Scenario, likelihoods
from .domain.timing import model_names, timed_network, written_network
from .domain.window import Window, windows_for
from .errors import InferenceError, UserError
from .files import read_input
from .limits import check_samples
from .results import (
    AnalysisResult,
    ComparisonResult,
    Context,
    QueryResult,
    RunResult,
    model_json,
)
from .spec.load import LoadedScenario, hold_to, load_model, load_scenario
from .spec.overrides import apply_set, parse_set

__all__ = [  # the use cases a notebook calls; the rest are the commands' building blocks
    "Checks", "compare_scenarios", "explain_scenario", "load_checked", "load_snapshots",
    "query", "run_scenario", "sensitivity_scenario", "voi_scenario",
]

if TYPE_CHECKING:
    from pathlib import Path

    from .analysis.impact import Explanation
    from .analysis.ranges import RangeSensitivity
    from .analysis.sensitivity import Sensitivity
    from .analysis.uncertainty import Uncertainty
    from .analysis.voi import ValueOfInformation
    from .analysis.warn import WarningCapacity
    from .analysts import Team


@dataclasses.dataclass(frozen=True)
class Checks:
    """How strictly a scenario's sources are held: by default every quote must be verified."""

    allow_unverified: bool = False  # a draft: run anyway, and every output says so
    strict: bool = False  # every warning (hindsight, shared origin, ungraded...) is an error


def load_checked(path: Path | str | LoadedScenario, checks: Checks = Checks(),
                 models: dict[Path, Any] | None = None) -> LoadedScenario:
    """A scenario loaded with its quotes verified and its evidence checked, before any work.

    Every use case takes a path or a scenario already loaded: composite commands (brief,
    chart, compare) load each file once at the edge and pass the loaded scenario on, and
    share `models` so that snapshots of one model load it once. A loaded scenario was
    checked when it was loaded; `checks` still decide what it may carry."""
    if isinstance(path, LoadedScenario):
        return hold_to(path, allow_unverified=checks.allow_unverified, strict=checks.strict)
    return load_scenario(path, allow_unverified=checks.allow_unverified, strict=checks.strict,
                         models=models)


def load_snapshots(paths: Sequence[Path | str | LoadedScenario], checks: Checks = Checks()
                   ) -> list[LoadedScenario]:
    """Several snapshots, each file loaded once and a model they share loaded once."""
    models: dict[Path, Any] = {}
    return [load_checked(path, checks, models) for path in paths]


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
    """Posteriors of a scenario's targets, with everything a reader needs to trace them.

    With `samples`, every CPT is drawn from a Dirichlet around it and `intervals` are added.
    With `analysts` (overlay files), each analyst's numbers are run and, if several, pooled.
    `path` may be a scenario already loaded (the what-if page passes the one it changed).
    `priors` ({node: {state: p}}, as --set) and `evidence` ({node: state} or {node: {state:
    likelihood}}, replacing the scenario's findings on those nodes) are for notebooks.
    """
    from .notebook import prior_sets, with_evidence

    loaded = with_evidence(load_checked(path, checks), evidence)
    sets = [*sets, *prior_sets(priors)]
    team = analyst_team(loaded, sets, analysts, pool, weights)
    scenario = loaded.scenario
    run = team_run(loaded, team, scenario.targets, engine, yardstick)
    if outside is not None:
        run = dataclasses.replace(run, outside_weight=outside_weight(outside, scenario))
    if not samples:
        return run
    return dataclasses.replace(run, uncertainty=uncertainty(
        team.single("--samples"), scenario, samples, seed, level, run.windows))


def outside_weight(weight: float, scenario: Scenario) -> float:
    """--outside WEIGHT, checked: a share in [0, 1], and a base rate to blend with."""
    if not 0 <= weight <= 1:
        raise UserError(f"--outside {weight}: give the base rate's weight in the blend, between "
                        "0 and 1 (e.g. 0.3)")
    if not scenario.base_rates:
        raise UserError(f"--outside: scenario {scenario.id!r} has no base_rates to blend with; "
                        "add a counted reference class (`base_rates:`) or drop --outside")
    return float(weight)


def team_run(loaded: LoadedScenario, team: Team, targets: Sequence[str],
             engine: str = "compiled", yardstick: str = "icd203") -> RunResult:
    """The run of `targets` (no intervals): each analyst's posteriors for the days left to
    the horizon, then the pool of those views (the model's own with no analyst)."""
    network, scenario = team.base, loaded.scenario
    windows = scenario_windows(network, scenario, targets)
    per_analyst = {name: infer(net, targets, scenario.findings, engine)
                   for name, net in team.networks.items()}
    elicited = {}
    if windows:  # the same evidence on the numbers as written, for the model's own window
        windowed = tuple(windows)
        elicited = team.combine({name: infer(written_network(net), windowed, scenario.findings,
                                             engine)
                                 for name, net in team.networks.items()})
    posteriors = team.combine(per_analyst)
    return RunResult(loaded, network, engine, tuple(targets), by_state(network, posteriors),
                     by_state(network, {n: elicited[n] for n in windows}), windows, yardstick,
                     team.priors, team, per_analyst)


def by_state(network: Network, vectors: Mapping[str, np.ndarray]) -> dict[str, ByState]:
    """Posterior vectors as numbers by state."""
    return {node: ByState(network[node].states, v) for node, v in vectors.items()}


def analyst_team(loaded: LoadedScenario, sets: Sequence[str], analysts: Sequence[Any] = (),
                 pool: str | None = None, weights: Any = None) -> Team:
    """The scenario's network with its adjustments, and one network per analyst overlay,
    each converted to the snapshot (windowed rows for the days left, quiet days as a node)
    after every adjustment, so that what an analyst wrote is what gets converted."""
    from .analysts import build_team

    network, priors = scenario_network(loaded, sets)
    team = build_team(loaded, network, priors, sets, analysts, pool, weights)
    return timed_team(team, loaded.scenario)


def timed_team(team: Team, scenario: Scenario) -> Team:
    """Every network of `team` converted to the snapshot `scenario` is of."""
    windows = snapshot_windows(team.base, scenario)
    if not windows:
        return team
    return dataclasses.replace(
        team, base=timed_network(team.base, windows),
        networks={name: timed_network(net, windows) for name, net in team.networks.items()})


def snapshot_windows(network: Network, scenario: Scenario) -> dict[str, Window]:
    """Every windowed node's window for the snapshot, its quiet days included."""
    return windows_for(network, network.names, scenario.as_of, scenario.horizon,
                       scenario.quiet_since)


def uncertainty(network: Network, scenario: Scenario, samples: int, seed: int,
                level: float, windows: Mapping[str, Window] | None = None) -> Uncertainty:
    from .analysis.uncertainty import intervals

    if samples < 2:
        raise UserError(f"--samples {samples}: give at least 2 samples")
    if not 0 < level < 1:
        raise UserError(f"--level {level}: give a level between 0 and 1, e.g. 0.9")
    check_samples(samples, sum(node.cpt.size for node in network.nodes.values()))
    return intervals(network, scenario.likelihoods(), scenario.targets, samples, seed, level,
                     windows)


def analysis_inputs(path: Path | str | LoadedScenario, sets: Sequence[str], target: str | None,
           checks: Checks, analysts: Sequence[Any], what: str
           ) -> tuple[LoadedScenario, Team, str, str | None]:
    """The scenario, the team of networks (its adjustments open a result) and the target
    node (and state), each file read once."""
    loaded = load_checked(path, checks)
    team = analyst_team(loaded, sets, analysts)
    network = team.single(what)
    chosen = parse_target(target, network)
    if chosen is None:
        return loaded, team, loaded.scenario.targets[0], None
    return loaded, team, chosen.node, chosen.state


def _one_network(path: Path | str | LoadedScenario, sets: Sequence[str], target: str | None,
                 checks: Checks, analysts: Sequence[Any], what: str):
    """What a one-network analysis starts from: the scenario, its team, the one network
    (its evidence possible), the target node and state (default: the most likely one) and
    the target's window."""
    loaded, team, node, state = analysis_inputs(path, sets, target, checks, analysts, what)
    network = team.single(what)
    _check_possible(network, loaded.scenario.findings)
    windows = scenario_windows(network, loaded.scenario, (node,))
    if state is None:
        posterior = infer_windowed(network, (node,), loaded.scenario, "compiled")[node]
        state = network[node].states[int(np.argmax(posterior))]
    return loaded, team, network, node, state, windows


def _check_possible(network: Network, findings: Sequence[Finding]) -> None:
    infer(network, (network.names[0],), findings, "compiled")


def sensitivity_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                         range_: float | None = None, sets: Sequence[str] = (),
                         progress=None, checks: Checks = Checks(),
                         analysts: Sequence[Any] = (), sweep: str = "full"
                         ) -> AnalysisResult[Sensitivity]:
    """One-way sensitivity of P(target=state | evidence) to every parameter of the model:
    `sweep` full ([0, 1] or value ± range_) or credible (each number's 90% range)."""
    from .analysis.sensitivity import SWEEPS, sensitivity

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
    loaded, team, network, node, state, windows = _one_network(path, sets, target, checks,
                                                               analysts, "sensitivity")
    result = sensitivity(network, loaded.scenario.likelihoods(), node, state, range_, progress,
                         sweep=sweep)
    return AnalysisResult(analysis_context(loaded, team, windows), result)


def ranges_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                    sets: Sequence[str] = (), checks: Checks = Checks(),
                    analysts: Sequence[Any] = (), yardstick: str = "icd203"
                    ) -> AnalysisResult[RangeSensitivity]:
    """`sensitivity --sweep ranges`: every stated range swept alone, then all at once."""
    from .analysis.ranges import range_sensitivity

    loaded, team, network, node, state, windows = _one_network(path, sets, target, checks,
                                                               analysts, "sensitivity")
    result = range_sensitivity(network, loaded.scenario.likelihoods(), node, state,
                               yardstick=yardstick)
    return AnalysisResult(analysis_context(loaded, team, windows), result)


def explain_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                     sets: Sequence[str] = (), checks: Checks = Checks(),
                     analysts: Sequence[Any] = (), ach: bool = False
                     ) -> AnalysisResult[Explanation]:
    """What each finding did to the target: without it, its shift, its diagnosticity; with
    `ach`, the matrix of competing hypotheses too."""
    from .analysis.impact import explain

    loaded, team, node, state = analysis_inputs(path, sets, target, checks, analysts, "explain")
    network = team.single("explain")
    _check_possible(network, loaded.scenario.findings)
    windows = scenario_windows(network, loaded.scenario, (node,))
    result = explain(network, loaded.scenario.findings, node, loaded.integrity.groups,
                     state=state)
    matrix = None
    if ach:
        from .analysis.ach import ach as competing_hypotheses

        matrix = competing_hypotheses(result)
    return AnalysisResult(analysis_context(loaded, team, windows), result, matrix)


def voi_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                 sets: Sequence[str] = (), checks: Checks = Checks(),
                 analysts: Sequence[Any] = ()) -> AnalysisResult[ValueOfInformation]:
    """Which unobserved node would tell most about the target, and which would flip the lead."""
    from .analysis.voi import value_of_information

    loaded, team, node, state = analysis_inputs(path, sets, target, checks, analysts, "voi")
    network = team.single("voi")
    _check_possible(network, loaded.scenario.findings)
    windows = scenario_windows(network, loaded.scenario, (node,))
    result = value_of_information(network, loaded.scenario.likelihoods(), node, state)
    return AnalysisResult(analysis_context(loaded, team, windows), result)


def warn_scenario(path: Path | str | LoadedScenario, target: str | None = None,
                  sets: Sequence[str] = (), checks: Checks = Checks(),
                  analysts: Sequence[Any] = (), yardstick: str = "icd203",
                  states: Sequence[str] | None = None) -> AnalysisResult[WarningCapacity]:
    """How far observing the free observable indicators could move P(target = state): the
    extremes and the smallest sets of observations that reach each estimative band."""
    from .analysis.warn import warning_capacity

    loaded, team, network, node, state, windows = _one_network(path, sets, target, checks,
                                                               analysts, "warn")
    result = warning_capacity(network, loaded.scenario.likelihoods(), node,
                              tuple(states) if states else state, yardstick=yardstick)
    return AnalysisResult(analysis_context(loaded, team, windows), result)


def analysis_context(loaded: LoadedScenario, team: Team, windows: Mapping[str, Window]
                     ) -> Context:
    """What an analysis result opens with: the scenario, the model, what was checked, the
    adjustments in force and the target's window."""
    return Context(loaded, tuple(team.adjustments()), windows)


def query(
    model_path: Path | str,
    targets: Sequence[str],
    evidence: Sequence[str] = (),
    engine: str = "compiled",
    yardstick: str = "icd203",
) -> QueryResult:
    """A plain posterior query: `evidence` items are NODE=STATE. The model may be a model YAML
    or a network file (BIF, XMLBIF, NET, XDSL, UAI), read directly."""
    path = pathlib.Path(model_path)
    if path.is_dir():
        raise UserError(f"{path}: is a directory, not a file; give a model YAML or a network "
                        "file (.bif, .xml, .net, .xdsl, .uai)")
    if path.suffix.lower() in {".yaml", ".yml"}:
        model = load_model(path)
        network, model_info = model.network, model_json(model)
    else:
        from .interop import read_network

        network = read_network(path)[0]
        model_info = {"id": network.id, "title": network.title, "path": os.path.normpath(path),
                      "sha256": hashlib.sha256(read_input(path, "is a directory")).hexdigest()}
    targets = tuple(targets) or network.targets
    for target in targets:
        if target not in network:
            raise UserError(f"--target {target!r}: unknown node; nodes are "
                            f"{', '.join(network.names)}")
    findings = parse_evidence(network, evidence)
    posteriors = infer(network, targets, findings, engine)
    return QueryResult(model_info, engine, targets, tuple(findings),
                       by_state(network, posteriors), windows_for(network, targets, None, None),
                       yardstick)


def scenario_windows(network: Network, scenario: Scenario, nodes: Sequence[str]
                     ) -> dict[str, Window]:
    """The windows of the windowed `nodes` for the days from the scenario's as_of to its
    horizon (the spec has refused a horizon before as_of)."""
    return windows_for(network, nodes, scenario.as_of, scenario.horizon, scenario.quiet_since)


def infer_windowed(network: Network, targets: Sequence[str], scenario: Scenario,
                   engine: str = "compiled") -> dict[str, np.ndarray]:
    """A scenario's posteriors as every command reports them, on the network converted to
    the snapshot (`analyst_team` converts it; a network of written numbers is converted
    here)."""
    return infer(timed_network(network, snapshot_windows(network, scenario)), targets,
                 scenario.findings, engine)


def scenario_network(loaded: LoadedScenario, sets: Sequence[str]) -> tuple[Network, dict]:
    """The model with the scenario's prior adjustments, then each --set, applied."""
    network = loaded.network
    applied: dict[str, dict[str, Any]] = {}
    cpts: dict[str, np.ndarray] = {}
    for node, vector in loaded.scenario.priors.items():
        cpts[node] = vector
        applied[node] = {"from": "scenario", "p": _rounded(network[node].states, vector)}
    for text in sets:
        node, given = parse_set(text)
        current = cpts.get(node, network[node].cpt if node in network else None)
        vector = apply_set(network, current if current is not None else np.ones(1), node, given,
                           text)
        cpts[node] = vector
        applied[node] = {"from": "--set", "p": _rounded(network[node].states, vector)}
    return (network.with_cpts(cpts) if cpts else network), applied


def infer(network: Network, targets: Sequence[str], findings: Sequence[Finding],
          engine: str) -> dict[str, np.ndarray]:
    """Posteriors, or an error naming the findings that cannot all be true."""
    from .engine import posteriors

    evidence = likelihoods(findings)
    try:
        return posteriors(network, tuple(targets), evidence, engine)
    except InferenceError as exc:
        from .engine.compiled import TooLargeError

        if isinstance(exc, TooLargeError):
            raise
        culprits = conflicting_findings(network, findings)
        if len(culprits) == 1:
            raise UserError(f"the evidence is impossible under the model: {culprits[0].describe()} "
                            "has probability zero; grade it, or check the model's zeros and the "
                            "priors") from None
        names = "; ".join(f.describe() for f in culprits)
        raise UserError(f"the evidence is impossible under the model: {names} cannot all hold; "
                        "grade one of them, or check the model's zeros") from None


SEARCH_EVALUATIONS = 200  # inferences the smallest-set search may take; then a minimal set


def conflicting_findings(network: Network, findings: Sequence[Finding]) -> list[Finding]:
    """A smallest set of findings whose joint probability is zero when few findings make that
    search cheap; otherwise a minimal one (no finding can be dropped), found by bisection in
    O(size x log n) inferences, so thousands of findings are judged in seconds."""
    from .engine.compiled import log_evidence_probability

    def impossible(group: Sequence[Finding]) -> bool:
        return log_evidence_probability(network, likelihoods(group)) == -np.inf

    sizes = range(1, min(len(findings), 3) + 1)
    if sum(math.comb(len(findings), k) for k in sizes) <= SEARCH_EVALUATIONS:
        for size in sizes:
            for group in itertools.combinations(findings, size):
                if impossible(group):
                    return list(group)
        return list(findings)
    return _minimal_conflict(list(findings), impossible)


def _minimal_conflict(findings: list[Finding], impossible) -> list[Finding]:
    """Grow a set that is known to conflict with the rest: each time, bisect for the shortest
    prefix of the candidates that is impossible together with the set; its last finding joins."""
    chosen: list[Finding] = []
    candidates = findings
    while not chosen or not impossible(chosen):
        lo, hi = 0, len(candidates)  # chosen + candidates[:hi] is impossible
        if not impossible(chosen + candidates[:hi]):
            return findings
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if impossible(chosen + candidates[:mid]):
                hi = mid
            else:
                lo = mid
        chosen.append(candidates[hi - 1])
        candidates = candidates[:hi - 1]
    place = {id(f): i for i, f in enumerate(findings)}  # by identity: findings hold arrays
    return sorted(chosen, key=lambda f: place[id(f)])


def parse_evidence(network: Network, items: Sequence[str]) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[str] = set()
    for text in items:
        given = parse_assignment(text, "--evidence", state="required").resolved(network)
        node, state = given.node, str(given.state)
        if node in seen:
            raise UserError(f"--evidence {text!r}: a second finding on {node!r}; give one")
        seen.add(node)
        findings.append(Finding(node, hard_likelihood(network[node].card, network[node].index(state)),
                                state=state, where=f"--evidence {text}"))
    return findings


def posteriors_json(network: Network, posteriors: Mapping[str, np.ndarray]) -> dict:
    return {node: closed_distribution(network[node].states, p) for node, p in posteriors.items()}


def compare_scenarios(path_a: Path | str | LoadedScenario, path_b: Path | str | LoadedScenario,
                      sets: Sequence[str] = (), checks: Checks = Checks(),
                      analysts: Sequence[Any] = ()) -> ComparisonResult:
    """How the targets moved from snapshot A to B, attributed to each difference (Shapley).
    An analyst's overlay applies to both snapshots: their view of what changed."""
    from .analysis.compare import compare

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
    _check_possible(net_a, a.scenario.findings)
    _check_possible(net_b, b.scenario.findings)
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
