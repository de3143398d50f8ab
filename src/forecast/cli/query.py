"""`forecast query`: a plain posterior query on any model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import emit, handles_errors
from .options import (
    EngineName,
    EngineOption,
    Format,
    FormatOption,
    Yardstick,
    YardstickOption,
    target_option,
)


def register(app: typer.Typer) -> None:
    app.command(
        "query",
        help="Posterior of some nodes of a model given hard evidence, or of every case of a "
             "CSV (--evidence-file).\n\n"
             "Examples:\n\n"
             "  forecast query models/belarus.yaml --target belarus_posture\n\n"
             "  forecast query models/belarus.yaml --target belarus_posture "
             "--evidence joint_force=announced --format json\n\n"
             "  forecast query models/belarus.yaml --evidence-file examples/cases.csv --format csv",
    )(query)


@handles_errors
def query(
    model: Annotated[Path, typer.Argument(
        help="Model YAML file, or a network file (.bif, .xml, .net, .xdsl, .uai).")],
    target: Annotated[list[str] | None, target_option(
        "Node to query (repeatable; default: the model's targets).", "NODE")] = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", "-e", metavar="NODE=STATE", help="A finding (repeatable).")] = None,
    evidence_file: Annotated[Path | None, typer.Option(
        "--evidence-file", metavar="CASES.csv",
        help="A CSV of evidence cases: one column per node, one row per case, empty cells "
             "unobserved. Prints one row of posteriors per case (all answered in one batched "
             "call).")] = None,
    format: FormatOption = Format.table,
    engine: EngineOption = EngineName.compiled,
    yardstick: YardstickOption = Yardstick.icd203,
) -> None:
    if evidence_file is not None:
        emit(_cases(model, evidence_file, target or [], evidence or [], format, engine))
        return
    from ..report.tables import render_posteriors
    from ..usecases.query import QueryRequest, execute

    result = execute(QueryRequest(model, tuple(target or ()), tuple(evidence or ()),
                                  engine.value, yardstick.value))
    emit(render_posteriors(result, format.value))


def _cases(model: Path, cases: Path, targets: list[str], evidence: list[str], format: Format,
           engine: EngineName) -> str:
    """One row of posteriors per case of the CSV, all answered in one batched call."""
    from ..errors import UserError
    from ..report.tables import to_csv, to_json, to_markdown, to_text
    from ..usecases.query_cases import query_cases

    if evidence:
        raise UserError("give --evidence or --evidence-file, not both")
    rows = query_cases(model, cases, targets, engine=engine.value)
    percent = tuple(k for k in (rows[0] if rows else {}) if k != "case")
    if format == Format.json:
        return to_json(rows)
    if format == Format.csv:
        return to_csv(rows)
    if format == Format.markdown:
        return to_markdown(rows, percent)
    return to_text(rows, percent)
