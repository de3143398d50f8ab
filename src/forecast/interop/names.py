"""Names made identifiers: each run of characters outside [A-Za-z0-9_] becomes `_`, a leading
digit gets `_`, clashes get `_2`, `_3`."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_]+")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def identifier(name: object) -> str:
    """A name made safe: runs of other characters become `_`; a leading digit gets `_`."""
    text = _NOT_ALLOWED.sub("_", str(name)) or "_"
    return f"_{text}" if text[0].isdigit() else text


def unique_identifiers(names: Iterable[object]) -> dict[object, str]:
    """Map names to identifiers, suffixing `_2`, `_3` where two would collide."""
    out: dict[object, str] = {}
    used: set[str] = set()
    for name in names:
        base = identifier(name)
        candidate, k = base, 2
        while candidate in used:
            candidate, k = f"{base}_{k}", k + 1
        used.add(candidate)
        out[name] = candidate
    return out
