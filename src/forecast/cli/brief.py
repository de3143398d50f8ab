"""`forecast brief`: a briefing pack of one or more snapshots as PDF or self-contained HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import emit, handles_errors
from .options import (
    AllowUnverifiedOption,
    AnalystOption,
    MarkingOption,
    OutsideOption,
    Pool,
    PoolOption,
    SamplesOption,
    SeedOption,
    SetOption,
    StrictOption,
    WeightsOption,
    Yardstick,
    YardstickOption,
    adjustments,
    checks,
    out_option,
    target_option,
)
from .progress import progress

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def register(app: typer.Typer) -> None:
    app.command(
        "brief",
        help="Write a briefing pack: the question and bottom line in estimative words; per "
             "snapshot the key judgements, drivers, evidence with sources and quotes, and "
             "charts; what changed between snapshots; indicators to watch and tripwires; "
             "assumptions and the model card's weaknesses; the sources. The format comes from "
             "the --out extension: .pdf, or .html (one self-contained file).\n\n"
             "Examples:\n\n"
             "  forecast brief scenarios/oct2022.yaml scenarios/jan2023.yaml --out out/brief.pdf\n\n"
             "  forecast brief scenarios/*.yaml --out out/brief.html --samples 2000 --seed 1 "
             "--marking 'UNCLASSIFIED // FOR TRAINING'",
    )(brief)


@handles_errors
def brief(
    scenarios: Annotated[list[Path], typer.Argument(
        metavar="SCENARIO",
        help="Scenario YAML files: snapshots of one model, in any order (sorted by as_of).")],
    out: Annotated[Path, out_option("File to write: .pdf or .html (written atomically).")],
    marking: MarkingOption = None,
    samples: SamplesOption = None,
    seed: SeedOption = 0,
    target: Annotated[str | None, target_option(
        "Outcome for drivers, evidence effects and indicators (default: the scenario's "
        "first target, its most likely state).")] = None,
    yardstick: YardstickOption = Yardstick.icd203,
    set_: SetOption = None,
    analyst: AnalystOption = None,
    pool: PoolOption = Pool.linear,
    weights: WeightsOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    summary: Annotated[bool, typer.Option(
        "--summary", help="A one-page executive brief: the bottom line, the outcomes, what to "
                          "collect and what drives the answer.")] = False,
    author: Annotated[str | None, typer.Option(
        "--author", help="Who wrote the brief: shown on the cover and in the file's "
                         "metadata.")] = None,
    outside: OutsideOption = None,
    annex: Annotated[bool, typer.Option(
        "--annex", help="Add the annexes: competing hypotheses, every snapshot's full evidence "
                        "table with quotes and sequential effects, and the model's network.")
    ] = False,
) -> None:
    from ..usecases.brief import BriefRequest, execute, render_brief

    fmt = brief_format(out)  # a bad extension fails before any work is done
    request = BriefRequest(tuple(scenarios), adjustments(set_, analyst, pool, weights),
                           checks(allow_unverified, strict), samples, seed, yardstick.value,
                           marking, target, outside, annex, summary, author)
    with progress("briefing", None, True):
        payload = render_brief(execute(request), fmt)
    from ..files import write_atomic

    if marking is None:
        typer.echo("warning: no --marking given: the brief carries no handling caveat; give "
                   "one, e.g. --marking 'UNCLASSIFIED // FOR TRAINING'", err=True)
    write_atomic(out, payload)
    emit(f"wrote {out}")


def brief_format(path: Path | str) -> str:
    from ..files import format_from_suffix

    return format_from_suffix(path, FORMATS, "brief")
