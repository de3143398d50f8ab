"""What every command shares: the error handler and output (the options are in options.py)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

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
