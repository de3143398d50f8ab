"""Which findings are not independent, found in near-linear time.

Two findings are linked when they name the same `origin`, quote overlapping passages of one
document, or cite two documents that share an ancestor through `derived_from` (a document is
its own ancestor). The groups are the connected sets of linked findings. Comparing every pair
of findings, each with its document's whole lineage, is quadratic twice over (5,000 findings
of one origin, or a 10,000-long chain of copies, took a minute and gigabytes); here each kind
of link is found by one pass with a union-find:

- same origin: the findings of each origin are joined in a chain;
- overlapping quotes: each document's spans sorted by start, a span joins the cluster whose
  furthest end lies past its start (exactly the pairwise overlaps' connected sets);
- shared ancestry: documents reachable from a cited one are joined to what they derive from.
  Two cited documents then fall in one set exactly when a chain of cited documents, each
  pair sharing an ancestor, connects them (an edge v -> p with v an ancestor of a cited c
  makes v and p both ancestors of c; a shared ancestor a of c1 and c2 is reached from each).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Protocol

_LISTED = 5  # names spelt out in a reason before "and N more"


class Cited(Protocol):
    """What provenance needs of a finding."""

    origin: str | None
    source: Mapping[str, str] | None


class _Sets:
    """Union-find over hashable keys, with path halving; the smaller key's root wins ties of
    order so groups keep the evidence order."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def root(self, key: object) -> object:
        parent = self.parent
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(self, a: object, b: object) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[rb] = ra


def shared_origin_groups(findings: Sequence[Cited], spans: Mapping[int, tuple[int, int]],
                         derived_from: Mapping[str, Sequence[str]]
                         ) -> list[tuple[tuple[int, ...], tuple[str, ...]]]:
    """Groups of findings that are not independent, with the reasons, as (positions, reasons),
    in the order of the evidence (`spans`: finding position -> span in its normalised
    document)."""
    sets = _Sets()
    reasons: dict[int, list[str]] = {}

    def link(i: int, j: int, why: str) -> None:
        sets.join(("f", i), ("f", j))
        reasons.setdefault(i, []).append(why)
        reasons.setdefault(j, []).append(why)

    by_origin: dict[str, list[int]] = {}
    by_doc: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        sets.root(("f", i))
        if f.origin:
            by_origin.setdefault(f.origin, []).append(i)
        doc = (f.source or {}).get("doc")
        if doc:
            by_doc.setdefault(doc, []).append(i)
    for origin, members in by_origin.items():
        for i, j in pairwise(members):
            link(i, j, f"same origin {origin}")
    for doc, members in by_doc.items():
        _link_overlaps(doc, [i for i in members if i in spans], spans, link)
    for docs, why in _related_documents(list(by_doc), derived_from):
        members = sorted(i for d in docs for i in by_doc[d])
        for i, j in pairwise(members):
            link(i, j, why)
    groups: dict[object, list[int]] = {}
    for i in range(len(findings)):
        groups.setdefault(sets.root(("f", i)), []).append(i)
    out = []
    for members in groups.values():
        if len(members) > 1:
            why = tuple(dict.fromkeys(r for m in members for r in reasons.get(m, [])))
            out.append((tuple(members), why))
    return sorted(out)


def _link_overlaps(doc: str, members: list[int], spans: Mapping[int, tuple[int, int]],
                   link) -> None:
    """Join the findings whose quotes of `doc` overlap: a sweep over spans sorted by start."""
    reach, holder = -1, -1  # the furthest end so far, and whose span it is
    for i in sorted(members, key=lambda m: (spans[m][0], m)):
        start, end = spans[i]
        if start < reach:
            link(holder, i, f"overlapping quotes of {doc}")
        if end > reach:
            reach, holder = end, i


def _related_documents(cited: list[str], derived_from: Mapping[str, Sequence[str]]
                       ) -> list[tuple[list[str], str]]:
    """Sets of two or more cited documents related by shared ancestry, each with its reason."""
    sets = _Sets()
    seen = set(cited)
    stack = list(cited)
    while stack:  # every document reachable from a cited one, joined to what it derives from
        doc = stack.pop()
        sets.root(doc)
        for origin in derived_from.get(doc, ()):
            sets.join(doc, origin)
            if origin not in seen:
                seen.add(origin)
                stack.append(origin)
    components: dict[object, list[str]] = {}
    for doc in cited:
        components.setdefault(sets.root(doc), []).append(doc)
    originals: dict[object, list[str]] = {}
    for doc in sorted(seen):
        if not derived_from.get(doc):
            originals.setdefault(sets.root(doc), []).append(doc)
    out = []
    for root, docs in components.items():
        if len(docs) > 1:
            sources = originals.get(root) or []
            tail = (f"derive from {_listed(sources)}" if sources
                    else "derive from one another")
            out.append((docs, f"{_listed(docs, ' and ')} {tail}"))
    return out


def _listed(names: Sequence[str], last: str = ", ") -> str:
    """Names joined, the first few spelt out: "a, b and 7 more" past _LISTED."""
    if len(names) > _LISTED:
        return f"{', '.join(names[:_LISTED])} and {len(names) - _LISTED:,} more"
    if len(names) > 1 and last != ", ":
        return f"{', '.join(names[:-1])}{last}{names[-1]}"
    return ", ".join(names)
