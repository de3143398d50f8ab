"""Variable elimination, planned once per query structure and run as pairwise contractions.

A query (the nodes to keep, which nodes carry evidence and of what kind, which CPTs are
batched, the batch size) is planned without looking at any number:
- barren nodes go: only the ancestors of the kept and observed nodes matter;
- hard evidence (one possible state, no batch axis) is sliced into every CPT that
  mentions the node, which removes the node and cuts the graph there;
- the factors split into connected components; by Lauritzen's criterion a component
  without a kept node is d-separated from it, and only contributes a constant factor;
- each component gets a greedy elimination order (min-weight: the smallest clique first;
  when that costs more than CHEAP operations, min-fill and weighted min-fill are tried too,
  and with a batch also the orders of a single case) and from the cheapest a sequence of
  pairwise contractions that sum a variable out as soon as no other factor needs it; a
  component whose joint table is small is one einsum.
The plan knows the size of every table it will build before any is built, so a query
too large for memory is refused at once, with its cost. Plans are cached per structure.

The batch axis is a variable that is never eliminated: a batched operand simply carries it.
A pairwise contraction is a stacked matrix product (BLAS) when both sides keep variables of
their own and share some to sum; otherwise an einsum, which reads the operands in place.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import numpy as np

from ..memo import kept_while_alive

BATCH = "\x00batch"

Vars = tuple[str, ...]


class Structure:
    """What a plan depends on: names in topological order, parents and cardinalities."""

    __slots__ = ("_hash", "cards", "key", "labels", "order", "parents", "total")

    def __init__(self, names: Sequence[str], parents: Mapping[str, Vars], cards: Mapping[str, int]):
        self.order = {n: i for i, n in enumerate(names)}
        self.parents = dict(parents)
        self.cards = dict(cards)
        self.key = tuple((n, self.parents[n], self.cards[n]) for n in names)
        self._hash = hash(self.key)
        self.total = math.prod(self.cards.values())  # entries of the full joint table
        # einsum labels of every CPT (parents..., node), for networks small enough to contract
        # in one call; label 0 is the batch axis
        self.labels = ({n: [self.order[p] + 1 for p in self.parents[n]] + [self.order[n] + 1]
                        for n in names} if len(names) < 50 else None)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, Structure) and self._hash == other._hash
                                 and self.key == other.key)

    def ancestors(self, names) -> set[str]:
        seen: set[str] = set()
        stack = list(names)
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(self.parents[name])
        return seen


_STRUCTURES: dict = {}


def structure_of(network) -> Structure:
    """The structure of a Network, computed once per network object."""
    nodes = network.nodes
    return kept_while_alive(_STRUCTURES, network, "structure", lambda: Structure(
        list(nodes), {n: tuple(node.parents) for n, node in nodes.items()},
        {n: int(node.cpt.shape[-1]) for n, node in nodes.items()}))


class FactorSpec(NamedTuple):
    """A CPT sliced at the hard evidence (`node`), or a batched likelihood (`likelihood`);
    `absorbs`: the soft-evidence nodes whose likelihood vectors are multiplied into it."""

    vars: Vars
    node: str | None = None
    likelihood: str | None = None
    sliced: tuple[str | None, ...] = ()  # per CPT axis (parents..., node): the observed node or None
    absorbs: Vars = ()


class Step(NamedTuple):
    """Contract slots `a` and `b` (or sum within `a` when b < 0) into a new slot over `out`."""

    a: int
    b: int
    out: Vars
    slot: int


class Component:
    """Factors connected through shared variables; its contraction schedule is made on first use."""

    def __init__(self, factors: tuple[int, ...], factor_vars: tuple[Vars, ...],
                 sizes: Mapping[str, int], keep: frozenset[str], first_slot: int) -> None:
        self.factors = factors
        self.factor_vars = factor_vars
        self.sizes = sizes
        self.keep = keep
        self.first_slot = first_slot
        self.keeps = any(v in keep for vs in factor_vars for v in vs)  # else: a constant factor

    @cached_property
    def schedule(self) -> Schedule:
        return _schedule(self.factors, self.factor_vars, self.sizes, self.keep, self.first_slot)

    @property
    def largest(self) -> float:
        return self.schedule.largest

    @property
    def variables(self) -> Vars:
        return tuple(dict.fromkeys(v for vs in self.factor_vars for v in vs))


@dataclass(frozen=True)
class Schedule:
    steps: tuple[Step, ...]
    result: int
    result_vars: Vars
    largest: float         # elements of the largest table built
    peak: float            # elements alive at once, at most
    operations: float      # multiply-adds, roughly
    single: bool = False   # small enough for one einsum over every factor


@dataclass(frozen=True)
class Plan:
    factors: tuple[FactorSpec, ...]
    components: tuple[Component, ...]
    keep: Vars
    batch: int

    @property
    def factor_vars(self) -> list[Vars]:
        return [f.vars for f in self.factors]

    def cost(self, components: Sequence[Component] | None = None) -> tuple[float, float, float]:
        """Largest table, peak elements alive and operations of the components given (or all)."""
        chosen = self.components if components is None else components
        schedules = [c.schedule for c in chosen]
        return (max((s.largest for s in schedules), default=0.0),
                max((s.peak for s in schedules), default=0.0),
                sum(s.operations for s in schedules))


@lru_cache(maxsize=1024)
def plan(structure: Structure, keep: Vars, hard: frozenset[str], soft: frozenset[str],
         batched_evidence: frozenset[str], batched_cpts: frozenset[str], batch: int) -> Plan:
    """The factors and contraction sequence of a query; see the module docstring."""
    relevant = structure.ancestors([*keep, *hard, *soft, *batched_evidence])
    hard = frozenset(h for h in hard if h not in keep)
    factors: list[FactorSpec] = []
    for name in sorted(relevant, key=structure.order.__getitem__):
        axes = (*structure.parents[name], name)
        sliced = tuple(a if a in hard else None for a in axes)
        kept = tuple(a for a in axes if a not in hard)
        if name in batched_cpts:
            kept = (BATCH, *kept)
        factors.append(FactorSpec(kept, node=name, sliced=sliced))
    sizes = dict(structure.cards)
    sizes[BATCH] = max(batch, 1)
    factors = _absorbing(factors, soft - hard, sizes)
    for name in sorted(batched_evidence, key=structure.order.__getitem__):
        factors.append(FactorSpec((BATCH, name), likelihood=name))
    groups = _components([f.vars for f in factors])
    kept = frozenset(keep)
    components = tuple(Component(tuple(g), tuple(factors[i].vars for i in g), sizes, kept, len(factors))
                       for g in groups)
    return Plan(tuple(factors), components, keep, batch)


def _absorbing(factors: list[FactorSpec], soft: frozenset[str],
               sizes: Mapping[str, int]) -> list[FactorSpec]:
    """Each soft finding's likelihood assigned to the smallest factor over its node (the
    node's own CPT when none is smaller): any factor holding the variable gives the same
    product, and multiplying into a small one spares a pass over (and a copy of) a large
    one, such as a batched CPT of many parents under sampled parameters."""
    owner: dict[int, list[str]] = {}
    for name in sorted(soft):
        holders = [i for i, f in enumerate(factors) if name in f.vars]
        own = next(i for i in holders if factors[i].node == name)
        smallest = min(holders, key=lambda i: (size_of(factors[i].vars, sizes), i != own))
        owner.setdefault(smallest, []).append(name)
    return [f._replace(absorbs=tuple(owner[i])) if i in owner else f
            for i, f in enumerate(factors)]


def _components(factor_vars: list[Vars]) -> list[list[int]]:
    """Factors grouped by shared variables (the batch axis does not connect them)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for vs in factor_vars:
        real = [v for v in vs if v != BATCH]
        for v in real:
            parent.setdefault(v, v)
        for v in real[1:]:
            ra, rb = find(real[0]), find(v)
            if ra != rb:
                parent[rb] = ra
    groups: dict[object, list[int]] = {}
    for i, vs in enumerate(factor_vars):
        real = [v for v in vs if v != BATCH]
        key = find(real[0]) if real else ("scalar", i)
        groups.setdefault(key, []).append(i)
    return list(groups.values())


