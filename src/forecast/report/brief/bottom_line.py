"""The bottom line: the probability of the event the question asks about, in estimative
words, with its interval, the direction since the last snapshot, and the analytic confidence
with its reason (ICD 203 keeps likelihood and confidence apart)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...domain.numbers import stable
from ..chart_style import points
from .changes import _item_name
from .context import _Context
from .markup import lit
from .wording import _capital, long_date, span_words

if TYPE_CHECKING:
    from ...answer import Answer


def event_name(ctx: _Context, event: Mapping[str, Any]) -> str:
    """'any escalation (russian offensive from belarus or belarus enters war)' or the state."""
    states = [ctx.state(s) for s in event["states"]]
    if event["kind"] == "escalation":
        return f"any escalation ({' or '.join(states)})"
    return states[0]


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
    event = answer.event
    scenario = answer.context.loaded.scenario
    p = float(event["probability"])
    when = f"by {long_date(scenario.horizon)}" if scenario.horizon else "at the horizon"
    target = lit(ctx.label(event["target"])).rstrip(".")
    if event["kind"] == "escalation":
        text = (f"As of {long_date(scenario.as_of)}, we judge **any escalation** of "
                f"{target} {when} **{ctx.judged(p)}**")
        levels = "; ".join(f"{lit(ctx.state(s))} {ctx.judged(float(event['levels'][s]))}"
                           for s in event["states"])
        text += f" (each level: {levels})"
    else:
        text = (f"As of {long_date(scenario.as_of)}, we judge it **{ctx.judged(p)}** that "
                f"{target} is **{lit(ctx.state(event['states'][0]))}** {when}")
    lo, hi = event["interval"]
    text += (f". Allowing for the uncertainty of the model's own numbers, the "
             f"{100 * float(event['level']):.0f}% interval is {span_words(lo, hi, ctx.y)}.")
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
    return text + _contributions(ctx, event, delta) + "."


def _contributions(ctx: _Context, event: Mapping[str, Any], delta: float) -> str:
    """The two differences between the snapshots that moved the event most (Shapley)."""
    if not ctx.data.comparisons:
        return ""
    comparison = ctx.data.comparisons[-1].comparison
    target = event["target"]
    moved = []
    for item in comparison.attribution:
        # the compared targets are the snapshots' common ones: the event's may not be one
        share = item.contribution.get(target)
        if share is not None and all(s in share for s in event["states"]):
            # each share as written, so equal shares rank alike on every machine
            moved.append((sum(stable(share[s]) for s in event["states"]), item))
    moved.sort(key=lambda pair: -abs(pair[0]))
    parts = [f"{lit(_item_name(ctx, item))} ({points(c)})" for c, item in moved[:2]
             if abs(c) >= 0.0005]
    return f"; most of it from {' and '.join(parts)}" if parts and delta else ""


def confidence_sentence(ctx: _Context, answer: Answer) -> str:
    confidence = answer.confidence
    reason = confidence["reason"]
    for criterion in confidence["criteria"]:
        origin = criterion.get("origin")  # only the shared-origin rule names one
        if origin and origin in ctx.data.documents:
            title = ctx.data.documents[origin]["title"] or origin
            reason = reason.replace(f"({origin})", f"({ctx.source_ref(origin)} {title})")
    return f"**Analytic confidence: {confidence['level']}.** {lit(reason)}"
