"""Moving networks between forecast and pgmpy (and, through pgmpy, the standard file formats)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from .cpt import Table
from .domain.network import Network, Node, topological_order

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_]+")


def identifier(name: object) -> str:
    """A name made safe: runs of other characters become `_`; a leading digit gets `_`."""
    text = _NOT_ALLOWED.sub("_", str(name)) or "_"
    return f"_{text}" if text[0].isdigit() else text


def unique_identifiers(names: Iterable[object]) -> dict[object, str]:
    """Map names to identifiers, suffixing `_2`, `_3` where two would collide."""
    out: dict[object, str] = {}
    used: set[str] = set()
    for name in names:
        base = identifier(name)
        candidate, k = base, 2
        while candidate in used:
            candidate, k = f"{base}_{k}", k + 1
        used.add(candidate)
        out[name] = candidate
    return out


def from_pgmpy(model, model_id: str = "imported", title: str = "Imported network") -> Network:
    """A Network from a pgmpy DiscreteBayesianNetwork; original names kept as labels."""
    cpds = {cpd.variable: cpd for cpd in model.get_cpds()}
    names = unique_identifiers(sorted(cpds, key=str))
    parents = {v: list(cpds[v].variables[1:]) for v in cpds}
    order, cyclic = topological_order({v: parents[v] for v in sorted(cpds, key=str)})
    if cyclic:
        raise ValueError(f"the network has a cycle through {cyclic}")
    nodes: dict[str, Node] = {}
    for variable in order:
        cpd = cpds[variable]
        states = cpd.state_names[variable]
        state_ids = list(unique_identifiers(states).values())
        own = parents[variable]
        cards = [len(cpd.state_names[p]) for p in own]
        values = np.asarray(cpd.get_values(), dtype=float)  # (card, prod parent cards)
        table = values.T.reshape(*cards, len(states))
        table = table / table.sum(axis=-1, keepdims=True)
        meta = {"label": str(variable), "state_labels": [str(s) for s in states]}
        nodes[names[variable]] = Node(
            name=names[variable], states=tuple(state_ids), parents=tuple(names[p] for p in own),
            cpt=table, form=Table(table), meta=meta)
    return Network(id=model_id, title=title, nodes=nodes, targets=(names[order[-1]],))
