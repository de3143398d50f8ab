"""A document's text as passages: sentences, each with the units around it as context.

A passage is what an analyst would quote: one sentence, cut verbatim from the text
(`text[start:end] == quote`). Ranking also weighs the units before and after it (a heading,
the sentence that names the speaker), because reporting often states the subject in one
sentence and the fact in the next. Pure functions: no I/O.

Units are found in two steps. Lines: a line ends its unit unless the text runs on (the line
ends without closing punctuation, and either ends mid-clause, with a comma, bracket or dash,
or the next begins in lower case: a wrapped line of a PDF or a mail). Sentences: inside a
unit, a full stop, question or exclamation mark (with any closing quotes or brackets after
it) followed by white space and a capital, a digit or an opening quote ends a sentence,
unless the word before it is a known abbreviation or an initial. Units of fewer than
MIN_WORDS words (headings, captions, page furniture) are context only; units longer than
MAX_WORDS (text without punctuation) are cut at word boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_WORDS = 5  # shorter units are headings or page furniture: context, never a passage
MAX_WORDS = 80  # a longer unit is cut into pieces of at most this many words

_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "maj", "capt", "sgt", "adm",
    "cmdr", "gov", "sen", "rep", "pres", "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "etc", "approx", "dept", "est",
    "fig", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
))
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_BOUNDARY = re.compile(r"[.!?]+[" + re.escape(_CLOSERS) + r"]*(?=\s+)")
_WORD = re.compile(r"\S+")
_NEXT = re.compile(r"\s*(\S)")
_LINE_END = re.compile(r"[.!?:;" + re.escape(_CLOSERS) + r"]\s*$")
_CONTINUES = re.compile(r"[,(\u2013\u2014-]\s*$")  # a line ending mid-clause


@dataclass(frozen=True)
class Unit:
    """A stretch of the text: a sentence, or a heading too short to be a passage."""

    start: int
    end: int
    words: int

    @property
    def passage(self) -> bool:
        return self.words >= MIN_WORDS


@dataclass(frozen=True)
class Passage:
    """One sentence of a document, verbatim, with its neighbours' text for ranking."""

    doc: str
    index: int  # its order among the document's passages
    start: int
    end: int
    quote: str  # the document's text[start:end]
    context: str  # the units before and after it
    unit: int = 0  # its place among the document's units (split_units)


def passages(doc: str, text: str) -> list[Passage]:
    """The passages of `text` (document `doc`), in reading order."""
    return passages_of(doc, text, split_units(text))


def passages_of(doc: str, text: str, units: list[Unit]) -> list[Passage]:
    """The passages among `units` of `text` (as split_units found them)."""
    out: list[Passage] = []
    for i, unit in enumerate(units):
        if not unit.passage:
            continue
        before = text[units[i - 1].start:units[i - 1].end] if i > 0 else ""
        after = text[units[i + 1].start:units[i + 1].end] if i + 1 < len(units) else ""
        out.append(Passage(doc, len(out), unit.start, unit.end, text[unit.start:unit.end],
                           f"{before} {after}".strip(), i))
    return out


def split_units(text: str) -> list[Unit]:
    """Every sentence and heading of `text`, as spans, in order."""
    units: list[Unit] = []
    for start, end in _blocks(text):
        for s, e in _sentences(text, start, end):
            units.extend(_capped(text, s, e))
    return units


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text that no sentence crosses: lines, joined where a line runs on."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    blocks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for k, (start, end) in enumerate(lines):
        if not text[start:end].strip():
            if current:
                blocks.append(current)
            current = None
            continue
        current = (current[0], end) if current else (start, end)
        following = lines[k + 1] if k + 1 < len(lines) else None
        line = text[start:end]
        runs_on = (following is not None and following[0] == end + 1
                   and not _LINE_END.search(line)
                   and (_CONTINUES.search(line) is not None
                        or text[following[0]:following[1]].lstrip()[:1].islower()))
        if not runs_on:
            blocks.append(current)
            current = None
    if current:
        blocks.append(current)
    return blocks


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one block, trimmed of white space and list bullets."""
    spans: list[tuple[int, int]] = []
    cut = start
    for match in _BOUNDARY.finditer(text, start, end):
        after = match.end()
        following = _NEXT.match(text, after, end)
        head = following.group(1) if following else ""
        if not head or not (head.isupper() or head.isdigit() or head in _OPENERS):
            continue
        if _abbreviation(text, cut, match.start()):
            continue
        spans.append((cut, after))
        cut = after
    spans.append((cut, end))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span[1] > span[0]]


def _abbreviation(text: str, start: int, stop: int) -> bool:
    """Whether the full stop at `stop` ends an abbreviation or an initial, not a sentence."""
    if text[stop] != ".":
        return False
    head = text[start:stop].split()
    if not head:
        return False
    word = head[-1].lstrip(_OPENERS).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "•·*–—-"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _capped(text: str, start: int, end: int) -> list[Unit]:
    """A unit of at most MAX_WORDS words, or consecutive pieces of one that is longer."""
    count = len(text[start:end].split())
    if count <= MAX_WORDS:
        return [Unit(start, end, count)]
    words = list(_WORD.finditer(text, start, end))
    pieces = []
    for k in range(0, len(words), MAX_WORDS):
        chunk = words[k:k + MAX_WORDS]
        pieces.append(Unit(chunk[0].start(), chunk[-1].end(), len(chunk)))
    return pieces