def size_of(vs, sizes: Mapping[str, int]) -> float:
    """Elements of a table over the variables `vs`."""
    out = 1.0
    for v in vs:
        out *= sizes[v]
    return out


_size = size_of


def elimination_order(factor_vars: Sequence[Vars], sizes: Mapping[str, int],
                      keep: set[str] | frozenset[str], criterion: str = "weight") -> list[str]:
    """A greedy elimination order of the variables not kept.

    `weight`: smallest clique first (then fewest neighbours); `fill`: least fill-in first
    (then smallest clique); `wfill`: least weighted fill-in (over the new edges, the product
    of their ends' cardinalities), then smallest clique."""
    logs = {v: math.log(sizes[v]) for vs in factor_vars for v in vs}
    adj: dict[str, set[str]] = {v: set() for v in logs}
    for vs in factor_vars:
        for v in vs:
            adj[v].update(vs)
    for v, nb in adj.items():
        nb.discard(v)
    weight = {v: logs[v] + sum(logs[u] for u in nb) for v, nb in adj.items()}
    eliminable = [v for v in adj if v not in keep and v != BATCH]
    by_fill = criterion != "weight"

    def score(v: str) -> tuple[float, float]:
        nb = adj[v]
        w = round(weight[v], 9)
        if not by_fill:
            return w, len(nb)
        if len(nb) > 16:
            return math.inf, w
        fill = 0.0
        seen: list[str] = []
        for u in nb:
            au = adj[u]
            for x in seen:
                if x not in au:
                    fill += sizes[u] * sizes[x] if criterion == "wfill" else 1.0
            seen.append(u)
        return fill, w

    current = {v: score(v) for v in eliminable}
    heap = [(s, v) for v, s in current.items()]
    heapq.heapify(heap)
    order = []
    done: set[str] = set()
    while heap:
        s, v = heapq.heappop(heap)
        if v in done or current[v] != s:
            continue
        done.add(v)
        order.append(v)
        nb = adj.pop(v)
        for u in nb:
            au = adj[u]
            au.discard(v)
            weight[u] -= logs[v]
            for x in nb:
                if x != u and x not in au:
                    au.add(x)
                    weight[u] += logs[x]
        touched = set(nb)
        if by_fill:  # the fill-in of the neighbours' neighbours may have dropped too
            for u in nb:
                touched.update(adj[u])
        for u in touched:
            if u in current and u not in done:
                new = score(u)
                if new != current[u]:
                    current[u] = new
                    heapq.heappush(heap, (new, u))
    return order


