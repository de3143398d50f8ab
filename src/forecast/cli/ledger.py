"""`forecast record | resolve | history | score`: the forecast ledger."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import emit, handles_errors
from .options import (
    AnalystOption,
    EngineName,
    EngineOption,
    ForecasterOption,
    Format,
    FormatOption,
    LedgerOption,
    Pool,
    PoolOption,
    ScenarioArgument,
    SetOption,
    WeightsOption,
    adjustments,
    target_option,
)


def register(app: typer.Typer) -> None:
    app.command("record", help="Run a scenario and record the forecast (and its outside views) "
                "in the ledger.\n\nExample:\n\n  forecast record scenarios/oct2022.yaml")(record)
    app.command("resolve", help="Record how a question (a model's target node) resolved.\n\n"
                "Example:\n\n  forecast resolve --target belarus_posture --outcome "
                "defensive_only --on 2023-04-30")(resolve)
    app.command("history", help="List the recorded forecasts.")(history)
    app.command("score", help="Score the resolved forecasts: Brier, log score, ranked "
                "probability score; per question over its life; per forecaster; skill against "
                "outside views.\n\nExample:\n\n  forecast score --format json")(score)


@handles_errors
def record(
    scenario: ScenarioArgument,
    ledger: LedgerOption = None,
    engine: EngineOption = EngineName.compiled,
    set_: SetOption = None,
    format: FormatOption = Format.table,
    analyst: AnalystOption = None,
    pool: PoolOption = Pool.linear,
    weights: WeightsOption = None,
) -> None:
    from ..report.ledger_tables import render_records
    from ..usecases.ledger import RecordRequest
    from ..usecases.ledger import record as record_forecasts

    kept = record_forecasts(RecordRequest(scenario, ledger, engine.value,
                                          adjustments(set_, analyst, pool, weights)))
    emit(render_records(kept.rows, format.value))
    for message in kept.left_out:  # what was left out of the record, said where it is made
        typer.echo(f"warning: proposed: {message}", err=True)


@handles_errors
def resolve(
    target: Annotated[str, target_option("The target node (the question).", "NODE")],
    outcome: Annotated[str, typer.Option("--outcome", help="The state that came true.")],
    model_id: Annotated[str | None, typer.Option(
        "--model-id", help="The model's id (needed when several models forecast the target).")
    ] = None,
    on: Annotated[str | None, typer.Option(
        "--on", metavar="YYYY-MM-DD", help="When it resolved; forecasts made (as_of) after it "
        "are not scored.")] = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Correct an outcome recorded before.")] = False,
    ledger: LedgerOption = None,
    format: FormatOption = Format.table,
) -> None:
    from ..report.ledger_tables import render_resolution
    from ..usecases.ledger import ResolveRequest
    from ..usecases.ledger import resolve as resolve_question

    result = resolve_question(ResolveRequest(target, outcome, model_id, on, replace, ledger))
    emit(render_resolution(result, format.value))


@handles_errors
def history(ledger: LedgerOption = None, format: FormatOption = Format.table) -> None:
    from ..report.ledger_tables import render_history
    from ..usecases.ledger import recorded

    emit(render_history(recorded(ledger), format.value))


@handles_errors
def score(ledger: LedgerOption = None, format: FormatOption = Format.table,
          forecaster: ForecasterOption = None,
          ) -> None:
    from ..report.ledger_tables import render_scores
    from ..usecases.ledger import scores

    emit(render_scores(scores(ledger, forecaster), format.value))
