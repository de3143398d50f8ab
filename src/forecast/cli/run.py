"""`forecast run`: the probabilities of a scenario's outcomes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import (
    EngineName,
    EngineOption,
    Format,
    FormatOption,
    OutOption,
    Yardstick,
    YardstickOption,
    emit,
    handles_errors,
)

SetOption = Annotated[list[str] | None, typer.Option(
    "--set", metavar="NODE=STATE:P[,STATE:P...]",
    help="Set a root node's prior for this run (repeatable). States not named share the rest "
         "in proportion to their current values.")]


def register(app: typer.Typer) -> None:
    app.command(
        "run",
        help="Run a scenario: posterior probabilities of its targets with estimative words.\n\n"
             "Examples:\n\n"
             "  forecast run scenarios/oct2022.yaml\n\n"
             "  forecast run scenarios/oct2022.yaml --format json --out out/\n\n"
             "  forecast run scenarios/oct2022.yaml --set russia_troop_need=acute:0.6",
    )(run)


@handles_errors
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    format: FormatOption = Format.table,
    out: OutOption = None,
    set_: SetOption = None,
    engine: EngineOption = EngineName.compiled,
    yardstick: YardstickOption = Yardstick.icd203,
) -> None:
    from ..app import run_scenario
    from ..files import write_atomic
    from ..report.tables import render_posteriors, to_json

    result = run_scenario(scenario, engine=engine.value, sets=set_ or [],
                          yardstick=yardstick.value)
    text = render_posteriors(result, format.value)
    if out is not None:
        write_atomic(out / f"{result['scenario']['id']}.json", to_json(result))
    emit(text)