SMALL = 4096  # a component whose joint table has at most this many entries (and at most
#               MAX_OPERANDS factors): one einsum
CHEAP = 1e5   # operations below which the first order found is kept
TOO_SMALL = 2.0**-100  # a table whose largest entry falls below this is rescaled (early, so
#                       entries far smaller than the largest do not underflow)
MAX_OPERANDS = 30       # np.einsum takes at most 32 operands (64 with numpy 2)


def _schedule(group: tuple[int, ...], factor_vars: tuple[Vars, ...], sizes: Mapping[str, int],
              keep: frozenset[str], next_slot: int) -> Schedule:
    every = dict.fromkeys(v for vs in factor_vars for v in vs)
    total = _size(every, sizes)
    if total <= SMALL and len(every) < 52 and len(factor_vars) <= MAX_OPERANDS:
        out = tuple(v for v in every if v in keep or v == BATCH)
        return Schedule((), -1, out, _size(out, sizes), total, total * len(factor_vars), True)
    best = _schedule_for(elimination_order(factor_vars, sizes, keep, "weight"), group,
                         factor_vars, sizes, keep, next_slot)
    if best.operations > CHEAP:  # worth a few milliseconds more of search
        candidates = [(criterion, sizes) for criterion in ("fill", "wfill")]
        if BATCH in every:  # orders as if there were one case, costed with the batch
            unbatched = {**sizes, BATCH: 1}
            candidates += [(criterion, unbatched) for criterion in ("weight", "fill")]
        for criterion, order_sizes in candidates:
            order = elimination_order(factor_vars, order_sizes, keep, criterion)
            schedule = _schedule_for(order, group, factor_vars, sizes, keep, next_slot)
            if (schedule.operations, schedule.largest) < (best.operations, best.largest):
                best = schedule
    return best


