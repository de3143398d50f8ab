"""Use case: read documents against a snapshot's observable indicators. No printing, no writing.

For each indicator (a node with `observable: true`), the passages of the documents that
speak to it most, by BM25 over a query built from what the model and the snapshot say about
it (`queries`), retellings grouped (`retellings`), indicators sorted by diagnosticity (the
bits observing them would tell about the target, `diagnosticity`). Documents dated before
the snapshot's as_of that the snapshot does not cite are flagged as possibly missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.numbers import stable
from ..errors import UserError
from ..results import integrity_json, model_json, scenario_json
from ..spec.load import LoadedScenario
from .documents import WatchDocument, read_documents
from .passages import Passage, Unit, passages_of, split_units
from .queries import indicator_query, term_weights
from .ranking import rank, tokenize
from .retellings import group

CANDIDATES = 5  # passages ranked per shown passage, so that retellings can be folded in
MAX_TOP = 50


@dataclass(frozen=True)
class Telling:
    """Where one passage stands: its document, date and verbatim span."""

    doc: str
    date: dt.date | None
    quote: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "date": self.date.isoformat() if self.date else None,
                "quote": self.quote, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Found:
    """A passage shown under an indicator, with its score and the passages that retell it."""

    telling: Telling
    score: float
    retold: tuple[Telling, ...] = ()

    @property
    def shared_origin(self) -> str | None:
        """The note a finding drawn from this passage should carry, when it is retold."""
        if not self.retold:
            return None
        where = ", ".join(dict.fromkeys(t.doc for t in (self.telling, *self.retold)))
        n = len(self.retold) + 1
        return (f"shared_origin: {n} passages tell this one report ({where}); a finding from "
                "any of them is one report, not several: enter it once or give them one origin")

    @property
    def written_score(self) -> float:
        """The score as JSON writes it (6 decimals): what every table rounds further."""
        return round(self.score, 6) + 0.0

    def to_json(self) -> dict[str, Any]:
        return {**self.telling.to_json(), "score": self.written_score,
                "retold_in": [t.to_json() for t in self.retold],
                "shared_origin": self.shared_origin}


@dataclass(frozen=True)
class Indicator:
    node: str
    label: str
    diagnosticity: float  # bits about the target, the indicator's own findings set aside
    passages: tuple[Found, ...]

    def to_json(self) -> dict[str, Any]:
        return {"node": self.node, "label": self.label,
                "diagnosticity": stable(self.diagnosticity),
                "passages": [p.to_json() for p in self.passages]}


@dataclass(frozen=True)
class DocumentRead:
    document: WatchDocument
    passages: int
    possibly_missed: bool  # dated before the snapshot's as_of, and the snapshot cites none of it

    def to_json(self) -> dict[str, Any]:
        out = {**self.document.to_json(), "passages": self.passages,
               "possibly_missed": self.possibly_missed}
        if not self.document.indexed:  # the entry --add-to-index would write
            from .index import index_entry

            out["index_entry"] = index_entry(self.document)
        return out


@dataclass(frozen=True)
class Watch:
    """What a watch read and found, in the snapshot's context."""

    loaded: LoadedScenario
    target: str
    top: int
    documents: tuple[DocumentRead, ...]
    indicators: tuple[Indicator, ...]
    texts: Mapping[str, str]  # document id -> the text its spans index

    @property
    def missed(self) -> list[DocumentRead]:
        return [d for d in self.documents if d.possibly_missed]

    @property
    def unindexed(self) -> list[WatchDocument]:
        return [d.document for d in self.documents if not d.document.indexed]

    def notes(self) -> list[str]:
        """What the reader must know, each sentence made from what was found."""
        out = []
        for d in self.missed:
            out.append(f"possibly missed evidence: {d.document.id} is dated "
                       f"{d.document.published}, before the snapshot's as_of "
                       f"{self.loaded.scenario.as_of}, and the snapshot cites none of it")
        for d in self.documents:
            if d.document.published is None:
                out.append(f"{d.document.id} has no date: it cannot be placed before or after "
                           "the snapshot; give its date (--date, or `published` in the index)")
        for d in self.unindexed:
            date = d.published.isoformat() if d.published else "null"
            out.append(f"{d.path} is not in the sources index: add it as id {d.id} "
                       f"(published {date}) with --add-to-index, or by hand")
        return out

    def checked_scenarios(self) -> list[tuple[str | None, LoadedScenario]]:
        """The loaded scenarios whose checks this result reports, tagged by id when there
        are several (what the quote check and the warnings lines are made from)."""
        return [(None, self.loaded)]

    def to_json(self) -> dict[str, Any]:
        loaded = self.loaded
        return {"scenario": scenario_json(loaded), "model": model_json(loaded.model),
                "target": self.target, "top": self.top,
                "documents": [d.to_json() for d in self.documents],
                "indicators": [i.to_json() for i in self.indicators],
                "notes": self.notes(), **integrity_json(loaded)}


