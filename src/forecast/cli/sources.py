"""`forecast sources check`: every quote occurs in its document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import handles_errors

app = typer.Typer(help="Work with the seed documents that findings quote.", no_args_is_help=True)


@app.command(
    "check",
    help="Check that every quote in the files occurs in its document (white space, typographic "
         "quotes and dashes normalised). Default: every YAML file under models/ and scenarios/."
         "\n\nExamples:\n\n  forecast sources check\n\n  forecast sources check "
         "scenarios/oct2022.yaml",
)
@handles_errors
def check(
    files: Annotated[list[Path] | None, typer.Argument(
        metavar="FILE", help="Model or scenario files.")] = None,
) -> None:
    from ..errors import UserError
    from ..usecases.quotes import check_files, default_files

    paths = files or default_files(Path("."))
    if not paths:
        raise UserError("no files to check: none given and no YAML under models/ or scenarios/")
    checked, problems = check_files(paths)
    if problems:
        raise UserError(problems)
    typer.echo(f"ok: {checked} quotes found in their documents ({len(paths)} files)")
