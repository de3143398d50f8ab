"""What a judgement rests on, checked: quotes verified, dates knowable, reports independent.

Pure functions over plain data. The edge (spec/verify.py) reads the documents and hands the
results here; every sentence an output prints about these checks is generated from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .evidence import Finding


@dataclass(frozen=True)
class Quote:
    """One citation a scenario rests on, with the place in the file that makes it."""

    role: str  # finding | model | reference
    node: str | None
    doc: str
    quote: str
    path: str | None = None  # where the file that cites it says so
    line: int | None = None
    col: int | None = None
    finding: int | None = None  # position of the finding in the scenario, for role finding

    @property
    def at(self) -> str:
        """path:line:col, as messages give it."""
        return ":".join(str(x) for x in (self.path, self.line, self.col) if x is not None)


@dataclass(frozen=True)
class QuoteResult:
    quote: Quote
    found: bool
    span: tuple[int, int] | None = None  # where it stands in the normalised document
    closest: str | None = None
    similarity: float = 1.0
    unsearched: int | None = None  # the document's size (characters) when too large to search


@dataclass(frozen=True)
class Verification:
    """The outcome of checking every quote against its document."""

    results: tuple[QuoteResult, ...] = ()

    @property
    def checked(self) -> int:
        return len(self.results)

    @property
    def verified(self) -> int:
        return sum(r.found for r in self.results)

    @property
    def unverified(self) -> list[QuoteResult]:
        return [r for r in self.results if not r.found]

    def draft_note(self) -> str | None:
        """"DRAFT: n quotes not verified" when any quote failed, else None."""
        return draft_note(len(self.unverified))

    def summary(self) -> str:
        """One sentence saying what was checked and what failed, from the counts."""
        return verification_sentence(self.checked, self.verified)

    def to_json(self) -> dict[str, Any]:
        return {"checked": self.checked, "verified": self.verified,
                "draft": bool(self.unverified),
                "unverified": [{"node": r.quote.node, "doc": r.quote.doc, "quote": r.quote.quote,
                                "role": r.quote.role, "at": r.quote.at}
                               for r in self.unverified]}


def draft_note(unverified: int) -> str | None:
    """"DRAFT: n quotes not verified" when any quote failed, else None."""
    if not unverified:
        return None
    return f"DRAFT: {unverified} quote{'s' if unverified != 1 else ''} not verified"


def verification_sentence(checked: int, verified: int) -> str:
    """What the quote check did, from its counts: never more than it did."""
    if not checked:
        return ("No quote was checked: no finding, outside view or model node cites a "
                "document.")
    text = (f"{verified} of {checked} quote{'s' if checked != 1 else ''} checked and found "
            "verbatim in their documents")
    failed = checked - verified
    if failed:
        text += f"; {failed} not found (a draft, run with --allow-unverified)"
    return text + "."


@dataclass(frozen=True)
class Warning:
    """Something an analyst must know about the evidence, of a `kind` scripts can filter on."""

    kind: str  # unsourced | ungraded | target_evidence | hindsight | undated | shared_origin
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)
    at: tuple[str, ...] = ()  # "path:line[:col]" of each thing to change (a citation, a finding)

    def to_json(self) -> dict[str, Any]:
        out = {"kind": self.kind, "message": self.message, **self.details}
        if self.at:
            out["at"] = list(self.at)
        return out


def _where(findings: Iterable[Finding]) -> tuple[str, ...]:
    return tuple(f.where for f in findings if f.where)


def finding_warnings(findings: Sequence[Finding], targets: Iterable[str]) -> list[Warning]:
    """Findings without a source, hard findings without a grade, evidence on a target."""
    out: list[Warning] = []
    for f in findings:
        if not f.source:
            out.append(Warning("unsourced", f"finding {f.describe()} cites no source",
                               {"finding": f.ref, "node": f.node}, _where([f])))
    for f in findings:
        if f.state is not None and f.grade is None:
            out.append(Warning(
                "ungraded", f"finding {f.ref} ({f.node}={f.state}) has no grade and is treated as "
                "certain; grade it (e.g. B2) unless the report is beyond doubt",
                {"finding": f.ref, "node": f.node}, _where([f])))
    for target in targets:
        if any(f.node == target for f in findings):
            out.append(Warning("target_evidence", f"evidence is entered on the target {target!r} itself",
                               {"node": target}, _where(f for f in findings if f.node == target)))
    return out


def unsourced_node_warnings(nodes: Iterable[tuple[str, str]]) -> list[Warning]:
    """Model nodes whose numbers neither cite a source nor say they are judgement."""
    return [Warning("unsourced", f"model node {name!r} at {at} has neither `sources` nor "
                    "`basis: judgement`: cite what its numbers rest on, or mark them judgement "
                    "and say why in its rationale", {"node": name}, (at,))
            for name, at in nodes]


@dataclass(frozen=True)
class Dated:
    """A model citation with its document's publication date (None: undated)."""

    node: str
    doc: str
    published: dt.date | None
    at: str | None = None  # "path:line:col" of the citation in the model file


