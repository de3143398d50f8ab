"""`forecast warn`: could the indicators still warn, and which observations would."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import emit, handles_errors
from .options import (
    AllowUnverifiedOption,
    AnalystOption,
    Format,
    FormatOption,
    ScenarioArgument,
    SetOption,
    StrictOption,
    Yardstick,
    YardstickOption,
    adjustments,
    checks,
    target_option,
)


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
    target: Annotated[str | None, target_option(
        "The asked event (default: the scenario's first target, its most likely "
        "state).")] = None,
    yardstick: YardstickOption = Yardstick.icd203,
    format: FormatOption = Format.table,
    set_: SetOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
) -> None:
    from ..report.warn_table import render_warn
    from ..usecases.warn import WarnRequest, execute

    result = execute(WarnRequest(scenario, target, None, yardstick.value,
                                 adjustments(set_, analyst), checks(allow_unverified, strict)))
    emit(render_warn(result, format.value))
