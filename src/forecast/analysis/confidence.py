"""Analytic confidence (ICD 203 keeps it apart from likelihood): low, moderate or high, from
five stated rules; the overall level is the weakest of them, and the reason names the rules
that set it.

- interval: the width of the asked event's 90% interval over the model's own numbers, from
  the rule's own draws (`interval_rule`: fixed draws and seed, so the verdict does not move
  with the analyst's --samples or --seed), graded with twice its Monte Carlo error added;
- sources: the share of graded findings from sources graded A or B with information graded
  1 or 2 (the letter after relays: the weakest link of a `via` chain);
- sensitivity: the largest swing of the asked event when one of the model's numbers moves
  over its credible range;
- origins: the share of the findings that come through one channel: findings sharing an
  origin, a document or a relay are one channel (`domain.integrity.channel_groups`, the
  shared-origin links plus document and relay);
- evidence: the share of the asked event's movement that comes from the evidence: how far the
  evidence moves it, against how far the model's numbers alone (priors and judgement) put it
  from an even spread over the outcome's states.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..domain.integrity import channel_keys

LEVELS = ("low", "moderate", "high")
INTERVAL = (0.20, 0.35)      # width (+ 2 errors) <= 0.20 high, <= 0.35 moderate, else low
STRONG_SOURCES = (0.5, 0.25)  # share >= 0.5 high, >= 0.25 moderate, else low
SWING = (0.10, 0.20)         # swing <= 0.10 high, <= 0.20 moderate, else low
ONE_ORIGIN = (1 / 3, 1 / 2)  # share <= 1/3 high, <= 1/2 moderate, else low
FROM_EVIDENCE = (0.5, 0.25)  # share >= 0.5 high, >= 0.25 moderate, else low

RULES = (
    f"interval: the asked event's 90% interval over the model's own numbers (the rule's own "
    f"fixed draws), widened by twice its sampling error, spans at most "
    f"{100 * INTERVAL[0]:.0f} points for high, {100 * INTERVAL[1]:.0f} for moderate",
    f"sources: at least {100 * STRONG_SOURCES[0]:.0f}% of the graded findings come from sources "
    f"graded A or B (after relays: the weakest link) with information graded 1 or 2 for high, "
    f"{100 * STRONG_SOURCES[1]:.0f}% for moderate",
    f"sensitivity: no single number of the model, moved over its 90% credible range, swings "
    f"the asked event by more than {100 * SWING[0]:.0f} points for high, "
    f"{100 * SWING[1]:.0f} for moderate",
    "origins: at most a third of the findings come through one channel (one origin, document "
    "or relay) for high, half for moderate",
    f"evidence: at least {100 * FROM_EVIDENCE[0]:.0f}% of the asked event's movement (from an "
    f"even spread over the outcomes) comes from the evidence rather than the model's own "
    f"numbers for high, {100 * FROM_EVIDENCE[1]:.0f}% for moderate",
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


def _keys(finding: Mapping[str, Any]) -> tuple[str, ...]:
    return channel_keys(finding.get("origin"), (finding.get("source") or {}).get("doc"),
                        (r["name"] for r in finding.get("via") or ()))


def channels_of(findings: Sequence[Mapping[str, Any]]) -> list[tuple[int, ...]]:
    """Findings (as JSON) grouped by shared channel keys, connected sets in evidence order."""
    parent = list(range(len(findings)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, finding in enumerate(findings):
        for key in _keys(finding):
            if key in owner:
                a, b = root(i), root(owner[key])
                parent[max(a, b)] = min(a, b)
            owner.setdefault(key, i)
    groups: dict[int, list[int]] = {}
    for i in range(len(findings)):
        groups.setdefault(root(i), []).append(i)
    return [tuple(g) for g in groups.values()]


def _common(findings: Sequence[Mapping[str, Any]], members: Sequence[int]) -> str:
    """What a channel's findings share, for the reason: the key most of them carry."""
    counts: dict[str, int] = {}
    for m in members:
        for key in _keys(findings[m]):
            counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda k: (counts[k], k)) if counts else "one channel"


def analytic_confidence(interval: Sequence[float] | None, findings: Sequence[Mapping[str, Any]],
                        swing: float | None, *, rule: Any = None,
                        channels: Sequence[Sequence[int]] | None = None,
                        evidence: Mapping[str, float] | None = None) -> dict[str, Any]:
    """{level, reason, criteria: [{name, level, value, text}], rules} from the five rules.

    `rule` is the interval rule's own interval (`interval_rule.RuleInterval`; without it the
    shown `interval` is graded as it is); `channels` the positions of findings that come
    through one channel (without it, grouped from the findings' origin, document and
    relays); `evidence` holds `with` (the event given the evidence), `without` (the model's
    numbers alone) and `even` (an even spread over the outcome's states)."""
    criteria = []
    if rule is not None:
        criteria.append({"name": "interval", "level": _at_most(rule.graded, INTERVAL),
                         "value": rule.width, "error": rule.error, "graded": rule.graded,
                         "text": f"the 90% interval over the model's own numbers spans "
                                 f"{100 * rule.width:.1f} points (\u00b1{100 * rule.error:.1f} "
                                 f"over {rule.draws} fixed draws)"})
    elif interval is not None:
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
    if findings:
        groups = [tuple(g) for g in (channels if channels is not None else channels_of(findings))]
        covered = {m for g in groups for m in g}
        groups += [(i,) for i in range(len(findings)) if i not in covered]
        largest = max(groups, key=lambda g: (len(g), -g[0]))
        count = len(largest)
        share = count / len(findings)
        shared = _common(findings, largest)
        origin = shared.split(" ", 1)[1] if " " in shared else shared
        criteria.append({"name": "origins", "level": _at_most(share, ONE_ORIGIN), "value": share,
                         "origin": origin, "channels": len(groups),
                         "text": f"{count} of the {len(findings)} findings "
                                 f"{'comes' if count == 1 else 'come'} through one channel "
                                 f"({origin})"})
    if evidence is not None:
        moved = abs(evidence["with"] - evidence["without"])
        assumed = abs(evidence["without"] - evidence["even"])
        if moved + assumed > 0:
            share = moved / (moved + assumed)
            criteria.append({
                "name": "evidence", "level": _at_least(share, FROM_EVIDENCE), "value": share,
                "evidence_points": moved, "model_points": assumed,
                "text": f"the evidence moves the asked event {100 * moved:.1f} points, while the "
                        f"model's own numbers put it {100 * assumed:.1f} points from an even "
                        f"spread: {100 * share:.0f}% of its movement comes from evidence"})
    level = min((c["level"] for c in criteria), key=LEVELS.index, default="low")
    setting = [c["text"] for c in criteria if c["level"] == level]
    if len(setting) > 1:
        because = ", ".join(setting[:-1]) + " and " + setting[-1]
    else:
        because = setting[0] if setting else "nothing was measured"
    names = [c["name"] for c in criteria]
    rules = [r for r in RULES if r.split(":", 1)[0] in names]
    return {"level": level, "reason": f"{level.capitalize()} confidence because {because}.",
            "criteria": criteria,
            "rules": [*rules, f"overall: the weakest of the {len(rules)}"]}
