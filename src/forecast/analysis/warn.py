"""Warning capacity: how far the observable indicators could move the asked event.

Over the observable indicators that carry no evidence, every combination of observations
(each indicator unobserved, or seen in one of its states, entered as certain) is a cell of
one table: the joint P(target, indicators | evidence) is contracted once, and each indicator
axis gains one more index, "not observed", holding the sum over its states. The event's
probability in every cell then gives, exactly and by enumeration (no cell is skipped):

- the highest and lowest probability any combination of observations reaches;
- for each estimative band above and below today's, the smallest sets of observations that
  get there (a set reaches a band above when its printed probability's words are that band's
  or higher), or none.

The table has prod(states + 1) cells; it is costed by the one guard (engine/cost.py) before
anything is allocated. With a window, each cell's target is converted as every command
reports it (see voi's docstring): the words compared are the ones the analyst would print.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..domain.network import Network
from ..domain.numbers import stable as _r
from ..domain.window import Window, convert
from ..engine import compiled
from ..engine.cost import check_cost
from ..language import estimate

MAX_SETS_LISTED = 10  # smallest sets listed per band; the count says how many there are
TIE = 1e-12  # cells this close to the extreme reach it (round-off of the contraction)


@dataclass(frozen=True)
class Reach:
    """One combination of observations and the event's probability under it."""

    probability: float
    observations: Mapping[str, str]  # node -> state observed

    def to_json(self) -> dict[str, Any]:
        return {"probability": _r(self.probability), "observations": dict(self.observations)}


@dataclass(frozen=True)
class BandReach:
    """Whether any combination of observations gets the event into `words` (a band above
    today's: that band or higher; below: that band or lower), and the smallest sets that do."""

    words: str
    direction: str  # above | below
    size: int | None  # observations in each smallest set; None: no combination gets there
    sets: tuple[Reach, ...]  # the smallest sets, at most MAX_SETS_LISTED, most extreme first
    count: int  # how many smallest sets there are

    @property
    def reached(self) -> bool:
        return self.size is not None

    def to_json(self) -> dict[str, Any]:
        return {"words": self.words, "direction": self.direction, "reached": self.reached,
                "smallest_size": self.size, "smallest_sets": [s.to_json() for s in self.sets],
                "smallest_sets_count": self.count}


@dataclass(frozen=True)
class WarningCapacity:
    """How far observing the free observable indicators could move P(target = state)."""

    target: str
    state: str  # the event's state, or its states joined by " or "
    yardstick: str
    now: float
    indicators: tuple[str, ...]
    combinations: int  # cells enumerated (every indicator unobserved or in one state)
    impossible: int  # combinations the evidence rules out
    highest: Reach
    lowest: Reach
    bands: tuple[BandReach, ...]
    states: tuple[str, ...] = ()  # the event's states

    @property
    def words_now(self) -> str:
        return estimate(self.now, self.yardstick).words

    def reaches(self, words: str) -> bool | None:
        """Whether a band named `words` is reached (None: not a band above or below today's)."""
        return next((b.reached for b in self.bands if b.words == words), None)

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "state": self.state, "states": list(self.states),
                "yardstick": self.yardstick,
                "now": _r(self.now), "words_now": self.words_now,
                "indicators": list(self.indicators), "combinations": self.combinations,
                "impossible_combinations": self.impossible,
                "highest": {**self.highest.to_json(),
                            "words": estimate(self.highest.probability, self.yardstick).words},
                "lowest": {**self.lowest.to_json(),
                           "words": estimate(self.lowest.probability, self.yardstick).words},
                "bands": [b.to_json() for b in self.bands]}


def free_indicators(network: Network, evidence: Mapping[str, np.ndarray], target: str
                    ) -> list[str]:
    """The observable nodes without evidence (the target aside), in model order."""
    return [n for n in network.names
            if n != target and network[n].meta.get("observable") and n not in evidence]