def hindsight_warnings(citations: Sequence[Dated], scenario_as_of: dt.date,
                       model_as_of: dt.date | None) -> list[Warning]:
    """Model numbers that rest on documents later than the snapshot (or the model's as_of)."""
    out: list[Warning] = []
    if model_as_of is not None and model_as_of > scenario_as_of:
        out.append(Warning(
            "hindsight", f"the model is as of {model_as_of}, after the scenario's as_of "
            f"{scenario_as_of}: its numbers may know what the snapshot could not",
            {"node": None, "document": None, "date": model_as_of.isoformat()}))
    seen: set[tuple[str, str]] = set()
    for c in citations:
        if c.published is None or (c.node, c.doc) in seen:
            continue
        limits = [(scenario_as_of, "the scenario's as_of")]
        if model_as_of is not None:
            limits.append((model_as_of, "the model's as_of"))
        late = [(day, what) for day, what in limits if c.published > day]
        if late:
            seen.add((c.node, c.doc))
            day, what = min(late)
            out.append(Warning(
                "hindsight", f"model node {c.node!r} cites {c.doc} (published {c.published}), "
                f"later than {what} {day}: hindsight",
                {"node": c.node, "document": c.doc, "date": c.published.isoformat()},
                (c.at,) if c.at else ()))
    return out


def undated_warnings(cited: Iterable[str], published: Mapping[str, dt.date | None]) -> list[Warning]:
    """Documents cited without a publication date: what they knew cannot be placed in time."""
    out = []
    for doc in dict.fromkeys(cited):
        if doc in published and published[doc] is None:
            out.append(Warning("undated", f"document {doc} has no `published` date in the seeds "
                               "index; dates cannot be checked against as_of",
                               {"document": doc}))
    return out


def channel_keys(origin: str | None, doc: str | None, relays: Iterable[str] = ()
                 ) -> tuple[str, ...]:
    """What a report travels through on its way to the analyst: its origin, the document
    quoted, and every relay named in its `via`. Findings that share one are not independent
    channels: the confidence rule on origins counts them as one (see `channel_groups`)."""
    keys = [f"origin {origin}" if origin else None, f"document {doc}" if doc else None,
            *(f"relay {name}" for name in relays)]
    return tuple(k for k in keys if k)


def channel_groups(findings: Sequence[Finding], spans: Mapping[int, tuple[int, int]],
                   derived_from: Mapping[str, Sequence[str]]
                   ) -> list[tuple[tuple[int, ...], tuple[str, ...]]]:
    """The shared-origin groups (`shared_origin_groups`), with findings also linked when they
    come through one document or one relay: what the analyst received through one channel."""
    return shared_origin_groups(findings, spans, derived_from, channels=True)


