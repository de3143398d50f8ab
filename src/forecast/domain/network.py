"""A discrete Bayesian network as plain data: nodes in topological order, each with its CPT."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Node:
    """One variable. `cpt` has shape (*parent cardinalities, own cardinality); rows sum to 1.

    `form` keeps the parameters the analyst wrote (table, noisy_max, ranked), which
    sensitivity and uncertainty analyses vary; `meta` keeps label, description, sources.
    """

    name: str
    states: tuple[str, ...]
    parents: tuple[str, ...]
    cpt: np.ndarray
    form: Any = None
    confidence: float = 20.0
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # read-only to every reader (a view: no copy of a large table), so that no use of a
        # loaded model can change what later analyses of it compute
        if isinstance(self.cpt, np.ndarray) and self.cpt.flags.writeable:
            view = self.cpt.view()
            view.setflags(write=False)
            object.__setattr__(self, "cpt", view)

    @property
    def card(self) -> int:
        return len(self.states)

    @property
    def label(self) -> str:
        return str(self.meta.get("label") or self.name)

    def index(self, state: str) -> int:
        return self.states.index(state)


@dataclass(frozen=True)
class Network:
    """Nodes keyed by name, in a topological order (parents before children)."""

    id: str
    title: str
    nodes: Mapping[str, Node]
    targets: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", MappingProxyType(dict(self.nodes)))

    def __getitem__(self, name: str) -> Node:
        return self.nodes[name]

    def __contains__(self, name: object) -> bool:
        return name in self.nodes

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.nodes)

    def roots(self) -> tuple[str, ...]:
        return tuple(n for n, node in self.nodes.items() if not node.parents)

    def children(self, name: str) -> tuple[str, ...]:
        return tuple(n for n, node in self.nodes.items() if name in node.parents)

    def ancestors(self, names: Iterable[str]) -> set[str]:
        """The given nodes and all their ancestors."""
        seen: set[str] = set()
        stack = list(names)
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(self.nodes[name].parents)
        return seen

    def with_cpts(self, cpts: Mapping[str, np.ndarray]) -> Network:
        """A copy with some CPTs replaced (for priors set by the analyst)."""
        nodes = {n: replace(node, cpt=cpts[n]) if n in cpts else node for n, node in self.nodes.items()}
        return replace(self, nodes=nodes)


def topological_order(parents: Mapping[str, Iterable[str]]) -> tuple[list[str], list[str]]:
    """Kahn's order keeping the written order among ready nodes; returns (order, nodes on cycles)."""
    remaining = {n: set(ps) for n, ps in parents.items()}
    position = {n: i for i, n in enumerate(parents)}
    children: dict[str, list[str]] = {}
    for m, ps in remaining.items():
        for p in ps:
            children.setdefault(p, []).append(m)
    order: list[str] = []
    ready = deque(n for n in parents if not remaining[n])
    while ready:
        n = ready.popleft()
        order.append(n)
        for m in sorted(children.get(n, ()), key=position.__getitem__):
            remaining[m].discard(n)
            if not remaining[m]:
                ready.append(m)
    done = set(order)
    cyclic = [n for n in parents if n not in done]
    return order, cyclic


def find_cycle(parents: Mapping[str, Iterable[str]], among: Iterable[str]) -> list[str]:
    """One directed cycle among `among`, as a list of names ending where it starts.

    Iterative depth-first search, so a cycle through thousands of nodes cannot overflow
    the interpreter's stack.
    """
    among = set(among)
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for start in sorted(among):
        if start in state:
            continue
        path: list[str] = [start]
        iterators = [iter([p for p in parents[start] if p in among])]
        state[start] = 1
        while iterators:
            step = next(iterators[-1], None)
            if step is None:
                state[path.pop()] = 2
                iterators.pop()
            elif state.get(step) == 1:
                cycle = [*path[path.index(step):], step]
                return list(reversed(cycle))
            elif step not in state:
                state[step] = 1
                path.append(step)
                iterators.append(iter([p for p in parents[step] if p in among]))
    return []
