"""`forecast import` and `forecast export`: networks in BIF, XMLBIF, Hugin NET, GeNIe XDSL, UAI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import handles_errors
from .options import out_option

FORMATS_HELP = ".bif, .xml/.xmlbif (XMLBIF), .net (Hugin), .xdsl (GeNIe) or .uai"


def register(app: typer.Typer) -> None:
    app.command(
        "import",
        help="Convert a network file into a forecast model (YAML). The format comes from the "
             f"extension: {FORMATS_HELP}; a trailing .gz is read through gzip. Names that are not "
             "identifiers are mapped (runs of other characters become _) and kept as labels.\n\n"
             "Examples:\n\n"
             "  forecast import examples/alarm.bif -o out/alarm.yaml",
    )(import_)
    app.command(
        "export",
        help="Write a model in another tool's format, chosen by the extension: "
             f"{FORMATS_HELP}. Noisy-MAX and ranked nodes become their full tables; UAI keeps "
             "no names.\n\n"
             "Examples:\n\n"
             "  forecast export models/belarus.yaml -o out/belarus.xdsl\n\n"
             "  forecast export models/belarus.yaml -o out/belarus.net",
    )(export)


@handles_errors
def import_(
    file: Annotated[Path, typer.Argument(help="Network file to read.")],
    out: Annotated[Path, out_option("Model YAML file to write.")],
) -> None:
    from ..interop import import_model

    summary = import_model(file, out)
    renamed = f", {summary['renamed']} names mapped to identifiers" if summary["renamed"] else ""
    typer.echo(f"wrote {summary['model']}: {summary['nodes']} nodes, {summary['parameters']} "
               f"probabilities from {summary['format']}{renamed}")
    for warning in summary["warnings"]:
        typer.echo(f"warning: {warning}", err=True)


@handles_errors
def export(
    model: Annotated[Path, typer.Argument(help="Model YAML file.")],
    out: Annotated[Path, out_option(f"File to write: {FORMATS_HELP}.")],
) -> None:
    from ..interop import export_model

    summary = export_model(model, out)
    tabulated = (f" ({len(summary['tabulated'])} noisy-MAX/ranked nodes written as tables)"
                 if summary["tabulated"] else "")
    typer.echo(f"wrote {summary['file']}: {summary['nodes']} nodes as {summary['format']}{tabulated}")
    for warning in summary["warnings"]:
        typer.echo(f"note: {warning}", err=True)
