"""`forecast schema`: the JSON Schema of a file format, for editors to validate and complete."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from .common import emit, handles_errors


class Kind(str, Enum):
    model = "model"
    scenario = "scenario"
    sources = "sources"
    overlay = "overlay"


def register(app: typer.Typer) -> None:
    app.command(
        "schema",
        help="Print the JSON Schema of a file format.\n\n"
             "Example:\n\n  forecast schema model > model.schema.json",
    )(schema)


@handles_errors
def schema(kind: Annotated[Kind, typer.Argument(help="model, scenario, sources or overlay.")]) -> None:
    from ..spec.descriptions import describe
    from ..spec.models import SPECS

    spec = SPECS[kind.value]
    emit(json.dumps(describe(spec.model_json_schema(), spec.__name__), indent=2))
