"""The whole brief: the cover, the sections in order, the title and provenance."""

from __future__ import annotations

from ... import __version__
from ..chart_style import yardstick_name
from .ach import _ach_section
from .analysts import _analysts_section
from .assumptions import _assumptions_section
from .changes import _changes_section
from .context import _Context, pooled
from .cover import _cover
from .document import Brief, Section
from .indicators import _indicators_section
from .inputs import BriefInput
from .network import _network_section
from .snapshot import _evidence_annex, _snapshot_section
from .sources import _sources_section
from .wording import long_date


def _draft(data: BriefInput) -> str | None:
    """"DRAFT: n quotes not verified" over every page when a snapshot ran with unverified quotes."""
    from ...domain.integrity import draft_note

    return draft_note(sum(len(s.run.loaded.integrity.verification.unverified)
                          for s in data.snapshots))


def _body(ctx: _Context) -> list[Section]:
    """The sections after the snapshots: ACH, changes, indicators, analysts, assumptions,
    sources, model."""
    data = ctx.data
    sections: list[Section] = []
    if data.comparisons:
        sections.append(_changes_section(ctx))
    if data.voi is not None and not pooled(ctx):  # a pool's: under Analysts, labelled
        sections.append(_indicators_section(ctx, data.voi))
    analysts = _analysts_section(ctx)
    if analysts is not None:
        sections.append(analysts)
    sections.append(_assumptions_section(ctx))
    sections.append(_sources_section(ctx))
    if data.annex:
        sections.extend(_annexes(ctx))
    return sections


def _annexes(ctx: _Context) -> list[Section]:
    """With --annex: competing hypotheses, each snapshot's full evidence, the network."""
    data = ctx.data
    out: list[Section] = []
    ach = _ach_section(ctx, data.snapshots[-1].explain)
    if ach is not None:
        out.append(ach)
    out.extend(_evidence_annex(ctx, snap) for snap in data.snapshots)
    if data.network is not None:
        out.append(_network_section(ctx, data.network))
    return out


def assemble(data: BriefInput) -> Brief:
    """The briefing pack's content for `data`; raises ValueError when it has no snapshot."""
    if not data.snapshots:
        raise ValueError("a brief needs at least one snapshot")
    ctx = _Context(data)
    model = data.snapshots[-1].run.loaded.model
    model_id = model.network.id
    question = str(model.network.title or model_id or "Scenario assessment")
    sections: list[Section] = []
    n = len(data.snapshots)
    for i, snap in enumerate([] if data.summary else data.snapshots):
        sections.append(_snapshot_section(ctx, snap, i, n))
    if not data.summary:
        sections.extend(_body(ctx))
    scenarios = ", ".join(str(s.run.loaded.scenario.id) for s in data.snapshots)
    footer = (f"forecast {__version__} \u00b7 model {model_id} (sha256 {model.sha256[:12]}) "
              f"\u00b7 scenarios {scenarios} \u00b7 {yardstick_name(ctx.y)} words")
    dates = [long_date(s.run.loaded.scenario.as_of) for s in data.snapshots]
    span = dates[0] if n == 1 else f"{dates[0]} to {dates[-1]}"
    kind = "Executive summary" if data.summary else "Briefing pack"
    subtitle = (f"{kind} \u00b7 {n} snapshot{'s' if n != 1 else ''}, {span} \u00b7 "
                f"model {model_id}")
    marking = " \u00b7 ".join(m for m in (data.marking, _draft(data)) if m) or None
    return Brief(title=question, subtitle=subtitle, marking=marking, author=data.author,
                 yardstick=ctx.y, cover=tuple(_cover(ctx)), sections=tuple(sections),
                 footer=footer,
                 keywords=("forecast", "briefing", str(model_id), *scenarios.split(", ")))
