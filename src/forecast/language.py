"""Probabilities -> the estimative words a briefing uses (US ICD 203 or the UK PHIA yardstick).

Readers act on the words more than on the numbers, so the words must follow a published
yardstick exactly, and say so when a number falls where the yardstick gives no word.

The rounding rule: a value is rounded once, to what is printed (whole percent; one decimal
below 1% and above 99%, half up), and the words come from that printed value, so "55%" never
reads "roughly even chance" and an interval "5%-25%" is worded from its printed ends.

Boundary conventions (a printed value exactly on a published boundary):
- ICD 203: bands are half-open, lower bound inclusive, ``[lo, hi)``, so 5% -> "very unlikely",
  45% -> "roughly even chance", 55% -> "likely", 95% -> "almost certain". The top band is
  closed, ``[95%, 99%]``. ICD 203 pairs each term with a synonym ("almost no chance / remote");
  a pair is one band, shown under its first term. Below 1% and above 99% keep the end term
  ("almost no chance", "almost certain") with a note that the value lies outside the
  calibrated 1%-99% scale (`Estimate.off_scale`).
- PHIA: its bands are closed at both ends as published (5% -> "remote chance",
  10% -> "highly unlikely", 75% -> "likely"); its gaps are the open intervals between them
  (5% < p < 10% ...). A value in a gap reads "lower term / upper term" with a note, so the
  analyst chooses; the yardstick deliberately leaves that choice to them.

Never mix the two yardsticks in one product: pick one per run.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

YARDSTICKS: tuple[str, ...] = ("icd203", "phia")

END_ZONE = 0.01  # below 1% and above 99% a percentage keeps one decimal


@dataclass(frozen=True)
class Band:
    """A stretch [lo, hi] of probability that a yardstick names with ``words``."""

    lo: float
    hi: float
    words: str
    synonym: str = ""  # ICD 203's paired term: the same band, never a band of its own


@dataclass(frozen=True)
class Estimate:
    """A probability with its estimative words, and a note when those words need care."""

    probability: float
    words: str
    yardstick: str
    note: str | None = None
    off_scale: bool = False  # ICD 203: outside the calibrated 1%-99% scale


_ICD203_BANDS: tuple[Band, ...] = (
    Band(0.01, 0.05, "almost no chance", "remote"),
    Band(0.05, 0.20, "very unlikely", "highly improbable"),
    Band(0.20, 0.45, "unlikely", "improbable"),
    Band(0.45, 0.55, "roughly even chance", "roughly even odds"),
    Band(0.55, 0.80, "likely", "probable"),
    Band(0.80, 0.95, "very likely", "highly probable"),
    Band(0.95, 0.99, "almost certain", "nearly certain"),
)

_PHIA_BANDS: tuple[Band, ...] = (
    Band(0.00, 0.05, "remote chance"),
    Band(0.10, 0.20, "highly unlikely"),
    Band(0.25, 0.35, "unlikely"),
    Band(0.40, 0.50, "realistic possibility"),
    Band(0.55, 0.75, "likely"),
    Band(0.80, 0.90, "highly likely"),
    Band(0.95, 1.00, "almost certain"),
)

_BANDS: dict[str, tuple[Band, ...]] = {"icd203": _ICD203_BANDS, "phia": _PHIA_BANDS}


def bands(yardstick: str) -> tuple[Band, ...]:
    """The yardstick's named bands, low to high, for drawing behind charts.

    Stretches the yardstick does not name (ICD 203 below 1% and above 99%, the PHIA gaps)
    are left out on purpose, so a chart shows them blank.
    """
    return _BANDS[_checked_yardstick(yardstick)]


def printed(p: float) -> float:
    """``p`` rounded to what is printed: whole percent, one decimal below 1% and above 99%,
    half up (from the shortest decimal form of the float, so 0.045 prints 5%)."""
    value = Decimal(repr(_checked_probability(p))) * 100
    step = Decimal("0.1") if value < 100 * END_ZONE or value > 100 * (1 - END_ZONE) else 1
    return float(value.quantize(Decimal(step), rounding=ROUND_HALF_UP)) / 100


def percent(p: float) -> str:
    """``p`` as printed: '73%', '0.4%', '99.6%'."""
    value = 100 * printed(p)
    end = value < 100 * END_ZONE or value > 100 * (1 - END_ZONE)
    return f"{value:.1f}%" if end and value not in (0.0, 100.0) else f"{value:.0f}%"


def estimate(p: float, yardstick: str = "icd203") -> Estimate:
    """The estimative words for ``p`` as printed on ``yardstick``, with a note when they
    need care."""
    name = _checked_yardstick(yardstick)
    probability = _checked_probability(p)
    shown = printed(probability)
    if name == "icd203":
        words, note = _icd203_words(shown)
    else:
        words, note = _phia_words(shown)
    return Estimate(probability=probability, words=words, yardstick=name, note=note,
                    off_scale=name == "icd203" and note is not None)


def words(p: float, yardstick: str = "icd203") -> str:
    """Shorthand for ``estimate(p, yardstick).words``."""
    return estimate(p, yardstick).words


def said(p: float, yardstick: str = "icd203") -> str:
    """'73% likely': the printed value and its words; a dagger marks a value outside the
    calibrated scale (ICD 203 below 1% or above 99%)."""
    result = estimate(p, yardstick)
    return f"{percent(p)} {result.words}{OFF_SCALE_MARK if result.off_scale else ''}"


def span(lo: float, hi: float, yardstick: str = "icd203") -> str:
    """An interval worded from its printed ends: '5%\u201325%: very unlikely to unlikely'."""
    a, b = (_bracketed(words(v, yardstick)) for v in (lo, hi))
    return f"{percent(lo)}\u2013{percent(hi)}: {a if a == b else f'{a} to {b}'}"


def _bracketed(phrase: str) -> str:
    """PHIA gap words ('likely / highly likely') in brackets, so a range stays legible."""
    return f"({phrase})" if " / " in phrase else phrase


OFF_SCALE_MARK = "\u2020"


def _icd203_words(p: float) -> tuple[str, str | None]:
    """ICD 203 words: lower bounds inclusive; outside 1%-99% the words come with a note."""
    first, last = _ICD203_BANDS[0], _ICD203_BANDS[-1]
    scale = f"outside the calibrated ICD 203 scale ({_percent(first.lo)}-{_percent(last.hi)})"
    if p < first.lo:
        return first.words, f"below {_percent(first.lo)}: {first.words}, {scale}"
    if p > last.hi:
        return last.words, f"above {_percent(last.hi)}: {last.words}, {scale}"
    for band in _ICD203_BANDS[:-1]:
        if p < band.hi:
            return band.words, None
    return last.words, None


def _phia_words(p: float) -> tuple[str, str | None]:
    """PHIA words: closed bands; a value in a gap gets both neighbours and a note."""
    for lower, upper in pairwise(_PHIA_BANDS):
        if p <= lower.hi:
            return lower.words, None
        if p < upper.lo:
            return f"{lower.words} / {upper.words}", (
                f"falls in a gap of the PHIA yardstick between {_percent(lower.hi)} and "
                f"{_percent(upper.lo)}: the analyst must choose between '{lower.words}' "
                f"and '{upper.words}'"
            )
    return _PHIA_BANDS[-1].words, None


def _checked_yardstick(yardstick: str) -> str:
    """The canonical yardstick name; a ValueError naming the choices otherwise."""
    name = yardstick.strip().lower() if isinstance(yardstick, str) else yardstick
    if name not in YARDSTICKS:
        raise ValueError(f"unknown yardstick {yardstick!r}: choose one of {', '.join(YARDSTICKS)}")
    return name


def _checked_probability(p: float) -> float:
    """``p`` as a float in [0, 1]; a ValueError for anything else, NaN included."""
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise ValueError(f"probability must be a number in [0, 1], got {p!r}")
    value = float(p)
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"probability must be in [0, 1], got {value!r}")
    return value


def _percent(p: float) -> str:
    """A boundary as a percentage without trailing zeros: 0.05 -> '5%', 0.995 -> '99.5%'."""
    return f"{round(p * 100, 6):g}%"


def said_probability(text: str, yardstick: str = "icd203") -> float | None:
    """The probability a person's estimative words stand for: the midpoint of the band they
    name on `yardstick` (a term or, on ICD 203, its synonym; any case); None for other words."""
    wanted = " ".join(text.lower().split())
    for band in bands(yardstick):
        if wanted in {band.words, band.synonym} - {""}:
            return (band.lo + band.hi) / 2
    return None


def yardstick_words(yardstick: str = "icd203") -> list[str]:
    """Every term `said_probability` reads on `yardstick`, low to high."""
    return [w for band in bands(yardstick) for w in (band.words, band.synonym) if w]
