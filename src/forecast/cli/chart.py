"""`forecast chart`: a chart of a scenario (or of several, over time) as PNG, SVG or PDF."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UserError
from .common import emit, handles_errors
from .options import (
    AllowUnverifiedOption,
    AnalystOption,
    ForecasterOption,
    LedgerOption,
    MarkingOption,
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


class Kind(str, Enum):
    posterior = "posterior"
    tornado = "tornado"
    impact = "impact"
    network = "network"
    timeline = "timeline"
    calibration = "calibration"
    horizon = "horizon"
    ach = "ach"


def register(app: typer.Typer) -> None:
    app.command(
        "chart",
        help="Draw a chart of a scenario; the format comes from the --out extension (.png at "
             "print resolution, .svg, .pdf). Kinds: posterior (outcome probabilities over the "
             "estimative bands; whiskers with --samples), tornado (which parameters matter), "
             "impact (what each evidence item did to the lead outcome), network (the model's "
             "graph with every node's probabilities), timeline (several scenarios by as_of "
             "date), horizon (for an outcome with window_days: the chance of reaching each "
             "level by each date from as_of to the horizon), ach (competing hypotheses: the "
             "outcomes against the findings), calibration (the reliability diagram of the "
             "ledger's scored forecasts; reads --ledger, not scenarios).\n\n"
             "Examples:\n\n"
             "  forecast chart scenarios/oct2022.yaml --kind posterior --out out/oct2022.png\n\n"
             "  forecast chart scenarios/oct2022.yaml --kind posterior --samples 1000 --seed 1 "
             "--out out/oct2022.pdf --marking 'UNCLASSIFIED // FOR TRAINING'\n\n"
             "  forecast chart scenarios/*.yaml --kind timeline --out out/timeline.svg\n\n"
             "  forecast chart --kind calibration --ledger out/forecasts.sqlite --out out/calibration.png",
    )(chart)


@handles_errors
def chart(
    out: Annotated[Path, out_option("File to write: .png, .svg or .pdf (written atomically).")],
    scenarios: Annotated[list[Path] | None, typer.Argument(
        metavar="SCENARIO", help="Scenario YAML file(s); several only for --kind timeline.")] = None,
    kind: Annotated[Kind, typer.Option("--kind", "-k", help="What to draw.")] = Kind.posterior,
    marking: MarkingOption = None,
    samples: SamplesOption = None,
    seed: SeedOption = 0,
    target: Annotated[str | None, target_option(
        "The node to chart (default: the scenario's targets); the state matters for "
        "tornado (default: the lead outcome) and impact.")] = None,
    yardstick: YardstickOption = Yardstick.icd203,
    set_: SetOption = None,
    analyst: AnalystOption = None,
    pool: PoolOption = Pool.linear,
    weights: WeightsOption = None,
    allow_unverified: AllowUnverifiedOption = False,
    strict: StrictOption = False,
    ledger: LedgerOption = None,
    forecaster: ForecasterOption = None,
) -> None:
    from ..report.charts import chart_format, render, save_figure

    chart_format(out)  # a bad extension fails before any work is done
    from ..usecases.chart import calibration, chart_data

    if forecaster is not None and kind != Kind.calibration:
        raise UserError("--forecaster applies to --kind calibration (the ledger's forecasts)")
    data = (calibration(scenarios, ledger, forecaster) if kind == Kind.calibration
            else chart_data(kind.value, scenarios or [], samples=samples, seed=seed,
                            target=target, yardstick=yardstick.value,
                            adjustments=adjustments(set_, analyst, pool, weights),
                            checks=checks(allow_unverified, strict)))
    fig = render(kind.value, data, marking=marking, yardstick=yardstick.value)
    save_figure(fig, out)
    emit(f"wrote {out}")
    for line in _waiting(data):  # what the chart left out, said where it is made
        typer.echo(line, err=True)


def _waiting(data) -> list[str]:
    """A line per charted snapshot that holds proposed findings (never drawn)."""
    from ..domain.proposed import waiting_text

    out = []
    for item in data if isinstance(data, list) else [data]:
        loaded = getattr(item, "loaded", None) or getattr(getattr(item, "context", None),
                                                          "loaded", None)
        if loaded is not None:
            count, where = len(loaded.scenario.proposed), loaded.path
        elif isinstance(item, dict):
            waiting = [w for w in item.get("warnings") or []
                       if isinstance(w, dict) and w.get("kind") == "proposed"]
            count = waiting[0]["count"] if waiting else 0
            where = (item.get("scenario") or {}).get("path")
        else:
            continue
        if count:
            out.append(f"warning: proposed: {where}: {waiting_text(count)}")
    return out
