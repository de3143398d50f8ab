"""Every option more than one command takes, declared once, and the bundles they make:
`checks(...)` from --allow-unverified and --strict, `adjustments(...)` from --set, --analyst,
--pool and --weights. A command's signature lists the options; the use case receives the
bundle (forecast.usecases.snapshot.Checks, Adjustments)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from ..usecases.snapshot import Adjustments, Checks

ScenarioArgument = Annotated[Path, typer.Argument(help="Scenario YAML file.")]


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class EngineName(str, Enum):
    compiled = "compiled"
    pgmpy = "pgmpy"


class Yardstick(str, Enum):
    icd203 = "icd203"
    phia = "phia"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
EngineOption = Annotated[EngineName, typer.Option(
    "--engine", help="Inference engine: compiled (default, batched) or pgmpy (reference).")]
YardstickOption = Annotated[Yardstick, typer.Option(
    "--yardstick", help="Estimative language: icd203 (US, default) or phia (UK yardstick).")]
def _count(text: str) -> int:
    """A whole number, also in scientific notation (1e4); the range is checked later."""
    try:
        value = float(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a number") from None
    if not value.is_integer():
        raise typer.BadParameter(f"{text!r} is not a whole number")
    return int(value)


SamplesOption = Annotated[int | None, typer.Option(
    "--samples", "-n", parser=_count, metavar="<int>",
    help="Draw N sets of the model's numbers (a Dirichlet around each distribution, the "
    "node's confidence as equivalent sample size) and add uncertainty "
    "intervals.")]
SeedOption = Annotated[int, typer.Option(
    "--seed", help="Random seed for --samples (the same seed gives the same output).")]
MarkingOption = Annotated[str | None, typer.Option(
    "--marking", help="Handling caveat printed at the top and bottom, "
                      "e.g. 'UNCLASSIFIED // FOR TRAINING'.")]
AllowUnverifiedOption = Annotated[bool, typer.Option(
    "--allow-unverified", help="Run even if a quote is not found in its document (a draft): "
    "every output is then marked 'DRAFT: n quotes not verified'.")]
StrictOption = Annotated[bool, typer.Option(
    "--strict", help="Treat every warning (hindsight, shared origin, ungraded, undated...) as an "
    "error.")]


OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="Folder to write <scenario id>.json into (atomically).")]  # run's


SetOption = Annotated[list[str] | None, typer.Option(
    "--set", metavar="NODE=STATE:P[,STATE:P...]",
    help="Set a root node's prior for this run (repeatable). States not named share the rest "
         "in proportion to their current values.")]


OutsideOption = Annotated[float | None, typer.Option(
    "--outside", metavar="WEIGHT",
    help="Also show a linear blend of the model with the scenario's base rate on its event: "
         "WEIGHT (0-1) on the base rate (the first listed on a node). Labelled as a blend; "
         "the model's own numbers are unchanged.")]


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


LedgerOption = Annotated[str | None, typer.Option(
    "--ledger", metavar="PATH|postgresql://...",
    help="The ledger: an SQLite file (default forecasts.sqlite here, or FORECAST_LEDGER) or a "
         "postgresql:// URL for a team ledger.")]


def target_option(help: str, metavar: str = "NODE[=STATE]") -> Any:
    """--target / -t, one declaration for every command that takes one: NODE[=STATE] read by
    the one parser (forecast.domain.assignment); `help` says what it targets there."""
    return typer.Option("--target", "-t", metavar=metavar, help=help)


def out_option(help: str) -> Any:
    """--out / -o, one declaration for every command that writes a file or a folder."""
    return typer.Option("--out", "-o", help=help)


ForecasterOption = Annotated[str | None, typer.Option(
    "--forecaster", help="Only this forecaster's forecasts: model, an analyst's name, or a "
                         "pool's label (as score lists them).")]


def checks(allow_unverified: bool, strict: bool) -> Checks:
    """The checks bundle: how strictly the scenario's sources are held."""
    from ..usecases.snapshot import Checks

    return Checks(allow_unverified=allow_unverified, strict=strict)


def adjustments(set_: list[str] | None = None, analyst: list[Path] | None = None,
                pool: Pool | None = None, weights: str | None = None) -> Adjustments:
    """The adjustments bundle: --set priors, --analyst overlays, --pool and --weights."""
    from ..usecases.snapshot import Adjustments

    return Adjustments.of(set_, analyst, pool.value if pool is not None else None, weights)
