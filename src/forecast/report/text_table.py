"""Text tables that fit a terminal: text columns wrap so a table stays within 100 columns.

Probabilities print as percentages, shifts as signed percentage points ("+4.7 pts"), which
are not percentages of anything.
"""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH = 100
GAP = 2
NARROWEST = 10  # a text column is never wrapped narrower than this


def cell(key: str, value: Any, percent: tuple[str, ...] = (), points: tuple[str, ...] = ()) -> str:
    """One value as text: percent columns '73.3%', points columns '+4.7 pts'."""
    if value is None:
        return "-"
    if key in points and isinstance(value, (int, float)):
        shown = 100 * float(value)
        if key.startswith("swing"):  # a width, never signed
            return f"{abs(shown):.1f} pts"
        return "0.0 pts" if abs(shown) < 0.05 else f"{shown:+.1f} pts"
    if key in percent and isinstance(value, (int, float)):
        return f"{100 * float(value):.1f}%"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def fitted(rows: list[dict[str, Any]], percent: tuple[str, ...] = (),
           points: tuple[str, ...] = (), width: int = WIDTH) -> str:
    """Rows as an aligned text table no wider than `width`, wrapping the text columns."""
    if not rows:
        return "(nothing)\n"
    keys = list(rows[0])
    cells = [[cell(k, r.get(k), percent, points) for k in keys] for r in rows]
    numeric = [all(_is_number(r.get(k)) or r.get(k) is None for r in rows) for k in keys]
    widths = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
    _shrink(widths, numeric, keys, width)
    lines = [_line(_wrapped(keys, widths), widths, numeric),
             _line([["-" * w] for w in widths], widths, numeric)]
    for row in cells:
        lines.append(_line(_wrapped(row, widths), widths, numeric))
    return "\n".join(lines) + "\n"


def _shrink(widths: list[int], numeric: list[bool], keys: list[str], width: int) -> None:
    """Narrow the widest text columns until the table fits (or none can narrow further)."""
    floors = [max(NARROWEST, *(len(w) for w in k.split())) for k in keys]
    while (excess := sum(widths) + GAP * (len(widths) - 1) - width) > 0:
        text = [i for i, n in enumerate(numeric) if not n and widths[i] > floors[i]]
        if not text:
            return
        widest = max(text, key=lambda i: widths[i])
        widths[widest] = max(floors[widest], widths[widest] - excess)


def _wrapped(values: list[str], widths: list[int]) -> list[list[str]]:
    return [textwrap.wrap(v, w, break_long_words=True, break_on_hyphens=False) or [""]
            for v, w in zip(values, widths, strict=True)]


def _line(columns: list[list[str]], widths: list[int], numeric: list[bool]) -> str:
    height = max(len(c) for c in columns)
    out = []
    for k in range(height):
        parts = [(c[k] if k < len(c) else "") for c in columns]
        out.append("  ".join(v.rjust(w) if n else v.ljust(w)
                             for v, w, n in zip(parts, widths, numeric, strict=True)).rstrip())
    return "\n".join(out)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
