"""`forecast chart`: a chart of a scenario (or of several, over time) as PNG, SVG or PDF."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import UserError
from .analyst_options import AnalystOption, Pool, PoolOption, WeightsOption
from .common import (
    AllowUnverifiedOption,
    MarkingOption,
    SamplesOption,
    SeedOption,
    StrictOption,
    Yardstick,
    YardstickOption,
    checks,
    emit,
    handles_errors,
)
from .ledger import LedgerOption
from .run import SetOption


class Kind(str, Enum):
    posterior = "posterior"
    tornado = "tornado"
    impact = "impact"
    network = "network"
    timeline = "timeline"
    calibration = "calibration"
    horizon = "horizon"
    ach = "ach"


def register(app: typer.Typer) -> None:
    app.command(
        "chart",
        help="Draw a chart of a scenario; the format comes from the --out extension (.png at "
             "print resolution, .svg, .pdf). Kinds: posterior (outcome probabilities over the "
             "estimative bands; whiskers with --samples), tornado (which parameters matter), "
             "impact (what each evidence item did to the lead outcome), network (the model's "
             "graph with every node's probabilities), timeline (several scenarios by as_of "
             "date), horizon (for an outcome with window_days: the chance of reaching each "
             "level by each date from as_of to the horizon), ach (competing hypotheses: the "
             "outcomes against the findings), calibration (the reliability diagram of the "
             "ledger's scored forecasts; reads --ledger, not scenarios).\n\n"
             "Examples:\n\n"
             "  forecast chart scenarios/oct2022.yaml --kind posterior --out out/oct2022.png\n\n"
             "  forecast chart scenarios/oct2022.yaml --kind posterior --samples 1000 --seed 1 "
             "--out oct2022.pdf --marking 'UNCLASSIFIED // FOR TRAINING'\n\n"
             "  forecast chart scenarios/*.yaml --kind timeline --out timeline.svg\n\n"
             "  forecast chart --kind calibration --ledger forecasts.sqlite --out calibration.png",
    )(chart)


@handles_errors
def chart(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="File to write: .png, .svg or .pdf (written atomically).")],
    scenarios: Annotated[list[Path] | None, typer.Argument(
        metavar="SCENARIO", help="Scenario YAML file(s); several only for --kind timeline.")] = None,
    kind: Annotated[Kind, typer.Option("--kind", "-k", help="What to draw.")] = Kind.posterior,
    marking: MarkingOption = None,
    samples: SamplesOption = None,
    seed: SeedOption = 0,
    target: Annotated[str | None, typer.Option(
        "--target", "-t", metavar="NODE[=STATE]",
        help="The node to chart (default: the scenario's targets); the state matters for "
             "tornado (default: the lead outcome) and impact.")] = None,
    yardstick: YardstickOption = Yardstick.icd203,
    set_: SetOption = None,
    analyst: AnalystOption = None,
    pool: PoolOption = Pool.linear,
    weights: WeightsOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    ledger: LedgerOption = None,
) -> None:
    from ..report.charts import chart_format, render, save_figure

    chart_format(out)  # a bad extension fails before any work is done
    adjust = {"sets": set_ or [], "analysts": analyst or [], "pool": pool.value, "weights": weights}
    data = (calibration(scenarios, ledger) if kind == Kind.calibration
            else chart_data(kind.value, scenarios or [], samples=samples, seed=seed,
                            target=target, yardstick=yardstick.value, adjust=adjust,
                            checks=checks(allow_unverified, strict)))
    fig = render(kind.value, data, marking=marking, yardstick=yardstick.value)
    save_figure(fig, out)
    emit(f"wrote {out}")


def chart_data(kind: str, scenarios: list[Path], *, samples: int | None = None, seed: int = 0,
               target: str | None = None, yardstick: str = "icd203",
               adjust: dict[str, Any] | None = None, checks: Any = None) -> Any:
    """The result dict (or list of them) that the chart of `kind` is drawn from. `adjust`
    holds `sets`, `analysts`, `pool` and `weights` as run_scenario takes them; tornado,
    impact and network charts take one analyst."""
    adjust = adjust or {}
    sets, analysts = adjust.get("sets", ()), adjust.get("analysts", ())
    if not scenarios:
        raise UserError("give a scenario file")
    if kind != "timeline" and len(scenarios) > 1:
        raise UserError(f"--kind {kind} draws one scenario, got {len(scenarios)}; "
                        "use --kind timeline to chart several")
    if samples is not None and kind not in ("posterior", "timeline"):
        raise UserError(f"--samples applies to posterior and timeline charts, not {kind}")
    from ..app import Checks

    checks = checks or Checks()
    node, state = _split_target(target)
    if kind == "posterior":
        return _run(scenarios[0], samples, seed, node, yardstick, adjust, checks)
    if kind == "timeline":
        return [_run(path, samples, seed, node, yardstick, adjust, checks) for path in scenarios]
    if kind == "horizon":
        return _run(scenarios[0], None, seed, node, yardstick, adjust, checks)
    if kind == "tornado":
        from ..app import sensitivity_scenario

        result = sensitivity_scenario(scenarios[0], target, None, sets, None, checks=checks,
                                      analysts=analysts, sweep="credible")
        result["labels"] = _labels(scenarios[0])
        return result
    if kind == "impact":
        from ..app import explain_scenario

        result = explain_scenario(scenarios[0], target, sets, checks=checks, analysts=analysts)
        if state is not None:
            result["lead"] = state  # the waterfall of the state asked for
        return result
    if kind == "ach":
        from ..app import explain_scenario

        result = explain_scenario(scenarios[0], target, sets, checks=checks, analysts=analysts,
                                  ach=True)
        result["labels"] = _labels(scenarios[0])
        return result
    return _network(scenarios[0], node, yardstick, checks, sets, analysts)


def _labels(path: Path) -> dict[str, str]:
    """Node labels, so that charts meant for readers speak in labels, not identifiers."""
    from ..spec.load import load_scenario

    network = load_scenario(path, allow_unverified=True).network  # checked by the analysis
    return {name: network[name].label for name in network.names}


def calibration(scenarios: list[Path] | None, ledger: str | None) -> Any:
    """The reliability diagram's data, read from the ledger."""
    from ..ledger import open_ledger
    from ..tracking import calibration_data

    if scenarios:
        raise UserError("--kind calibration draws the ledger's scored forecasts, not scenarios; "
                        "drop the scenario files (choose the ledger with --ledger)")
    with open_ledger(ledger, create=False) as book:
        return calibration_data(book)


