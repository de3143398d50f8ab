"""Probabilities -> the estimative words a briefing uses (US ICD 203 or the UK PHIA yardstick).

Readers act on the words more than on the numbers, so the words must follow a published
yardstick exactly, and say so when a number falls where the yardstick gives no word.

Boundary conventions (a value exactly on a published boundary):
- ICD 203: bands are half-open, lower bound inclusive, ``[lo, hi)``, so 0.05 -> "very unlikely",
  0.45 -> "roughly even chance", 0.55 -> "likely", 0.95 -> "almost certain". The top band is
  closed, ``[0.95, 0.99]``. Below 0.01 reads "remote" and above 0.99 "almost certain", each
  with a note that the value lies outside the calibrated 1%-99% scale.
- PHIA: its bands are closed at both ends as published (0.05 -> "remote chance",
  0.10 -> "highly unlikely", 0.75 -> "likely"); its gaps are the open intervals between them
  (0.05 < p < 0.10 ...). A value in a gap reads "lower term / upper term" with a note, so the
  analyst chooses; the yardstick deliberately leaves that choice to them.
- Before classifying, p is rounded to 9 decimals so that float noise (0.5499999999999999 from
  an arithmetic 0.55) does not change the words.

Never mix the two yardsticks in one product: pick one per run.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from itertools import pairwise

YARDSTICKS: tuple[str, ...] = ("icd203", "phia")

_DECIMALS = 9  # float noise below this does not move a value across a boundary


@dataclass(frozen=True)
class Band:
    """A stretch [lo, hi] of probability that a yardstick names with ``words``."""

    lo: float
    hi: float
    words: str


@dataclass(frozen=True)
class Estimate:
    """A probability with its estimative words, and a note when those words need care."""

    probability: float
    words: str
    yardstick: str
    note: str | None = None


_ICD203_BANDS: tuple[Band, ...] = (
    Band(0.01, 0.05, "almost no chance"),
    Band(0.05, 0.20, "very unlikely"),
    Band(0.20, 0.45, "unlikely"),
    Band(0.45, 0.55, "roughly even chance"),
    Band(0.55, 0.80, "likely"),
    Band(0.80, 0.95, "very likely"),
    Band(0.95, 0.99, "almost certain"),
)
_ICD203_BELOW = "remote"
_ICD203_ABOVE = "almost certain"

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


def estimate(p: float, yardstick: str = "icd203") -> Estimate:
    """The estimative words for ``p`` on ``yardstick``, with a note when they need care."""
    name = _checked_yardstick(yardstick)
    probability = _checked_probability(p)
    snapped = round(probability, _DECIMALS)
    if name == "icd203":
        words, note = _icd203_words(snapped)
    else:
        words, note = _phia_words(snapped)
    return Estimate(probability=probability, words=words, yardstick=name, note=note)


def words(p: float, yardstick: str = "icd203") -> str:
    """Shorthand for ``estimate(p, yardstick).words``."""
    return estimate(p, yardstick).words


def _icd203_words(p: float) -> tuple[str, str | None]:
    """ICD 203 words: lower bounds inclusive; outside 1%-99% the words come with a note."""
    first, last = _ICD203_BANDS[0], _ICD203_BANDS[-1]
    if p < first.lo:
        return _ICD203_BELOW, (
            f"below {_percent(first.lo)}: {_ICD203_BELOW}, "
            f"outside the calibrated ICD 203 scale ({_percent(first.lo)}-{_percent(last.hi)})"
        )
    if p > last.hi:
        return _ICD203_ABOVE, (
            f"above {_percent(last.hi)}: {_ICD203_ABOVE}, "
            f"outside the calibrated ICD 203 scale ({_percent(first.lo)}-{_percent(last.hi)})"
        )
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
