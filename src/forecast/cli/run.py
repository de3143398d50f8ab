"""`forecast run`: the probabilities of a scenario's outcomes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .analyst_options import AnalystOption, Pool, PoolOption, WeightsOption
from .common import (
    AllowUnverifiedOption,
    EngineName,
    EngineOption,
    Format,
    FormatOption,
    OutOption,
    SamplesOption,
    SeedOption,
    StrictOption,
    Yardstick,
    YardstickOption,
    checks,
    emit,
    handles_errors,
)
from .progress import progress

SetOption = Annotated[list[str] | None, typer.Option(
    "--set", metavar="NODE=STATE:P[,STATE:P...]",
    help="Set a root node's prior for this run (repeatable). States not named share the rest "
         "in proportion to their current values.")]


OutsideOption = Annotated[float | None, typer.Option(
    "--outside", metavar="WEIGHT",
    help="Also show a linear blend of the model with the scenario's base rate on its event: "
         "WEIGHT (0-1) on the base rate (the first listed on a node). Labelled as a blend; "
         "the model's own numbers are unchanged.")]


def register(app: typer.Typer) -> None:
    app.command(
        "run",
        help="Run a scenario: posterior probabilities of its targets with estimative words.\n\n"
             "Examples:\n\n"
             "  forecast run scenarios/oct2022.yaml\n\n"
             "  forecast run scenarios/oct2022.yaml --format json --out out/\n\n"
             "  forecast run scenarios/oct2022.yaml --set russia_troop_need=acute:0.6\n\n"
             "  forecast run scenarios/oct2022.yaml --analyst overlays/belarus_analyst_a.yaml "
             "--analyst overlays/belarus_analyst_b.yaml --pool log",
    )(run)


@handles_errors
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    format: FormatOption = Format.table,
    out: OutOption = None,
    set_: SetOption = None,
    engine: EngineOption = EngineName.compiled,
    yardstick: YardstickOption = Yardstick.icd203,
    samples: SamplesOption = None,
    seed: SeedOption = 0,
    level: Annotated[float, typer.Option(help="Interval level for --samples.")] = 0.9,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
    pool: PoolOption = Pool.linear,
    weights: WeightsOption = None,
    outside: OutsideOption = None,
) -> None:
    from ..files import write_atomic
    from ..report.tables import render_posteriors, to_json
    from ..usecases.run import run_scenario

    with progress("sampling", None, bool(samples) and format != Format.json):
        result = run_scenario(scenario, engine=engine.value, sets=set_ or [],
                              yardstick=yardstick.value, samples=samples, seed=seed, level=level,
                              checks=checks(allow_unverified, strict),
                              analysts=analyst or [], pool=pool.value, weights=weights,
                              outside=outside)
    text = render_posteriors(result, format.value)
    if out is not None:
        write_atomic(out / f"{result.loaded.scenario.id}.json", to_json(result.to_json()))
    emit(text)
