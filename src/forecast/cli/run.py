"""`forecast run`: the probabilities of a scenario's outcomes."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import emit, handles_errors
from .options import (
    AllowUnverifiedOption,
    AnalystOption,
    EngineName,
    EngineOption,
    Format,
    FormatOption,
    OutOption,
    OutsideOption,
    Pool,
    PoolOption,
    SamplesOption,
    ScenarioArgument,
    SeedOption,
    SetOption,
    StrictOption,
    WeightsOption,
    Yardstick,
    YardstickOption,
    adjustments,
    checks,
)
from .progress import progress


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
    scenario: ScenarioArgument,
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
    from ..usecases.run import RunRequest, execute

    request = RunRequest(scenario, adjustments(set_, analyst, pool, weights),
                         checks(allow_unverified, strict), engine.value, yardstick.value,
                         samples, seed, level, outside)
    with progress("sampling", None, bool(samples) and format != Format.json):
        result = execute(request)
    text = render_posteriors(result, format.value)
    if out is not None:
        write_atomic(out / f"{result.loaded.scenario.id}.json", to_json(result.to_json()))
    emit(text)
