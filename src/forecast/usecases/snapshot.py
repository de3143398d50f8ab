"""What every use case starts from: a snapshot loaded and checked once, its adjustments
(--set, analysts' overlays) applied, every network converted to the snapshot's days, and
inference with an error that names the findings that cannot all hold.

The use cases (one module each in this package) take typed requests and return typed
results (`forecast.results`); the CLI and the what-if server are adapters over them. No
printing, no writing here.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..domain.assignment import parse_assignment, parse_target
from ..domain.evidence import Finding, hard_likelihood
from ..domain.network import Network
from ..domain.numbers import ByState, closed_distribution
from ..domain.numbers import distribution as _rounded
from ..domain.scenario import Scenario, likelihoods
from ..domain.timing import timed_network, written_network
from ..domain.window import Window, windows_for
from ..errors import InferenceError, UserError
from ..limits import check_samples
from ..results import Context, RunResult
from ..spec.load import LoadedScenario, hold_to, load_scenario
from ..spec.overrides import apply_set, parse_set

if TYPE_CHECKING:
    from pathlib import Path

    from ..analysis.uncertainty import Uncertainty
    from .team import AnalystInput, Team


@dataclasses.dataclass(frozen=True)
class Checks:
    """How strictly a scenario's sources are held: by default every quote must be verified."""

    allow_unverified: bool = False  # a draft: run anyway, and every output says so
    strict: bool = False  # every warning (hindsight, shared origin, ungraded...) is an error


@dataclasses.dataclass(frozen=True)
class Adjustments:
    """What a request changes of a snapshot's numbers for one answer: priors set with --set
    (NODE=STATE:P...), analysts' overlays (files or loaded), and how several are pooled
    (`pool`: linear or log; `weights`: "NAME=W,..." or a mapping). Empty: the model's own."""

    sets: tuple[str, ...] = ()
    analysts: tuple[AnalystInput, ...] = ()
    pool: str | None = None
    weights: Any = None

    @classmethod
    def of(cls, sets: Sequence[str] | None = None, analysts: Sequence[Any] | None = None,
           pool: str | None = None, weights: Any = None) -> Adjustments:
        """From the loose values a caller holds (None: none given)."""
        return cls(tuple(sets or ()), tuple(analysts or ()), pool, weights)


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
    from .team import build_team

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
    from ..analysis.uncertainty import intervals

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


def one_network(path: Path | str | LoadedScenario, sets: Sequence[str], target: str | None,
                 checks: Checks, analysts: Sequence[Any], what: str):
    """What a one-network analysis starts from: the scenario, its team, the one network
    (its evidence possible), the target node and state (default: the most likely one) and
    the target's window."""
    loaded, team, node, state = analysis_inputs(path, sets, target, checks, analysts, what)
    network = team.single(what)
    check_possible(network, loaded.scenario.findings)
    windows = scenario_windows(network, loaded.scenario, (node,))
    if state is None:
        posterior = infer_windowed(network, (node,), loaded.scenario, "compiled")[node]
        state = network[node].states[int(np.argmax(posterior))]
    return loaded, team, network, node, state, windows


def check_possible(network: Network, findings: Sequence[Finding]) -> None:
    infer(network, (network.names[0],), findings, "compiled")


def analysis_context(loaded: LoadedScenario, team: Team, windows: Mapping[str, Window]
                     ) -> Context:
    """What an analysis result opens with: the scenario, the model, what was checked, the
    adjustments in force and the target's window."""
    return Context(loaded, tuple(team.adjustments()), windows)


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
    from ..engine import posteriors

    evidence = likelihoods(findings)
    try:
        return posteriors(network, tuple(targets), evidence, engine)
    except InferenceError as exc:
        from ..engine.compiled import TooLargeError

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
    from ..engine.compiled import log_evidence_probability

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
