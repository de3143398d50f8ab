"""Root priors as a scenario or an overlay writes them: {node: distribution}, checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..domain.network import Network
from .distributions import Report, distribution


def root_priors(written: Mapping[str, Any], network: Network, report: Report,
                hint: str = "") -> dict[str, np.ndarray]:
    """The vectors of the `priors:` section; unknown nodes, non-roots and bad rows reported."""
    priors = {}
    for node, given in written.items():
        loc = ("priors", node)
        if node not in network:
            report(f"prior for unknown node {node!r}; root nodes are {', '.join(network.roots())}",
                   loc)
        elif network[node].parents:
            report(f"prior for {node!r}, which has parents; priors can be set on root nodes "
                   f"only ({', '.join(network.roots())}){hint}", loc)
        else:
            vector = distribution(given, network[node].states, loc, report, f"prior of {node!r}")
            if vector is not None:
                priors[node] = vector
    return priors
