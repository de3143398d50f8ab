"""One node's probabilities as printed: whole percents that add up to 100.

Each value is rounded to whole percent by the largest-remainder rule (floor every value,
then give the points left over to the largest remainders, ties to the earlier state), so
the printed numbers of one node add up to 100. A value below 1% prints "<1%" and one above
99% prints ">99%" (they and exact 0% / 100% take their own share out of the 100 first).
The words of each value come from what is printed, as everywhere else (`language`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..domain.numbers import stable
from ..language import OFF_SCALE_MARK, estimate

LOW, HIGH = 0.01, 0.99


def printed_shares(values: Sequence[float]) -> list[tuple[str, float]]:
    """Each value's printed text and the probability its words are read from: '<1%' (the
    value itself), '>99%' (the value), or 'k%' (k / 100)."""
    clipped = [min(max(stable(float(v)), 0.0), 1.0) for v in values]
    ends = [i for i, p in enumerate(clipped) if 0.0 < p < LOW or HIGH < p < 1.0]
    whole = [i for i in range(len(clipped)) if i not in ends]
    total = 100 - round(100 * sum(clipped[i] for i in ends))
    exact = {i: 100 * clipped[i] for i in whole}
    floors = {i: math.floor(x + 1e-9) for i, x in exact.items()}
    left = max(0, min(len(whole), total - sum(floors.values())))
    order = sorted(whole, key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    out = []
    for i, p in enumerate(clipped):
        if i in floors:
            out.append((f"{floors[i]}%", floors[i] / 100))
        else:
            out.append(("<1%" if p < LOW else ">99%", p))
    return out


def node_said(dist: Mapping[str, float], yardstick: str) -> dict[str, str]:
    """Per state '73% likely': printed by `printed_shares`, worded from what is printed (a
    dagger marks a value outside ICD 203's calibrated scale)."""
    states = list(dist)
    shares = printed_shares([dist[s] for s in states])
    return {s: f"{text}{mark(value, yardstick)} {_words(value, yardstick)}"
            for s, (text, value) in zip(states, shares, strict=True)}


def node_judged(dist: Mapping[str, float], yardstick: str) -> dict[str, str]:
    """Per state 'likely (73%)', the form prose uses."""
    states = list(dist)
    shares = printed_shares([dist[s] for s in states])
    return {s: f"{_words(value, yardstick)} ({text}{mark(value, yardstick)})"
            for s, (text, value) in zip(states, shares, strict=True)}


def node_percent(dist: Mapping[str, float]) -> dict[str, str]:
    """Per state the printed percentage alone."""
    states = list(dist)
    return {s: text for s, (text, _) in zip(states, printed_shares([dist[s] for s in states]),
                                            strict=True)}


def _words(p: float, yardstick: str) -> str:
    return estimate(p, yardstick).words


def mark(p: float, yardstick: str) -> str:
    """A dagger where `p` lies outside ICD 203's calibrated scale."""
    return OFF_SCALE_MARK if estimate(p, yardstick).off_scale else ""


def event_share(dist: Mapping[str, float], states: Sequence[str]) -> float:
    """The probability of an event (some of one node's states) as the node's table prints
    it: the sum of its states' printed whole percents, so the bottom line and the outcome
    table agree; the unrounded sum when a state prints '<1%' or '>99%'."""
    order = list(dist)
    shares = dict(zip(order, printed_shares([dist[s] for s in order]), strict=True))
    if any(not shares[s][0][0].isdigit() for s in states):
        return sum(float(dist[s]) for s in states)
    return sum(shares[s][1] for s in states)
