"""`forecast query`: a plain posterior query on any model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import (
    EngineName,
    EngineOption,
    Format,
    FormatOption,
    Yardstick,
    YardstickOption,
    emit,
    handles_errors,
)


def register(app: typer.Typer) -> None:
    app.command(
        "query",
        help="Posterior of some nodes of a model given hard evidence.\n\n"
             "Examples:\n\n"
             "  forecast query models/belarus.yaml --target belarus_posture\n\n"
             "  forecast query models/belarus.yaml --target belarus_posture "
             "--evidence joint_force=formed --format json",
    )(query)


@handles_errors
def query(
    model: Annotated[Path, typer.Argument(help="Model YAML file.")],
    target: Annotated[list[str] | None, typer.Option(
        "--target", "-t", help="Node to query (repeatable; default: the model's targets).")] = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", "-e", metavar="NODE=STATE", help="A finding (repeatable).")] = None,
    format: FormatOption = Format.table,
    engine: EngineOption = EngineName.compiled,
    yardstick: YardstickOption = Yardstick.icd203,
) -> None:
    from ..app import query as run_query
    from ..report.tables import render_posteriors

    result = run_query(model, target or [], evidence or [], engine=engine.value,
                       yardstick=yardstick.value)
    emit(render_posteriors(result, format.value))
