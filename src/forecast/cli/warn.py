"""`forecast warn`: could the indicators still warn, and which observations would."""

from __future__ import annotations

from typing import Annotated

import typer

from .analyses import ScenarioArgument, for_analysts
from .analyst_options import AnalystOption
from .common import (
    AllowUnverifiedOption,
    Format,
    FormatOption,
    StrictOption,
    Yardstick,
    YardstickOption,
    checks,
    emit,
    handles_errors,
)
from .run import SetOption


def register(app: typer.Typer) -> None:
    app.command(
        "warn",
        help="Warning capacity: over the observable indicators without evidence, the highest "
             "and lowest probability of the asked event any combination of observations "
             "(each entered as certain) reaches, and for each estimative band above and below "
             "today's the smallest sets of observations that get there (exact, by "
             "enumeration).\n\n"
             "Example:\n\n  forecast warn scenarios/oct2022.yaml --target "
             "belarus_posture=belarus_enters_war",
    )(warn)


@handles_errors
def warn(
    scenario: ScenarioArgument,
    target: Annotated[str | None, typer.Option(
        "--target", "-t", metavar="NODE=STATE",
        help="The asked event (default: the scenario's first target, its most likely "
             "state).")] = None,
    yardstick: YardstickOption = Yardstick.icd203,
    format: FormatOption = Format.table,
    set_: SetOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
) -> None:
    from ..report.warn_table import render_warn
    from ..usecases.snapshot import load_checked
    from ..usecases.warn import warn_scenario

    checked = checks(allow_unverified, strict)
    loaded = load_checked(scenario, checked)  # once, for every analyst
    result = for_analysts(lambda who: warn_scenario(loaded, target, set_ or [], checks=checked,
                                                    analysts=who, yardstick=yardstick.value),
                          loaded, set_, analyst)
    emit(render_warn(result, format.value))
