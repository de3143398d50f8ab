"""What the checks found, as lines for tables and pages: generated from the results, never fixed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.integrity import draft_note, verification_sentence


def verifications(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The quote checks a result carries: one for a scenario, one per snapshot for compare."""
    v = result.get("verification")
    if not v:
        return []
    if "checked" in v:
        return [v]
    return [part for part in v.values() if isinstance(part, Mapping) and "checked" in part]


def unverified_count(*results: Mapping[str, Any]) -> int:
    """How many quotes the results were made with that were not found in their documents."""
    return sum(len(v.get("unverified") or []) for r in results for v in verifications(r))


def draft_text(*results: Mapping[str, Any]) -> str | None:
    """"DRAFT: n quotes not verified" when the results were made with unverified quotes."""
    return draft_note(unverified_count(*results))


def check_lines(result: Mapping[str, Any]) -> list[str]:
    """The DRAFT mark (if any) and the sentence saying what the quote check did."""
    parts = verifications(result)
    if not parts:
        return []
    lines = []
    draft = draft_text(result)
    if draft:
        lines.append(draft)
    checked = sum(int(v["checked"]) for v in parts)
    verified = sum(int(v["verified"]) for v in parts)
    lines.append("verification: " + verification_sentence(checked, verified))
    return lines


def warning_lines(result: Mapping[str, Any]) -> list[str]:
    """One line per warning; hindsight warnings about one document are gathered in one line."""
    lines: list[str] = []
    hindsight: dict[tuple[Any, ...], list[str]] = {}
    places: dict[tuple[Any, ...], list[str]] = {}
    for w in result.get("warnings") or []:
        if not isinstance(w, Mapping):
            lines.append(str(w))
            continue
        if w.get("kind") == "hindsight" and w.get("node") and w.get("document"):
            key = (w.get("scenario"), w["document"], w.get("date"))
            hindsight.setdefault(key, []).append(str(w["node"]))
            places.setdefault(key, []).extend(w.get("at") or [])
            continue
        prefix = f"{w['scenario']}: " if w.get("scenario") else ""
        lines.append(f"{prefix}{w.get('kind')}: {w.get('message')}{_at(w.get('at'))}")
    for (scenario, document, date), nodes in hindsight.items():
        prefix = f"{scenario}: " if scenario else ""
        lines.append(f"{prefix}hindsight: {len(nodes)} model node{'s' if len(nodes) != 1 else ''} "
                     f"cite {document} (published {date}), later than the snapshot or the "
                     f"model's as_of: {', '.join(nodes)}{_at(places[(scenario, document, date)])}")
    return lines


def _at(places: Any) -> str:
    """Where to make the change a warning asks for, as ` (at path:line, ...)`."""
    return f" (at {', '.join(places)})" if places else ""
