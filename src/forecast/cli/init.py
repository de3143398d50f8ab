"""`forecast init`: start a new case from a question and its outcome states."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UserError
from .common import handles_errors
from .options import target_option


def register(app: typer.Typer) -> None:
    app.command(
        "init",
        help="Start a new case in DIR: a model (the outcome and one cause), its model card, a "
             "scenario with one graded finding, a sources index with one document, an analyst's "
             "overlay and a README, each with comments saying what to fill in. The files are "
             "checked (validate and run) before they are written.\n\n"
             "Examples:\n\n"
             "  forecast init cases/strait --question 'Will the strait be closed by June?' "
             "--outcome open,harassment,closed\n\n"
             "  forecast init cases/belarus_copy --from models/belarus.yaml",
    )(init)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date; write YYYY-MM-DD") from None


@handles_errors
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder for the new case.")],
    question: Annotated[str | None, typer.Option(
        "--question", help="The question the case answers (the model's title).")] = None,
    outcome: Annotated[str | None, typer.Option(
        "--outcome", metavar="A,B,C",
        help="The outcome's states, comma separated, from 'nothing happened' up; names that are "
             "not identifiers are made snake_case.")] = None,
    target: Annotated[str, target_option("Name of the outcome node.", "NODE")] = "outcome",
    from_model: Annotated[Path | None, typer.Option(
        "--from", metavar="MODEL.yaml",
        help="Start from an existing model: copies it, its card and its documents.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="The first snapshot's date (default: today, or "
        "the --from model's as_of).")] = None,
    horizon: Annotated[str | None, typer.Option(
        "--horizon", metavar="YYYY-MM-DD", help="The question's horizon (default: 180 days "
        "after --as-of).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Write into a folder that is not empty (files of the same names are "
                        "replaced).")] = False,
) -> None:
    from ..usecases.init import init_case

    outcomes = [o for o in outcome.split(",")] if outcome is not None else None
    if outcome is not None and not outcome.strip():
        raise UserError("--outcome is empty; give the states, comma separated: --outcome A,B,C")
    report = init_case(folder, question, outcomes, from_model=from_model, target=target,
                       as_of=_date(as_of), horizon=_date(horizon), force=force)
    for written, name in report.slugged:
        typer.echo(f"note: outcome {written!r} is written {name!r} (identifiers are "
                   "[A-Za-z_][A-Za-z0-9_]*)")
    replaced = set(report.replaced)
    for relative in report.files:
        typer.echo(f"{'replaced' if relative in replaced else 'wrote'} {folder / relative}")
    typer.echo(f"checked before writing: {len(report.checked)} YAML files valid, "
               f"{report.quotes} quote(s) found in their documents, the scenario runs with "
               f"{len(report.warnings)} warning(s)")
    for warning in report.warnings:
        typer.echo(f"  warning {warning}")
    typer.echo(f"next: cd {folder} && forecast run {report.scenario}  (then fill in every TODO)")