def warning_capacity(network: Network, evidence: Mapping[str, np.ndarray], target: str,
                     state: str | Sequence[str], window: Window | None = None,
                     yardstick: str = "icd203", indicators: Sequence[str] | None = None
                     ) -> WarningCapacity:
    """The extremes of P(target in the event) over every combination of observations of the
    `indicators` (default: the free observable ones), and the smallest sets that reach each
    estimative band above and below today's. The event is one state or several (any
    escalation)."""
    states = (state,) if isinstance(state, str) else tuple(state)
    names = list(free_indicators(network, evidence, target) if indicators is None else indicators)
    cards = [network[n].card for n in names]
    cells = math.prod(c + 1 for c in cards)
    card_t = network[target].card
    # the extended table, its conditional and the set sizes are alive at once
    check_cost(cells * card_t, 3 * cells * card_t + cells, cells * card_t * (len(names) + 1),
               f"the warning search over {len(names)} indicators ({cells} combinations)")
    joint = np.asarray(compiled.joint(network, (target, *names), evidence), dtype=float)
    joint = joint / joint.sum()
    for axis in range(1, len(names) + 1):  # one more index per indicator: not observed
        joint = np.concatenate([joint, joint.sum(axis=axis, keepdims=True)], axis=axis)
    mass = joint.sum(axis=0)
    possible = mass > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional = np.where(possible, joint / np.where(possible, mass, 1.0), 0.0)
    conditional = np.moveaxis(conditional, 0, -1)
    if window is not None:
        conditional = convert(conditional, window.ratio)
    p = conditional[..., [network[target].index(s) for s in states]].sum(axis=-1)
    sizes = np.zeros(p.shape, dtype=np.int64)
    for axis, card in enumerate(cards):
        shape = [1] * len(cards)
        shape[axis] = card + 1
        sizes = sizes + (np.arange(card + 1) < card).reshape(shape)
    nowhere = tuple(cards)
    now = float(p[nowhere]) if names else float(p)
    flat_p, flat_sizes, flat_possible = p.ravel(), sizes.ravel(), possible.ravel()

    def reach(index: int) -> Reach:
        cell = np.unravel_index(index, p.shape) if names else ()
        return Reach(float(flat_p[index]),
                     {n: network[n].states[k] for n, k in zip(names, cell, strict=True)
                      if k < network[n].card})

    def extreme(sign: float) -> Reach:
        value = np.where(flat_possible, sign * flat_p, -np.inf)
        best = value.max()
        ties = np.flatnonzero(value >= best - TIE)
        return reach(int(min(ties, key=lambda i: (flat_sizes[i], i))))

    ranks = rank_of(flat_p, yardstick)
    today = _rank(now, yardstick)
    bands = []
    for words, level in _levels(yardstick):
        if level == today or level != int(level):
            continue
        above = level > today
        hits = flat_possible & ((ranks >= level) if above else (ranks <= level))
        if not hits.any():
            bands.append(BandReach(words, "above" if above else "below", None, (), 0))
            continue
        size = int(flat_sizes[hits].min())
        chosen = np.flatnonzero(hits & (flat_sizes == size))
        order = sorted(chosen, key=lambda i: ((-1 if above else 1) * flat_p[i], i))
        bands.append(BandReach(words, "above" if above else "below", size,
                               tuple(reach(int(i)) for i in order[:MAX_SETS_LISTED]),
                               len(chosen)))
    # bands above today's nearest first, then bands below nearest first
    above = [b for b in bands if b.direction == "above"]
    below = [b for b in bands if b.direction == "below"][::-1]
    return WarningCapacity(target, " or ".join(states), yardstick, now, tuple(names), cells,
                           int(np.count_nonzero(~flat_possible)), extreme(1.0), extreme(-1.0),
                           (*above, *below), states)


def _rank(p: float, yardstick: str) -> float:
    """The place of p's printed words on the yardstick: band k is k, a PHIA gap between
    bands k and k + 1 is k + 0.5."""
    words = estimate(p, yardstick).words
    for text, level in _levels(yardstick):
        if text == words:
            return level
    raise ValueError(f"no level for {words!r}")  # every word of the yardstick has one


def _levels(yardstick: str) -> tuple[tuple[str, float], ...]:
    """Every word the yardstick prints, low to high, with its level."""
    from ..language import bands

    named = bands(yardstick)
    levels: list[tuple[str, float]] = []
    for k, band in enumerate(named):
        levels.append((band.words, float(k)))
        if k + 1 < len(named) and yardstick == "phia":
            levels.append((f"{band.words} / {named[k + 1].words}", k + 0.5))
    return tuple(levels)


@functools.cache
def _thresholds(yardstick: str) -> tuple[np.ndarray, np.ndarray]:
    """Where the printed words change: for each level above the lowest, the smallest float p
    whose words reach it (found by bisection on the exact rounding rule), and the levels."""
    lowest = _rank(0.0, yardstick)
    levels = sorted({level for _, level in _levels(yardstick) if level > lowest})
    starts = []
    for level in levels:
        lo, hi = 0.0, 1.0
        if _rank(hi, yardstick) < level:
            starts.append(math.inf)
            continue
        while True:
            mid = (lo + hi) / 2
            if mid in (lo, hi):
                break
            if _rank(mid, yardstick) >= level:
                hi = mid
            else:
                lo = mid
        starts.append(hi)
    return np.array(starts), np.array(levels)


def rank_of(p: np.ndarray, yardstick: str) -> np.ndarray:
    """The level of every probability's printed words (see `_rank`), vectorised."""
    starts, levels = _thresholds(yardstick)
    lowest = _rank(0.0, yardstick)
    where = np.searchsorted(starts, np.asarray(p, dtype=float), side="right")
    return np.concatenate([[lowest], levels])[where]


