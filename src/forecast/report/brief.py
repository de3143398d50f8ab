"""The briefing pack's content: a pure function from analysis results to a structured document.

`assemble(BriefInput) -> Brief`. The input holds JSON-ready results of the use cases (one
run, sensitivity and explain result per snapshot, the comparisons between consecutive
snapshots, the value of information of the latest one), the model's nodes, the source
documents and the model card's text. The output is a tree of plain blocks (paragraphs,
bullets, tables, charts) that `brief_html` and `brief_pdf` lay out; neither decides what
to say, and this module draws nothing and reads no file.

Text in blocks uses a small inline markup, the model card's own: `**bold**`, `*italic*`,
backquoted code, and a backslash escaping any of ``* ` \\``. `lit()` escapes data (quotes,
titles) so that it is shown as written; `spans()` parses the markup for the renderers.

Every probability a reader sees carries its estimative words on one yardstick (`said`,
`judged`); changes are in percentage points, which are not probabilities.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..language import bands
from .chart_style import checked_yardstick, human, pct, pct_for, points, words, yardstick_name

DRIVERS = 8        # parameters in a snapshot's drivers table
INDICATORS = 8     # nodes in the indicators-to-watch table
ATTRIBUTIONS = 12  # differences shown per comparison (the rest are summed)

RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
CREDIBILITY = {"1": "confirmed by other sources", "2": "probably true", "3": "possibly true",
               "4": "doubtful", "5": "improbable", "6": "truth cannot be judged"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


# --- the document -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Para:
    """A paragraph. style: body, lead (larger), note (small, muted), quote."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    style: str = "body"


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (the section's own title is level 2; these are 3)."""

    text: str
    level: int = 3


@dataclass(frozen=True)
class Callout:
    """A boxed group of paragraphs: the bottom line."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    title: str
    width: float            # relative width
    align: str = "left"     # left | right | center


@dataclass(frozen=True)
class Cell:
    """A table cell: a main text and, optionally, smaller muted detail below it."""

    text: str
    sub: str = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    kind: str = "data"      # data | key (a small two-column table)


@dataclass(frozen=True)
class Chart:
    """A chart to draw with `forecast.report.charts`: `render(kind, data)`, or `plot_tornado`
    with `top` rows. `caption` says what to read from it."""

    kind: str
    data: Any
    caption: str
    top: int | None = None


Block = Para | Bullets | Heading | Callout | Table | Chart


@dataclass(frozen=True)
class Section:
    id: str                 # anchor, unique in the document
    title: str
    blocks: tuple[Block, ...]
    kicker: str = ""        # a small line above the title ("Snapshot 1 of 2")
    landscape: bool = False  # hint for paged output: wide content


@dataclass(frozen=True)
class Brief:
    title: str              # the question
    subtitle: str
    marking: str | None
    yardstick: str
    cover: tuple[Block, ...]
    sections: tuple[Section, ...]
    footer: str             # provenance, one line: tool, model hash, scenarios
    keywords: tuple[str, ...] = ()

    def blocks(self) -> list[Block]:
        """Every block, cover first: for checks over the whole document."""
        out = list(self.cover)
        for section in self.sections:
            out.extend(section.blocks)
        return out


# --- the input ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SnapshotInput:
    run: Mapping[str, Any]            # run_scenario result (intervals with --samples)
    sensitivity: Mapping[str, Any]    # sensitivity_scenario result
    explain: Mapping[str, Any]        # explain_scenario result


@dataclass(frozen=True)
class BriefInput:
    snapshots: Sequence[SnapshotInput]            # oldest first
    comparisons: Sequence[Mapping[str, Any]]      # compare_scenarios(previous, next)
    voi: Mapping[str, Any] | None                 # voi_scenario of the latest snapshot
    nodes: Mapping[str, Mapping[str, Any]]        # name -> label, states, parents, resolution
    documents: Mapping[str, Mapping[str, Any]]    # id -> title, outlet, published, file, ...
    model_citations: Mapping[str, Sequence[str]] = field(default_factory=dict)  # doc -> nodes
    model_card: str | None = None                 # the card's markdown text
    model_card_path: str | None = None            # where it was (or would have been) found
    network: Mapping[str, Any] | None = None      # network_data of the latest snapshot
    yardstick: str = "icd203"
    marking: str | None = None


# --- inline markup ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


_ESCAPE = re.compile(r"([\\*`])")


def lit(text: Any) -> str:
    """`text` as literal markup: shown exactly as written."""
    return _ESCAPE.sub(r"\\\1", str(text))


def code(text: Any) -> str:
    return "`" + str(text).replace("`", "'") + "`"


def spans(text: str) -> list[Span]:
    """Parse the inline markup into spans (adjacent spans of one style merged)."""
    out: list[Span] = []
    bold = italic = False
    buffer: list[str] = []

    def flush(in_code: bool = False) -> None:
        if buffer:
            piece = "".join(buffer)
            last = out[-1] if out else None
            if last and (last.bold, last.italic, last.code) == (bold, italic, in_code):
                out[-1] = Span(last.text + piece, bold, italic, in_code)
            else:
                out.append(Span(piece, bold, italic, in_code))
            buffer.clear()

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            buffer.append(text[i + 1])
            i += 2
        elif ch == "`":
            end = text.find("`", i + 1)
            if end < 0:
                buffer.append(ch)
                i += 1
                continue
            flush()
            buffer.append(text[i + 1:end])
            flush(in_code=True)
            i = end + 1
        elif text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif ch == "*" and _italic_marker(text, i, italic):
            flush()
            italic = not italic
            i += 1
        else:
            buffer.append(ch)
            i += 1
    flush()
    return out


def _italic_marker(text: str, i: int, open_: bool) -> bool:
    """A single * opens italics before a non-space and closes after one (x * y stays a star)."""
    if open_:
        return i > 0 and not text[i - 1].isspace()
    return i + 1 < len(text) and not text[i + 1].isspace() and text.find("*", i + 1) > 0


def plain(text: str) -> str:
    """The markup's text without styling: for alt text and metadata."""
    return "".join(s.text for s in spans(text))


# --- words and numbers --------------------------------------------------------------------------

def said(p: float, yardstick: str) -> str:
    """'73% likely', the form tables and charts use."""
    return f"{pct_for(p, yardstick)} {words(p, yardstick)}"


def judged(p: float, yardstick: str) -> str:
    """'likely (73%)', the form prose uses: the words lead."""
    return f"{words(p, yardstick)} ({pct_for(p, yardstick)})"


def span_words(lo: float, hi: float, yardstick: str) -> str:
    """An interval with its words: '57–84%: likely to very likely'."""
    a, b = words(lo, yardstick), words(hi, yardstick)
    return f"{pct(lo)}\u2013{pct(hi)}: {a if a == b else f'{a} to {b}'}"


def long_date(text: Any) -> str:
    """'2022-10-11' -> '11 October 2022' (locale-free); anything else as given."""
    try:
        d = dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return str(text)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def grade_meaning(grade: str | None) -> str:
    if not grade or len(grade) != 2:
        return ""
    letter, digit = grade[0].upper(), grade[1]
    return f"{RELIABILITY.get(letter, '?')}; {CREDIBILITY.get(digit, '?')}"


def _entropy_bits(dist: Mapping[str, float]) -> float:
    return -sum(float(p) * math.log2(float(p)) for p in dist.values() if float(p) > 0)


# --- the model card -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ModelCard:
    read_first: str                     # the card's "Read this first" paragraph, or ""
    weaknesses: tuple[str, ...]         # one item per bullet (or paragraph) of the section
    heading: str = ""                   # the weaknesses section's heading as written


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")


def parse_model_card(text: str) -> ModelCard:
    """The weaknesses section (a heading containing 'weakness') and the 'Read this first'
    paragraph of a model card in Markdown. Lists become items; paragraphs become items."""
    lines = text.splitlines()
    read_first = ""
    for paragraph in _paragraphs(lines):
        if re.match(r"^\*\*read this first", paragraph, re.I):
            read_first = paragraph
            break
    start, level, heading = None, 0, ""
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if m and "weakness" in m.group(2).lower():
            start, level, heading = i + 1, len(m.group(1)), m.group(2)
            break
    if start is None:
        return ModelCard(read_first, (), "")
    end = len(lines)
    in_fence = False
    for i in range(start, len(lines)):
        if lines[i].lstrip().startswith("```"):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(lines[i])
        if m and len(m.group(1)) <= level:
            end = i
            break
    items: list[str] = []
    current: list[str] = []
    for line in lines[start:end]:
        bullet = _BULLET.match(line)
        if bullet:
            if current:
                items.append(" ".join(current))
            current = [bullet.group(1).strip()]
        elif not line.strip():
            if current:
                items.append(" ".join(current))
            current = []
        else:
            current.append(line.strip())
    if current:
        items.append(" ".join(current))
    items = [_strip_links(item) for item in items if item]
    return ModelCard(_strip_links(read_first), tuple(items), heading)


def _paragraphs(lines: Sequence[str]) -> list[str]:
    out, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _strip_links(text: str) -> str:
    """Markdown links and images as their text: the brief loads and links to nothing."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)


# --- assembling ---------------------------------------------------------------------------------

class _Context:
    """What every part of the assembly needs: names, words, documents."""

    def __init__(self, data: BriefInput):
        self.data = data
        self.y = checked_yardstick(data.yardstick)
        self.nodes = data.nodes
        self.doc_numbers = _number_documents(data)

    def label(self, node: str) -> str:
        return str((self.nodes.get(node) or {}).get("label") or human(node))

    def states(self, node: str) -> list[str]:
        return list((self.nodes.get(node) or {}).get("states") or [])

    def said(self, p: float) -> str:
        return said(p, self.y)

    def judged(self, p: float) -> str:
        return judged(p, self.y)

    def state(self, state: str) -> str:
        return human(state)

    def source_ref(self, doc: str | None) -> str:
        return f"[S{self.doc_numbers[doc]}]" if doc in self.doc_numbers else ""

    def finding(self, item: Mapping[str, Any]) -> str:
        """'Joint regional group of forces announced: **announced**' or the soft likelihoods."""
        node = item["node"]
        if item.get("state"):
            return f"{lit(self.label(node))}: **{lit(self.state(item['state']))}**"
        return f"{lit(self.label(node))}: *soft finding*"

    def ratios(self, item: Mapping[str, Any]) -> str:
        """A soft finding's likelihoods, scaled to a largest of 1: 'none 0.6 : limited 1'."""
        likelihood = item.get("likelihood")
        states = self.states(item["node"])
        if not likelihood or len(states) != len(likelihood):
            return ""
        top = max(float(v) for v in likelihood) or 1.0
        return " : ".join(f"{human(s)} {float(v) / top:.2g}"
                          for s, v in zip(states, likelihood, strict=True))

    def likelihood_text(self, item: Mapping[str, Any]) -> str:
        ratios = "" if item.get("state") else self.ratios(item)
        return f"relative likelihoods {ratios}" if ratios else ""


def _number_documents(data: BriefInput) -> dict[str, int]:
    """Documents numbered S1, S2... in order of first citation by a finding, then the rest in
    the order of the seeds index."""
    order: list[str] = []
    for snap in data.snapshots:
        for item in snap.run.get("evidence") or []:
            doc = (item.get("source") or {}).get("doc")
            if doc and doc not in order:
                order.append(doc)
    for doc in data.documents:
        if doc not in order:
            order.append(doc)
    return {doc: i + 1 for i, doc in enumerate(order)}


def assemble(data: BriefInput) -> Brief:
    """The briefing pack's content for `data`; raises ValueError when it has no snapshot."""
    if not data.snapshots:
        raise ValueError("a brief needs at least one snapshot")
    ctx = _Context(data)
    latest = data.snapshots[-1].run
    model = latest.get("model") or {}
    question = str(model.get("title") or model.get("id") or "Scenario assessment")
    sections: list[Section] = []
    n = len(data.snapshots)
    for i, snap in enumerate(data.snapshots):
        sections.append(_snapshot_section(ctx, snap, i, n))
    if data.comparisons:
        sections.append(_changes_section(ctx))
    if data.voi:
        sections.append(_indicators_section(ctx, data.voi))
    sections.append(_assumptions_section(ctx))
    sections.append(_sources_section(ctx))
    if data.network:
        sections.append(_network_section(ctx, data.network))
    scenarios = ", ".join(str(s.run["scenario"]["id"]) for s in data.snapshots)
    sha = str(model.get("sha256") or "")
    footer = (f"forecast {__version__} \u00b7 model {model.get('id')} (sha256 {sha[:12]}) \u00b7 "
              f"scenarios {scenarios} \u00b7 {yardstick_name(ctx.y)} words")
    dates = [long_date(s.run["scenario"]["as_of"]) for s in data.snapshots]
    span = dates[0] if n == 1 else f"{dates[0]} to {dates[-1]}"
    subtitle = (f"Briefing pack \u00b7 {n} snapshot{'s' if n != 1 else ''}, {span} \u00b7 "
                f"model {model.get('id')}")
    return Brief(title=question, subtitle=subtitle, marking=data.marking or None,
                 yardstick=ctx.y, cover=tuple(_cover(ctx)), sections=tuple(sections),
                 footer=footer,
                 keywords=("forecast", "briefing", str(model.get("id")), *scenarios.split(", ")))


# --- cover --------------------------------------------------------------------------------------

def _targets(run: Mapping[str, Any]) -> list[str]:
    posteriors = run.get("posteriors") or {}
    return [t for t in (run.get("targets") or list(posteriors)) if t in posteriors]


def _cover(ctx: _Context) -> list[Block]:
    data = ctx.data
    latest = data.snapshots[-1].run
    previous = data.snapshots[-2].run if len(data.snapshots) > 1 else None
    scenario = latest["scenario"]
    blocks: list[Block] = []
    horizons = sorted({str(s.run["scenario"].get("horizon")) for s in data.snapshots
                       if s.run["scenario"].get("horizon")})
    horizon = " / ".join(long_date(h) for h in horizons) or "not given"
    facts = (f"Latest snapshot: **{lit(scenario['title'])}** ({code(scenario['id'])}), as of "
             f"**{long_date(scenario['as_of'])}** \u00b7 Horizon: **{horizon}**")
    if previous is not None:
        earlier = ", ".join(f"{lit(s.run['scenario']['title'])} ({long_date(s.run['scenario']['as_of'])})"
                            for s in data.snapshots[:-1])
        facts += f" \u00b7 Earlier: {earlier}"
    blocks.append(Para(facts))
    blocks.append(Callout("Bottom line", tuple(_bottom_line(ctx))))
    for target in _targets(latest):
        blocks.append(_outcomes_table(ctx, target))
    blocks.append(_yardstick_key(ctx))
    blocks.append(Para(_method_note(ctx), "note"))
    return blocks


def _bottom_line(ctx: _Context) -> list[str]:
    data = ctx.data
    latest = data.snapshots[-1].run
    scenario = latest["scenario"]
    out: list[str] = []
    for target in _targets(latest):
        dist = latest["posteriors"][target]
        ranked = sorted(dist, key=lambda s: -float(dist[s]))
        lead = ranked[0]
        when = f"by {long_date(scenario['horizon'])}" if scenario.get("horizon") else "at the horizon"
        text = (f"As of {long_date(scenario['as_of'])}, we judge it **{words(dist[lead], ctx.y)}** "
                f"({pct_for(dist[lead], ctx.y)}) that {lit(ctx.label(target)).rstrip('.')} is "
                f"**{lit(ctx.state(lead))}** {when}.")
        others = [f"{lit(ctx.state(s))} is {ctx.judged(dist[s])}" for s in ranked[1:]]
        if others:
            text += " " + _sentence("; ".join(others))
        intervals = (latest.get("intervals") or {}).get(target) or {}
        if lead in intervals:
            lo, hi = intervals[lead]
            level = 100 * float((latest.get("uncertainty") or {}).get("level") or 0.9)
            text += (f" Allowing for the uncertainty of the model's own numbers, the {level:.0f}% "
                     f"interval for {lit(ctx.state(lead))} is {span_words(lo, hi, ctx.y)}.")
        out.append(text)
    if data.comparisons:
        out.extend(_change_sentences(ctx, data.comparisons[-1], brief=True))
    if data.voi:
        trip = _top_tripwire(ctx, data.voi)
        if trip:
            out.append(trip)
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _outcomes_table(ctx: _Context, target: str) -> Table:
    data = ctx.data
    latest = data.snapshots[-1].run
    previous = data.snapshots[-2].run if len(data.snapshots) > 1 else None
    resolution = (ctx.nodes.get(target) or {}).get("resolution") or {}
    intervals = (latest.get("intervals") or {}).get(target) or {}
    columns = [Column("Outcome", 1.3), Column("Resolves true when", 4.2),
               Column(f"Now ({long_date(latest['scenario']['as_of'])})", 1.5)]
    if previous is not None:
        columns += [Column(f"Before ({long_date(previous['scenario']['as_of'])})", 1.5),
                    Column("Change", 0.8, "right")]
    rows = []
    for state, p in latest["posteriors"][target].items():
        now = Cell(f"**{ctx.said(p)}**",
                   f"interval {span_words(*intervals[state], ctx.y)}" if state in intervals else "")
        row = [Cell(f"**{lit(_capital(ctx.state(state)))}**"),
               Cell(lit(resolution.get(state) or "no resolution criteria given")), now]
        if previous is not None:
            before = previous["posteriors"].get(target, {}).get(state)
            if before is None:
                row += [Cell("\u2014"), Cell("\u2014")]
            else:
                row += [Cell(ctx.said(before)), Cell(points(float(p) - float(before)))]
        rows.append(tuple(row))
    return Table(tuple(columns), tuple(rows),
                 caption=f"{lit(ctx.label(target))} ({code(target)}): the outcomes, "
                         "how each resolves, and their probabilities")


def _yardstick_key(ctx: _Context) -> Para:
    key = " \u00b7 ".join(f"{b.words} {pct(b.lo).rstrip('%')}\u2013{pct(b.hi)}" for b in bands(ctx.y))
    if ctx.y == "icd203":
        note = ("Below 1% reads 'remote' and above 99% 'almost certain', outside the calibrated "
                "scale; where rounding would carry a number across a band edge, it has a decimal.")
    else:
        note = ("The yardstick leaves gaps between its bands on purpose: a value in a gap is shown "
                "with both neighbouring terms ('unlikely / realistic possibility'); the analyst "
                "chooses.")
    return Para(f"**Estimative words ({yardstick_name(ctx.y)}), used throughout:** {key}. {note}", "note")


def _method_note(ctx: _Context) -> str:
    latest = ctx.data.snapshots[-1].run
    parts = [f"Probabilities come from the Bayesian network {code((latest.get('model') or {}).get('path'))} "
             "with the graded evidence of each snapshot; every number in the model is an analyst's "
             "judgement (see Assumptions and weaknesses)."]
    unc = latest.get("uncertainty")
    if unc:
        parts.append(f"Intervals: {100 * float(unc.get('level', 0.9)):.0f}% of {unc.get('samples')} "
                     f"draws of the model's numbers (seed {unc.get('seed')}).")
    return " ".join(parts)


# --- one snapshot -------------------------------------------------------------------------------

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
    blocks.append(Heading("Drivers: which of the model's numbers matter"))
    blocks.extend(_drivers(ctx, snap.sensitivity))
    blocks.append(Heading("Evidence"))
    blocks.append(_evidence_table(ctx, snap))
    explain = snap.explain
    if explain.get("sequence"):
        lead = explain.get("lead")
        blocks.append(Chart("impact", dict(explain),
                            f"What each evidence item did to P({lit(ctx.state(lead))}), added one at a "
                            "time in the scenario's order, from the model's prior to the posterior."))
    if run.get("warnings"):
        blocks.append(Bullets(tuple(f"Warning: {lit(w)}" for w in run["warnings"]), "note"))
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
        out.append(f"The evidence {verb} **{lit(ctx.state(moved))}** most, by {points(after - before)}: "
                   f"from {ctx.judged(before)} on the model alone to {ctx.judged(after)}.")
    lead = explain.get("lead")
    items = sorted(explain.get("evidence") or [],
                   key=lambda e: -abs(float((e.get("shift") or {}).get(lead, 0.0))))
    top = [e for e in items[:2] if abs(float((e.get("shift") or {}).get(lead, 0.0))) >= 0.0005]
    if top and lead:
        parts = [f"{lit(ctx.label(e['node']))} ({points(float(e['shift'][lead]))})" for e in top]
        out.append(f"Largest single effects on P({lit(ctx.state(lead))}), each against the rest of "
                   f"the evidence: {'; '.join(parts)}.")
    driver = _ranked_parameters(sens)[:1]
    if driver:
        p = driver[0]
        target = sens.get("target") or {}
        out.append(f"Most sensitive to {_parameter_text(ctx, p)} (now {_value_text(ctx, p)}): over "
                   f"its range, P({lit(ctx.state(target.get('state', '?')))}) spans "
                   f"{_ends_text(ctx, p)}.")
    return out


# --- drivers ------------------------------------------------------------------------------------

def _ranked_parameters(sens: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    rows = [r for r in sens.get("parameters") or []
            if r.get("low") is not None or r.get("high") is not None]
    return sorted(rows, key=lambda r: -float(r.get("swing") or 0.0))


_PROBABILITY_KINDS = {"prior", "table", "leak", "effect"}


def _parameter_text(ctx: _Context, row: Mapping[str, Any]) -> str:
    node, state, given = row.get("node"), row.get("state"), dict(row.get("given") or {})
    kind = row.get("kind")
    if kind == "weight":
        return f"the weight of {code(given.get('weight', '?'))} in {code(node)}"
    if kind == "variance":
        return f"the variance of {code(node)}"
    if kind == "effect" and len(given) == 1:
        (parent, pstate), = given.items()
        return code(f"P({node} = {state} | {parent} = {pstate} alone)")
    if kind == "leak":
        return code(f"P({node} = {state}) leak")
    if given:
        cond = ", ".join(f"{k} = {v}" for k, v in given.items())
        return code(f"P({node} = {state} | {cond})")
    return code(f"P({node} = {state})")


def _parameter_kind(ctx: _Context, row: Mapping[str, Any]) -> str:
    kind = row.get("kind")
    label = lit(ctx.label(str(row.get("node"))))
    return {"prior": f"root prior of {label}", "table": f"table entry of {label}",
            "leak": f"noisy-MAX leak of {label}", "effect": f"noisy-MAX effect on {label}",
            "weight": f"ranked-node weight, {label}",
            "variance": f"ranked-node variance, {label}"}.get(str(kind), label)


def _is_probability(row: Mapping[str, Any]) -> bool:
    return row.get("kind") in _PROBABILITY_KINDS and row.get("state") is not None


def _value_text(ctx: _Context, row: Mapping[str, Any]) -> str:
    value = float(row.get("value", 0.0))
    return ctx.said(value) if _is_probability(row) else f"{value:.3g}"


def _sweep_text(row: Mapping[str, Any]) -> str:
    sweep = row.get("sweep")
    if not sweep:
        return ""
    if _is_probability(row):
        return f"swept {pct(sweep[0])}\u2013{pct(sweep[1])}"
    return f"swept {float(sweep[0]):.3g}\u2013{float(sweep[1]):.3g}"


def _ends_text(ctx: _Context, row: Mapping[str, Any]) -> str:
    low, high = row.get("low"), row.get("high")
    lo = ctx.said(low) if low is not None else "impossible evidence"
    hi = ctx.said(high) if high is not None else "impossible evidence"
    return f"{lo} to {hi}"


def _drivers(ctx: _Context, sens: Mapping[str, Any]) -> list[Block]:
    target = sens.get("target") or {}
    node, state = target.get("node", "?"), target.get("state", "?")
    baseline = float(sens.get("baseline", 0.0))
    ranked = _ranked_parameters(sens)
    total = len(sens.get("parameters") or [])
    intro = (f"One-way sensitivity of P({lit(ctx.state(state))}) (now {ctx.said(baseline)}) to each of "
             f"the model's {total} numbers, swept alone over its range while the rest of its "
             f"distribution scales in proportion. The {min(DRIVERS, len(ranked))} largest swings:")
    rows = []
    for rank, row in enumerate(ranked[:DRIVERS], start=1):
        low, high = row.get("low"), row.get("high")
        rows.append((
            Cell(str(rank)),
            Cell(_parameter_text(ctx, row), _parameter_kind(ctx, row)),
            Cell(_value_text(ctx, row), _sweep_text(row)),
            Cell(ctx.said(low) if low is not None else "\u2014",
                 "" if low is not None else lit(row.get("note") or "evidence impossible")),
            Cell(ctx.said(high) if high is not None else "\u2014",
                 "" if high is not None else lit(row.get("note") or "evidence impossible")),
            Cell(points(float(row.get("swing") or 0.0)).lstrip("+")),
        ))
    head = f"P({human(state)})"
    table = Table((Column("#", 0.3, "right"), Column("Parameter", 4.4), Column("Value now", 1.5),
                   Column(f"{head} at the bottom of the sweep", 1.7),
                   Column(f"{head} at the top", 1.7), Column("Swing", 0.8, "right")),
                  tuple(rows), caption=f"Drivers of P({code(node)} = {code(state)})")
    chart = Chart("tornado", dict(sens), f"The same parameters as a tornado: how far each moves "
                  f"P({lit(ctx.state(state))}) from its baseline (black line).", top=DRIVERS)
    return [Para(intro), table, chart]


# --- evidence -----------------------------------------------------------------------------------

def _evidence_table(ctx: _Context, snap: SnapshotInput) -> Table:
    explain = {e["node"]: e for e in snap.explain.get("evidence") or []}
    lead = snap.explain.get("lead")
    rows = []
    for item in snap.run.get("evidence") or []:
        source = item.get("source") or {}
        doc = ctx.data.documents.get(source.get("doc") or "") or {}
        grade = item.get("grade")
        if grade:
            grade_cell = Cell(f"**{lit(grade)}**", f"{grade_meaning(grade)}; weight {item.get('weight')}")
        else:
            grade_cell = Cell("soft", "likelihoods as entered")
        shift = (explain.get(item["node"]) or {}).get("shift") or {}
        effect = Cell(points(float(shift[lead])) if lead in shift else "\u2014")
        if source:
            outlet = doc.get("outlet") or "outlet not named"
            src = Cell(f"{ctx.source_ref(source.get('doc'))} {lit(doc.get('title') or source.get('doc'))}",
                       f"{lit(outlet)} \u00b7 {long_date(doc.get('published') or 'date unknown')}")
            quote = Cell(_quoted(source.get("quote", "")),
                         f"Analyst's note: {lit(item['note'])}" if item.get("note") else "")
        else:
            src, quote = Cell("no source cited"), Cell("\u2014")
        finding = Cell(ctx.finding(item), ctx.likelihood_text(item) or code(item["node"]))
        rows.append((finding, grade_cell, effect, src, quote))
    head = f"Effect on P({human(lead)})" if lead else "Effect"
    return Table((Column("Finding", 2.0), Column("Grade", 1.4), Column(head, 0.95, "right"),
                  Column("Source (title; outlet, date)", 2.6), Column("Quote", 4.6)),
                 tuple(rows),
                 caption=("The evidence as entered. Effect: how much the item moves "
                          f"P({lit(human(lead or ''))}) given the rest of the evidence (with it minus "
                          "without it, percentage points). Grade: Admiralty code, the source's "
                          "reliability (A-F) and the information's credibility (1-6), judged apart."))


def _quoted(text: str) -> str:
    """A quote in typographic quotation marks, unless it already starts and ends with them."""
    text = " ".join(str(text).split())
    if len(text) > 1 and text[0] in "\u201c\"" and text[-1] in "\u201d\"" and text.count(text[0]) <= 2:
        return lit(text)
    return f"\u201c{lit(text)}\u201d"


# --- what changed -------------------------------------------------------------------------------

def _attribution_label(ctx: _Context, item: Mapping[str, Any], before: Mapping[str, Any]) -> Cell:
    kind = item.get("kind")
    node = item.get("node")
    if kind == "model":
        return Cell("**The model's numbers**", "tables changed between the snapshots")
    if kind == "prior":
        return Cell(f"**Prior of {lit(ctx.label(node))}**", f"adjusted ({code(node)})")
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
            text = (f"{head}, {of}**{lit(ctx.state(moved))}** {verb} by {points(delta).lstrip('+')}, from "
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


def _item_name(ctx: _Context, item: Mapping[str, Any]) -> str:
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


# --- indicators to watch ------------------------------------------------------------------------

def _lead_of(dist: Mapping[str, float]) -> str:
    return max(dist, key=lambda s: float(dist[s]))


def _top_tripwire(ctx: _Context, voi: Mapping[str, Any]) -> str:
    for node in voi.get("nodes") or []:
        if node.get("flips_lead") and node.get("tripwires"):
            return _tripwire_text(ctx, voi, node, node["tripwires"][0], cover=True)
    return ""


def _tripwire_text(ctx: _Context, voi: Mapping[str, Any], node: Mapping[str, Any], state: str,
                   cover: bool = False) -> str:
    dist = node["if_observed"][state]
    new_lead = _lead_of(dist)
    old_lead = voi.get("lead") or _lead_of(voi.get("posterior") or dist)
    now = float((node.get("probability") or {}).get(state, 0.0))
    text = (f"{'Watch ' if cover else 'If '}**{lit(node.get('label') or ctx.label(node['node']))}**"
            f"{': if it' if cover else ''} turns out **{lit(ctx.state(state))}** (now {ctx.said(now)}), "
            f"**{lit(ctx.state(new_lead))}** becomes the most likely outcome at "
            f"{ctx.judged(dist[new_lead])}")
    if old_lead in dist and old_lead != new_lead:
        text += f", and {lit(ctx.state(old_lead))} falls to {ctx.judged(dist[old_lead])}"
    return text + "."


def _indicators_section(ctx: _Context, voi: Mapping[str, Any]) -> Section:
    target = voi.get("target")
    posterior = voi.get("posterior") or {}
    entropy = _entropy_bits(posterior)
    scenario = voi.get("scenario") or {}
    has_children = {name for spec in ctx.nodes.values() for name in (spec.get("parents") or [])}
    blocks: list[Block] = [Para(
        f"What to collect next, as of {long_date(scenario.get('as_of'))} ({lit(scenario.get('title', ''))}): "
        f"the unobserved factors and indicators that would tell most about {lit(ctx.label(target))}, "
        f"ranked by mutual information. The outcome's remaining uncertainty is {entropy:.2f} bits; "
        "a node's bits are how much of it observing the node would remove on average.")]
    trips = [_tripwire_text(ctx, voi, node, state)
             for node in voi.get("nodes") or [] if node.get("flips_lead")
             for state in node.get("tripwires") or []]
    blocks.append(Heading("Tripwires: observations that would change the most likely outcome"))
    if trips:
        blocks.append(Bullets(tuple(trips)))
    else:
        blocks.append(Para("No single observation of an unobserved node would change the most likely "
                           f"outcome ({lit(ctx.state(voi.get('lead') or _lead_of(posterior)))})."))
    rows = []
    for node in (voi.get("nodes") or [])[:INDICATORS]:
        name = node["node"]
        bits = float(node.get("mutual_information_bits") or 0.0)
        share = ""
        if entropy > 0:
            part = 100 * bits / entropy
            share = f"{'<1' if 0 < part < 0.5 else f'{part:.0f}'}% of the uncertainty"
        role = "factor" if name in has_children else "indicator"
        now = "; ".join(f"{human(s)} {ctx.said(p)}" for s, p in (node.get("probability") or {}).items())
        outcomes = []
        for s, dist in (node.get("if_observed") or {}).items():
            lead = _lead_of(dist)
            mark = " \u2190 tripwire" if s in (node.get("tripwires") or []) else ""
            outcomes.append(f"{human(s)} \u2192 {human(lead)} {ctx.said(dist[lead])}{mark}")
        rows.append((Cell(f"**{lit(node.get('label') or ctx.label(name))}**", f"{code(name)} \u00b7 {role}"),
                     Cell(f"{bits:.3f} bits", share),
                     Cell(lit(now)),
                     Cell(lit("; ".join(outcomes)))))
    blocks.append(Heading("The most informative nodes"))
    blocks.append(Table((Column("Node", 2.4), Column("Information", 1.1, "right"),
                         Column("Now", 2.6), Column("If observed: most likely outcome", 3.9)),
                        tuple(rows),
                        caption=f"The {len(rows)} most informative unobserved nodes"))
    return Section(id="indicators", title="Indicators to watch", blocks=tuple(blocks),
                   kicker="Value of information")


# --- assumptions and weaknesses -----------------------------------------------------------------

def _assumptions_section(ctx: _Context) -> Section:
    data = ctx.data
    latest = data.snapshots[-1].run
    blocks: list[Block] = []
    card = parse_model_card(data.model_card) if data.model_card else None
    if card and card.read_first:
        blocks.append(Para(card.read_first, "lead"))
    items = []
    horizons = {str(s.run["scenario"].get("horizon")) for s in data.snapshots}
    if len(horizons) == 1:
        items.append(f"Every snapshot is judged against the same horizon, "
                     f"{long_date(next(iter(horizons)))}; the outcome states resolve as on the cover.")
    else:
        items.append("The snapshots have different horizons ("
                     + ", ".join(sorted(long_date(h) for h in horizons))
                     + "): compare their probabilities with care.")
    for snap in data.snapshots:
        priors = snap.run.get("priors") or {}
        sid = snap.run["scenario"]["id"]
        if priors:
            text = "; ".join(
                f"{code(node)}: " + ", ".join(f"{human(s)} {ctx.said(p)}" for s, p in adj["p"].items())
                for node, adj in priors.items())
            items.append(f"Snapshot {code(sid)} adjusts root priors: {text}.")
    if not any(s.run.get("priors") for s in data.snapshots):
        items.append("No snapshot adjusts the model's root priors.")
    items.append("A graded finding counts as likelihood 1 for the reported state and 1 \u2212 w for the "
                 "others, w = reliability \u00d7 credibility (A 1.0, B 0.9, C 0.75, D 0.5, E 0.25, "
                 "F 0.5; 1 1.0, 2 0.9, 3 0.75, 4 0.5, 5 0.25, 6 0.5, unless the model overrides them).")
    unc = latest.get("uncertainty")
    if unc:
        items.append(f"Intervals draw the model's numbers {unc.get('samples')} times (seed "
                     f"{unc.get('seed')}) from Dirichlet distributions centred on them, each node's "
                     "confidence as the equivalent sample size.")
    else:
        items.append("No intervals were computed (run the brief with --samples to add them).")
    blocks.append(Heading("Assumptions"))
    blocks.append(Bullets(tuple(items)))
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


# --- sources ------------------------------------------------------------------------------------

def _sources_section(ctx: _Context) -> Section:
    data = ctx.data
    cited: dict[str, dict[str, list[str]]] = {}
    for snap in data.snapshots:
        sid = snap.run["scenario"]["id"]
        for item in snap.run.get("evidence") or []:
            doc = (item.get("source") or {}).get("doc")
            if doc:
                cited.setdefault(doc, {}).setdefault(sid, []).append(item["node"])
    rows = []
    for doc, number in sorted(ctx.doc_numbers.items(), key=lambda kv: kv[1]):
        info = data.documents.get(doc) or {}
        findings = "; ".join(f"{sid}: {', '.join(nodes)}" for sid, nodes in (cited.get(doc) or {}).items())
        model_nodes = list(data.model_citations.get(doc) or [])
        model_text = (f"model: {len(model_nodes)} node{'s' if len(model_nodes) != 1 else ''} "
                      f"({', '.join(model_nodes)})") if model_nodes else ""
        detail = f"{code(doc)} \u00b7 file {lit(info.get('file') or '?')}"
        if info.get("published_basis"):
            detail += f" \u00b7 date: {lit(' '.join(str(info['published_basis']).split()))}"
        rows.append((Cell(f"**S{number}**"),
                     Cell(f"**{lit(info.get('title') or doc)}**", detail),
                     Cell(lit(info.get("outlet") or "not named")),
                     Cell(long_date(info.get("published") or "unknown")),
                     Cell(lit(f"findings {findings}" if findings else "no finding"), lit(model_text))))
    return Section(
        id="sources", title="Sources", kicker="The documents behind the evidence and the model",
        blocks=(Table((Column("", 0.35), Column("Title", 5.2), Column("Outlet", 0.9),
                       Column("Published", 1.3), Column("Cited by", 3.0)), tuple(rows),
                      caption="Every quote in this brief occurs in its document (checked by "
                              "`forecast sources check`)."),))


# --- annex: the network -------------------------------------------------------------------------

def _network_section(ctx: _Context, network: Mapping[str, Any]) -> Section:
    scenario = network.get("scenario") or {}
    return Section(
        id="model", title="The model", kicker="Annex", landscape=True,
        blocks=(Chart("network", dict(network),
                      f"Every factor of the model with its probabilities as of "
                      f"{long_date(scenario.get('as_of'))}; arrows point from cause to effect, orange "
                      "boxes carry evidence, the blue box is the question's outcome."),))


# --- drawing (matplotlib imported only here, on use) --------------------------------------------

def figure(chart: Chart, yardstick: str) -> Any:
    """The matplotlib Figure of `chart`, drawn by `forecast.report.charts` (no marking: the
    brief's pages carry it)."""
    from .charts import plot_tornado, render

    if chart.kind == "tornado" and chart.top:
        return plot_tornado(chart.data, yardstick=yardstick, top=chart.top)
    return render(chart.kind, chart.data, yardstick=yardstick)
