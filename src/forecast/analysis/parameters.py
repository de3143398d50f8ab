"""The parameters an analyst wrote, one at a time, and the CPTs that values of them imply.

A probability parameter moved to x scales the other entries of its distribution in
proportion, so it still sums to 1 (proportional co-variation). Every CPT built this way
is linear in x. `build_tables` builds the CPTs of many parameters of one node, at many
values, in one vectorised call. Each parameter form (cpt/) knows its own parameters and
tables; this module only asks it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from ..cpt import form_of
from ..cpt.parameters import Parameter, covary
from ..domain.network import Network, Node

__all__ = ["Parameter", "build_tables", "covary", "node_parameters", "parameters"]


def parameters(network: Network) -> Iterator[Parameter]:
    """Every parameter of every node, in model order."""
    for node in network.nodes.values():
        yield from node_parameters(network, node)


def node_parameters(network: Network, node: Node) -> Iterator[Parameter]:
    """The parameters the analyst wrote for one node."""
    return form_of(node).parameters(node, [network[p].states for p in node.parents])


def build_tables(node: Node, params: Sequence[Parameter], values: np.ndarray) -> np.ndarray:
    """CPTs of `node` with parameter p set to each of values[p]: shape (P, V, *cpt shape).
    The form declares what it would build, and the cost guard judges it, first."""
    values = np.asarray(values, dtype=float)
    n_params, n_values = values.shape
    form = form_of(node)
    form.allocation(node, "tables", n_params * n_values).check()
    tables = form.tables(node, params, values)
    return tables.reshape(n_params, n_values, *node.cpt.shape)
