"""`forecast sensitivity`, `explain`, `voi` and `compare`: which numbers, findings and
collection matter. Each builds its request from the options and renders the result."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
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
    adjustments,
    checks,
    target_option,
)
from .progress import progress


def register(app: typer.Typer) -> None:
    app.command(
        "sensitivity",
        help="One-way sensitivity of a target probability to every parameter of the model, "
             "ranked by swing. A parameter moved to x scales the others of its row in "
             "proportion. The default sweep is each number's 90% credible range when the model "
             "states a confidence, else [0, 1]; --range R sweeps value ± R.\n\n"
             "Examples:\n\n"
             "  forecast sensitivity scenarios/oct2022.yaml --target belarus_posture="
             "belarus_enters_war\n\n"
             "  forecast sensitivity scenarios/oct2022.yaml --range 0.1 --format json",
    )(sensitivity)
    app.command(
        "explain",
        help="What each item of evidence did to the target: the posterior without it, the "
             "shift it causes, and its diagnosticity (likelihood under each outcome).\n\n"
             "Example:\n\n  forecast explain scenarios/oct2022.yaml",
    )(explain)
    app.command(
        "voi",
        help="Value of information: mutual information (bits) of every unobserved node with "
             "the target, the target under each of its states, and tripwires (observations "
             "that would change the most likely outcome).\n\n"
             "Example:\n\n  forecast voi scenarios/oct2022.yaml --target belarus_posture",
    )(voi)
    app.command(
        "compare",
        help="How the outcome probabilities moved from snapshot A to snapshot B, and why: "
             "the change attributed to each evidence item and prior change that differs "
             "(added, removed or regraded), and the time that passed when an outcome has "
             "window_days, by Shapley values, so the parts add up exactly."
             "\n\nExample:\n\n  forecast compare scenarios/oct2022.yaml scenarios/jan2023.yaml",
    )(compare)


class Sweep(str, Enum):
    full = "full"
    credible = "credible"
    ranges = "ranges"


@handles_errors
def sensitivity(
    scenario: ScenarioArgument,
    target: Annotated[str | None, target_option(
        "Target probability (default: the scenario's first target, its lead state).")] = None,
    range_: Annotated[float | None, typer.Option(
        "--range", "-r", help="Sweep value ± R instead of [0, 1] (full sweeps).")] = None,
    sweep: Annotated[Sweep | None, typer.Option(
        "--sweep", help="full: every number over [0, 1] (or ± --range); credible: over its 90% "
                        "range under its node's confidence (Beta quantiles); ranges: each "
                        "number with a stated `range:` over it, then all at once (joint). "
                        "Default: credible when the model states a confidence (its own or a "
                        "node's) and no --range is given, else full.")] = None,
    top: Annotated[int, typer.Option(help="Rows to show in table formats.")] = 20,
    format: FormatOption = Format.table,
    set_: SetOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
) -> None:
    from ..report.analysis_tables import render_sensitivity
    from ..usecases.sensitivity import SensitivityRequest, execute

    request = SensitivityRequest(scenario, target, sweep.value if sweep else None, range_,
                                 adjustments(set_, analyst), checks(allow_unverified, strict))
    with progress("sensitivity", None, format != Format.json) as advance:
        result = execute(request, advance)
    if sweep == Sweep.ranges:
        from ..report.ranges_table import render_ranges

        emit(render_ranges(result, format.value))
        return
    emit(render_sensitivity(result, format.value, top))


@handles_errors
def explain(
    scenario: ScenarioArgument,
    target: Annotated[str | None, target_option(
        "Target node, and the outcome to report (default: the scenario's first target, its "
        "most likely state).")] = None,
    ach: Annotated[bool, typer.Option(
        "--ach", help="Analysis of competing hypotheses: the target's states against the "
                      "findings, with consistency marks and diagnosticity.")] = False,
    format: FormatOption = Format.table,
    set_: SetOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
) -> None:
    from ..report.analysis_tables import render_explain
    from ..usecases.explain import ExplainRequest, execute

    result = execute(ExplainRequest(scenario, target, ach, adjustments(set_, analyst),
                                    checks(allow_unverified, strict)))
    emit(render_explain(result, format.value, ach))


@handles_errors
def voi(
    scenario: ScenarioArgument,
    target: Annotated[str | None, target_option(
        "Target node, and the outcome whose shifts to report (default: the scenario's first "
        "target, its most likely state).")] = None,
    top: Annotated[int, typer.Option(help="Rows to show in table formats.")] = 20,
    format: FormatOption = Format.table,
    set_: SetOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
) -> None:
    from ..report.analysis_tables import render_voi
    from ..usecases.voi import VoiRequest, execute

    result = execute(VoiRequest(scenario, target, adjustments(set_, analyst),
                                checks(allow_unverified, strict)))
    emit(render_voi(result, format.value, top))


@handles_errors
def compare(
    a: Annotated[Path, typer.Argument(help="Earlier snapshot (scenario YAML).")],
    b: Annotated[Path, typer.Argument(help="Later snapshot (scenario YAML).")],
    format: FormatOption = Format.table,
    set_: SetOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
) -> None:
    from ..report.analysis_tables import render_compare
    from ..usecases.compare import CompareRequest, execute

    result = execute(CompareRequest(a, b, adjustments(set_, analyst),
                                    checks(allow_unverified, strict)))
    emit(render_compare(result, format.value))
