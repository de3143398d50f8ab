"""Words and numbers shared by every part: estimative words, dates, grades."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from ...domain.numbers import stable
from ...language import span
from ..chart_style import pct_for, words

RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
CREDIBILITY = {"1": "confirmed by other sources", "2": "probably true", "3": "possibly true",
               "4": "doubtful", "5": "improbable", "6": "truth cannot be judged"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def said(p: float, yardstick: str) -> str:
    """'73% likely', the form tables and charts use: the number as JSON writes it, printed."""
    p = stable(p)
    return f"{pct_for(p, yardstick)} {words(p, yardstick)}"


def judged(p: float, yardstick: str) -> str:
    """'likely (73%)', the form prose uses: the words lead."""
    p = stable(p)
    return f"{words(p, yardstick)} ({pct_for(p, yardstick)})"


def span_words(lo: float, hi: float, yardstick: str) -> str:
    """An interval worded from its printed ends: '57%–84%: likely to very likely'."""
    return span(min(max(stable(lo), 0.0), 1.0), min(max(stable(hi), 0.0), 1.0), yardstick)


def long_date(text: Any) -> str:
    """'2022-10-11' -> '11 October 2022' (locale-free); anything else as given."""
    try:
        d = dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return str(text)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def grade_meaning(grade: str | None) -> str:
    if not grade or len(grade) != 2:
        return ""
    letter, digit = grade[0].upper(), grade[1]
    return f"{RELIABILITY.get(letter, '?')}; {CREDIBILITY.get(digit, '?')}"


def _entropy_bits(dist: Mapping[str, float]) -> float:
    """The entropy of `dist` as written (a certain outcome has none)."""
    written = [stable(p) for p in dist.values()]
    return -sum(p * math.log2(p) for p in written if p > 0)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


EDGE = 0.01  # within a rounding step (one printed point) of a band's edge


def edge_note(p: float, yardstick: str, shown_p: float | None = None) -> str:
    """', at the edge of unlikely (within a point of very unlikely)' when `p` lies within a
    rounding step of an edge between two bands whose words differ; else ''. The words shown
    are those of `shown_p` (the value as printed) when given."""
    from ...language import bands, words

    p = stable(p)
    shown = words(p if shown_p is None else shown_p, yardstick)
    edges = sorted({e for b in bands(yardstick) for e in (b.lo, b.hi) if 0.0 < e < 1.0})
    for edge in edges:
        if abs(p - edge) < EDGE - 1e-12:
            below, above = words(max(edge - 0.006, 0.0), yardstick), words(min(edge + 0.006, 1.0),
                                                                            yardstick)
            across = above if shown == below else below
            if across != shown:
                return f", at the edge of {shown} (within a point of {across})"
    return ""
