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

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, **self.details}


def finding_warnings(findings: Sequence[Finding], targets: Iterable[str]) -> list[Warning]:
    """Findings without a source, hard findings without a grade, evidence on a target."""
    out: list[Warning] = []
    for f in findings:
        if not f.source:
            out.append(Warning("unsourced", f"finding {f.describe()} cites no source",
                               {"finding": f.ref, "node": f.node}))
    for f in findings:
        if f.state is not None and f.grade is None:
            out.append(Warning(
                "ungraded", f"finding {f.ref} ({f.node}={f.state}) has no grade and is treated as "
                "certain; grade it (e.g. B2) unless the report is beyond doubt",
                {"finding": f.ref, "node": f.node}))
    for target in targets:
        if any(f.node == target for f in findings):
            out.append(Warning("target_evidence", f"evidence is entered on the target {target!r} itself",
                               {"node": target}))
    return out


@dataclass(frozen=True)
class Dated:
    """A model citation with its document's publication date (None: undated)."""

    node: str
    doc: str
    published: dt.date | None


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
                {"node": c.node, "document": c.doc, "date": c.published.isoformat()}))
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


def shared_origin_groups(findings: Sequence[Finding], spans: Mapping[int, tuple[int, int]],
                         derived_from: Mapping[str, Sequence[str]]
                         ) -> list[tuple[tuple[int, ...], tuple[str, ...]]]:
    """Groups of findings that are not independent, with the reasons, as (positions, reasons).

    Two findings are linked when they name the same `origin`, quote overlapping passages of one
    document (`spans`: finding position -> span in the normalised document), or cite two
    documents that copy one another or a common original (`derived_from`, followed through).
    Groups are the connected sets of two or more findings, in the order of the evidence;
    found in near-linear time (provenance.py).
    """
    from .provenance import shared_origin_groups as groups

    return groups(findings, spans, derived_from)


def shared_origin_warnings(findings: Sequence[Finding],
                           groups: Sequence[tuple[tuple[int, ...], tuple[str, ...]]]) -> list[Warning]:
    out = []
    for members, why in groups:
        refs = [findings[m].ref for m in members]
        out.append(Warning(
            "shared_origin", f"findings {', '.join(refs)} are not independent ({'; '.join(why)}): "
            "they count the same report more than once; keep one, or weaken them",
            {"findings": refs, "reasons": list(why)}))
    return out


@dataclass(frozen=True)
class Integrity:
    """Everything checked about what a scenario rests on, for every output to report."""

    verification: Verification = field(default_factory=Verification)
    warnings: tuple[Warning, ...] = ()
    groups: tuple[tuple[tuple[int, ...], tuple[str, ...]], ...] = ()  # shared-origin findings

    def warnings_json(self) -> list[dict[str, Any]]:
        return [w.to_json() for w in self.warnings]