def shared_origin_groups(findings: Sequence[Finding], spans: Mapping[int, tuple[int, int]],
                         derived_from: Mapping[str, Sequence[str]], channels: bool = False
                         ) -> list[tuple[tuple[int, ...], tuple[str, ...]]]:
    """Groups of findings that are not independent, with the reasons, as (positions, reasons).

    Two findings are linked when they name the same `origin`, quote overlapping passages of one
    document (`spans`: finding position -> span in the normalised document), or cite two
    documents that copy one another or a common original (`derived_from`, followed through);
    with `channels`, also when they share any channel key (`channel_keys`: the document
    quoted, a relay). Groups are the connected sets of two or more findings, in the order of
    the evidence. Without `channels` they are found in near-linear time (provenance.py).
    """
    from .provenance import shared_origin_groups as groups

    if not channels:
        return groups(findings, spans, derived_from)
    n = len(findings)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reasons: dict[int, list[str]] = {}

    def link(i: int, j: int, why: str) -> None:
        a, b = root(i), root(j)
        parent[max(a, b)] = min(a, b)
        reasons.setdefault(i, []).append(why)
        reasons.setdefault(j, []).append(why)

    lineage = {doc: _lineage(doc, derived_from) for doc in derived_from}
    for i in range(n):
        for j in range(i + 1, n):
            a, b = findings[i], findings[j]
            if a.origin and a.origin == b.origin:
                link(i, j, f"same origin {a.origin}")
            elif channels:
                shared_keys = set(_keys(a)) & set(_keys(b))
                if shared_keys:
                    link(i, j, f"through one channel ({', '.join(sorted(shared_keys))})")
            doc_a = (a.source or {}).get("doc")
            doc_b = (b.source or {}).get("doc")
            if not doc_a or not doc_b:
                continue
            if doc_a == doc_b:
                if i in spans and j in spans and _overlap(spans[i], spans[j]):
                    link(i, j, f"overlapping quotes of {doc_a}")
            else:
                shared = (lineage.get(doc_a, {doc_a}) & lineage.get(doc_b, {doc_b}))
                if shared:
                    link(i, j, f"{doc_a} and {doc_b} derive from {', '.join(sorted(shared))}")
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        if len(members) > 1:
            why = tuple(dict.fromkeys(r for m in members for r in reasons.get(m, [])))
            out.append((tuple(members), why))
    return out


def shared_origin_warnings(findings: Sequence[Finding],
                           groups: Sequence[tuple[tuple[int, ...], tuple[str, ...]]]) -> list[Warning]:
    out = []
    for members, why in groups:
        refs = [findings[m].ref for m in members]
        out.append(Warning(
            "shared_origin", f"findings {', '.join(refs)} are not independent ({'; '.join(why)}): "
            "they count the same report more than once; keep one, or weaken them",
            {"findings": refs, "reasons": list(why)}, _where(findings[m] for m in members)))
    return out


def _keys(finding: Finding) -> tuple[str, ...]:
    return channel_keys(finding.origin, (finding.source or {}).get("doc"),
                        (relay.name for relay in finding.via))


def _lineage(doc: str, derived_from: Mapping[str, Sequence[str]]) -> set[str]:
    """The document and every document it copies or retells, followed through."""
    seen = {doc}
    stack = [doc]
    while stack:
        for origin in derived_from.get(stack.pop(), ()):
            if origin not in seen:
                seen.add(origin)
                stack.append(origin)
    return seen


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True)
class Integrity:
    """Everything checked about what a scenario rests on, for every output to report."""

    verification: Verification = field(default_factory=Verification)
    warnings: tuple[Warning, ...] = ()
    groups: tuple[tuple[tuple[int, ...], tuple[str, ...]], ...] = ()  # shared-origin findings
    channels: tuple[tuple[tuple[int, ...], tuple[str, ...]], ...] = ()  # by channel too

    def warnings_json(self) -> list[dict[str, Any]]:
        return [w.to_json() for w in self.warnings]