def _split_target(target: str | None) -> tuple[str | None, str | None]:
    if not target:
        return None, None
    node, sep, state = (part.strip() for part in target.partition("="))
    if not node or (sep and not state):
        raise UserError(f"--target {target!r}: write NODE or NODE=STATE")
    return node, state or None


def _run(path: Path, samples: int | None, seed: int, node: str | None,
         yardstick: str, adjust: dict[str, Any], checks: Any) -> dict[str, Any]:
    from ..app import run_scenario

    result = run_scenario(path, yardstick=yardstick, samples=samples, seed=seed, checks=checks,
                          **adjust)
    if node is not None:
        if node not in result["posteriors"]:
            raise UserError(f"--target {node!r}: not a target of {path}; its targets are "
                            f"{', '.join(result['posteriors'])}")
        result["targets"] = [node]
    return result


def _network(path: Path, node: str | None, yardstick: str, checks: Any, sets: Any = (),
             analysts: Any = ()) -> dict[str, Any]:
    """The run result's context plus the graph and the posterior of every node."""
    from ..app import (
        analyst_team,
        infer_windowed,
        integrity_json,
        load_checked,
        model_json,
        scenario_json,
    )
    from ..report.charts import network_data

    loaded = load_checked(path, checks)
    team = analyst_team(loaded, sets, analysts)
    network = team.single("the network chart")
    findings = loaded.scenario.findings
    posteriors = infer_windowed(network, network.names, loaded.scenario)
    targets = list(loaded.scenario.targets)
    if node is not None:
        if node not in network:
            raise UserError(f"--target {node!r}: unknown node; nodes are {', '.join(network.names)}")
        targets = [node]
    result = {"scenario": scenario_json(loaded), "model": model_json(loaded.model),
              "engine": "compiled", "targets": targets, "yardstick": yardstick,
              "evidence": [f.to_json() for f in findings], **integrity_json(loaded),
              "adjustments": team.adjustments()}
    return network_data(result, network, posteriors)
