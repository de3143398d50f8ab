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

from .app import Checks, analysis_context, infer_windowed
from .domain.numbers import freeze_fields, thawed
from .errors import UserError
from .results import AnalysisResult, Context, integrity_json, model_json, scenario_json
from .spec.load import LoadedScenario

if TYPE_CHECKING:
    from .analysis.sensitivity import Sensitivity

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
                    analysts: Sequence[Any] = ()) -> Answer:
    """The asked event (with its interval), the analytic confidence, and the drivers (credible
    sweep of the state the event turns on). A windowed target is answered for the days left
    to the horizon: the probability, each sampled draw and the drivers are all converted."""
    from .analysis.asked import asked_event, event_interval
    from .analysis.confidence import analytic_confidence
    from .analysis.sensitivity import sensitivity
    from .app import analysis_inputs, scenario_windows

    if samples is not None and samples < 2:
        raise UserError(f"--samples {samples}: give at least 2 samples")
    loaded, team, node, state = analysis_inputs(path, sets, target, checks, analysts, "the answer")
    network = team.single("the answer")
    findings = loaded.scenario.findings
    windows = scenario_windows(network, loaded.scenario, (node,))
    window = windows.get(node)
    vector = infer_windowed(network, (node,), loaded.scenario, "compiled")[node]
    posterior = {s: float(p) for s, p in zip(network[node].states, vector, strict=True)}
    event = asked_event(network, node, state, posterior)
    evidence = loaded.scenario.likelihoods()
    draws = samples or SAMPLES
    event["interval"] = event_interval(network, evidence, node, event["states"], draws, seed,
                                       window=window)
    event.update({"level": 0.9, "samples": draws, "seed": seed})
    # P(any escalation) = 1 - P(first state): the same drivers, the same swings
    pivot = network[node].states[0] if event["kind"] == "escalation" else event["states"][0]
    drivers = sensitivity(network, evidence, node, pivot, sweep="credible", window=window)
    swings = [r.written_swing for r in drivers.ranking() if r.written_swing is not None]
    from .analysis.interval_rule import rule_interval
    from .app import infer

    rule = rule_interval(network, evidence, node, event["states"], window=window)
    prior = infer(network, (node,), (), "compiled")[node]
    if window is not None:
        from .domain.window import convert

        prior = convert(prior, window.ratio)
    picked = [network[node].index(s) for s in event["states"]]
    movement = {"with": float(sum(vector[i] for i in picked)),
                "without": float(sum(prior[i] for i in picked)),
                "even": len(picked) / network[node].card}
    confidence = analytic_confidence(event["interval"], [f.to_json() for f in findings],
                                     max(swings, default=None), rule=rule,
                                     channels=[m for m, _ in loaded.integrity.channels],
                                     evidence=movement)
    return Answer(analysis_context(loaded, team, windows), event, confidence, drivers)
