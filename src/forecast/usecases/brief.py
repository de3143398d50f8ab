"""Use case: a briefing pack. Runs every analysis the brief reports on scenarios loaded once,
reads the model card and the sources, and renders the pack's bytes. No printing, no writing."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserError
from .snapshot import Adjustments, Checks

if TYPE_CHECKING:
    from ..report.brief import BriefInput, NetworkInput
    from ..results import RunResult


def render_brief(data: BriefInput, fmt: str) -> bytes:
    """The brief's bytes in `fmt` (pdf or html)."""
    from ..report.brief import assemble

    document = assemble(data)
    if fmt == "pdf":
        from ..report.brief_pdf import render_pdf

        return render_pdf(document)
    from ..report.brief_html import render_html

    return render_html(document).encode("utf-8")


@dataclasses.dataclass(frozen=True)
class BriefRequest:
    """A briefing pack of `scenarios` (snapshots of one model). `target`: NODE[=STATE] for
    drivers, evidence effects and indicators; `outside`: the base rate's weight in a labelled
    blend; `annex`: competing hypotheses, the full evidence and the network; `summary`: the
    one-page executive brief."""

    scenarios: tuple[Path, ...]
    adjustments: Adjustments = dataclasses.field(default_factory=Adjustments)
    checks: Checks = dataclasses.field(default_factory=Checks)
    samples: int | None = None
    seed: int = 0
    yardstick: str = "icd203"
    marking: str | None = None
    target: str | None = None
    outside: float | None = None
    annex: bool = False
    summary: bool = False
    author: str | None = None


def execute(request: BriefRequest) -> BriefInput:
    """Every analysis the brief reports, ready to render (`render_brief`)."""
    if request.author is not None and ("\n" in request.author or not request.author.strip()):
        raise UserError("--author: give the author as one non-empty line")
    full = request.annex and not request.summary
    data = gather(list(request.scenarios), samples=request.samples, seed=request.seed,
                  yardstick=request.yardstick, marking=request.marking, target=request.target,
                  network=full, adjustments=request.adjustments, checks=request.checks,
                  annex=full, outside=request.outside)
    return replace(data, author=request.author.strip() if request.author else None,
                   summary=request.summary)


