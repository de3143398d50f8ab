"""Use case: the answer to the question a snapshot asks, as a bottom line needs it.

The asked event and its probability (`analysis.asked`), its 90% interval over the model's own
numbers, the drivers of it over credible ranges, and the analytic confidence those support
(`analysis.confidence`). No printing, no writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .app import Checks, analysis_setup, infer_windowed
from .errors import UserError
from .results import integrity_json, model_json, scenario_json
from .spec.load import LoadedScenario

SAMPLES = 1000  # draws for the event's interval when the caller gives none


def answer_scenario(path: Path | str | LoadedScenario, target: str | None = None, samples: int | None = None,
                    seed: int = 0, sets: Sequence[str] = (), checks: Checks = Checks(),
                    analysts: Sequence[Any] = ()) -> dict[str, Any]:
    """{scenario, model, event (with interval), confidence, sensitivity (credible sweep of the
    state the event turns on)}. A windowed target is answered for the days left to the
    horizon: the probability, each sampled draw and the drivers are all converted."""
    from .analysis.asked import asked_event, event_interval
    from .analysis.confidence import analytic_confidence
    from .analysis.sensitivity import sensitivity
    from .app import scenario_windows

    if samples is not None and samples < 2:
        raise UserError(f"--samples {samples}: give at least 2 samples")
    loaded, network, node, state = analysis_setup(path, sets, target, checks, analysts, "the answer")
    findings = loaded.scenario.findings
    window = scenario_windows(network, loaded.scenario, (node,)).get(node)
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
    swings = [r.swing for r in drivers.ranking() if r.swing is not None]
    confidence = analytic_confidence(event["interval"], [f.to_json() for f in findings],
                                     max(swings, default=None))
    return {"scenario": scenario_json(loaded), "model": model_json(loaded.model),
            **integrity_json(loaded), "event": event, "confidence": confidence,
            "sensitivity": {"scenario": scenario_json(loaded), "model": model_json(loaded.model),
                            **integrity_json(loaded), **drivers.to_json()}}
