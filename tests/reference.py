"""Independent references for tests: pyAgrum's LazyPropagation, brute-force enumeration."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping

import numpy as np

from forecast.cpt import Table
from forecast.domain.network import Network, Node


def to_pyagrum(network: Network):
    import pyagrum as gum

    bn = gum.BayesNet(network.id)
    for name, node in network.nodes.items():
        bn.add(gum.LabelizedVariable(name, name, list(node.states)))
    for name, node in network.nodes.items():
        for parent in node.parents:
            bn.addArc(parent, name)
    for node in network.nodes.values():
        fill_pyagrum_cpt(bn, node)
    return bn


def fill_pyagrum_cpt(bn, node: Node, table: np.ndarray | None = None) -> None:
    """Write a CPT into pyAgrum, whatever its internal variable order."""
    table = node.cpt if table is None else table
    potential = bn.cpt(node.name)
    names = list(potential.names)  # pyAgrum order: the last varies slowest
    # our axes: (*parents, node); pyAgrum's toarray axes are names reversed
    axes = [*node.parents, node.name]
    order = [axes.index(n) for n in reversed(names)]
    potential.fillWith(np.transpose(table, order).reshape(-1).tolist())


def pyagrum_posteriors(network: Network, targets, evidence: Mapping[str, np.ndarray], bn=None):
    import pyagrum as gum

    bn = bn if bn is not None else to_pyagrum(network)
    engine = gum.LazyPropagation(bn)
    engine.setEvidence({k: [float(x) for x in v] for k, v in evidence.items()})
    engine.makeInference()
    return {t: np.asarray(engine.posterior(t).toarray(), dtype=float) for t in targets}


def brute_force(network: Network, targets, evidence: Mapping[str, np.ndarray]):
    """Enumerate the full joint: only for tiny networks."""
    names = network.names
    cards = [network[n].card for n in names]
    out = {t: np.zeros(network[t].card) for t in targets}
    for combo in itertools.product(*[range(c) for c in cards]):
        value = dict(zip(names, combo, strict=True))
        p = 1.0
        for n in names:
            node = network[n]
            p *= node.cpt[(*tuple(value[q] for q in node.parents), value[n])]
        for n, vector in evidence.items():
            p *= vector[value[n]]
        for t in targets:
            out[t][value[t]] += p
    return {t: v / v.sum() for t, v in out.items()}


def random_network(rng: np.random.Generator, n_nodes: int = 8, max_parents: int = 3,
                   max_card: int = 4, zeros: float = 0.0) -> Network:
    nodes: dict[str, Node] = {}
    names = [f"x{i}" for i in range(n_nodes)]
    for i, name in enumerate(names):
        k = int(rng.integers(0, min(i, max_parents) + 1))
        parents = tuple(sorted(rng.choice(names[:i], size=k, replace=False).tolist())) if k else ()
        card = int(rng.integers(2, max_card + 1))
        shape = [nodes[p].card for p in parents] + [card]
        table = rng.dirichlet(np.ones(card), size=int(np.prod(shape[:-1]))).reshape(shape)
        if zeros:
            mask = rng.random(shape) < zeros
            mask[..., 0] = False
            table = np.where(mask, 0.0, table)
            table = table / table.sum(axis=-1, keepdims=True)
        nodes[name] = Node(name, tuple(f"s{j}" for j in range(card)), parents, table, Table(table))
    return Network("random", "random", nodes, targets=(names[-1],))


def sample_evidence(rng: np.random.Generator, network: Network, k: int,
                    soft: float = 0.3) -> dict[str, np.ndarray]:
    """Evidence of positive probability: a forward sample, some findings made soft."""
    value: dict[str, int] = {}
    for name, node in network.nodes.items():
        row = node.cpt[tuple(value[p] for p in node.parents)]
        value[name] = int(rng.choice(node.card, p=row / row.sum()))
    chosen = rng.choice(network.names, size=min(k, len(network.names)), replace=False)
    evidence = {}
    for name in chosen:
        card = network[name].card
        if rng.random() < soft:
            vector = rng.uniform(0.05, 1.0, size=card)
            vector[value[name]] = 1.0
        else:
            vector = np.zeros(card)
            vector[value[name]] = 1.0
        evidence[str(name)] = vector
    return evidence


@functools.cache
def bnlearn(name: str) -> Network:
    import warnings

    from forecast.interop import from_pgmpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgmpy.utils import get_example_model

        return from_pgmpy(get_example_model(name), model_id=name, title=name)