def gather(scenarios: list[Path], *, samples: int | None = None, seed: int = 0,
           yardstick: str = "icd203", marking: str | None = None, target: str | None = None,
           network: bool = True, adjustments: Adjustments | None = None,
           checks: Any = None, annex: bool = False, outside: float | None = None) -> BriefInput:
    """Run every analysis the brief reports, and read the model card and the sources.

    `adjustments` (sets, analysts, pool, weights) apply to every snapshot; with several
    analysts the key judgements are their pool and the other analyses use the model with the
    scenario's priors and --set (a pool is not a network)."""
    from ..report.brief import BriefInput, SnapshotInput
    from .answer import SAMPLES, answer_scenario
    from .compare import compare_scenarios
    from .explain import explain_scenario
    from .snapshot import Checks, load_snapshots
    from .voi import voi_scenario

    checks = checks or Checks()

    if not scenarios:
        raise UserError("give at least one scenario file")
    if samples is not None and samples < 2:
        raise UserError(f"--samples {samples}: give at least 2 samples")
    if marking is not None and ("\n" in marking or "\r" in marking or not marking.strip()):
        raise UserError("--marking: give the caveat as one non-empty line")
    loaded = load_snapshots(scenarios, checks)  # each file once, a shared model once
    models = {str(Path(item.model.path).resolve()) for item in loaded}
    if len(models) > 1:
        names = ", ".join(f"{path} uses {item.model.path}" for path, item in zip(scenarios, loaded,
                                                                                    strict=True))
        raise UserError(f"a brief covers one model, but {names}; give snapshots of the same model")
    ids = [item.scenario.id for item in loaded]
    if len(set(ids)) < len(ids):
        raise UserError(f"scenario ids repeat ({', '.join(ids)}); give each snapshot once")
    order = sorted(range(len(loaded)), key=lambda i: (loaded[i].scenario.as_of, i))
    loaded = [loaded[i] for i in order]
    node_target = _target_node(target)
    adjust = adjustments or Adjustments()
    if adjust.analysts:  # each overlay file read once, for every snapshot and analysis
        from ..domain.overlay import Overlay
        from ..spec.build_overlay import load_overlay

        adjust = replace(adjust, analysts=tuple(
            a if isinstance(a, Overlay) else load_overlay(a, loaded[0].model)
            for a in adjust.analysts))
    sets = list(adjust.sets)
    team = list(adjust.analysts)
    one = team if len(team) <= 1 else []  # drivers and indicators take one network
    draws = samples or SAMPLES  # intervals by default: the same draws as the bottom line's
    snapshots = []
    for item in loaded:  # each file was loaded once, above; every analysis takes it as loaded
        run = _run(item, adjust, outside, yardstick, draws, seed, checks)
        if node_target is not None:
            run = _narrowed(run, node_target, target)
        answer = answer_scenario(item, target, draws, seed, sets, checks=checks, analysts=team,
                                 pool=adjust.pool, weights=adjust.weights)
        explain = explain_scenario(item, target, sets, checks=checks, analysts=one, ach=True)
        if len(team) > 1:
            explain = _pooled_explain(item, target, sets, checks, run, explain)
        snapshots.append(SnapshotInput(run, answer.sensitivity, explain, answer))
    comparisons = [compare_scenarios(a, b, sets, checks=checks, analysts=one)
                   for a, b in itertools.pairwise(loaded)]
    if len(team) > 1:
        comparisons = [_pooled_compare(a, b, sets, checks, snapshots[-1].run, team)
                       for a, b in itertools.pairwise(loaded)]
    voi = voi_scenario(loaded[-1], target, sets, checks=checks, analysts=one)
    warn = _warn(loaded[-1], snapshots[-1].answer, sets, checks, one, yardstick)
    from ..watch.board import board_scenarios

    board = board_scenarios(loaded, target=target, checks=checks)
    last = loaded[-1]
    net = last.network
    nodes = {name: {"label": node.label, "states": list(node.states), "parents": list(node.parents),
                    "resolution": dict(node.meta.get("resolution") or {})}
             for name, node in net.nodes.items()}
    for snapshot in snapshots:  # the quiet days' nodes, named as their findings read
        for name, node in snapshot.run.network.nodes.items():
            if name not in nodes:
                nodes[name] = {"label": node.label, "states": list(node.states),
                               "parents": list(node.parents), "resolution": {}}
    documents: dict[str, dict[str, Any]] = {}
    corpus = last.model.corpus
    if corpus is not None:
        for doc_id, doc in corpus.documents.items():
            documents[doc_id] = {**doc.to_json(), "published_basis": doc.published_basis,
                                 "url": doc.url}
    citations: dict[str, list[str]] = {}
    for name, node in net.nodes.items():
        for source in node.meta.get("sources") or []:
            doc = source.get("doc") if isinstance(source, dict) else getattr(source, "doc", None)
            if doc and name not in citations.setdefault(doc, []):
                citations[doc].append(name)
    card_path = Path(last.model.path).with_suffix(".md")
    card = _read_card(card_path)
    network_input = _network(last, sets, one) if network else None
    return BriefInput(snapshots=snapshots, comparisons=comparisons, voi=voi, nodes=nodes,
                      documents=documents, model_citations=citations, model_card=card,
                      model_card_path=str(card_path), network=network_input,
                      yardstick=yardstick, marking=marking, annex=annex, warn=warn, board=board)


