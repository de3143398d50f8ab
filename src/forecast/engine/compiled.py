"""The default engine: exact inference as batched tensor contractions.

A query is planned once per structure (`elimination.plan`): barren nodes and evidence
d-separated from the query are pruned, hard evidence is sliced into the CPTs, and the rest is
eliminated in a greedy order (min-weight, or min-fill when that is cheaper) as pairwise
contractions (matrix products). Every operand may carry a leading batch axis, so one call
answers thousands of parameter samples, sweep points or evidence cases; with batched evidence
the plan may instead contract the joint table of the query and evidence nodes once and apply
every case to it, whichever costs less. A network whose whole joint table is tiny is one
einsum. A query whose largest table would not fit in memory, or that would take more than
about a minute, is refused with its cost before anything is computed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from ..domain.network import Network
from ..errors import InferenceError
from . import elimination as ve
from .cost import MAX_INTERMEDIATE_BYTES, MAX_PEAK_BYTES, TooLargeError, check_cost

__all__ = ["MAX_INTERMEDIATE_BYTES", "MAX_PEAK_BYTES", "TooLargeError", "cost", "evidence_probability",
           "joint", "log_evidence_probability", "posteriors"]
TINY = 4096  # a network whose joint table (times the batch) is this small: one einsum


def posteriors(
    network: Network,
    targets: Sequence[str],
    evidence: Mapping[str, np.ndarray] | None = None,
    cpts: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """P(target | evidence) for every target: shape (card,), or (B, card) when batched.

    `evidence` maps nodes to likelihood vectors (card,) or (B, card); `cpts` replaces CPTs
    by arrays of the node's CPT shape, or with a leading batch axis B.
    Raises InferenceError when the evidence has probability zero (in any batch entry).
    """
    query = _Query(network, evidence, cpts)
    out = {}
    for target in targets:
        if query.tiny:
            joint = query.whole((target,))
        else:
            parts, _ = query.evaluate((target,), constants=False)
            joint = query.assemble(parts, (target,))
        total = joint.sum(axis=-1, keepdims=True)
        _check_positive(total, query.batch)
        out[target] = joint / total
    return out


def evidence_probability(
    network: Network,
    evidence: Mapping[str, np.ndarray],
    cpts: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray | float:
    """P(evidence) with likelihood vectors as given (unnormalised): scalar or (B,). Thousands
    of findings make it smaller than a double holds (0.0); `log_evidence_probability` does not."""
    result = log_evidence_probability(network, evidence, cpts)
    return np.exp(result) if np.ndim(result) else math.exp(result)


def log_evidence_probability(
    network: Network,
    evidence: Mapping[str, np.ndarray],
    cpts: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray | float:
    """ln P(evidence), exact however small P(evidence) is (-inf when it is zero)."""
    query = _Query(network, evidence, cpts)
    if not query.evidence:
        return np.zeros(query.batch) if query.batch else 0.0
    mantissa, exponent = query.scaled_joint(())
    with np.errstate(divide="ignore"):
        result = np.log(mantissa) + exponent * math.log(2)
    return result if query.batch else float(result)


def joint(
    network: Network,
    nodes: Sequence[str],
    evidence: Mapping[str, np.ndarray] | None = None,
    cpts: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Unnormalised P(nodes, evidence), axes in `nodes` order (after a batch axis if any)."""
    return _Query(network, evidence, cpts).joint(tuple(nodes))


def cost(network: Network, nodes: Sequence[str], evidence: Mapping[str, np.ndarray] | None = None,
         cpts: Mapping[str, np.ndarray] | None = None) -> dict[str, float]:
    """What P(nodes, evidence) would take, before computing anything: the largest table and
    the peak of the tables alive at once (bytes), and the multiply-adds."""
    query = _Query(network, evidence, cpts)
    largest, peak, operations = query.strategy(tuple(nodes))[1:]
    return {"largest_bytes": largest * 8, "peak_bytes": peak * 8, "operations": operations}


Part = tuple[np.ndarray, tuple[str, ...]]


