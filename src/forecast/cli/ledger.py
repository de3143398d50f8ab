"""`forecast record | resolve | history | score`: the forecast ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .analyst_options import AnalystOption, Pool, PoolOption, WeightsOption
from .common import EngineName, EngineOption, Format, FormatOption, emit, handles_errors

LedgerOption = Annotated[str | None, typer.Option(
    "--ledger", metavar="PATH|postgresql://...",
    help="The ledger: an SQLite file (default forecasts.sqlite here, or FORECAST_LEDGER) or a "
         "postgresql:// URL for a team ledger.")]


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
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    ledger: LedgerOption = None,
    engine: EngineOption = EngineName.compiled,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="NODE=STATE:P[,STATE:P...]", help="As for run (repeatable).")] = None,
    format: FormatOption = Format.table,
    analyst: AnalystOption = None,
    pool: PoolOption = Pool.linear,
    weights: WeightsOption = None,
) -> None:
    from ..ledger import open_ledger
    from ..report.ledger_tables import render_records
    from ..usecases.ledger import record_run
    from ..usecases.run import run_scenario

    # bad input fails here, before the ledger is touched; a draft (unverified quotes) is never kept
    run = run_scenario(scenario, engine=engine.value, sets=set_ or [], analysts=analyst or [],
                       pool=pool.value, weights=weights).to_json()  # the ledger keeps what is written
    with open_ledger(ledger) as book:
        results = record_run(book, run)  # a pool and its analysts: one transaction
    emit(render_records(results, format.value))
    for w in run.get("warnings") or []:  # what was left out of the record, said where it is made
        if w.get("kind") == "proposed":
            typer.echo(f"warning: proposed: {w['message']}", err=True)


@handles_errors
def resolve(
    target: Annotated[str, typer.Option("--target", "-t", help="The target node.")],
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
    from ..ledger import open_ledger
    from ..report.ledger_tables import render_resolution
    from ..usecases.ledger import parse_date, resolve_question

    date = parse_date(on, "--on")
    with open_ledger(ledger, create=False) as book:
        result = resolve_question(book, target, outcome, model_id=model_id, on=date,
                                  replace=replace)
    emit(render_resolution(result, format.value))


@handles_errors
def history(ledger: LedgerOption = None, format: FormatOption = Format.table) -> None:
    from ..ledger import open_ledger
    from ..report.ledger_tables import render_history
    from ..usecases.ledger import history as list_history

    with open_ledger(ledger, create=False, read_only=True) as book:
        result = list_history(book)
    emit(render_history(result, format.value))


@handles_errors
def score(ledger: LedgerOption = None, format: FormatOption = Format.table,
          forecaster: Annotated[str | None, typer.Option(
              "--forecaster", help="Only this forecaster's forecasts: model, an analyst's "
                                   "name, or a pool's label (as score lists them).")] = None,
          ) -> None:
    from ..ledger import open_ledger
    from ..report.ledger_tables import render_scores
    from ..usecases.ledger import score_ledger

    with open_ledger(ledger, create=False, read_only=True) as book:
        result = score_ledger(book, forecaster)
    emit(render_scores(result, format.value))
