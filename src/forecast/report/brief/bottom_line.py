"""The bottom line: the probability of the event the question asks about, in estimative
words, with its interval, the direction since the last snapshot, and the analytic confidence
with its reason (ICD 203 keeps likelihood and confidence apart)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...domain.numbers import stable
from ..chart_style import points
from ..labels import with_date
from ..shares import event_share, node_judged
from .causes import causes_text, groups
from .changes import _item_name
from .context import _Context
from .markup import lit
from .wording import _capital, edge_note, long_date, span_words

if TYPE_CHECKING:
    from ...usecases.answer import Answer


def event_name(ctx: _Context, event: Mapping[str, Any]) -> str:
    """'any escalation (russian offensive from belarus or belarus enters war)' or the states."""
    states = [ctx.state(s) for s in event["states"]]
    if event["kind"] == "escalation":
        return f"any escalation ({' or '.join(states)})"
    return " or ".join(states)


def previous_probability(ctx: _Context, event: Mapping[str, Any]) -> tuple[float, str] | None:
    """The same event's probability in the snapshot before the latest, and its date."""
    if len(ctx.data.snapshots) < 2:
        return None
    answer = ctx.data.snapshots[-2].answer
    if answer is None:
        return None
    levels = answer.event["levels"]
    if any(s not in levels for s in event["states"]):
        return None
    return (sum(float(levels[s]) for s in event["states"]),
            answer.context.loaded.scenario.as_of.isoformat())


def answer_sentence(ctx: _Context, answer: Answer) -> str:
    """The asked event first, in one sentence: its probability in words and number (and
    whether it sits at a band's edge), its 90% interval; then the outcome's other levels."""
    event = answer.event
    scenario = answer.context.loaded.scenario
    p = event_share(event["levels"], event["states"])  # as the outcome table prints it
    when = f"by {long_date(scenario.horizon)}" if scenario.horizon else "at the horizon"
    name = lit(_capital(event_name(ctx, event)))
    lo, hi = event["interval"]
    text = ""
    if event["kind"] == "question":
        text = f"**{lit(event['text'])}** "
    dated = long_date(scenario.horizon) if scenario.horizon else ""
    text += (f"{with_date(name, when, dated)}: **{ctx.judged(p)}**"
             f"{edge_note(float(event['probability']), ctx.y, p)}, "
             f"{100 * float(event['level']):.0f}% interval {span_words(lo, hi, ctx.y)} "
             f"(as of {long_date(scenario.as_of)}).")
    levels = event["levels"]
    others = [s for s in levels if s not in event["states"] or event["kind"] == "escalation"]
    if len(others) > 0 and len(event["states"]) + len(others) > 1:
        judged = node_judged(levels, ctx.y)
        text += (f" {'Each level' if event['kind'] == 'escalation' else 'Other outcomes'} of "
                 f"{lit(ctx.label(event['target'])).rstrip('.')}: "
                 + "; ".join(f"{lit(ctx.state(s))} {judged[s]}" for s in others) + ".")
    return text


def pool_sentence(ctx: _Context) -> str:
    """With several analysts: whose numbers these are, and how far apart the analysts are."""
    run = ctx.data.snapshots[-1].run
    if len(run.per_analyst) < 2:
        return ""
    weights = ", ".join(f"{lit(n)} {w:.2f}" for n, w in run.team.weights.items())
    text = (f"**Every number in this brief is the {run.team.method} pool of "
            f"{len(run.per_analyst)} analysts** (weights {weights}); the model alone appears "
            "only under Analysts and adjustments.")
    answer = ctx.data.snapshots[-1].answer
    if answer is not None:
        node, states = answer.event["target"], answer.event["states"]
        values = {name: sum(float(post[node][run.network[node].index(s)]) for s in states)
                  for name, post in run.per_analyst.items() if node in post}
        if values:
            parts = ", ".join(f"{lit(n)} {ctx.judged(v)}" for n, v in values.items())
            gap = max(values.values()) - min(values.values())
            text += (f" On {lit(event_name(ctx, answer.event))} the analysts are "
                     f"{100 * stable(gap):.0f} points apart ({parts}).")
    return text


def direction_sentence(ctx: _Context, answer: Answer) -> str:
    event = answer.event
    before = previous_probability(ctx, event)
    if before is None:
        return ""
    was, date = before
    delta = float(event["probability"]) - was
    verb = "up" if delta >= 0.0005 else "down" if delta <= -0.0005 else "unchanged"
    name = _capital(lit(event_name(ctx, event)))
    if verb == "unchanged":
        return f"{name}: unchanged since {long_date(date)} ({ctx.judged(was)})."
    text = (f"{name}: **{verb} {points(abs(delta)).lstrip('+')}** since {long_date(date)}, "
            f"from {ctx.judged(was)}")
    why = _contributions(ctx, event, delta)
    return text + (f"; {why}" if why else "") + "."


def _contributions(ctx: _Context, event: Mapping[str, Any], delta: float) -> str:
    """What moved the event (Shapley), by kind, each with its sign: the causes moving it the
    way it went, then what pulled against it."""
    if not ctx.data.comparisons:
        return ""
    comparison = ctx.data.comparisons[-1].comparison
    target = event["target"]
    shares = []
    for item in comparison.attribution:
        # the compared targets are the snapshots' common ones: the event's may not be one
        share = item.contribution.get(target)
        if share is not None and all(s in share for s in event["states"]):
            # each share as written, so equal shares rank alike on every machine
            shares.append((item, sum(stable(share[s]) for s in event["states"])))
    return causes_text(delta, groups(shares, lambda it: lit(_item_name(ctx, it))))


def confidence_sentence(ctx: _Context, answer: Answer, cover: bool = False) -> str:
    confidence = answer.confidence
    reason = confidence["reason"]
    for criterion in confidence["criteria"]:
        origin = criterion.get("origin")  # only the shared-origin rule names one
        if origin and origin in ctx.data.documents:
            title = ctx.data.documents[origin]["title"] or origin
            reason = reason.replace(f"({origin})", f"({ctx.source_ref(origin)} {title})")
    if cover:  # one page: the first reason, the rest under Assumptions
        first, *rest = _reasons(reason)
        more = f" ({len(rest)} more reason{'s' if len(rest) != 1 else ''} under Assumptions)" \
            if rest else ""
        return f"**Analytic confidence: {confidence['level']}.** {lit(first)}{more}."
    return f"**Analytic confidence: {confidence['level']}.** {lit(reason)}"


def _reasons(reason: str) -> list[str]:
    """The clauses of a confidence reason ("... because A, B and C: D."), each a reason."""
    text = reason.rstrip(".")
    head, sep, tail = text.partition(" because ")
    if not sep:
        return [text]
    parts = [p.strip() for chunk in tail.split(", ") for p in chunk.split(" and the ")]
    return [f"{head} because {parts[0]}", *parts[1:]]
