"""An analyst's own numbers over a model (forecast-overlay/1), as plain data that applies to
a Network: root priors and whole parameter forms replaced, so every analysis sees them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .network import Network


@dataclass(frozen=True)
class NodeOverride:
    """A node's replacement parameter form (table, noisy_max, ranked, or a root's prior)."""

    form: Any
    confidence: float | None = None
    rationale: str | None = None
    ranges: tuple = ()  # the ranges the analyst states for these numbers (StatedRange)


@dataclass(frozen=True)
class Overlay:
    analyst: str
    date: dt.date | None = None
    rationale: str | None = None
    priors: Mapping[str, np.ndarray] = field(default_factory=dict)
    nodes: Mapping[str, NodeOverride] = field(default_factory=dict)
    file: str | None = None
    written: dt.date | None = None  # when the analyst set these numbers

    def apply(self, network: Network) -> Network:
        """The network with this analyst's priors and forms in place of the model's."""
        from ..cpt import Table

        nodes = dict(network.nodes)
        for name, vector in self.priors.items():
            # the model's ranges were stated for the model's numbers, not these
            meta = {k: v for k, v in nodes[name].meta.items() if k != "ranges"}
            nodes[name] = replace(nodes[name], cpt=vector, form=Table(vector), meta=meta)
        for name, override in self.nodes.items():
            node = nodes[name]
            meta = {k: v for k, v in node.meta.items() if k != "ranges"}
            if override.ranges:
                meta["ranges"] = override.ranges
            if override.rationale:
                meta["analyst_rationale"] = override.rationale
            nodes[name] = replace(
                node, cpt=override.form.cpt(), form=override.form, meta=meta,
                confidence=node.confidence if override.confidence is None else override.confidence)
        return replace(network, nodes=nodes)

    def describe(self) -> str:
        """`analyst_b (2022-10-12, overlays/b.yaml)`: who, when, from where."""
        facts = [str(self.date) if self.date else "undated"]
        if self.file:
            facts.append(self.file)
        return f"{self.analyst} ({', '.join(facts)})"

    def changed(self) -> list[str]:
        """The nodes whose numbers this analyst replaces, in the order written."""
        return [*self.priors, *(n for n in self.nodes if n not in self.priors)]
