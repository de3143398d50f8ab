"""One snapshot's section: key judgements, posterior, drivers, evidence, impact."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..chart_style import points, yardstick_name
from ..integrity import warning_lines
from .context import _Context, _targets
from .document import Block, Bullets, Chart, Heading, Para, Section
from .drivers import (
    _drivers,
    _ends_text,
    _parameter_kind,
    _parameter_text,
    _ranked_parameters,
    _value_text,
)
from .evidence import _evidence_table
from .inputs import SnapshotInput
from .markup import code, lit
from .outside_view import _outside_view
from .window import window_blocks
from .wording import _capital, long_date, span_words


def _snapshot_section(ctx: _Context, snap: SnapshotInput, i: int, n: int) -> Section:
    run = snap.run
    scenario = run["scenario"]
    blocks: list[Block] = []
    when = f"As of {long_date(scenario['as_of'])}"
    if scenario.get("horizon"):
        when += f" \u00b7 horizon {long_date(scenario['horizon'])}"
    when += f" \u00b7 {len(run.get('evidence') or [])} evidence items \u00b7 {code(scenario.get('path'))}"
    blocks.append(Para(when, "note"))
    blocks.append(Heading("Key judgements"))
    blocks.append(Bullets(tuple(_key_judgements(ctx, snap))))
    blocks.append(Chart("posterior", dict(run), _posterior_caption(ctx, run)))
    blocks.extend(_outside_view(ctx, run))
    blocks.extend(window_blocks(ctx, run))
    blocks.append(Heading("Drivers: which of the model's numbers matter"))
    blocks.extend(_drivers(ctx, snap.sensitivity))
    blocks.append(Heading("Evidence"))
    blocks.append(_evidence_table(ctx, snap))
    explain = snap.explain
    if explain.get("sequence"):
        state = explain.get("state") or explain.get("lead")
        blocks.append(Chart("impact", {**explain, "lead": state},
                            f"Sequential effects on P({lit(ctx.state(state))}): each evidence item "
                            "added one at a time in the scenario's order, from the model's prior to "
                            "the posterior. A step depends on the items before it, so it differs "
                            "from the item's leave-one-out effect in the table above; the steps add "
                            "up to the total change."))
    warnings = run.get("warnings") or []
    if warning_lines(run):
        kinds = sorted({str(w.get("kind")) for w in warnings if isinstance(w, dict)})
        blocks.append(Para(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} about this "
                           f"snapshot's evidence ({', '.join(kinds)}): listed under Assumptions.",
                           "note"))
    return Section(id=f"snapshot-{scenario['id']}", title=f"{scenario['title']}",
                   kicker=f"Snapshot {i + 1} of {n} \u00b7 {scenario['id']} \u00b7 "
                          f"{long_date(scenario['as_of'])}",
                   blocks=tuple(blocks))


def _posterior_caption(ctx: _Context, run: Mapping[str, Any]) -> str:
    text = (f"Outcome probabilities given the evidence, over the {yardstick_name(ctx.y)} bands "
            "(grey stripes).")
    if run.get("intervals"):
        unc = run.get("uncertainty") or {}
        text += (f" Whiskers: {100 * float(unc.get('level', 0.9)):.0f}% intervals from "
                 f"{unc.get('samples')} draws of the model's numbers.")
    return text


def _key_judgements(ctx: _Context, snap: SnapshotInput) -> list[str]:
    run, explain, sens = snap.run, snap.explain, snap.sensitivity
    out: list[str] = []
    targets = _targets(run)
    for target in targets:
        dist = run["posteriors"][target]
        intervals = (run.get("intervals") or {}).get(target) or {}
        of = f"{lit(ctx.label(target))} \u2014 " if len(targets) > 1 else ""
        for state in sorted(dist, key=lambda s: -float(dist[s])):
            text = f"{of}**{lit(_capital(ctx.state(state)))}**: {ctx.judged(dist[state])}"
            if state in intervals:
                text += f"; interval {span_words(*intervals[state], ctx.y)}"
            out.append(text + ".")
    prior, posterior = explain.get("prior") or {}, explain.get("posterior") or {}
    if prior and posterior:
        moved = max(posterior, key=lambda s: (abs(float(posterior[s]) - float(prior.get(s, 0.0))), s))
        before, after = float(prior[moved]), float(posterior[moved])
        verb = "raised" if after > before else "lowered"
        by = points(abs(after - before)).lstrip("+")
        out.append(f"The evidence {verb} **{lit(ctx.state(moved))}** most, by {by}: "
                   f"from {ctx.judged(before)} on the model alone to {ctx.judged(after)}.")
    lead = explain.get("state") or explain.get("lead")
    items = sorted(explain.get("evidence") or [],
                   key=lambda e: -abs(float((e.get("shift") or {}).get(lead, 0.0))))
    top = [e for e in items[:2] if abs(float((e.get("shift") or {}).get(lead, 0.0))) >= 0.0005]
    if top and lead:
        parts = [f"{lit(ctx.label(e['node']))} ({points(float(e['shift'][lead]))})" for e in top]
        out.append(f"Largest leave-one-out effects on P({lit(ctx.state(lead))}), each item against "
                   f"all the rest of the evidence: {'; '.join(parts)}.")
    driver = _ranked_parameters(sens)[:1]
    if driver:
        p = driver[0]
        target = sens.get("target") or {}
        over = "its 90% credible range" if sens.get("sweep") == "credible" else "its range"
        out.append(f"Most sensitive to {_parameter_text(ctx, p)} ({_parameter_kind(ctx, p)}; now "
                   f"{_value_text(ctx, p)}): over {over}, "
                   f"P({lit(ctx.state(target.get('state', '?')))}) spans {_ends_text(ctx, p)}.")
    return out
