"""`forecast validate`: check models, scenarios and sources indexes; every problem in one pass."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ForecastError, UserError
from .common import STATE, handles_errors


def register(app: typer.Typer) -> None:
    app.command(
        "validate",
        help="Check model, scenario and sources-index files, and that their quotes occur in their "
             "documents; report every problem.\n\n"
             "Examples:\n\n"
             "  forecast validate models/belarus.yaml scenarios/*.yaml seeds/index.yaml",
    )(validate)


@handles_errors
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Files to check.")],
) -> None:
    from ..spec.load import load_any
    from ..usecases.quotes import check_files

    problems = []
    for path in files:
        try:
            kind = load_any(path)
            if kind == "overlay":
                typer.echo(f"ok: {path} ({_overlay_checked(path)})")
                continue
            if kind != "sources":
                quoted = check_files([path])[1]
                if quoted:
                    problems.extend(quoted)
                    continue
            if kind == "model":
                card = _card_checked(path)
                if card.problems:
                    problems.extend(card.problems)
                    continue
                typer.echo(f"ok: {path} (model; {card.summary()})")
                continue
            typer.echo(f"ok: {path} ({kind}{_waiting(path) if kind == 'scenario' else ''})")
        except ForecastError as exc:
            if STATE["debug"]:
                raise
            found = exc.problems if isinstance(exc, UserError) else [str(exc)]
            problems.extend(_with_later_syntax_errors(path, found))
    if problems:
        raise UserError(list(dict.fromkeys(problems)))  # a model checked with its scenario: once


def _overlay_checked(path: Path) -> str:
    """What was checked of an overlay, said from the check itself."""
    from ..spec.build_overlay import check_overlay

    model = check_overlay(path)
    if model is None:
        return ("overlay; its form only: it names no model file, so its nodes and states are "
                "checked when forecast run --analyst applies it (its distributions were checked "
                "to sum to 1)")
    return f"overlay, checked against {model}"


def _card_checked(path: Path):
    """The model card beside a model, against the form README "The model card" gives."""
    from ..spec.card import check_card

    return check_card(path)


def _with_later_syntax_errors(path: Path, found: list) -> list:
    """A file's problems; when the first is a YAML syntax error in this file, every syntax error
    the parser can recover from (spec/syntax.py), in one pass."""
    first = found[0] if found else None
    if (first is None or not str(getattr(first, "message", "")).startswith("YAML syntax error")
            or getattr(first, "path", None) != str(path)):
        return found
    from ..spec.syntax import syntax_problems

    return syntax_problems(path) or found


def _waiting(path: Path) -> str:
    """'; n proposed findings waiting for an analyst' when the scenario holds any."""
    from ..domain.proposed import waiting_count, waiting_text
    from ..spec.yamlio import load_yaml

    count = waiting_count(load_yaml(path).data.get("evidence"))
    return f"; {waiting_text(count)}" if count else ""
