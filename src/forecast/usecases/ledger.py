"""Use cases of the forecast ledger: record a run, resolve a question, list and score forecasts.

A question is a model's target node: (model id, target). `resolve` gives its outcome once
(and, with --on, the date it resolved); every forecast of that target by that model is then
scored, except those made (as_of) after the resolution date, which knew the answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..analysis import scoring
from ..domain.forecaster import MODEL  # the forecaster of forecasts without an analyst
from ..domain.numbers import stable
from ..errors import UserError
from ..ledger import Entry, Ledger, OutsideView, Prediction, Resolution
from .event_scores import event_forecasts, scored_events
from .event_scores import public as public_event
from .snapshot import Adjustments


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def entry_from_result(result: dict[str, Any], analyst: str | None, recorded_at: str) -> Entry:
    """What the ledger keeps of a run: provenance, the posteriors and the outside views."""
    scenario, model = result["scenario"], result["model"]
    predictions = [Prediction("forecast", "", target, tuple(dist), tuple(dist.values()))
                   for target, dist in result["posteriors"].items()]
    references = result.get("reference") or []
    predictions += [Prediction("reference", r["name"], r["target"], tuple(r["p"]),
                               tuple(r["p"].values())) for r in references]
    views = tuple(OutsideView(r["name"], r["target"], r.get("basis"), r.get("source"))
                  for r in references)
    members = result.get("analysts") or {}
    if len(members) > 1:  # a pool: each member's numbers kept with it, linked, never scored
        predictions += [Prediction("analyst", name, target, tuple(dist), tuple(dist.values()))
                        for name, posteriors in members.items()
                        for target, dist in posteriors.items()]
    return Entry(
        recorded_at=recorded_at, scenario_id=scenario["id"], scenario_title=scenario["title"],
        scenario_path=scenario.get("path"), model_id=model["id"], model_title=model.get("title"),
        model_sha256=model["sha256"], as_of=scenario["as_of"], horizon=scenario.get("horizon"),
        analyst=analyst, engine=result["engine"], result=result, predictions=tuple(predictions),
        views=views, events=event_forecasts(result))


def record_scenario(ledger: Ledger, path: Path | str, *, analyst: str | None = None,
                    engine: str = "compiled", sets: Sequence[str] = (),
                    recorded_at: str | None = None) -> dict[str, Any]:
    """Run a scenario as `forecast run` does and store the result in the ledger."""
    from .run import run_scenario

    result = run_scenario(path, engine=engine, sets=sets).to_json()  # kept as written
    return record_result(ledger, result, analyst=analyst, recorded_at=recorded_at)


def forecasters(result: dict[str, Any]) -> list[tuple[str | None, dict[str, Any]]]:
    """Who a run's forecasts belong to, each with its result: the model's own (None); one
    analyst; or, with several, the pool alone (labelled with its method and members, carrying
    the outside views). The pool is one forecast: its members' numbers are kept inside its
    record (`analyst` predictions, shown by history) and not scored again, so an analyst in
    a pool does not count twice in the score means."""
    analysts = result.get("analysts") or {}
    if not analysts:
        return [(None, result)]
    if len(analysts) == 1:
        return [(next(iter(analysts)), result)]
    pool = result.get("pool") or {}
    label = f"pool ({pool.get('method', 'linear')}: {', '.join(analysts)})"
    return [(label, result)]


def record_result(ledger: Ledger, result: dict[str, Any], *, analyst: str | None = None,
                  recorded_at: str | None = None) -> dict[str, Any]:
    """Store a run result (of a scenario) in the ledger; what was recorded, for the output."""
    entry = entry_from_result(result, analyst, recorded_at or now_utc())
    return _recorded(ledger, entry, ledger.record(entry), result)


def record_run(ledger: Ledger, result: dict[str, Any], *,
               recorded_at: str | None = None) -> list[dict[str, Any]]:
    """Store every forecast of a run (the model's, or a pool's and each analyst's) in one
    transaction: all or none, so a retry after a failure records each once."""
    at = recorded_at or now_utc()
    pairs = [(entry_from_result(one, who, at), one) for who, one in forecasters(result)]
    ids = ledger.record_all([entry for entry, _ in pairs])
    return [_recorded(ledger, entry, fid, one) for (entry, one), fid in zip(pairs, ids, strict=True)]


def _recorded(ledger: Ledger, entry: Entry, forecast_id: int, result: dict[str, Any]
              ) -> dict[str, Any]:
    return {"id": forecast_id, "ledger": ledger.where, "recorded_at": entry.recorded_at,
            "scenario": entry.scenario_id, "as_of": entry.as_of, "model_id": entry.model_id,
            "analyst": entry.analyst, "posteriors": result["posteriors"],
            "reference": [r["name"] for r in result.get("reference") or []],
            "base_rates": [r["id"] for r in result.get("base_rates") or []],
            "views": [v["id"] for v in result.get("views") or []]}


def _question_states(entries: Sequence[Entry]) -> dict[tuple[str, str], tuple[str, ...]]:
    states: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry in entries:
        for p in entry.predictions:
            if p.kind == "forecast":
                states[(entry.model_id, p.target)] = p.states
    return states


def parse_date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {text!r}: write a date as YYYY-MM-DD") from None


def resolve_question(ledger: Ledger, target: str, outcome: str, *, model_id: str | None = None,
                     on: dt.date | None = None, replace: bool = False,
                     recorded_at: str | None = None) -> dict[str, Any]:
    """Record how a question (model id, target) resolved."""
    entries = ledger.entries()
    questions = _question_states(entries)
    if model_id is None:
        models = sorted({m for m, t in questions if t == target})
        if not models:
            known = ", ".join(sorted({t for _, t in questions})) or "none yet"
            raise UserError(f"--target {target!r}: no recorded forecast of it in {ledger.where} "
                            f"(targets recorded: {known}); record one first with forecast record")
        if len(models) > 1:
            raise UserError(f"--target {target!r} is forecast by models {', '.join(models)}; "
                            "say which with --model-id")
        model_id = models[0]
    if (model_id, target) not in questions:
        raise UserError(f"no recorded forecast of {target!r} by model {model_id!r} in "
                        f"{ledger.where}; check --model-id and --target (forecast history lists "
                        "them)")
    states = questions[(model_id, target)]
    if outcome not in states:
        raise UserError(f"--outcome {outcome!r}: not a state of {target}; states are "
                        f"{', '.join(states)}")
    done = ledger.resolve(Resolution(model_id, target, outcome, on.isoformat() if on else None,
                                     recorded_at or now_utc()), replace=replace)
    later = [e for e in entries if e.model_id == model_id and on is not None
             and dt.date.fromisoformat(e.as_of) > on
             and any(p.target == target for p in e.predictions)]
    return {"model_id": model_id, "target": target, "outcome": outcome,
            "resolved_on": done.resolved_on, "replaced": done.replaced,
            "forecasts": sum(1 for e in entries if e.model_id == model_id
                             and any(p.target == target for p in e.predictions)),
            "not_scored": [{"id": e.id, "scenario": e.scenario_id, "as_of": e.as_of}
                           for e in later]}


def history(ledger: Ledger) -> dict[str, Any]:
    """Every recorded forecast, oldest first: provenance, posteriors as run gave them, the
    outside views recorded with it, and each target's outcome once resolved."""
    resolved = {(r.model_id, r.target): r for r in ledger.resolutions()}
    rows = []
    for entry in ledger.entries():
        own = [p for p in entry.predictions if p.kind == "forecast"]
        views = {(p.name, p.target): p for p in entry.predictions if p.kind == "reference"}
        members: dict[str, dict[str, dict[str, float]]] = {}
        for p in entry.predictions:
            if p.kind == "analyst":
                members.setdefault(p.name, {})[p.target] = dict(zip(p.states, p.p, strict=True))
        outcomes = {}
        for p in own:
            resolution = resolved.get((entry.model_id, p.target))
            outcomes[p.target] = resolution.outcome if resolution else None
        rows.append({
            "id": entry.id, "recorded_at": entry.recorded_at, "scenario": entry.scenario_id,
            "title": entry.scenario_title, "as_of": entry.as_of, "horizon": entry.horizon,
            "model_id": entry.model_id, "model_sha256": entry.model_sha256,
            "analyst": entry.analyst, "engine": entry.engine,
            "targets": [p.target for p in own],
            "posteriors": {p.target: dict(zip(p.states, p.p, strict=True)) for p in own},
            "reference": [{"name": v.name, "target": v.target,
                           "p": dict(zip(views[(v.name, v.target)].states,
                                         views[(v.name, v.target)].p, strict=True))}
                          for v in entry.views if (v.name, v.target) in views],
            "events": [{"kind": e.kind, "name": e.name, "target": e.target, "event": list(e.event),
                        "p": e.p, "by": e.by} for e in entry.events],
            "outcomes": outcomes,
            **({"members": members} if members else {})})
    return {"ledger": ledger.where, "forecasts": rows}


def _scores(states: Sequence[str], p: Sequence[float], outcome: str) -> dict[str, float | None]:
    k = list(states).index(outcome)
    return {"brier": scoring.brier(p, k), "log_score": scoring.log_score(p, k),
            "rps": scoring.rps(p, k)}


def score_ledger(ledger: Ledger, forecaster: str | None = None) -> dict[str, Any]:
    """Every resolved forecast scored; per question over its life; per forecaster; skill.
    With `forecaster` (the model, an analyst or a pool, as scores name them), only theirs."""
    forecasts, references, excluded, unresolved = scored_rows(ledger)
    events, skipped = event_rows(ledger)
    if forecaster is not None:
        forecasts, references = of_forecaster(forecasts, forecaster, ledger), [
            r for r in references if r["forecaster"] == forecaster]
        events = [r for r in events if r.get("forecaster") == forecaster]
    return _stable({
        "ledger": ledger.where,
        **({"forecaster": forecaster} if forecaster is not None else {}),
        "forecasts": [_public(r) for r in forecasts],
        "references": [_public(r, ("reference",), ("model",)) for r in references],
        "base_rates": [public_event(r) for r in events if r["kind"] == "base_rate"],
        "views": [public_event(r) for r in events if r["kind"] == "view"],
        "questions": (questions(forecasts, "forecaster") + questions(references, "reference")
                      + questions(events, "reference")),
        "summary": summaries(forecasts),
        "skill": skills(references) + skills(events),
        "excluded": excluded + skipped,
        "unresolved": unresolved,
        "warnings": written_after_resolution(ledger),
    })


def event_rows(ledger: Ledger) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The base rates and views recorded with each forecast, scored on their events beside
    the model's probability of the same event; those not scored, with the reason."""
    resolved = {(r.model_id, r.target): r for r in ledger.resolutions()}
    rows: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for entry in ledger.entries():
        scored, left = scored_events(entry, resolved, entry.analyst or MODEL)
        rows += scored
        skipped += left
    return rows, skipped


def of_forecaster(rows: list[dict[str, Any]], forecaster: str, ledger: Ledger
                  ) -> list[dict[str, Any]]:
    """The scored forecasts of one forecaster; an unknown name is an error naming the known."""
    known = sorted({r["forecaster"] for r in rows})
    if forecaster not in known:
        raise UserError(f"--forecaster {forecaster!r}: no scored forecast of that name in "
                        f"{ledger.where}; forecasters: {', '.join(known) or 'none yet'}")
    return [r for r in rows if r["forecaster"] == forecaster]


def written_after_resolution(ledger: Ledger) -> list[dict[str, Any]]:
    """`hindsight` warnings: forecasts whose model or analyst numbers were set (`written`)
    after the question they forecast was resolved, as the ledger recorded it."""
    resolved = {(r.model_id, r.target): r for r in ledger.resolutions()}
    out = []
    for entry in ledger.entries():
        dates = [("model", (entry.result.get("model") or {}).get("written"))]
        dates += [(f"analyst {a.get('analyst')}", a.get("written"))
                  for a in entry.result.get("adjustments") or [] if a.get("kind") == "analyst"]
        for target in dict.fromkeys(p.target for p in entry.predictions if p.kind == "forecast"):
            resolution = resolved.get((entry.model_id, target))
            if resolution is None or not resolution.resolved_on:
                continue
            for who, written in dates:
                if written and written > resolution.resolved_on:
                    out.append({"kind": "hindsight", "id": entry.id, "scenario": entry.scenario_id,
                                "target": target, "written": written,
                                "resolved_on": resolution.resolved_on,
                                "message": f"forecast {entry.id} ({entry.scenario_id}, {target}): "
                                           f"{who} numbers set on {written}, after the question "
                                           f"resolved on {resolution.resolved_on}: hindsight"})
    return out


def calibration_data(ledger: Ledger, forecaster: str | None = None) -> dict[str, Any]:
    """The reliability diagram's input: every state of every scored forecast (the model's,
    analysts', pools'; or one `forecaster`'s) as a binary event, binned by probability."""
    forecasts = scored_rows(ledger)[0]
    if forecaster is not None and forecasts:
        forecasts = of_forecaster(forecasts, forecaster, ledger)
    if not forecasts:
        raise UserError(f"{ledger.where}: no resolved forecasts to draw; record forecasts and "
                        "resolve their question first (forecast resolve)")
    p, o = scoring.binary_events([r["p"] for r in forecasts],
                                 [r["states"].index(r["outcome"]) for r in forecasts])
    return _stable({"ledger": ledger.where, "forecasts": len(forecasts), "events": len(p),
                    "forecasters": sorted({r["forecaster"] for r in forecasts}),
                    "questions": len({(r["model_id"], r["target"]) for r in forecasts}),
                    "bins": scoring.reliability_bins(p, o),
                    "series": outside_series(event_rows(ledger)[0])})


def outside_series(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The scored base rates and views as their own series of the reliability diagram: each
    one's two states (the event, not the event) as binary events, binned like the model's."""
    out = []
    for kind, name in (("base_rate", "base rates"), ("view", "views")):
        group = [r for r in rows if r["kind"] == kind]
        if group:
            p, o = scoring.binary_events([(r["p"], 1 - r["p"]) for r in group],
                                         [0 if r["happened"] else 1 for r in group])
            out.append({"name": name, "forecasts": len(group), "events": len(p),
                        "bins": scoring.reliability_bins(p, o)})
    return out


def scored_rows(ledger: Ledger) -> tuple[list[dict], list[dict], list[dict], int]:
    """Scored forecasts, scored outside views, forecasts left out (and why), unresolved count."""
    resolved = {(r.model_id, r.target): r for r in ledger.resolutions()}
    forecasts: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    excluded: list[dict[str, Any]] = []
    unresolved = 0
    for entry in ledger.entries():
        own = {p.target: p for p in entry.predictions if p.kind == "forecast"}
        for p in entry.predictions:
            if p.kind == "analyst":  # a pool member's numbers: kept with the pool, not scored
                continue
            resolution = resolved.get((entry.model_id, p.target))
            if resolution is None:
                unresolved += p.kind == "forecast"
                continue
            base = {"id": entry.id, "scenario": entry.scenario_id, "as_of": entry.as_of,
                    "target": p.target, "outcome": resolution.outcome}
            if resolution.resolved_on and entry.as_of > resolution.resolved_on:
                if p.kind == "forecast":
                    excluded.append({**base, "reason": f"as_of after the resolution date "
                                                       f"{resolution.resolved_on}"})
                continue
            if resolution.outcome not in p.states:
                excluded.append({**base, "reason": f"its states ({', '.join(p.states)}) lack the "
                                                   "outcome"})
                continue
            row = {**base, **_scores(p.states, p.p, resolution.outcome),
                   "model_id": entry.model_id, "forecaster": entry.analyst or MODEL,
                   "recorded_at": entry.recorded_at, "horizon": entry.horizon,
                   "resolved_on": resolution.resolved_on, "states": list(p.states),
                   "p": list(p.p)}
            if p.kind == "forecast":
                forecasts.append(row)
            elif p.target in own:
                model = _scores(own[p.target].states, own[p.target].p, resolution.outcome)
                references.append({"reference": p.name, **row,
                                   "model": model})
    return forecasts, references, excluded, unresolved


def _stable(value: Any) -> Any:
    """Floats rounded as every JSON output is (12 decimals), so output is byte-stable."""
    if isinstance(value, float):
        return stable(value)
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _public(row: dict[str, Any], first: tuple[str, ...] = (), last: tuple[str, ...] = ()
            ) -> dict[str, Any]:
    keys = (*first, "scenario", "as_of", "target", "outcome", "brier", "log_score", "rps",
            "forecaster", "model_id", "id", *last)
    return {k: row[k] for k in keys}


def _latest_per_day(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Snapshots in date order; of several on one as_of date, the one recorded last."""
    by_day: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: (r["as_of"], r["recorded_at"], r["id"])):
        by_day[row["as_of"]] = row
    return list(by_day.values())


def question_end(rows: Sequence[dict[str, Any]]) -> tuple[dt.date | None, str]:
    """Where a question's life ends: its resolution date, else the latest horizon."""
    on = rows[0]["resolved_on"]
    if on:
        return dt.date.fromisoformat(on), "resolution date"
    horizons = [r["horizon"] for r in rows if r.get("horizon")]
    if horizons:
        return dt.date.fromisoformat(max(horizons)), "horizon"
    return None, "none: snapshots weigh the same"


def questions(rows: Sequence[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """Per question and forecaster (or outside view): the score averaged over the question's life."""
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["model_id"], row["target"], row[by]), []).append(row)
    out = []
    for (model_id, target, who), group in sorted(groups.items()):
        snapshots = _latest_per_day(group)
        end, basis = question_end(snapshots)
        weights = scoring.life_weights([dt.date.fromisoformat(r["as_of"]) for r in snapshots], end)
        averaged = scoring.time_averaged(
            [scoring.Snapshot(dt.date.fromisoformat(r["as_of"]),
                              {k: r[k] for k in ("brier", "log_score", "rps")})
             for r in snapshots], end)
        out.append({"model_id": model_id, "target": target,
                    "forecaster": who if by == "forecaster" else None,
                    "reference": who if by == "reference" else None,
                    "outcome": group[0]["outcome"], "end": end.isoformat() if end else None,
                    "end_basis": basis, **averaged,
                    "snapshots": [{"scenario": r["scenario"], "as_of": r["as_of"], "weight": w}
                                  for r, w in zip(snapshots, weights, strict=True)]})
    return out


def summaries(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Means over all scored forecasts and per forecaster (the model, an analyst, a pool)."""
    def block(group: Sequence[dict[str, Any]]) -> dict[str, Any]:
        per_question = questions(group, "forecaster")
        decomposition = scoring.murphy([r["p"] for r in group],
                                       [r["states"].index(r["outcome"]) for r in group])
        return {"forecasts": len(group), "mean": scoring.mean_scores(group),
                "questions": len(per_question),
                "time_averaged_mean": scoring.mean_scores(per_question),
                "decomposition": decomposition if decomposition else {
                    "shown": False,
                    "reason": f"{len(group)} scored forecasts; Murphy's decomposition needs at "
                              f"least {scoring.MIN_FORECASTS_FOR_DECOMPOSITION}"}}

    names = sorted({r["forecaster"] for r in rows})
    return {"all": block(rows),
            "by_forecaster": [{"forecaster": n, **block([r for r in rows if r["forecaster"] == n])}
                              for n in names]}


def skills(references: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Skill of the forecast against each outside view over the snapshots that carry both:
    1 - mean S_forecast / mean S_view, per score (positive: the forecast did better)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in references:
        groups.setdefault((row["reference"], row["forecaster"]), []).append(row)
    out = []
    for (name, who), group in sorted(groups.items()):
        item: dict[str, Any] = {"reference": name, "forecaster": who, "forecasts": len(group),
                                "kind": group[0].get("kind", "reference")}
        for key in ("brier", "log_score", "rps"):
            mine = scoring.mean_scores([r["model"] for r in group])[key]
            theirs = scoring.mean_scores(group)[key]
            item[key] = {"forecast": mine, "reference": theirs,
                         "skill": scoring.skill(mine, theirs)}
        out.append(item)
    return out


# --- the requests the commands and a notebook make -----------------------------------------

@dataclasses.dataclass(frozen=True)
class RecordRequest:
    """Run a snapshot and keep its forecasts. `ledger`: an SQLite path or a postgresql:// URL
    (None: FORECAST_LEDGER, else forecasts.sqlite here)."""

    scenario: Path | str
    ledger: str | None = None
    engine: str = "compiled"
    adjustments: Adjustments = dataclasses.field(default_factory=Adjustments)


@dataclasses.dataclass(frozen=True)
class Recorded:
    """What `record` kept (one row per forecaster) and what it left out (proposed findings)."""

    rows: list[dict[str, Any]]
    left_out: list[str]


def record(request: RecordRequest) -> Recorded:
    """The run first (bad input fails before the ledger is touched; a draft with unverified
    quotes never runs), then every forecast of it in one transaction."""
    from ..ledger import open_ledger
    from .run import RunRequest
    from .run import execute as run

    written = run(RunRequest(request.scenario, request.adjustments,
                             engine=request.engine)).to_json()  # the ledger keeps what is written
    with open_ledger(request.ledger) as book:
        rows = record_run(book, written)
    left_out = [w["message"] for w in written.get("warnings") or [] if w.get("kind") == "proposed"]
    return Recorded(rows, left_out)


@dataclasses.dataclass(frozen=True)
class ResolveRequest:
    """How a question resolved: the target node, the state that came true and, with `on`
    (YYYY-MM-DD), when; `replace` corrects an outcome recorded before."""

    target: str
    outcome: str
    model_id: str | None = None
    on: str | None = None
    replace: bool = False
    ledger: str | None = None


def resolve(request: ResolveRequest) -> dict[str, Any]:
    """The resolution recorded, in a ledger that must exist."""
    from ..ledger import open_ledger

    date = parse_date(request.on, "--on")
    with open_ledger(request.ledger, create=False) as book:
        return resolve_question(book, request.target, request.outcome,
                                model_id=request.model_id, on=date, replace=request.replace)


def recorded(ledger: str | None) -> dict[str, Any]:
    """`history`: every recorded forecast, read without creating or changing a file."""
    from ..ledger import open_ledger

    with open_ledger(ledger, create=False, read_only=True) as book:
        return history(book)


def scores(ledger: str | None, forecaster: str | None = None) -> dict[str, Any]:
    """`score`: the resolved forecasts scored, read without creating or changing a file."""
    from ..ledger import open_ledger

    with open_ledger(ledger, create=False, read_only=True) as book:
        return score_ledger(book, forecaster)
