"""Use case: the data a chart of a kind is drawn from (a run, an analysis, the ledger), with
the checks of every scenario command. No drawing, no writing: report/charts draws it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..errors import UserError
from .snapshot import Adjustments


def chart_data(kind: str, scenarios: list[Path], *, samples: int | None = None, seed: int = 0,
               target: str | None = None, yardstick: str = "icd203",
               adjustments: Adjustments | None = None, checks: Any = None) -> Any:
    """The result (or list of them) that the chart of `kind` is drawn from; tornado, impact
    and network charts take one analyst."""
    adjust = adjustments or Adjustments()
    sets, analysts = adjust.sets, adjust.analysts
    if not scenarios:
        raise UserError("give a scenario file")
    if kind != "timeline" and len(scenarios) > 1:
        raise UserError(f"--kind {kind} draws one scenario, got {len(scenarios)}; "
                        "use --kind timeline to chart several")
    if samples is not None and kind not in ("posterior", "timeline"):
        raise UserError(f"--samples applies to posterior and timeline charts, not {kind}")
    from .explain import explain_scenario
    from .sensitivity import sensitivity_scenario
    from .snapshot import Checks, load_snapshots

    checks = checks or Checks()
    node, state = _split_target(target)
    loaded = load_snapshots(scenarios, checks)  # each file once, a shared model once
    first = loaded[0]
    if kind == "posterior":
        return _run(first, samples, seed, node, yardstick, adjust, checks)
    if kind == "timeline":
        return [_run(item, samples, seed, node, yardstick, adjust, checks) for item in loaded]
    if kind == "horizon":
        return _dated(_run(first, None, seed, node, yardstick, adjust, checks))
    if kind == "tornado":
        return sensitivity_scenario(first, target, None, sets, None, checks=checks,
                                    analysts=analysts, sweep="credible")
    if kind in ("impact", "ach"):
        result = explain_scenario(first, target, sets, checks=checks, analysts=analysts,
                                  ach=kind == "ach")
        if kind == "impact" and state is not None:  # the waterfall of the state asked for
            return dataclasses.replace(result, analysis=dataclasses.replace(result.analysis,
                                                                            lead=state))
        return result
    return _network(first, node, yardstick, checks, sets, analysts)


def calibration(scenarios: list[Path] | None, ledger: str | None,
                forecaster: str | None = None) -> Any:
    """The reliability diagram's data, read from the ledger."""
    from ..ledger import open_ledger
    from .ledger import calibration_data

    if scenarios:
        raise UserError("--kind calibration draws the ledger's scored forecasts, not scenarios; "
                        "drop the scenario files (choose the ledger with --ledger)")
    with open_ledger(ledger, create=False, read_only=True) as book:
        return calibration_data(book, forecaster)


def _split_target(target: str | None) -> tuple[str | None, str | None]:
    from ..domain.assignment import parse_target

    chosen = parse_target(target)
    return (None, None) if chosen is None else (chosen.node, chosen.state)


def _run(loaded: Any, samples: int | None, seed: int, node: str | None,
         yardstick: str, adjust: Adjustments, checks: Any) -> Any:
    from .run import RunRequest, execute

    result = execute(RunRequest(loaded, adjust, checks, yardstick=yardstick, samples=samples,
                                seed=seed))
    if node is not None:
        if node not in result.posteriors:
            raise UserError(f"--target {node!r}: not a target of {loaded.path}; its targets are "
                            f"{', '.join(result.posteriors)}")
        result = dataclasses.replace(result, targets=(node,))
    return result


def _dated(run: Any) -> Any:
    """A run with its windowed targets by date (`by_date`), as the horizon chart draws it."""
    from ..report.written import written
    from .by_date import date_curves

    dated = {node: date_curves(run, node) for node in run.targets}
    dated = {node: c.to_json() for node, c in dated.items() if c is not None}
    return {**written(run), "by_date": dated} if dated else run


def _network(loaded: Any, node: str | None, yardstick: str, checks: Any, sets: Any = (),
             analysts: Any = ()) -> dict[str, Any]:
    """The run result's context plus the graph and the posterior of every node."""
    from ..domain.timing import model_names, without_derived
    from ..report.charts import network_data
    from ..results import integrity_json, model_json, scenario_json
    from .snapshot import analyst_team, infer_windowed, load_checked

    loaded = load_checked(loaded, checks)
    team = analyst_team(loaded, sets, analysts)
    network = team.single("the network chart")
    findings = loaded.scenario.findings
    posteriors = infer_windowed(network, model_names(network), loaded.scenario)
    targets = list(loaded.scenario.targets)
    if node is not None:
        if node not in network:
            raise UserError(f"--target {node!r}: unknown node; nodes are {', '.join(network.names)}")
        targets = [node]
    result = {"scenario": scenario_json(loaded), "model": model_json(loaded.model),
              "engine": "compiled", "targets": targets, "yardstick": yardstick,
              "evidence": [f.to_json() for f in findings], **integrity_json(loaded),
              "adjustments": [a.to_json() for a in team.adjustments()]}
    return network_data(result, without_derived(network), posteriors)
