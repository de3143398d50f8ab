"""Use case: the answer to the question a snapshot asks, as a bottom line needs it.

The asked event and its probability (`analysis.asked`), its 90% interval over the model's own
numbers, the drivers of it over credible ranges, and the analytic confidence those support
(`analysis.confidence`). No printing, no writing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.numbers import freeze_fields, thawed
from ..errors import UserError
from ..results import AnalysisResult, Context, integrity_json, model_json, scenario_json
from ..spec.load import LoadedScenario
from .snapshot import Checks, analysis_context, infer_windowed

if TYPE_CHECKING:
    from ..analysis.sensitivity import Sensitivity

SAMPLES = 1000  # draws for the event's interval when the caller gives none


@dataclass(frozen=True)
class Answer:
    """The answer to the question a snapshot asks, in its context (the scenario, the
    adjustments in force, the target's window): the asked event with its interval (`event`,
    as `analysis.asked` writes it), the analytic confidence (`confidence`, as
    `analysis.confidence` writes it) and the drivers of the event over credible ranges."""

    context: Context
    event: Mapping[str, Any]       # kind, target, states, probability, levels, interval, ...
    confidence: Mapping[str, Any]  # level, reason, criteria
    drivers: Sensitivity

    def __post_init__(self) -> None:
        freeze_fields(self, "event", "confidence")

    @property
    def sensitivity(self) -> AnalysisResult[Sensitivity]:
        """The drivers as a sensitivity result of this snapshot."""
        return AnalysisResult(self.context, self.drivers)

    def to_json(self) -> dict[str, Any]:
        loaded = self.context.loaded
        head = {"scenario": scenario_json(loaded), "model": model_json(loaded.model),
                **integrity_json(loaded)}
        return {**head, "event": thawed(self.event), "confidence": thawed(self.confidence),
                "sensitivity": {**head, **self.drivers.to_json()}}


def answer_scenario(path: Path | str | LoadedScenario, target: str | None = None, samples: int | None = None,
                    seed: int = 0, sets: Sequence[str] = (), checks: Checks = Checks(),
                    analysts: Sequence[Any] = (), pool: str | None = None,
                    weights: Any = None) -> Answer:
    """The asked event (with its interval), the analytic confidence, and the drivers (credible
    sweep of the state the event turns on). The asked event is the `--target` state, else the
    model's `question`, else any escalation of an ordered outcome or the most likely state.
    A windowed target is answered on the network converted to the snapshot, so the
    probability, each sampled draw and the drivers are all for the days left. With several
    analysts the probability and the interval are the pool's (each draw of every analyst's
    numbers pooled, then the event summed); the drivers shown are the model's own numbers (a
    pool is not one network), and the confidence's sensitivity rule takes the largest swing
    over every analyst's network."""
    from ..analysis.asked import asked_event, question_event
    from ..analysis.confidence import analytic_confidence
    from .snapshot import analysis_inputs, analyst_team, scenario_windows

    if samples is not None and samples < 2:
        raise UserError(f"--samples {samples}: give at least 2 samples")
    loaded, base_team, node, state = analysis_inputs(path, sets, target, checks,
                                                     analysts[:1] if len(analysts) == 1 else (),
                                                     "the answer")
    team = base_team if len(analysts) <= 1 else analyst_team(loaded, sets, analysts, pool,
                                                             weights)
    question = team.base.meta.get("question") if not target else None
    if question is not None:
        node = question["node"]
    reports = loaded.scenario.reports  # the quiet days are the tool's, not a source's
    windows = scenario_windows(team.base, loaded.scenario, (node,))
    states = team.base[node].states
    each = {name: infer_windowed(net, (node,), loaded.scenario, "compiled")
            for name, net in team.networks.items()}
    vector = team.combine(each)[node]
    posterior = {s: float(p) for s, p in zip(states, vector, strict=True)}
    if question is not None:
        event = question_event(team.base, question, posterior)
    else:
        event = asked_event(team.base, node, state, posterior)
    evidence = loaded.scenario.likelihoods()
    draws = samples or SAMPLES
    event["interval"] = _interval(team, evidence, node, event["states"], draws, seed)
    event.update({"level": 0.9, "samples": draws, "seed": seed})
    if len(team.networks) > 1:
        event["pool"] = team.method
    # P(any escalation) = 1 - P(first state): the same drivers, the same swings
    pivot = _pivot(states, event)
    shown = base_team.single("the answer")
    drivers = _drivers(shown, evidence, node, pivot)
    swings = [r.written_swing for net in ([shown] if len(team.networks) <= 1
                                          else list(team.networks.values()))
              for r in (drivers if net is shown else _drivers(net, evidence, node, pivot)).ranking()
              if r.written_swing is not None]
    from ..analysis.interval_rule import rule_interval
    from .snapshot import infer

    rule = rule_interval(shown, evidence, node, event["states"])
    prior = infer(shown, (node,), (), "compiled")[node]  # no finding, the quiet days' neither
    picked = [team.base[node].index(s) for s in event["states"]]
    movement = {"with": float(sum(vector[i] for i in picked)),
                "without": float(sum(prior[i] for i in picked)),
                "even": len(picked) / team.base[node].card}
    confidence = analytic_confidence(event["interval"], [f.to_json() for f in reports],
                                     max(swings, default=None), rule=rule,
                                     channels=[m for m, _ in loaded.integrity.channels],
                                     evidence=movement)
    # the context is the drivers' (one network); a pooled event says so with its `pool`
    return Answer(analysis_context(loaded, base_team, windows), event, confidence, drivers)


def _pivot(states: Sequence[str], event: Mapping[str, Any]) -> str:
    """The state whose sensitivity is the event's: the first state for any escalation (or any
    event that is every state but one, the one left out), else the event's first state."""
    if event["kind"] == "escalation":
        return states[0]
    rest = [s for s in states if s not in event["states"]]
    return rest[0] if len(rest) == 1 and len(event["states"]) > 1 else event["states"][0]


def _drivers(network: Any, evidence: Mapping[str, Any], node: str, pivot: str) -> Sensitivity:
    from ..analysis.sensitivity import sensitivity

    return sensitivity(network, evidence, node, pivot, sweep="credible")


def _interval(team: Any, evidence: Mapping[str, Any], node: str, states: Sequence[str],
              draws: int, seed: int) -> list[float]:
    """The event's 90% interval: one network's draws, or every analyst's draws pooled draw by
    draw (`analysis.pooled_uncertainty`)."""
    from ..analysis.asked import draws_interval
    from ..analysis.pooled_uncertainty import pooled_draws

    sampled = pooled_draws(team.networks, team.weights, team.method, evidence, (node,), draws,
                           seed)[node]
    return draws_interval(team.base, node, sampled, states)
