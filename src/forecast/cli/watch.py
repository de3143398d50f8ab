"""`forecast watch` and `forecast board`: new reporting read against the indicators, a draft
of the next snapshot, and a board of what moved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UserError
from .common import emit, handles_errors
from .options import AllowUnverifiedOption, Format, FormatOption, StrictOption, checks, target_option


def register(app: typer.Typer) -> None:
    app.command(
        "watch",
        help="Read new documents against a snapshot's observable indicators: for each, the "
             "passages that speak to it most (BM25 over the indicator's label, description, "
             "states, rationale and cited quotes), the most diagnostic indicators first. "
             "DOC is an id of the sources index or a text or HTML file.\n\n"
             "Examples:\n\n"
             "  forecast watch scenarios/oct2022.yaml will_belarus_join_2023_01\n\n"
             "  forecast watch scenarios/jan2023.yaml new.html --date 2023-02-01 --add-to-index "
             "--draft scenarios/feb2023.yaml",
    )(watch)
    app.command(
        "board",
        help="Each observable indicator per snapshot as quiet (no accepted finding), moving "
             "(findings that move the asked event less than --threshold) or tripped (by "
             "--threshold or more), with the date it changed and the passage behind it.\n\n"
             "Example:\n\n  forecast board scenarios/oct2022.yaml scenarios/jan2023.yaml",
    )(board)


def _dates(values: list[str] | None) -> dict[str, dt.date]:
    """--date YYYY-MM-DD (every file not in the index) or FILE=YYYY-MM-DD."""
    out: dict[str, dt.date] = {}
    for text in values or []:
        name, sep, day = text.rpartition("=")
        try:
            out[name if sep else ""] = dt.date.fromisoformat(day.strip())
        except ValueError:
            raise UserError(f"--date {text!r}: give YYYY-MM-DD, or FILE=YYYY-MM-DD") from None
    return out


@handles_errors
def watch(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (the snapshot).")],
    documents: Annotated[list[str], typer.Argument(
        metavar="DOC...", help="Document ids of the sources index, or text/HTML files.")],
    top: Annotated[int, typer.Option("--top", "-k", help="Passages shown per indicator.")] = 3,
    format: FormatOption = Format.table,
    target: Annotated[str | None, target_option(
        "The node diagnosticity is measured against (default: the scenario's first "
        "target).", "NODE")] = None,
    date: Annotated[list[str] | None, typer.Option(
        "--date", metavar="[FILE=]YYYY-MM-DD",
        help="Publication date of files not in the sources index (repeatable).")] = None,
    add_to_index: Annotated[bool, typer.Option(
        "--add-to-index", help="Copy files not in the sources index into the seeds folder (as "
                               "text) and add them to the index, with their --date.")] = False,
    draft: Annotated[Path | None, typer.Option(
        "--draft", metavar="FILE",
        help="Write the next snapshot: findings carried over, one proposed finding per passage "
             "shown (proposed: true, no grade).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --draft replace a file.")] = False,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
) -> None:
    from ..report.watch_tables import render_watch
    from ..watch.watching import watch_scenario

    if draft is not None and draft.exists() and not force:
        raise UserError(f"{draft}: already exists; give another file name, or --force to "
                        "replace it")
    names = list(documents)
    result = watch_scenario(scenario, names, top, checks(allow_unverified, strict),
                            _dates(date), target)
    if add_to_index and result.unindexed:
        result = _indexed(result, scenario, names, top, allow_unverified, strict, date, target)
    if draft is not None:
        from ..watch.draft import write_draft

        written = write_draft(result, draft, force)
        typer.echo(f"wrote {written}: {_proposed_count(written)}", err=True)
    emit(render_watch(result, format.value))


def _indexed(result, scenario, names, top, allow_unverified, strict, date, target):
    """Add the files not yet indexed, then read them again as index documents."""
    from ..watch.index import add_to_index
    from ..watch.watching import watch_scenario

    added = add_to_index(result.loaded.model.seeds, result.unindexed)
    by_path = {str(d.path): a.id for d, a in zip(result.unindexed, added, strict=True)}
    for a in added:
        typer.echo(f"added {a.id} ({a.path}) to the sources index", err=True)
    renamed = [by_path.get(n, n) for n in names]
    return watch_scenario(scenario, renamed, top, checks(allow_unverified, strict),
                          _dates(date), target)


def _proposed_count(path: Path) -> str:
    from ..spec.load import load_scenario

    waiting = len(load_scenario(path).scenario.proposed)
    return f"{waiting} proposed finding{'s' if waiting != 1 else ''} waiting for an analyst"


@handles_errors
def board(
    scenarios: Annotated[list[Path], typer.Argument(
        metavar="SCENARIO...", help="Snapshots of one question, in any order.")],
    threshold: Annotated[float, typer.Option(
        "--threshold", help="Points (as a fraction) an indicator's findings must move the asked "
                            "event for it to be tripped.")] = 0.05,
    target: Annotated[str | None, target_option(
        "The asked event (default: any escalation of an ordered outcome, else the lead "
        "state of the first target).")] = None,
    format: FormatOption = Format.table,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
) -> None:
    from ..report.watch_tables import render_board
    from ..watch.board import board_scenarios

    result = board_scenarios(scenarios, threshold, target, checks(allow_unverified, strict))
    emit(render_board(result, format.value))
