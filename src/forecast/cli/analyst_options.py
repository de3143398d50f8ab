"""The options that bring analysts' own numbers into a command: --analyst, --pool, --weights."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class Pool(str, Enum):
    linear = "linear"
    log = "log"


AnalystOption = Annotated[list[Path] | None, typer.Option(
    "--analyst", metavar="FILE",
    help="An analyst's overlay (forecast-overlay/1): their root priors and node tables in place "
         "of the model's (repeatable; several are pooled).")]
PoolOption = Annotated[Pool, typer.Option(
    "--pool", help="How several analysts are pooled: linear (weighted mean, default) or log "
                   "(normalised weighted geometric mean).")]
WeightsOption = Annotated[str | None, typer.Option(
    "--weights", metavar="NAME=W[,NAME=W...]",
    help="Weights of the analysts in the pool (default: equal); unnamed analysts weigh 0.")]
