"""Reading the cited documents and checking each quote: the I/O half of verification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..domain.evidence import Finding
from ..domain.integrity import (
    Dated,
    Integrity,
    Quote,
    QuoteResult,
    Verification,
    channel_groups,
    finding_warnings,
    hindsight_warnings,
    shared_origin_groups,
    shared_origin_warnings,
    undated_warnings,
    unsourced_node_warnings,
)
from ..errors import Problem, UserError
from ..sources import check_quote, find_verbatim, no_search_reason, normalise, yaml_quoted
from .corpus import Corpus


def verify_quotes(quotes: Sequence[Quote], corpus: Corpus | None) -> Verification:
    """Check every quote against its document (each document read and normalised once).

    A quote whose document is unknown was already refused when the file was built; here it
    counts as not verified. The closest passage is searched only for quotes not found.
    """
    texts: dict[str, str] = {}
    results = []
    for quote in quotes:
        if corpus is None or quote.doc not in corpus:
            results.append(QuoteResult(quote, found=False, similarity=0.0))
            continue
        if quote.doc not in texts:
            texts[quote.doc] = normalise(corpus.documents[quote.doc].text())
        text = texts[quote.doc]
        wanted = normalise(quote.quote)
        start = find_verbatim(wanted, text)
        if start >= 0:
            results.append(QuoteResult(quote, found=True, span=(start, start + len(wanted))))
            continue
        if not wanted:
            results.append(QuoteResult(quote, found=False, closest=None, similarity=0.0))
            continue
        check = check_quote(quote.quote, text)
        results.append(QuoteResult(quote, found=check.found, closest=check.closest,
                                   similarity=check.similarity,
                                   unsearched=None if check.searched else len(text)))
    return Verification(tuple(results))


def unverified_problems(verification: Verification) -> list[Problem]:
    """One located problem per quote that is not in its document, naming the closest passage."""
    problems = []
    for r in verification.unverified:
        if r.unsearched is not None:
            message = f"quote not found in {r.quote.doc}: {no_search_reason(r.unsearched)}"
        elif r.closest is None:
            what = ("the quote is empty once invisible characters and white space are removed"
                    if r.similarity == 0.0 and not normalise(r.quote.quote)
                    else "the document has no passage like it")
            message = f"quote not found in {r.quote.doc}: {what}"
        else:
            message = (f"quote not found in {r.quote.doc}; closest passage "
                       f"({r.similarity:.0%} similar): {yaml_quoted(r.closest)}")
        problems.append(Problem(message + "; fix the quote, or run with --allow-unverified for a "
                                "draft", r.quote.path, r.quote.line, r.quote.col))
    return problems


def require_verified(verification: Verification) -> None:
    """Refuse to go on with a quote that is not in its document."""
    problems = unverified_problems(verification)
    if problems:
        raise UserError(problems)



def assess(findings: Sequence[Finding], targets: Sequence[str], quotes: Sequence[Quote],
           corpus: Corpus | None, as_of: dt.date, model_as_of: dt.date | None,
           unsourced: Sequence[tuple[str, str]] = ()) -> Integrity:
    """Verify every quote and collect every warning about the evidence a scenario rests on
    (the reports: quiet days are the tool's own finding, with no source to judge)."""
    findings = [f for f in findings if f.kind == "report"]
    verification = verify_quotes(quotes, corpus)
    published: dict[str, dt.date | None] = {}
    derived: dict[str, tuple[str, ...]] = {}
    if corpus is not None:
        for doc_id, document in corpus.documents.items():
            published[doc_id] = dt.date.fromisoformat(document.published) if document.published else None
            derived[doc_id] = document.derived_from
    model_cites = [Dated(q.node or "", q.doc, published.get(q.doc), _at(q)) for q in quotes
                   if q.role == "model"]
    spans = {r.quote.finding: r.span for r in verification.results
             if r.quote.role == "finding" and r.quote.finding is not None and r.span is not None}
    groups = shared_origin_groups(findings, spans, derived)
    channels = channel_groups(findings, spans, derived)
    warnings = [
        *finding_warnings(findings, targets),
        *unsourced_node_warnings(unsourced),
        *undated_warnings((q.doc for q in quotes), published),
        *hindsight_warnings(model_cites, as_of, model_as_of),
        *shared_origin_warnings(findings, groups),
    ]
    return Integrity(verification, tuple(warnings), tuple(groups), tuple(channels))


def _at(quote: Quote) -> str | None:
    """Where a citation is written, for the warning that asks to change it."""
    if quote.line is None:
        return quote.path or None
    return f"{quote.path}:{quote.line}" + (f":{quote.col}" if quote.col is not None else "")