def _schedule_for(order: list[str], group: tuple[int, ...], factor_vars: tuple[Vars, ...],
                  sizes: Mapping[str, int], keep: frozenset[str], next_slot: int) -> Schedule:
    live: dict[int, Vars] = dict(zip(group, factor_vars, strict=True))
    count: dict[str, int] = {}
    holders: dict[str, set[int]] = {}
    for slot, vs in live.items():
        for v in vs:
            count[v] = count.get(v, 0) + 1
            holders.setdefault(v, set()).add(slot)
    steps: list[Step] = []
    largest = max((_size(vs, sizes) for vs in factor_vars), default=1.0)
    alive = sum(_size(vs, sizes) for vs in factor_vars)
    peak = alive
    operations = 0.0

    def needed(v: str, extra: int) -> bool:
        return v in keep or v == BATCH or count[v] > extra

    def add(a: int, b: int) -> int:
        nonlocal next_slot, largest, operations, alive, peak
        va = live.pop(a)
        vb = live.pop(b) if b >= 0 else ()
        union = dict.fromkeys((*va, *vb))
        for v in va:
            count[v] -= 1
            holders[v].discard(a)
        for v in vb:
            count[v] -= 1
            holders[v].discard(b)
        out = tuple(v for v in union if needed(v, 0))
        slot = next_slot
        next_slot += 1
        steps.append(Step(a, b, out, slot))
        live[slot] = out
        for v in out:
            count[v] += 1
            holders[v].add(slot)
        operations += _size(union, sizes)
        size_in = _size(va, sizes) + _size(vb, sizes) if b >= 0 else _size(va, sizes)
        size_out = _size(out, sizes)
        largest = max(largest, size_out)
        peak = max(peak, alive + size_in + size_out)  # inputs may be copied once, transposed
        alive += size_out - size_in
        return slot

    # variables held by a single factor and not kept are summed out first (cheap, and it
    # keeps them out of every product)
    for slot, vs in list(live.items()):
        if any(not needed(v, 1) for v in vs):
            add(slot, -1)
    # the two smallest tables first (then the oldest), kept in a heap: a variable held by
    # thousands of factors (a parent of thousands of observed children) stays linear
    for v in order:
        if count.get(v, 0) <= 0:
            continue
        heap = [(_size(live[s], sizes), s) for s in holders[v]]
        heapq.heapify(heap)
        while count.get(v, 0) > 0:
            first = heapq.heappop(heap)[1]
            if not heap:
                add(first, -1)
                break
            slot = add(first, heapq.heappop(heap)[1])
            if v in live[slot]:
                heapq.heappush(heap, (_size(live[slot], sizes), slot))
    rest = [(_size(vs, sizes), s) for s, vs in live.items()]
    heapq.heapify(rest)
    while len(rest) > 1:
        slot = add(heapq.heappop(rest)[1], heapq.heappop(rest)[1])
        heapq.heappush(rest, (_size(live[slot], sizes), slot))
    result = rest[0][1]
    return Schedule(tuple(steps), result, live[result], largest, peak, operations)


# --- running a plan -------------------------------------------------------------------------

def contract_pair(a: np.ndarray, va: Vars, b: np.ndarray | None, vb: Vars,
                  out: Vars) -> tuple[np.ndarray, Vars]:
    """The product of two factors with the variables not in `out` summed out.

    Shared variables kept become a stacked axis of one matrix product (BLAS when large)."""
    keep = set(out)
    only_a = [i for i, v in enumerate(va) if v not in keep and v not in vb]
    if only_a:
        a = a.sum(axis=tuple(only_a))
        va = tuple(v for i, v in enumerate(va) if i not in set(only_a))
    if b is None:
        return a, va
    only_b = [i for i, v in enumerate(vb) if v not in keep and v not in va]
    if only_b:
        b = b.sum(axis=tuple(only_b))
        vb = tuple(v for i, v in enumerate(vb) if i not in set(only_b))
    in_b = set(vb)
    in_a = set(va)
    k = [v for v in va if v in in_b and v in keep]
    s = [v for v in va if v in in_b and v not in keep]
    m = [v for v in va if v not in in_b]
    n = [v for v in vb if v not in in_a]
    shape_a = dict(zip(va, a.shape, strict=True))
    shape_b = dict(zip(vb, b.shape, strict=True))
    md = math.prod(shape_a[v] for v in m)
    nd = math.prod(shape_b[v] for v in n)
    sd = math.prod(shape_a[v] for v in s)
    result = (*k, *m, *n)
    if sd == 1 or md == 1 or nd == 1 or len(va) + len(vb) > 48:
        # a product without summation, or matrix-vector products: einsum reads both operands
        # where they lie, where a matrix product would first copy them into place
        labels = {v: i for i, v in enumerate(dict.fromkeys((*va, *vb)))}
        return np.einsum(a, [labels[v] for v in va], b, [labels[v] for v in vb],
                         [labels[v] for v in result]), result
    pos_a = {v: i for i, v in enumerate(va)}
    pos_b = {v: i for i, v in enumerate(vb)}
    kshape = [shape_a[v] for v in k]
    kd = math.prod(kshape)
    a2 = a.transpose([pos_a[v] for v in (*k, *m, *s)]).reshape(kd, md, sd)
    b2 = b.transpose([pos_b[v] for v in (*k, *s, *n)]).reshape(kd, sd, nd)
    c = np.matmul(a2, b2)
    return c.reshape((*kshape, *(shape_a[v] for v in m), *(shape_b[v] for v in n))), result