class _Query:
    """One call's evidence sorted by kind (hard, soft, batched), and its batch size."""

    def __init__(self, network: Network, evidence, cpts) -> None:
        self.network = network
        self.evidence = dict(evidence or {})
        self.cpts = dict(cpts or {})
        self.batch = _batch_size(network, self.evidence, self.cpts)
        self.structure = ve.structure_of(network)
        self.hard: dict[str, int] = {}
        soft, batched = [], []
        for name, vector in self.evidence.items():
            vector = np.asarray(vector)
            self.evidence[name] = vector
            if vector.ndim == 2:
                batched.append(name)
                continue
            nonzero = np.flatnonzero(vector)
            if len(nonzero) == 1:
                self.hard[name] = int(nonzero[0])
            else:
                soft.append(name)
        self.soft = frozenset(soft)
        self.batched = frozenset(batched)
        self.batched_cpts = frozenset(
            n for n, t in self.cpts.items() if t.ndim == network[n].cpt.ndim + 1)
        self.sizes = {**self.structure.cards, ve.BATCH: max(self.batch, 1)}
        self.checked: set = set()
        self.exponent = 0  # the power of two the parts computed so far were scaled by
        self.tiny = (self.structure.labels is not None
                     and len(network.nodes) + len(self.evidence) <= ve.MAX_OPERANDS
                     and self.structure.total * max(self.batch, 1) <= TINY)

    def whole(self, keep: tuple[str, ...]) -> np.ndarray:
        """A network whose joint table is tiny: one einsum over every CPT and likelihood."""
        labels = self.structure.labels
        operands: list = []
        for name, node in self.network.nodes.items():
            table = self.cpts.get(name)
            if table is None:
                operands += [node.cpt, labels[name]]
            else:
                batched = table.ndim == node.cpt.ndim + 1
                operands += [table, [0, *labels[name]] if batched else labels[name]]
        for name, vector in self.evidence.items():
            own = labels[name][-1]
            operands += [vector, [0, own] if vector.ndim == 2 else [own]]
        out = [labels[n][-1] for n in keep]
        operands.append([0, *out] if self.batch else out)
        result = np.einsum(*operands)
        if self.batch and result.ndim == len(keep):  # nothing batched survived: repeat
            result = np.broadcast_to(result, (self.batch, *result.shape)).copy()
        return result

    def plan(self, keep: tuple[str, ...], batched: bool = True) -> ve.Plan:
        """Batched evidence as factors with the batch axis, or (batched=False) kept nodes."""
        hard = frozenset(h for h in self.hard if h not in keep)
        soft = self.soft | frozenset(h for h in self.hard if h in keep)
        if batched:
            return ve.plan(self.structure, keep, hard, soft, self.batched, self.batched_cpts,
                           self.batch)
        keep = (*keep, *sorted(self.batched - set(keep)))
        return ve.plan(self.structure, keep, hard, soft, frozenset(), self.batched_cpts, 0)

    def strategy(self, keep: tuple[str, ...]) -> tuple[bool, float, float, float]:
        """Whether to contract with the batched evidence inside (True), or to contract the
        joint table of the kept and batched-evidence nodes first and apply the batch to it
        (False), whichever costs fewer operations; with that way's largest, peak, operations
        (over every component, constant ones included)."""
        largest, peak, operations = self.plan(keep).cost()
        if not self.batched or self.batched_cpts or self.batch <= 1:
            return True, largest, peak, operations
        plan = self.plan(keep, batched=False)
        kept = set(plan.keep)
        outer = self.batch * math.prod(self.sizes[v] for v in kept)
        if outer > operations:  # the joint table alone would cost more: no need to plan it
            return True, largest, peak, operations
        largest_b, peak_b, operations_b = plan.cost()
        for component in plan.components:
            table = ve.size_of([v for v in component.variables if v in kept], self.sizes)
            batched = [self.sizes[v] for v in component.variables if v in self.batched]
            operations_b += 2 * self.batch * table
            largest_b = max(largest_b, self.batch * table / min(batched, default=1))
        peak_b = max(peak_b, largest_b * 2)
        if operations_b < operations:
            return False, largest_b, peak_b, operations_b
        return True, largest, peak, operations

    def evaluate(self, keep: tuple[str, ...], constants: bool) -> tuple[list[Part], list[np.ndarray]]:
        """The factors of the answer over (batch, kept nodes), and (if `constants`) the
        constant factors of the components without kept nodes. Those are d-separated from
        the kept nodes; without `constants` they are computed only when one of their tables
        holds a zero, to refuse evidence of probability zero."""
        if self.batched and not self.batched_cpts and self.batch > 1:
            inside, largest, peak, operations = self.strategy(keep)
            plan = self.plan(keep, batched=inside)
            if not constants:
                largest, peak, operations = plan.cost([c for c in plan.components if c.keeps])
        else:
            inside, plan = True, self.plan(keep)
            largest, peak, operations = plan.cost(
                None if constants else [c for c in plan.components if c.keeps])
        check_cost(largest, peak, operations)
        arrays = self.arrays(plan)
        factor_vars = plan.factor_vars
        parts: list[Part] = []
        consts: list[np.ndarray] = []
        for component in plan.components:
            if not component.keeps:
                key = tuple(plan.factors[i] for i in component.factors)
                if not constants and (key in self.checked or not _may_be_zero(component, arrays)):
                    continue
                self.checked.add(key)
                check_cost(*plan.cost([component]))
                value, _, exponent = ve.run_component(component, arrays, factor_vars)
                if constants:
                    self.exponent += exponent
                    consts.append(value)
                else:
                    _check_positive(value, self.batch)
                continue
            array, names, exponent = ve.run_component(component, arrays, factor_vars)
            self.exponent += exponent
            if not inside:
                array, names = self.apply_batch(array, names, keep)
            if not any(n in keep for n in names) and not constants:
                _check_positive(array, self.batch)
                continue
            parts.append((array, names))
        return parts, consts

    def apply_batch(self, array: np.ndarray, names: tuple[str, ...], keep: tuple[str, ...]) -> Part:
        """Sum a joint table against every batch entry's likelihoods of its batched nodes."""
        arrays = [array]
        factor_vars = [names]
        for name in names:
            if name in self.batched:
                arrays.append(self.evidence[name])
                factor_vars.append((ve.BATCH, name))
        out = [ve.BATCH, *(n for n in names if n in keep)]
        component = ve.contract_factors(arrays, factor_vars, self.sizes, out)
        table, names, exponent = ve.run_component(component, arrays, factor_vars)
        self.exponent += exponent
        return table, names

    def arrays(self, plan: ve.Plan) -> list[np.ndarray]:
        hard = {h: i for h, i in self.hard.items() if h not in plan.keep}
        return ve.build_factors(plan, self.network, self.evidence, self.cpts, hard)

    def scale(self, keep: tuple[str, ...]) -> float:
        """The product of the hard findings' likelihood values (1 for plain findings)."""
        out = 1.0
        for h, i in self.hard.items():
            if h not in keep:
                out *= float(self.evidence[h][i])
        return out

    def assemble(self, parts: list[Part], keep: tuple[str, ...],
                 consts: Sequence[np.ndarray] = ()) -> np.ndarray:
        """The product of the parts (and constants) with axes (batch, *keep)."""
        offset = 1 if self.batch else 0
        shape = ([self.batch] if self.batch else []) + [self.network[n].card for n in keep]
        result = np.full(shape, self.scale(keep))
        for array, names in [*parts, *((c, (ve.BATCH,) if np.ndim(c) else ()) for c in consts)]:
            wanted = [v for v in (ve.BATCH, *keep) if v in names]
            if list(names) != wanted:
                array = np.transpose(array, [names.index(v) for v in wanted])
            view = [1] * len(shape)
            if self.batch and ve.BATCH in names:
                view[0] = self.batch
            for n in names:
                if n != ve.BATCH:
                    view[offset + keep.index(n)] = self.network[n].card
            result = result * np.reshape(array, view)
        return result

    def joint(self, keep: tuple[str, ...]) -> np.ndarray:
        table, exponent = self.scaled_joint(keep)
        return np.ldexp(table, exponent) if exponent else table

    def scaled_joint(self, keep: tuple[str, ...]) -> tuple[np.ndarray, int]:
        """The joint table over (batch, *keep) as a table and a power of two: the true value is
        `table * 2**exponent` (exponent 0 unless the evidence is vanishingly unlikely)."""
        if self.tiny:
            return self.whole(keep), 0
        self.exponent = 0
        parts, consts = self.evaluate(keep, constants=True)
        return self.assemble(parts, keep, consts), self.exponent


def _may_be_zero(component: ve.Component, arrays: Sequence[np.ndarray]) -> bool:
    """Whether a constant factor could be zero: only if one of its tables holds a zero."""
    return any(not np.all(arrays[i] > 0) for i in component.factors)


def _check_positive(total, batch: int) -> None:
    total = np.asarray(total)
    if np.any(total <= 0) or not np.all(np.isfinite(total)):
        bad = np.flatnonzero((total <= 0) | ~np.isfinite(total))
        raise InferenceError(
            "the evidence has probability zero under the model"
            + (f" (batch entries {bad[:5].tolist()})" if batch else ""),
        )


def _batch_size(network: Network, evidence: Mapping, cpts: Mapping) -> int:
    sizes = set()
    for vector in evidence.values():
        if np.ndim(vector) == 2:
            sizes.add(np.shape(vector)[0])
    for name, table in cpts.items():
        if table.ndim == network[name].cpt.ndim + 1:
            sizes.add(table.shape[0])
    if len(sizes) > 1:
        raise ValueError(f"batched operands disagree on the batch size: {sorted(sizes)}")
    return sizes.pop() if sizes else 0
