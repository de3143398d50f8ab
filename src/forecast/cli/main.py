"""The `forecast` command: registers the commands, each a few lines over a library call."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import common

app = typer.Typer(
    name="forecast",
    help="Scenario assessment with discrete Bayesian networks: models and dated scenarios in "
         "YAML, evidence quoted from sources and graded, probabilities in estimative words.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"forecast {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """forecast: scenario assessment with discrete Bayesian networks."""
    common.STATE["debug"] = debug


def _register() -> None:
    from . import (
        analyses,
        brief,
        chart,
        init,
        interop,
        ledger,
        query,
        run,
        schema,
        serve,
        sources,
        validate,
        warn,
        watch,
    )

    for module in (run, query, analyses, warn, chart, brief, interop, validate, schema, ledger,
                   serve, init, watch):
        module.register(app)
    app.add_typer(sources.app, name="sources")


_register()


def main() -> None:
    app()
