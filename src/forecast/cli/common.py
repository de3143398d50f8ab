"""What every command shares: the error handler, common options, output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperArgument

from ..errors import ForecastError, UserError

F = TypeVar("F", bound=Callable[..., Any])
STATE = {"debug": False}


def _argument_type(self: Any, ctx: Any) -> str | None:
    """An argument with a metavar (SCENARIO...) shows only it, not '<list[Path]>' too: typer
    honours metavars of options but prints a Python type beside every argument."""
    return None if self.metavar else _TYPED(self, ctx)


_TYPED = TyperArgument.display_type_rich
TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign]


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


def checks(allow_unverified: bool, strict: bool) -> Any:
    """The app's Checks for the two options above."""
    from ..usecases.snapshot import Checks

    return Checks(allow_unverified=allow_unverified, strict=strict)


OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="Folder to write <scenario id>.json into (atomically).")]


def handles_errors(func: F) -> F:
    """Bad input becomes a one-line message per problem on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ForecastError as exc:
            if STATE["debug"]:
                raise
            fail(exc)
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except MemoryError:  # past every cost guard: still one line, not a traceback
            if STATE["debug"]:
                raise
            typer.echo("error: out of memory: this work needs more memory than the machine "
                       "gives it; use a smaller model, fewer --samples or less at once", err=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def fail(exc: ForecastError) -> None:
    problems = exc.problems if isinstance(exc, UserError) else [str(exc)]
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    raise typer.Exit(2)


def emit(text: str) -> None:
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")