def _run(item: Any, adjust: Adjustments, outside: float | None, yardstick: str, draws: int,
         seed: int, checks: Any) -> RunResult:
    """The run with intervals: one network's draws, or every analyst's pooled draw by draw."""
    from ..analysis.pooled_uncertainty import pooled_intervals
    from ..limits import check_samples
    from .run import RunRequest
    from .run import execute as run_snapshot

    if len(adjust.analysts) <= 1:
        return run_snapshot(RunRequest(item, adjust, checks, yardstick=yardstick, samples=draws,
                                       seed=seed, outside=outside))
    run = run_snapshot(RunRequest(item, adjust, checks, yardstick=yardstick, outside=outside))
    team = run.team
    check_samples(draws, sum(node.cpt.size for node in team.base.nodes.values()))
    return replace(run, uncertainty=pooled_intervals(
        team.networks, team.weights, team.method, item.scenario.likelihoods(), run.targets,
        draws, seed))


def _pooled_explain(item: Any, target: str | None, sets: list[str], checks: Any,
                    run: RunResult, model: Any) -> Any:
    """Explain of the pool: each analyst's explanation pooled (no ACH: it is one network's)."""
    from .explain import explain_scenario
    from .pooled import pool_explanations

    each = {o.analyst: explain_scenario(item, target, sets, checks=checks, analysts=[o])
            for o in run.team.overlays}
    state = model.analysis.state if target and "=" in target else None
    return pool_explanations(each, run.team.weights, run.team.method, model.context, state)


def _pooled_compare(a: Any, b: Any, sets: list[str], checks: Any, run: RunResult,
                    overlays: list[Any]) -> Any:
    from .compare import compare_scenarios
    from .pooled import pool_comparisons

    each = {o.analyst: compare_scenarios(a, b, sets, checks=checks, analysts=[o])
            for o in overlays}
    return pool_comparisons(each, run.team.weights, run.team.method, run.team.adjustments())


def _warn(loaded: Any, answer: Any, sets: list[str], checks: Any, analysts: list[Any],
          yardstick: str) -> Any:
    """What would warn of the asked event (the answer's states), on the latest snapshot; None
    when the guard refuses the enumeration (the brief then leaves the table out)."""
    from ..engine.cost import TooLargeError
    from .warn import warn_scenario

    if answer is None:
        return None
    event = answer.event
    try:
        return warn_scenario(loaded, f"{event['target']}={event['states'][0]}", sets,
                             checks=checks, analysts=analysts, yardstick=yardstick,
                             states=event["states"])
    except TooLargeError:
        return None


def _target_node(target: str | None) -> str | None:
    from ..domain.assignment import parse_target

    chosen = parse_target(target)
    return None if chosen is None else chosen.node


def _read_card(path: Path) -> str | None:
    if not path.is_file():
        return None
    from ..files import read_input
    from ..spec.yamlio import decode_utf8

    return decode_utf8(read_input(path, "is a directory; the model card is a Markdown file"),
                       str(path))


def _narrowed(run: RunResult, node: str, target: str | None) -> RunResult:
    """The run as the brief reports it for --target NODE: that node alone. A node that is not
    one of the scenario's targets is run like one, by each analyst and pooled (for the days
    left to the horizon when it has a window); the run's intervals are of its own targets,
    so none remain for it."""
    if node in run.posteriors:
        return replace(run, targets=(node,))
    from .snapshot import team_run

    if node not in run.network:
        raise UserError(f"--target {target!r}: unknown node; nodes are "
                        f"{', '.join(run.network.names)}")
    unc = run.uncertainty
    if unc is not None:  # the draws were made; they give no interval for this node
        unc = replace(unc, low={}, high={}, mean={})
    return replace(team_run(run.loaded, run.team, (node,), run.engine, run.yardstick),
                   uncertainty=unc, outside_weight=run.outside_weight)


def _network(loaded: Any, sets: list[str], analysts: list[Any]) -> NetworkInput:
    from ..domain.timing import model_names, without_derived
    from ..report.brief import NetworkInput
    from .snapshot import analyst_team, by_state, infer_windowed

    network = analyst_team(loaded, sets, analysts).single("brief")
    posteriors = infer_windowed(network, model_names(network), loaded.scenario)
    return NetworkInput(without_derived(network), by_state(network, posteriors))
