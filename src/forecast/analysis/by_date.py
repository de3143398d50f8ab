"""Probability by date: the chance that a windowed outcome reaches each level by each date
from as_of to the horizon, under the model's hazard profile and under alternatives.

Each date d is its own snapshot: the windowed rows converted with the share of the
window's hazard from as_of to d (and the quiet days, if any, with their share under the
same profile), then the evidence applied, all dates answered in one batched contraction.
So the curve at the horizon is exactly what `forecast run` reports, and at every date the
law of total probability holds as it does for the run. The alternatives (constant, rising,
front-loaded) show how much of the answer the profile's shape carries: the evidence, the
written numbers and the days are the same, only the shape of the hazard differs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..domain.network import Network
from ..domain.numbers import freeze_fields, stable_array
from ..domain.timing import quiet_node_name, time_of
from ..domain.window import Hazard, convert, hazard_share, quiet_likelihood
from ..engine import compiled
from ..engine.cost import check_cost

MAX_DATES = 400  # dates answered per profile (a longer span is stepped)
STEEPER = 3.0    # how much more hazard the alternatives put on one half of the window


def alternative_hazards(start: dt.date, elicited_days: float) -> dict[str, Hazard]:
    """The shapes the brief and the horizon chart compare the model's against: constant,
    rising (STEEPER times the hazard in the window's second half) and front-loaded (in its
    first half)."""
    middle = start + dt.timedelta(days=round(elicited_days / 2))
    return {"constant": Hazard(),
            "rising": Hazard(((start, 1.0), (middle, STEEPER))),
            "front-loaded": Hazard(((start, STEEPER), (middle, 1.0)))}


def profiles(network: Network, node: str) -> dict[str, Hazard]:
    """The model's own profile first ("model"), then the alternatives that differ from it."""
    time = time_of(network)
    window = time.windows[node]
    own = Hazard.of(time.elicited[node].meta.get("hazard"))
    out = {"model": own}
    for name, hazard in alternative_hazards(window.start, window.elicited_days).items():
        if not (name == "constant" and own.constant):
            out[name] = hazard
    return out


@dataclass(frozen=True)
class DateCurves:
    """P(the node reaches each level above the first by as_of + day), per profile."""

    node: str
    levels: tuple[str, ...]
    days: tuple[int, ...]
    curves: Mapping[str, np.ndarray]   # profile -> (len(days), len(levels))
    descriptions: Mapping[str, str]

    def __post_init__(self) -> None:
        freeze_fields(self, "curves", "descriptions")

    def at_horizon(self, profile: str, states: tuple[str, ...]) -> float:
        """P(the highest level reached by the horizon is one of `states`; a state that is no
        level is the first, nothing happened), from the curves."""
        first, *levels = distribution_of(self.curves[profile][-1])
        by_level = dict(zip(self.levels, levels, strict=True))
        return float(sum(by_level.get(s, first) for s in states))

    def to_json(self) -> dict[str, Any]:
        return {"node": self.node, "levels": list(self.levels), "days": list(self.days),
                "profiles": {name: {"description": self.descriptions[name],
                                    "reached": stable_array(c).tolist()}
                             for name, c in self.curves.items()}}


def distribution_of(reached: np.ndarray) -> np.ndarray:
    """The distribution over (first state, levels...) from P(>= k) for every level k."""
    upper = np.concatenate([[1.0], reached, [0.0]])
    return np.clip(upper[:-1] - upper[1:], 0.0, 1.0)


def describe(name: str, hazard: Hazard) -> str:
    if name == "model":
        if hazard.constant:
            return "the model's: constant"
        steps = ", ".join(f"x{w:g} from {d.isoformat()}" for d, w in hazard.steps)
        return f"the model's: {steps}"
    return {"constant": "constant",
            "rising": f"rising: x{STEEPER:g} in the window's second half",
            "front-loaded": f"front-loaded: x{STEEPER:g} in the window's first half"}[name]


def by_date(network: Network, node: str, evidence: Mapping[str, np.ndarray],
            as_of: dt.date, remaining_days: int) -> DateCurves:
    """The curves of `node` on a network converted to its snapshot, under every profile."""
    time = time_of(network)
    if time is None or node not in time.elicited:
        raise ValueError(f"{node} is not a windowed node of a converted network")
    step = max(1, -(-remaining_days // MAX_DATES))
    days = list(range(0, remaining_days + 1, step))
    if days[-1] != remaining_days:
        days.append(remaining_days)
    written = time.elicited[node]
    window = time.windows[node]
    check_cost(len(days) * written.cpt.size, 3 * len(days) * written.cpt.size, 0.0,
               f"the probability by date of {node} ({len(days)} dates)")
    curves, descriptions = {}, {}
    for name, hazard in profiles(network, node).items():
        shares = np.array([hazard_share(hazard, window.start, window.elicited_days, as_of,
                                        as_of + dt.timedelta(days=d)) for d in days])
        shape = (len(days), *([1] * (written.cpt.ndim - 1)))
        cpts = {node: convert(written.cpt[None], shares.reshape(shape))}
        if window.quiet_share is not None:
            g = hazard_share(hazard, window.start, window.elicited_days, window.quiet_since,
                             as_of)
            q = quiet_likelihood(written.cpt, g)
            cpts[quiet_node_name(node)] = np.stack([q, 1.0 - q], -1)
        posterior = compiled.posteriors(network, [node], evidence, cpts=cpts)[node]
        at_least = np.cumsum(posterior[..., ::-1], axis=-1)[..., ::-1][..., 1:]
        curves[name] = np.clip(at_least, 0.0, 1.0)
        descriptions[name] = describe(name, hazard)
    return DateCurves(node, tuple(written.states[1:]), tuple(days), curves, descriptions)