def watch_scenario(path: Path | str | LoadedScenario, documents: Sequence[str], top: int = 3,
                   checks=None, dates: Mapping[str, dt.date] | None = None,
                   target: str | None = None) -> Watch:
    """Read `documents` (index ids or files) against the snapshot's observable indicators."""
    from ..usecases.snapshot import Checks, analyst_team, load_checked
    from .diagnosticity import diagnosticities

    if not 1 <= top <= MAX_TOP:
        raise UserError(f"--top {top}: give a number of passages from 1 to {MAX_TOP}")
    if not documents:
        raise UserError("give at least one document: an id of the sources index or a file")
    loaded = load_checked(path, checks or Checks())
    network = analyst_team(loaded, ()).single("watch")  # converted to the snapshot
    target = target or loaded.scenario.targets[0]
    if target not in network:
        raise UserError(f"--target {target!r}: unknown node; nodes are {', '.join(network.names)}")
    docs = read_documents(list(documents), loaded.model.corpus, dict(dates or {}))
    indicators = [n for n in network.names if network[n].meta.get("observable") and n != target]
    units = {d.id: split_units(d.text) for d in docs}
    split = {d.id: passages_of(d.id, d.text, units[d.id]) for d in docs}
    found = _rank_all(loaded, docs, units, split, indicators, top)
    bits = diagnosticities(network, loaded.scenario.findings, target, indicators)
    rows = [Indicator(n, network[n].label, bits[n], found[n]) for n in indicators]
    rows.sort(key=lambda r: (-stable(r.diagnosticity), indicators.index(r.node)))
    cited = _cited(loaded)
    as_of = loaded.scenario.as_of
    read = tuple(DocumentRead(d, len(split[d.id]),
                              d.published is not None and d.published < as_of
                              and d.id not in cited) for d in docs)
    return Watch(loaded, target, top, read, tuple(rows), {d.id: d.text for d in docs})


def _cited(loaded: LoadedScenario) -> set[str]:
    """The documents the snapshot cites: its findings' (proposed ones too) and references'."""
    spec = loaded.spec
    return ({f.source.doc for f in spec.evidence if f.source}
            | {r.source.doc for r in spec.reference if r.source})


def _rank_all(loaded: LoadedScenario, docs: Sequence[WatchDocument],
              units: Mapping[str, list[Unit]], split: Mapping[str, list[Passage]],
              indicators: Sequence[str], top: int) -> dict[str, tuple[Found, ...]]:
    """Each indicator's best passages, retellings folded into the passage they retell."""
    spec = loaded.model.spec
    accepted = [f for f in loaded.spec.evidence if not f.proposed and f.source]
    queries = [indicator_query(name, node, [f.source.quote for f in accepted if f.node == name])
               for name, node in spec.nodes.items()]
    weights = dict(zip(spec.nodes, term_weights(queries, tokenize), strict=True))
    dated = {d.id: d.published for d in docs}
    texts: list[str] = []
    owner: list[int] = []
    at: list[int] = []
    everything: list[Passage] = []
    for k, d in enumerate(docs):
        first = len(texts)
        texts += [d.text[u.start:u.end] for u in units[d.id]]
        owner += [k] * len(units[d.id])
        for p in split[d.id]:
            everything.append(p)
            at.append(first + p.unit)
    background = _background(loaded, {d.id for d in docs})
    hits = rank(texts, owner, at, [weights[n] for n in indicators], top * CANDIDATES, background)
    out: dict[str, tuple[Found, ...]] = {}
    quotes = [p.quote for p in everything]
    for name, ranked in zip(indicators, hits, strict=True):
        score = {h.passage: h.score for h in ranked}
        groups = group(quotes, [h.passage for h in ranked], top)
        out[name] = tuple(Found(_telling(everything[g.lead], dated), score[g.lead],
                                tuple(_telling(everything[o], dated) for o in g.others))
                          for g in groups)
    return out


def _telling(p: Passage, dated: Mapping[str, dt.date | None]) -> Telling:
    return Telling(p.doc, dated.get(p.doc), p.quote, p.start, p.end)


def _background(loaded: LoadedScenario, reading: set[str]) -> list[str]:
    """The units of the documents the model and the snapshot cite (and are not being read):
    what the analyst already knows, for counting how rare a word is."""
    corpus = loaded.model.corpus
    if corpus is None:
        return []
    cited = {q.doc for q in loaded.model.quotes} | _cited(loaded)
    out: list[str] = []
    for doc_id in sorted(cited - reading):
        if doc_id in corpus:
            text = corpus.documents[doc_id].text()
            out.extend(text[u.start:u.end] for u in split_units(text))
    return out
