"""What changed between consecutive snapshots, and what moved the outcome."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..chart_style import human, points
from .context import _Context, _targets
from .document import Block, Bullets, Cell, Chart, Column, Heading, Section, Table
from .markup import code, lit
from .wording import long_date

ATTRIBUTIONS = 12  # differences shown per comparison (the rest are summed)


def _attribution_label(ctx: _Context, item: Mapping[str, Any], before: Mapping[str, Any]) -> Cell:
    kind = item.get("kind")
    node = item.get("node")
    if kind == "model":
        return Cell("**The model's numbers**", "tables changed between the snapshots")
    if kind == "prior":
        return Cell(f"**Prior of {lit(ctx.label(node))}**", f"adjusted ({code(node)})")
    if kind == "time":
        return Cell("**Time to the horizon**", lit(_days_left(item)))
    finding = item.get("finding") or {}
    old = before.get(node) or {}

    def short(f: Mapping[str, Any]) -> str:
        if not f:
            return "none"
        if not f.get("state"):
            return f"soft ({ctx.ratios({**f, 'node': node})})"
        text = human(f["state"])
        return f"{text} [{f['grade']}]" if f.get("grade") else text

    detail = {"added": f"added: {short(finding)}", "removed": f"removed: {short(old)}",
              "changed": f"changed: {short(old)} \u2192 {short(finding)}"}.get(str(kind), str(kind))
    return Cell(f"**{lit(ctx.label(node))}**", lit(detail))


def _change_sentences(ctx: _Context, comparison: Mapping[str, Any], brief: bool) -> list[str]:
    """How the outcome moved and what moved it most: on the cover the state that moved most,
    in the section every state that moved by half a point or more."""
    out = []
    a, b = comparison["from"], comparison["to"]
    focus = _targets(ctx.data.snapshots[-1].run)
    for target, states in (comparison.get("targets") or {}).items():
        of = "" if target in focus and len(focus) == 1 else f"for {lit(ctx.label(target))}, "
        ranked = sorted(states, key=lambda s: -abs(float(states[s]["delta"])))
        chosen = ranked[:1] if brief else [s for s in ranked if abs(float(states[s]["delta"])) >= 0.005]
        for moved in chosen or ranked[:1]:
            d = states[moved]
            delta = float(d["delta"])
            verb = "rose" if delta > 0 else "fell" if delta < 0 else "stayed"
            head = f"Since {long_date(a['as_of'])}" if brief else (
                f"From {long_date(a['as_of'])} to {long_date(b['as_of'])}")
            by = points(abs(delta)).lstrip("+")
            text = (f"{head}, {of}**{lit(ctx.state(moved))}** {verb} by {by}, from "
                    f"{ctx.judged(d['from'])} to {ctx.judged(d['to'])}")
            contributions = sorted(comparison.get("attribution") or [],
                                   key=lambda it: -abs(float(it["contribution"][target][moved])))
            top = [it for it in contributions[:2 if brief else 3]
                   if abs(float(it["contribution"][target][moved])) >= 0.0005]
            if top and delta:
                parts = [f"{lit(_item_name(ctx, it))} ({points(it['contribution'][target][moved])})"
                         for it in top]
                text += f"; the largest contributions: {'; '.join(parts)}"
            out.append(text + ".")
    return out


def _days_left(item: Mapping[str, Any]) -> str:
    days = item.get("remaining_days") or {}
    ends = [f"{d} days" if d is not None else "the model's window"
            for d in (days.get("from"), days.get("to"))]
    return f"{ends[0]} → {ends[1]} left"


def _item_name(ctx: _Context, item: Mapping[str, Any]) -> str:
    if item.get("kind") == "time":
        return f"the time to the horizon ({_days_left(item)})"
    if item.get("kind") == "model":
        return "changes to the model's numbers"
    if item.get("kind") == "prior":
        return f"the prior of {ctx.label(item.get('node'))}"
    return ctx.label(item.get("node"))


def _changes_section(ctx: _Context) -> Section:
    blocks: list[Block] = []
    runs = {s.run["scenario"]["id"]: s.run for s in ctx.data.snapshots}
    for comparison in ctx.data.comparisons:
        a, b = comparison["from"], comparison["to"]
        if len(ctx.data.comparisons) > 1:
            blocks.append(Heading(f"{a['title']} \u2192 {b['title']}"))
        blocks.append(Bullets(tuple(_change_sentences(ctx, comparison, brief=False))))
        before = {e["node"]: e for e in (runs.get(a["id"]) or {}).get("evidence") or []}
        for target, states in (comparison.get("targets") or {}).items():
            names = list(states)
            columns = [Column("What differs", 3.0)] + [
                Column(human(s), 1.4, "right") for s in names]
            rows = [tuple([Cell("**Total change**", f"{long_date(a['as_of'])} \u2192 "
                                f"{long_date(b['as_of'])}")]
                          + [Cell(f"**{points(states[s]['delta'])}**",
                                  f"{ctx.said(states[s]['from'])} \u2192 {ctx.said(states[s]['to'])}")
                             for s in names])]
            items = sorted(comparison.get("attribution") or [],
                           key=lambda it: -max(abs(float(v)) for v in it["contribution"][target].values()))
            for item in items[:ATTRIBUTIONS]:
                rows.append(tuple([_attribution_label(ctx, item, before)]
                                  + [Cell(points(item["contribution"][target][s])) for s in names]))
            rest = items[ATTRIBUTIONS:]
            if rest:
                rows.append(tuple([Cell(f"{len(rest)} smaller differences")]
                                  + [Cell(points(sum(float(it["contribution"][target][s]) for it in rest)))
                                     for s in names]))
            method = comparison.get("method") or "Shapley"
            blocks.append(Table(tuple(columns), tuple(rows),
                                caption=(f"Why {lit(ctx.label(target))} moved: each difference between the "
                                         f"snapshots and its share of the change ({lit(method)} "
                                         "attribution, percentage points; the shares add up to the "
                                         "total whatever the order of the changes).")))
    runs_list = [dict(s.run) for s in ctx.data.snapshots]
    blocks.append(Chart("timeline", runs_list,
                        "The outcome probabilities across the snapshots, over the estimative bands."))
    return Section(id="changes", title="What changed", blocks=tuple(blocks),
                   kicker="Between the snapshots")
