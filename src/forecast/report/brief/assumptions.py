"""Assumptions and weaknesses: horizons, priors, grading, intervals, the model card."""

from __future__ import annotations

from ..chart_style import human
from ..integrity import warning_lines_of, warnings_of
from .context import _Context, _targets
from .document import Block, Bullets, Cell, Column, Heading, Para, Section, Table
from .markup import code, lit
from .model_card import parse_model_card
from .window import window_assumptions
from .wording import long_date


def _grading_sentence() -> str:
    """The grade weights in force by default, written from the tables the code uses."""
    from ...domain.evidence import DEFAULT_CREDIBILITY, DEFAULT_RELIABILITY

    letters = ", ".join(f"{k} {v:g}" for k, v in DEFAULT_RELIABILITY.items())
    digits = ", ".join(f"{k} {v:g}" for k, v in DEFAULT_CREDIBILITY.items())
    return ("A graded finding counts as likelihood 1 for the reported state and 1 \u2212 w for the "
            f"others, w = reliability \u00d7 credibility ({letters}; {digits}, unless the model "
            "overrides them): a report of credibility 5, improbable, is shown but weighs nothing. "
            "An ungraded finding is taken as certain.")


def _question_sentence(ctx: _Context) -> str:
    """Which event the bottom line answers, and why: the model's `question`, --target, or
    the default rule."""
    answer = ctx.data.snapshots[-1].answer
    if answer is None:
        return "The bottom line answers no single event (no answer was computed)."
    event = answer.event
    states = " or ".join(lit(ctx.state(s)) for s in event["states"])
    node = lit(ctx.label(event["target"]))
    if event["kind"] == "question":
        return (f"The bottom line answers the model's question, \u201c{lit(event['text'])}\u201d: "
                f"the event {states} of {node} (set by `question` in the model).")
    if event["kind"] == "escalation":
        why = ("its outcome is ordered (its first state means nothing happened), so the event "
               "is any escalation")
    else:
        why = "the event is the state named with --target, or else the most likely state"
    return (f"The model names no question (`question:` in the model), so the bottom line "
            f"answers by the default rule: {why}, here {states} of {node}.")


def _resolution_tables(ctx: _Context) -> list[Block]:
    """How each outcome of the latest snapshot's targets resolves (the model's criteria)."""
    run = ctx.data.snapshots[-1].run
    out: list[Block] = []
    for target in _targets(run):
        criteria = ctx.nodes[target]["resolution"] if target in ctx.nodes else {}
        if not criteria:
            continue
        rows = tuple((Cell(f"**{lit(ctx.state(s))}**"),
                      Cell(lit(criteria.get(s) or "no resolution criteria given")))
                     for s in run.posteriors[target])
        out.append(Table((Column("Outcome", 1.3), Column("Resolves true when", 8.0)), rows,
                         caption=f"{lit(ctx.label(target))}: how each outcome resolves"))
    return out


def _judgement_sentence(ctx: _Context) -> str | None:
    """How much of the latest answer rests on the nodes marked `basis: judgement`: their
    count, and the largest swing any of their numbers gives over its credible range, beside
    the largest swing of any number (from the answer's own drivers)."""
    snap = ctx.data.snapshots[-1]
    if snap.answer is None:
        return None
    network = snap.run.network
    marked = [n for n, node in network.nodes.items() if node.meta.get("basis") == "judgement"]
    if not marked:
        return None
    rows = [r for r in snap.answer.drivers.ranking() if r.written_swing is not None]
    if not rows:
        return None
    own = [r.written_swing for r in rows if r.node in marked]
    names = ", ".join(code(n) for n in marked)
    largest = max(r.written_swing for r in rows)
    if not own:
        return (f"{len(marked)} node{'s' if len(marked) != 1 else ''} rest{'s' if len(marked) == 1 else ''} "
                f"on judgement alone ({names}); none of their numbers moves the answer.")
    return (f"{len(marked)} node{'s' if len(marked) != 1 else ''} rest{'s' if len(marked) == 1 else ''} "
            f"on judgement alone, with no source ({names}): moved over its credible range, the "
            f"largest of their numbers swings the answer {100 * max(own):.1f} points (any number "
            f"of the model: {100 * largest:.1f}).")


def _assumptions_section(ctx: _Context) -> Section:
    data = ctx.data
    blocks: list[Block] = []
    card = parse_model_card(data.model_card) if data.model_card else None
    if card and card.read_first:
        blocks.append(Para(card.read_first, "lead"))
    items = [_question_sentence(ctx)]
    horizons = {s.run.loaded.scenario.horizon for s in data.snapshots}
    if len(horizons) == 1:
        items.append(f"Every snapshot is judged against the same horizon, "
                     f"{long_date(next(iter(horizons)))}; the outcome states resolve as on the cover.")
    else:
        items.append("The snapshots have different horizons ("
                     + ", ".join(sorted(long_date(h) for h in horizons))
                     + "): compare their probabilities with care.")
    items.extend(window_assumptions(ctx))
    for snap in data.snapshots:
        priors = snap.run.priors  # the `priors` JSON: {node: {from, p}} as applied
        sid = snap.run.loaded.scenario.id
        if priors:
            text = "; ".join(
                f"{code(node)}: " + ", ".join(f"{human(s)} {ctx.said(p)}" for s, p in adj["p"].items())
                for node, adj in priors.items())
            items.append(f"Snapshot {code(sid)} adjusts root priors: {text}.")
    if not any(s.run.priors or s.run.team.overlays for s in data.snapshots):
        items.append("No snapshot adjusts the model's root priors.")
    items.append(_grading_sentence())
    judgement = _judgement_sentence(ctx)
    if judgement:
        items.append(judgement)
    from ..written_dates import written_lines

    for snap in data.snapshots:
        for line in written_lines(snap.run.loaded, snap.run.team.overlays):
            items.append(f"Snapshot {code(snap.run.loaded.scenario.id)}: {lit(line)}.")
    for snap in data.snapshots:
        sid = snap.run.loaded.scenario.id
        for line in warning_lines_of(warnings_of(snap.run)):
            items.append(f"Snapshot {code(sid)}: {lit(line)}.")
    blocks.append(Heading("Assumptions"))
    blocks.append(Bullets(tuple(items), "note"))  # the method in small print; weaknesses not
    blocks.extend(_resolution_tables(ctx))
    from .cover import _method_note

    blocks.append(Para(_method_note(ctx), "note"))
    where = code(data.model_card_path) if data.model_card_path else "the model card"
    if card and card.weaknesses:
        blocks.append(Heading(f"Known weaknesses (from {where})"))
        blocks.append(Bullets(card.weaknesses))
    elif card:
        blocks.append(Heading("Known weaknesses"))
        blocks.append(Para(f"The model card {where} has no weaknesses section.", "note"))
    else:
        blocks.append(Heading("Known weaknesses"))
        blocks.append(Para(f"No model card was found ({where}): the model's weaknesses are not "
                           "documented. Treat its numbers with extra care.", "note"))
    return Section(id="assumptions", title="Assumptions and weaknesses", blocks=tuple(blocks),
                   kicker="Read before relying on the numbers")
