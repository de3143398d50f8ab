"""`forecast validate`: check models, scenarios and sources indexes; every problem in one pass."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UserError
from .common import STATE, handles_errors


def register(app: typer.Typer) -> None:
    app.command(
        "validate",
        help="Check model, scenario and sources-index files, and that their quotes occur in their "
             "documents; report every problem.\n\n"
             "Examples:\n\n"
             "  forecast validate models/belarus.yaml scenarios/*.yaml seeds/index.yaml",
    )(validate)


@handles_errors
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Files to check.")],
) -> None:
    from ..usecases.validate import ValidateRequest, execute

    result = execute(ValidateRequest(tuple(files), raise_first=STATE["debug"]))
    for item in result.checked:
        typer.echo(f"ok: {item.path} ({item.summary})")
    if result.problems:
        raise UserError(list(result.problems))
