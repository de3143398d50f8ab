"""Analytic confidence (ICD 203 keeps it apart from likelihood): low, moderate or high, from
four stated rules; the overall level is the weakest of them, and the reason names the rules
that set it.

- interval: the width of the asked event's 90% interval over the model's own numbers;
- sources: the share of graded findings from sources graded A or B with information graded
  1 or 2;
- sensitivity: the largest swing of the asked event when one of the model's numbers moves
  over its credible range;
- origins: the share of the findings that rest on one origin (the finding's `origin`, or
  else the document it quotes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

LEVELS = ("low", "moderate", "high")
INTERVAL = (0.20, 0.35)      # width <= 0.20 high, <= 0.35 moderate, else low
STRONG_SOURCES = (0.5, 0.25)  # share >= 0.5 high, >= 0.25 moderate, else low
SWING = (0.10, 0.20)         # swing <= 0.10 high, <= 0.20 moderate, else low
ONE_ORIGIN = (1 / 3, 1 / 2)  # share <= 1/3 high, <= 1/2 moderate, else low

RULES = (
    f"interval: the asked event's 90% interval over the model's own numbers spans at most "
    f"{100 * INTERVAL[0]:.0f} points for high, {100 * INTERVAL[1]:.0f} for moderate",
    f"sources: at least {100 * STRONG_SOURCES[0]:.0f}% of the graded findings come from sources "
    f"graded A or B with information graded 1 or 2 for high, {100 * STRONG_SOURCES[1]:.0f}% "
    "for moderate",
    f"sensitivity: no single number of the model, moved over its 90% credible range, swings "
    f"the asked event by more than {100 * SWING[0]:.0f} points for high, "
    f"{100 * SWING[1]:.0f} for moderate",
    "origins: at most a third of the findings rest on one origin (the same event, speaker or "
    "document) for high, half for moderate",
    "overall: the weakest of the four",
)


def _at_most(value: float, bounds: tuple[float, float]) -> str:
    return "high" if value <= bounds[0] + 1e-12 else "moderate" if value <= bounds[1] + 1e-12 \
        else "low"


def _at_least(value: float, bounds: tuple[float, float]) -> str:
    return "high" if value >= bounds[0] - 1e-12 else "moderate" if value >= bounds[1] - 1e-12 \
        else "low"


def _strong(grade: str | None) -> bool:
    return bool(grade) and grade[0].upper() in "AB" and grade[1:2] in "12"


def origin_of(finding: Mapping[str, Any]) -> str | None:
    """The event, speaker or document a finding traces to."""
    return finding.get("origin") or (finding.get("source") or {}).get("doc")


def analytic_confidence(interval: Sequence[float] | None, findings: Sequence[Mapping[str, Any]],
                        swing: float | None) -> dict[str, Any]:
    """{level, reason, criteria: [{name, level, value, text}]} from the four rules."""
    criteria = []
    if interval is not None:
        width = float(interval[1]) - float(interval[0])
        criteria.append({"name": "interval", "level": _at_most(width, INTERVAL), "value": width,
                         "text": f"the 90% interval over the model's own numbers spans "
                                 f"{100 * width:.0f} points"})
    graded = [f for f in findings if f.get("grade")]
    if graded:
        share = sum(_strong(f["grade"]) for f in graded) / len(graded)
        strong = sum(_strong(f["grade"]) for f in graded)
        criteria.append({"name": "sources", "level": _at_least(share, STRONG_SOURCES),
                         "value": share,
                         "text": f"{strong} of {len(graded)} graded findings come from sources "
                                 "graded A or B with information graded 1 or 2"})
    else:
        criteria.append({"name": "sources", "level": "low", "value": 0.0,
                         "text": "no finding carries a source grade"})
    if swing is not None:
        criteria.append({"name": "sensitivity", "level": _at_most(float(swing), SWING),
                         "value": float(swing),
                         "text": f"one of the model's numbers, within its credible range, "
                                 f"swings the answer by {100 * float(swing):.0f} points"})
    origins = Counter(o for o in (origin_of(f) for f in findings) if o)
    if origins:
        origin, count = origins.most_common(1)[0]
        share = count / len(findings)
        criteria.append({"name": "origins", "level": _at_most(share, ONE_ORIGIN), "value": share,
                         "origin": origin,
                         "text": f"{count} of the {len(findings)} findings "
                                 f"{'rests' if count == 1 else 'rest'} on one origin ({origin})"})
    level = min((c["level"] for c in criteria), key=LEVELS.index, default="low")
    setting = [c["text"] for c in criteria if c["level"] == level]
    if len(setting) > 1:
        because = ", ".join(setting[:-1]) + " and " + setting[-1]
    else:
        because = setting[0] if setting else "nothing was measured"
    return {"level": level, "reason": f"{level.capitalize()} confidence because {because}.",
            "criteria": criteria, "rules": list(RULES)}
