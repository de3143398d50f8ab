"""Every node's posterior from one forward and one reverse contraction (Darwiche's
differential approach): P(x, parents, e) = CPT_X * dP(e)/dCPT_X, summed over the parents.
The what-if page redraws every node after each change; one query per node would cost
one contraction per node."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..domain.network import Network
from ..engine.gradients import cpt_derivatives


def all_marginals(network: Network, evidence: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """P(X | e) for every node X, in the network's order."""
    # a likelihood of ones on every node changes nothing but makes every node relevant
    every = {name: np.ones(node.card) for name, node in network.nodes.items()}
    every.update(evidence)
    target = network.names[-1]
    derivatives = cpt_derivatives(network, target, every)
    total = float(derivatives.joint.sum())
    out = {}
    for name, node in network.nodes.items():
        family = node.cpt * derivatives.of[name].sum(axis=0)
        joint = family.reshape(-1, node.card).sum(axis=0)
        out[name] = joint / total
    return out
