"""What the checks found, as lines for tables and pages: generated from the checks that ran,
never fixed. Typed results give their scenarios' `Integrity`; a result file read back (a
chart, a watch board, a ledger) gives the `verification` and `warnings` JSON holds, read
into the same types, so each line has one wording."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..domain.integrity import Warning, draft_note, verification_sentence

Counts = tuple[int, int, int]  # quotes checked, verified, not verified
Tagged = str | tuple[str | None, Warning]  # a warning and the snapshot it is about


# --- from typed results ---------------------------------------------------------------------

def counts_of(result: Any) -> list[Counts]:
    """The quote checks of a typed result's scenarios (`checked_scenarios()`)."""
    return [(v.checked, v.verified, len(v.unverified))
            for v in (loaded.integrity.verification for _, loaded in result.checked_scenarios())]


def warnings_of(result: Any) -> list[Tagged]:
    return [(tag, w) for tag, loaded in result.checked_scenarios()
            for w in loaded.integrity.warnings]


# --- from what JSON holds -------------------------------------------------------------------

def verifications(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The quote checks a result carries: one for a scenario, one per snapshot for compare."""
    v = result.get("verification")
    if not v:
        return []
    if "checked" in v:
        return [v]
    return [part for part in v.values() if isinstance(part, Mapping) and "checked" in part]


def written_counts(*results: Mapping[str, Any]) -> list[Counts]:
    return [(int(v.get("checked") or 0), int(v.get("verified") or 0),
             len(v.get("unverified") or []))
            for r in results for v in verifications(r)]


def written_warnings(result: Mapping[str, Any]) -> list[Tagged]:
    """A result's `warnings` entries as Warnings again (a plain string stays a string)."""
    out: list[Tagged] = []
    for w in result.get("warnings") or []:
        if not isinstance(w, Mapping):
            out.append(str(w))
            continue
        details = {k: v for k, v in w.items() if k not in ("kind", "message", "at", "scenario")}
        out.append((w.get("scenario") or None,
                    Warning(str(w.get("kind")), str(w.get("message")), details,
                            tuple(w.get("at") or ()))))
    return out


def draft_text(*results: Mapping[str, Any]) -> str | None:
    """"DRAFT: n quotes not verified" when the results were made with unverified quotes."""
    return draft_of(written_counts(*results))


def check_lines(result: Mapping[str, Any]) -> list[str]:
    return check_lines_of(written_counts(result))


def warning_lines(result: Mapping[str, Any]) -> list[str]:
    return warning_lines_of(written_warnings(result))


# --- the wording, once ----------------------------------------------------------------------

def draft_of(counts: Sequence[Counts]) -> str | None:
    return draft_note(sum(c[2] for c in counts))


def check_lines_of(counts: Sequence[Counts]) -> list[str]:
    """The DRAFT mark (if any) and the sentence saying what the quote check did."""
    if not counts:
        return []
    draft = draft_of(counts)
    return [*([draft] if draft else []), "verification: " + verification_sentence(
        sum(c[0] for c in counts), sum(c[1] for c in counts))]


def warning_lines_of(warnings: Sequence[Tagged]) -> list[str]:
    """One line per warning; hindsight warnings about one document are gathered in one line."""
    lines: list[str] = []
    hindsight: dict[tuple[Any, ...], list[str]] = {}
    places: dict[tuple[Any, ...], list[str]] = {}
    for item in warnings:
        if isinstance(item, str):
            lines.append(item)
            continue
        scenario, w = item
        node, document = w.details.get("node"), w.details.get("document")
        if w.kind == "hindsight" and node and document:
            key = (scenario, document, w.details.get("date"))
            hindsight.setdefault(key, []).append(str(node))
            places.setdefault(key, []).extend(w.at)
            continue
        prefix = f"{scenario}: " if scenario else ""
        lines.append(f"{prefix}{w.kind}: {w.message}{_at(w.at)}")
    for (scenario, document, date), nodes in hindsight.items():
        prefix = f"{scenario}: " if scenario else ""
        lines.append(f"{prefix}hindsight: {len(nodes)} model node{'s' if len(nodes) != 1 else ''} "
                     f"cite {document} (published {date}), later than the snapshot or the "
                     f"model's as_of: {', '.join(nodes)}{_at(places[(scenario, document, date)])}")
    return lines


def _at(places: Sequence[str]) -> str:
    """Where to make the change a warning asks for, as ` (at path:line, ...)`."""
    return f" (at {', '.join(places)})" if places else ""