def build_factors(plan_: Plan, network, evidence: Mapping[str, np.ndarray],
                  cpts: Mapping[str, np.ndarray], hard_index: Mapping[str, int]) -> list[np.ndarray]:
    """The plan's factor arrays: CPTs sliced at the hard evidence, soft evidence multiplied in."""
    arrays = []
    for spec in plan_.factors:
        if spec.likelihood is not None:
            arrays.append(np.asarray(evidence[spec.likelihood], dtype=float))
            continue
        node = network.nodes[spec.node]
        table = cpts.get(spec.node)
        if table is None:
            table = node.cpt
        index = tuple(slice(None) if h is None else hard_index[h] for h in spec.sliced)
        if table.ndim == node.cpt.ndim + 1:
            index = (slice(None), *index)
        if any(h is not None for h in spec.sliced):
            table = table[index]
        for name in spec.absorbs:
            axis = spec.vars.index(name)
            shape = [1] * len(spec.vars)
            shape[axis] = -1
            table = table * np.asarray(evidence[name], dtype=float).reshape(shape)
        arrays.append(np.asarray(table, dtype=float))
    return arrays


def run_component(component: Component, arrays: Sequence[np.ndarray],
                  factor_vars: Sequence[Vars]) -> tuple[np.ndarray, Vars, int]:
    """The component's table, its variables, and a power of two to scale it by: the true
    value is `table * 2**exponent`. Thousands of findings make P(evidence) far smaller than a
    double holds, so each intermediate table whose entries fall below TOO_SMALL is scaled up
    by a power of two (exact, so no other result changes) and the exponent kept."""
    schedule = component.schedule
    if schedule.single:
        labels: dict[str, int] = {}
        operands: list = []
        for i in component.factors:
            operands.append(arrays[i])
            operands.append([labels.setdefault(v, len(labels)) for v in factor_vars[i]])
        operands.append([labels[v] for v in schedule.result_vars])
        table, exponent = _rescaled(np.einsum(*operands))
        return table, schedule.result_vars, exponent
    exponent = 0
    slots: dict[int, tuple[np.ndarray, Vars]] = {
        i: (arrays[i], factor_vars[i]) for i in component.factors}
    for step in schedule.steps:
        a, va = slots.pop(step.a)
        if step.b >= 0:
            b, vb = slots.pop(step.b)
        else:
            b, vb = None, ()
        table, names = contract_pair(a, va, b, vb, step.out)
        table, shift = _rescaled(table)
        exponent += shift
        slots[step.slot] = (table, names)
    table, names = slots[schedule.result]
    return table, names, exponent


def _rescaled(table: np.ndarray) -> tuple[np.ndarray, int]:
    """`table` scaled by 2**-e so that its largest entry is near 1, and e; (table, 0) when its
    largest entry is at least TOO_SMALL (or it is all zeros)."""
    largest = float(np.max(table)) if np.size(table) else 0.0
    if largest >= TOO_SMALL or largest <= 0 or not math.isfinite(largest):
        return table, 0
    exponent = math.frexp(largest)[1]
    return np.ldexp(table, -exponent), exponent


def schedule_of(factor_vars: Sequence[Vars], sizes: Mapping[str, int],
                keep: frozenset[str]) -> Schedule:
    """The contraction schedule of some factors into a table over `keep` (disconnected
    factors included: their results multiply in at the end), as every query plans it."""
    n = len(factor_vars)
    return _schedule(tuple(range(n)), tuple(factor_vars), sizes, keep, n)


def contract_factors(arrays: Sequence[np.ndarray], factor_vars: Sequence[Vars],
                     sizes: Mapping[str, int], keep: Sequence[str]) -> Component:
    """A one-off component over the given factors (run it with `run_component`)."""
    n = len(arrays)
    return Component(tuple(range(n)), tuple(factor_vars), sizes, frozenset(keep), n)
