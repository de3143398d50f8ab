"""`forecast sensitivity`, `explain` and `voi`: which numbers, findings and collection matter."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .analyst_options import AnalystOption
from .common import (
    AllowUnverifiedOption,
    Format,
    FormatOption,
    StrictOption,
    checks,
    emit,
    handles_errors,
)
from .progress import progress
from .run import SetOption

ScenarioArgument = Annotated[Path, typer.Argument(help="Scenario YAML file.")]


def register(app: typer.Typer) -> None:
    app.command(
        "sensitivity",
        help="One-way sensitivity of a target probability to every parameter of the model, "
             "ranked by swing. A parameter moved to x scales the others of its row in "
             "proportion; the default sweep is [0, 1], --range R sweeps value ± R.\n\n"
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


@handles_errors
def sensitivity(
    scenario: ScenarioArgument,
    target: Annotated[str | None, typer.Option(
        "--target", "-t", metavar="NODE=STATE",
        help="Target probability (default: the scenario's first target, its lead state).")] = None,
    range_: Annotated[float | None, typer.Option(
        "--range", "-r", help="Sweep value ± R instead of [0, 1].")] = None,
    top: Annotated[int, typer.Option(help="Rows to show in table formats.")] = 20,
    format: FormatOption = Format.table,
    set_: SetOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
) -> None:
    from ..app import sensitivity_scenario
    from ..report.analysis_tables import render_each, sensitivity_rows

    checked = checks(allow_unverified, strict)
    with progress("sensitivity", None, format != Format.json) as advance:
        result = for_analysts(
            lambda who: sensitivity_scenario(scenario, target, range_, set_ or [], advance,
                                             checks=checked, analysts=who),
            scenario, set_, analyst)

    def build(one):
        t = one["target"]
        title = (f"Sensitivity of P({t['node']}={t['state']}) = {100 * one['baseline']:.1f}% "
                 f"to each parameter (top {top} by swing)")
        return (sensitivity_rows(one, None if format == Format.csv else top), title,
                ("low", "high", "swing"))

    emit(render_each(result, format.value, build))


@handles_errors
def explain(
    scenario: ScenarioArgument,
    target: Annotated[str | None, typer.Option(
        "--target", "-t", help="Target node (default: the scenario's first target).")] = None,
    format: FormatOption = Format.table,
    set_: SetOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
) -> None:
    from ..app import explain_scenario
    from ..report.analysis_tables import explain_rows, render_each

    checked = checks(allow_unverified, strict)
    result = for_analysts(lambda who: explain_scenario(scenario, target, set_ or [], checks=checked,
                                                   analysts=who),
                          scenario, set_, analyst)

    def build(one):
        lead = one["lead"]
        title = (f"Evidence impact on {one['target']}: lead outcome {lead} "
                 f"{100 * one['prior'][lead]:.1f}% before evidence, "
                 f"{100 * one['posterior'][lead]:.1f}% after")
        rows = explain_rows(one)
        return rows, title, tuple(k for k in rows[:1][0] if "(" in k) if one["evidence"] else ()

    emit(render_each(result, format.value, build))


@handles_errors
def voi(
    scenario: ScenarioArgument,
    target: Annotated[str | None, typer.Option(
        "--target", "-t", help="Target node (default: the scenario's first target).")] = None,
    top: Annotated[int, typer.Option(help="Rows to show in table formats.")] = 20,
    format: FormatOption = Format.table,
    set_: SetOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    analyst: AnalystOption = None,
) -> None:
    from ..app import voi_scenario
    from ..report.analysis_tables import render_each, voi_rows

    checked = checks(allow_unverified, strict)
    result = for_analysts(lambda who: voi_scenario(scenario, target, set_ or [], checks=checked,
                                               analysts=who),
                          scenario, set_, analyst)

    def build(one):
        title = (f"Value of information for {one['target']} (lead: {one['lead']}); "
                 "tripwire = observations that would change the lead")
        return voi_rows(one, None if format == Format.csv else top), title, ()

    emit(render_each(result, format.value, build))


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
    from ..app import compare_scenarios
    from ..report.analysis_tables import compare_rows, render_each

    checked = checks(allow_unverified, strict)
    result = for_analysts(lambda who: compare_scenarios(a, b, set_ or [], checks=checked,
                                                          analysts=who), b, set_, analyst)
    if format != Format.json:
        for one in result.get("analysts", {"": result}).values():
            one["scenario"] = one["to"]  # the table's header names the later snapshot

    def build(one):
        target = next(iter(one["targets"]))
        title = (f"What moved {target} from {one['from']['id']} ({one['from']['as_of']}) to "
                 f"{one['to']['id']} ({one['to']['as_of']}), and why ({one['method']}; "
                 "the contributions add up to the change)")
        rows = compare_rows(one)
        return rows, title, tuple(k for k in rows[0] if k not in {"item", "kind"})

    emit(render_each(result, format.value, build))


def for_analysts(analysis, scenario: Path, sets: list[str] | None, analysts: list[Path] | None):
    """The analysis on the model (or one analyst's numbers), or once per analyst."""
    if len(analysts or []) < 2:
        return analysis(analysts or [])
    from ..each_analyst import each_analyst

    return each_analyst(scenario, sets or [], analysts or [], lambda overlay: analysis([overlay]))
