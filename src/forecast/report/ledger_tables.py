"""The ledger's outputs (record, resolve, history, score) as text, JSON, CSV and Markdown."""

from __future__ import annotations

from typing import Any

from .tables import to_csv, to_json, to_markdown, to_text

SCORES = ("brier", "log_score", "rps")


def _table(rows: list[dict[str, Any]], fmt: str, percent: tuple[str, ...] = ()) -> str:
    return to_markdown(rows, percent) if fmt == "markdown" else to_text(rows, percent)


def _sections(sections: list[tuple[str, str]], fmt: str) -> str:
    if fmt == "markdown":
        return "\n".join(f"### {title}\n\n{body}" for title, body in sections)
    return "\n".join(f"{title}\n{body}" for title, body in sections)


def render_records(results: list[dict[str, Any]], fmt: str) -> str:
    """One record's output as before; several (a pool and its analysts) as one document."""
    if len(results) == 1:
        return render_record(results[0], fmt)
    if fmt == "json":
        return to_json(results)
    if fmt == "csv":
        return to_csv([{"analyst": r.get("analyst"), "target": t, "state": st, "probability": p}
                       for r in results for t, dist in r["posteriors"].items()
                       for st, p in dist.items()])
    return "\n".join(render_record(r, fmt) for r in results)


def render_record(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return to_json(result)
    rows = [{"target": t, "state": s, "probability": p}
            for t, dist in result["posteriors"].items() for s, p in dist.items()]
    who = f" by {result['analyst']}" if result.get("analyst") else ""
    head = (f"recorded forecast {result['id']} of {result['scenario']} (as of {result['as_of']}, "
            f"model {result['model_id']}){who} in {result['ledger']}")
    views = result.get("reference") or []
    tail = f"with outside views: {'; '.join(views)}\n" if views else ""
    if fmt == "csv":
        return to_csv(rows)
    return f"{head}\n\n{_table(rows, fmt, ('probability',))}{tail}"


def render_resolution(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return to_json(result)
    on = f" on {result['resolved_on']}" if result.get("resolved_on") else ""
    lines = [f"resolved {result['model_id']}/{result['target']} as {result['outcome']!r}{on} "
             f"({result['forecasts']} recorded forecast(s) of it)"]
    if result.get("replaced"):
        lines.append(f"replaces the earlier outcome {result['replaced']!r}")
    for item in result.get("not_scored", []):
        lines.append(f"not scored: forecast {item['id']} ({item['scenario']}, as of "
                     f"{item['as_of']}) was made after the resolution date")
    return "\n".join(lines) + "\n"


def render_history(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return to_json(result)
    rows = []
    for r in result["forecasts"]:
        for target, dist in r["posteriors"].items():
            lead = max(dist, key=lambda s: dist[s])
            rows.append({"id": r["id"], "recorded_at": r["recorded_at"], "scenario": r["scenario"],
                         "as_of": r["as_of"], "model_id": r["model_id"],
                         "analyst": r["analyst"] or "model", "target": target, "lead": lead,
                         "p": dist[lead], "views": len([v for v in r["reference"]
                                                        if v["target"] == target])
                         + len([e for e in r.get("events") or [] if e["target"] == target]),
                         "outcome": r["outcomes"].get(target) or "open"})
    if fmt == "csv":
        return to_csv(rows)
    if not rows:
        return f"no forecasts recorded in {result['ledger']} (forecast record SCENARIO adds one)\n"
    return _sections([(f"Forecasts in {result['ledger']}", _table(rows, fmt, ("p",)))], fmt)


def render_scores(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return to_json(result)
    if fmt == "csv":
        return to_csv(result["forecasts"])
    warned = "".join(f"warning: {w['message']}\n" for w in result.get("warnings") or [])
    if not result["forecasts"]:
        return (f"no resolved forecasts in {result['ledger']} ({result['unresolved']} awaiting "
                "resolution; forecast resolve --target NODE --outcome STATE records one)\n"
                + warned)
    sections = [("Forecasts scored (Brier 0-2 and RPS 0-1: lower is better; log score: higher "
                 "is better, 0 perfect)", _table(result["forecasts"], fmt))]
    per_question = [{"model_id": q["model_id"], "target": q["target"],
                     "who": q["forecaster"] or f"outside view: {q['reference']}",
                     **{k: q[k] for k in ("outcome", "end", *SCORES)},
                     "snapshots": len(q["snapshots"]), "end_basis": q["end_basis"]}
                    for q in result["questions"]]
    sections.append(("Per question over its life (each snapshot's score held from its as_of to "
                     "the next snapshot or the end, weighted by days)",
                     _table(per_question, fmt)))
    summary = [{"forecaster": s["forecaster"], "forecasts": s["forecasts"],
                "questions": s["questions"], **{f"mean_{k}": s["mean"][k] for k in SCORES},
                **{f"life_{k}": s["time_averaged_mean"][k] for k in SCORES}}
               for s in result["summary"]["by_forecaster"]]
    sections.append(("By forecaster (means over forecasts, and over questions' life averages)",
                     _table(summary, fmt)))
    if result["skill"]:
        skill = [{"reference": s["reference"], "forecaster": s["forecaster"],
                  "forecasts": s["forecasts"],
                  **{f"{k}_forecast": s[k]["forecast"] for k in SCORES[:1]},
                  **{f"{k}_view": s[k]["reference"] for k in SCORES[:1]},
                  **{f"skill_{k}": s[k]["skill"] for k in SCORES}} for s in result["skill"]]
        sections.append(("Skill against outside views (1 - S_forecast / S_view: positive when "
                         "the forecast did better)", _table(skill, fmt)))
    events = [*result.get("base_rates", []), *result.get("views", [])]
    if events:
        sections.append(("Base rates and views on their events (two states: Brier 0-2, log "
                         "score), beside the model's probability of the same event",
                         _table(event_table(events), fmt, ("p", "model_p"))))
    lines = [_decomposition_line(s["forecaster"], s["decomposition"])
             for s in result["summary"]["by_forecaster"]]
    lines += [f"not scored: {_who(e)}forecast {e['id']} ({e['scenario']}, {e['target']}): "
              f"{e['reason']}" for e in result["excluded"]]
    if result["unresolved"]:
        lines.append(f"{result['unresolved']} forecast(s) of unresolved questions not scored")
    return _sections(sections, fmt) + "\n" + "\n".join(lines) + "\n" + warned


def _who(excluded: dict[str, Any]) -> str:
    """'view radio of ' for a base rate or view left out; '' for the model's forecast."""
    if not excluded.get("kind"):
        return ""
    return f"{excluded['kind'].replace('_', ' ')} {excluded['reference']} of "


def _decomposition_line(who: str, d: dict[str, Any]) -> str:
    if d.get("shown") is False:
        return f"{who}: no Murphy decomposition: {d['reason']}"
    return (f"{who}: Brier {d['brier']:.4f} = reliability {d['reliability']:.4f} - resolution "
            f"{d['resolution']:.4f} + uncertainty {d['uncertainty']:.4f} + binning residual "
            f"{d['residual']:.4f} ({d['forecasts']} forecasts, {d['bins']} bins)")


def event_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The scored base rates and views, each beside the model on the same event."""
    return [{"kind": r["kind"], "name": r["reference"], "scenario": r["scenario"],
             "event": " or ".join(r["event"]), "by": r["by"], "happened": r["happened"],
             "p": r["p"], "brier": r["brier"], "log_score": r["log_score"],
             "model_p": r["model"]["p"], "model_brier": r["model"]["brier"],
             "model_log_score": r["model"]["log_score"]} for r in rows]
