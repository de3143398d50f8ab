"""A network as read from a file, before names are mapped, and its conversion to a Network."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..cpt import Table
from ..domain.network import Network, Node, find_cycle, topological_order
from ..limits import network_problem, states_problem, table_problem
from .names import identifier, unique_identifiers

ROW_TOLERANCE = 1e-6  # every row is renormalised; one further than this from 1 gets a warning


# --- a network as read from a file, before names are mapped ---------------------------------

@dataclass
class RawVariable:
    name: str
    states: list[str]
    parents: list[str] = field(default_factory=list)
    table: np.ndarray | None = None  # (*parent cards, card), rows over the node's states
    label: str | None = None


@dataclass
class RawNetwork:
    name: str | None
    variables: dict[str, RawVariable]
    warnings: list[str] = field(default_factory=list)


class ParseError(Exception):
    """A problem in the file at a known place; turned into a UserError naming the file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def check_declared(name: str, cards: list[int], card: int, line: int | None = None) -> None:
    """Refuse, before anything is allocated, a variable whose declared states or table exceed
    the limits (forecast.limits)."""
    problem = (states_problem(card, f"variable {name!r}")
               or table_problem(math.prod(cards) * card, f"the table of {name!r}"))
    if problem:
        raise ParseError(problem, line)


def check_numbers(table: np.ndarray, what: str, line: int | None = None) -> None:
    """Refuse NaN, infinities and negative numbers, saying which."""
    if np.all(np.isfinite(table)) and not np.any(table < 0):
        return
    if np.any(np.isnan(table)):
        found = "NaN (not a number)"
    elif np.any(np.isinf(table)):
        found = "an infinite number"
    else:
        found = f"a negative number ({float(table[table < 0].flat[0]):g})"
    raise ParseError(f"{what} holds {found}; probabilities must be finite numbers in [0, 1]", line)


def _check_raw(raw: RawNetwork) -> None:
    if not raw.variables:
        raise ParseError("it defines no variables")
    total = 0
    for var in raw.variables.values():
        if len(var.states) < 2:
            raise ParseError(f"variable {var.name!r} has {len(var.states)} state(s); a forecast "
                             "node needs at least two")
        if len(set(var.states)) != len(var.states):
            raise ParseError(f"variable {var.name!r} lists a state twice")
        for p in var.parents:
            if p not in raw.variables:
                raise ParseError(f"variable {var.name!r} has an undefined parent {p!r}")
        if len(set(var.parents)) != len(var.parents):
            raise ParseError(f"variable {var.name!r} lists a parent twice")
        if var.table is None:
            raise ParseError(f"variable {var.name!r} has no probability table")
        shape = (*(len(raw.variables[p].states) for p in var.parents), len(var.states))
        check_declared(var.name, list(shape[:-1]), shape[-1])
        total += math.prod(shape)
        if var.table.shape != shape:
            raise ParseError(f"the table of {var.name!r} has {var.table.size} numbers; its "
                             f"{len(var.parents)} parents and {len(var.states)} states need "
                             f"{math.prod(shape)}")
    problem = network_problem(total)
    if problem:
        raise ParseError(problem)
    parents = {n: v.parents for n, v in raw.variables.items()}
    _, cyclic = topological_order(parents)
    if cyclic:
        cycle = find_cycle(parents, cyclic)
        raise ParseError(f"the parents form a cycle: {' -> '.join(cycle)}")


def raw_to_network(raw: RawNetwork, model_id: str = "imported",
                   title: str = "Imported network") -> Network:
    """Names mapped to identifiers, rows checked, nodes in a topological order."""
    names = unique_identifiers(raw.variables)
    order, _ = topological_order({n: v.parents for n, v in raw.variables.items()})
    nodes: dict[str, Node] = {}
    for original in order:
        var = raw.variables[original]
        states = tuple(unique_identifiers(var.states).values())
        table = _normalised(np.asarray(var.table, dtype=float), names[original], raw.warnings)
        meta: dict[str, Any] = {}
        if var.label and var.label != names[original]:
            meta["label"] = var.label
        elif original != names[original]:
            meta["label"] = original
        if var.label and original != names[original] and var.label != original:
            meta["description"] = f"Named {original!r} in the imported file."
        if any(s != t for s, t in zip(var.states, states, strict=True)):
            meta["state_labels"] = list(var.states)
        name = names[original]
        nodes[name] = Node(name=name, states=states, parents=tuple(names[p] for p in var.parents),
                           cpt=table, form=Table(table), meta=meta)
    targets = (names[order[-1]],)
    return Network(id=identifier(model_id), title=title, nodes=nodes, targets=targets)


def _normalised(table: np.ndarray, name: str, notes: list[str]) -> np.ndarray:
    check_numbers(table, f"the table of {name!r}")
    sums = table.sum(axis=-1, keepdims=True)
    zero = sums[..., 0] <= 0
    if np.any(zero):
        notes.append(f"{name}: {int(zero.sum())} row(s) of zeros replaced by uniform rows")
        table = np.where(zero[..., None], 1.0, table)
        sums = table.sum(axis=-1, keepdims=True)
    off = np.abs(sums - 1.0) > ROW_TOLERANCE
    if np.any(off):
        worst = float(np.max(np.abs(sums - 1.0)))
        notes.append(f"{name}: {int(off.sum())} row(s) renormalised (off by up to {worst:.3g})")
    return table / sums


def from_pgmpy(model, model_id: str = "imported", title: str = "Imported network") -> Network:
    """A Network from a pgmpy DiscreteBayesianNetwork; original names kept as labels."""
    return raw_to_network(_raw_from_pgmpy_cpds(model.get_cpds()), model_id, title)


def _raw_from_pgmpy_cpds(cpds) -> RawNetwork:
    variables: dict[str, RawVariable] = {}
    for cpd in sorted(cpds, key=lambda c: str(c.variable)):
        var = cpd.variable
        parents = list(cpd.variables[1:])
        states = [str(s) for s in cpd.state_names[var]]
        cards = [len(cpd.state_names[p]) for p in parents]
        values = np.asarray(cpd.get_values(), dtype=float)  # (card, prod parent cards)
        table = values.T.reshape(*cards, len(states))
        variables[str(var)] = RawVariable(str(var), states, [str(p) for p in parents], table)
    return RawNetwork(None, variables)
