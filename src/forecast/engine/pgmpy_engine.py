"""The reference engine: pgmpy's VariableElimination, with virtual evidence.

pgmpy is imported inside the functions: its import costs seconds, and only this engine
and the interop commands need it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np

from ..domain.network import Network
from ..errors import InferenceError


def _import_pgmpy() -> None:
    """Import pgmpy once, silencing its deprecation chatter (not the user's concern)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgmpy.factors.discrete
        import pgmpy.inference
        import pgmpy.models  # noqa: F401


def to_pgmpy(network: Network):
    """A pgmpy DiscreteBayesianNetwork with the same structure, states and CPTs."""
    _import_pgmpy()
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.models import DiscreteBayesianNetwork

    model = DiscreteBayesianNetwork()
    model.add_nodes_from(network.names)
    model.add_edges_from((p, n) for n, node in network.nodes.items() for p in node.parents)
    for name, node in network.nodes.items():
        parents = list(node.parents)
        values = node.cpt.reshape(-1, node.card).T
        model.add_cpds(TabularCPD(
            variable=name, variable_card=node.card, values=values,
            evidence=parents or None,
            evidence_card=[network[p].card for p in parents] or None,
            state_names={n: list(network[n].states) for n in [name, *parents]},
        ))
    return model


def posteriors(
    network: Network, targets: Sequence[str], evidence: Mapping[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    check_query_cost(network, targets, evidence)
    model = to_pgmpy(network)
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.inference import VariableElimination

    evidence = dict(evidence or {})
    hard: dict[str, str] = {}
    virtual = []
    for name, vector in evidence.items():
        node = network[name]
        if np.count_nonzero(vector) == 1:
            hard[name] = node.states[int(np.flatnonzero(vector)[0])]
        else:
            scaled = (vector / vector.sum()).reshape(-1, 1)
            virtual.append(TabularCPD(name, node.card, scaled,
                                      state_names={name: list(node.states)}))
    engine = VariableElimination(model)
    out = {}
    for target in targets:
        if target in hard:
            vector = np.zeros(network[target].card)
            vector[network[target].index(hard[target])] = 1.0
            if virtual or len(hard) > 1:
                _check_possible(engine, target, hard, virtual)
            out[target] = vector
            continue
        factor = engine.query([target], evidence=hard or None, virtual_evidence=virtual or None,
                              show_progress=False)
        values = np.asarray(
            [factor.get_value(**{target: s}) for s in network[target].states], dtype=float)
        if not np.all(np.isfinite(values)) or values.sum() <= 0:
            raise InferenceError("the evidence has probability zero under the model")
        out[target] = values / values.sum()
    return out


def _check_possible(engine, target, hard, virtual) -> None:
    others = {k: v for k, v in hard.items() if k != target}
    factor = engine.query([target], evidence=others or None, virtual_evidence=virtual or None,
                          show_progress=False)
    if factor.get_value(**{target: hard[target]}) <= 0:
        raise InferenceError("the evidence has probability zero under the model")


def check_query_cost(network: Network, targets: Sequence[str],
                     evidence: Mapping[str, np.ndarray] | None) -> None:
    """Refuse, before pgmpy allocates anything, queries the cost guard refuses for the compiled
    engine: costed by the same planner (pgmpy's own elimination order is no better), plus the
    copy of every CPT that pgmpy's model holds."""
    from .compiled import cost
    from .cost import check_cost

    copies = float(sum(node.cpt.size for node in network.nodes.values()))
    for target in targets:
        planned = cost(network, [target], evidence)
        check_cost(planned["largest_bytes"] / 8, planned["peak_bytes"] / 8 + copies,
                   planned["operations"], "exact inference with pgmpy")
