"""The adjustments in force for one run: the scenario's priors, each --set, and the analysts'
overlays (one network per analyst), pooled when there are several; and how they are named
in every output."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..domain.adjustment import Adjustment, AnalystNumbers, ScenarioPrior, SetOverride
from ..domain.network import Network
from ..domain.numbers import distribution as rounded
from ..domain.numbers import stable
from ..domain.overlay import Overlay
from ..errors import UserError
from ..spec.load import LoadedScenario

AnalystInput = Path | str | Overlay


@dataclass(frozen=True)
class Team:
    """The networks one run answers: the adjusted model alone, or one per analyst."""

    base: Network                 # the model with the scenario's priors and every --set
    priors: Mapping[str, Any]     # the `priors` JSON: scenario priors and --set, as applied
    sets: Sequence[str]
    overlays: tuple[Overlay, ...]
    method: str
    weights: Mapping[str, float]
    networks: Mapping[str, Network]  # analyst -> network ("" -> base when there is none)

    def single(self, what: str) -> Network:
        """The one network an analysis runs on; several analysts are refused with a reason."""
        if len(self.overlays) > 1:
            names = ", ".join(o.analyst for o in self.overlays)
            raise UserError(f"{what} runs on one analyst's numbers; a pool of {names} is not a "
                            "network. Give one --analyst at a time")
        return next(iter(self.networks.values()))

    def combine(self, per_analyst: Mapping[str, Mapping[str, np.ndarray]]
                ) -> dict[str, np.ndarray]:
        """The posteriors to report: the one analyst's, or the pool of several."""
        if len(per_analyst) == 1:
            return dict(next(iter(per_analyst.values())))
        from ..analysis.pooling import pool_all

        return pool_all(per_analyst, self.weights, self.method)

    def to_json(self, per_analyst: Mapping[str, Mapping[str, np.ndarray]]) -> dict[str, Any]:
        """`adjustments` always; `analysts` with any overlay; `pool` and `spread` with several."""
        out: dict[str, Any] = {"adjustments": [a.to_json() for a in self.adjustments()]}
        if not self.overlays:
            return out
        out["analysts"] = {name: {node: rounded(self.base[node].states, p) for node, p in post.items()}
                           for name, post in per_analyst.items()}
        if len(self.overlays) > 1:
            from ..analysis.pooling import spread

            out["pool"] = {"method": self.method,
                           "weights": {n: stable(w) for n, w in self.weights.items()}}
            out["spread"] = {node: rounded(self.base[node].states, s)
                             for node, s in spread(per_analyst).items()}
        return out

    def adjustments(self) -> tuple[Adjustment, ...]:
        """Every adjustment in force, in the order applied: scenario priors, overlays, --set."""
        return (*(ScenarioPrior(node, a["p"]) for node, a in self.priors.items()
                  if a["from"] == "scenario"),
                *(AnalystNumbers.of(o) for o in self.overlays),
                *(SetOverride(text) for text in self.sets))


def build_team(loaded: LoadedScenario, base: Network, priors: Mapping[str, Any],
               sets: Sequence[str], analysts: Sequence[AnalystInput] = (),
               pool: str | None = None, weights: str | Mapping[str, float] | None = None) -> Team:
    """Load and check the overlays against the scenario's model; check --pool and --weights."""
    from ..analysis.pooling import METHODS, normalise_weights
    from ..spec.build_overlay import load_overlay

    overlays = tuple(a if isinstance(a, Overlay) else load_overlay(a, loaded.model)
                     for a in analysts)
    names = [o.analyst for o in overlays]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise UserError(f"analyst {repeated[0]!r} is named by more than one --analyst file; "
                        "each overlay needs its own `analyst:` name")
    method = pool or "linear"
    if method not in METHODS:
        raise UserError(f"--pool {method!r}: use linear or log")
    given = parse_weights(weights) if isinstance(weights, str) else weights
    if given and len(overlays) < 2:
        raise UserError("--weights weighs several analysts; give two or more --analyst files")
    return Team(base, priors, tuple(sets), overlays, method,
                normalise_weights(names, given) if len(overlays) > 1 else {},
                analyst_networks(base, priors, overlays))


def analyst_networks(base: Network, priors: Mapping[str, Any],
                     overlays: Sequence[Overlay]) -> dict[str, Network]:
    """Analyst -> network. Each --set is applied over the overlay, since it is for this run;
    its vector was completed against the scenario's prior (the same for every analyst)."""
    if not overlays:
        return {"": base}
    set_only = Overlay("--set", priors={n: base[n].cpt for n, a in priors.items()
                                        if a["from"] == "--set"})
    return {o.analyst: set_only.apply(o.apply(base)) for o in overlays}


def parse_weights(text: str) -> dict[str, float]:
    """`NAME=W,NAME=W` -> {name: w}."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = (x.strip() for x in part.partition("="))
        try:
            weight = float(value) if sep and name else None
        except ValueError:
            weight = None
        if weight is None:
            raise UserError(f"--weights {text!r}: write NAME=W[,NAME=W...], e.g. "
                            "--weights analyst_a=2,analyst_b=1")
        if name in weights:
            raise UserError(f"--weights {text!r}: {name!r} given twice; give it once")
        weights[name] = weight
    return weights
