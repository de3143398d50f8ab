"""Value of information: which node would tell us most about the target if we observed it.

For every candidate node X, one batched contraction gives P(target, X = x, e) for all its
states at once (batch entries are the states of all candidate nodes). From it: the mutual
information I(target; X | e) in bits, the posterior of the target under each finding, and
whether any possible finding would change the most likely outcome (a tripwire).

Two lists come out. `nodes`: every node without evidence, latent factors included (what the
model is most uncertain about). `collect`: only the nodes the model marks `observable`,
the ones a collector can task, including those that already carry soft or graded evidence;
for those, the value is that of learning the true state on top of the soft report: the
report's likelihood stays in the evidence and the indicator of the state is multiplied in.

A windowed target is answered on the network converted to its snapshot (every row for
the days left, `domain.timing`), so the posteriors under each finding average exactly to
the reported posterior: the law of total probability holds across commands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import numpy as np

from ..domain.network import Network
from ..domain.numbers import ByState
from ..domain.numbers import stable as _r
from ..domain.timing import model_names
from ..engine import compiled


@dataclass(frozen=True)
class Branch:
    """What observing one state of an indicator would do: how likely that observation is, the
    focus outcome after it and its shift (signed: after minus now), and the lead after it."""

    probability: float
    focus_after: float
    focus_shift: float
    lead_after: str

    def to_json(self) -> dict[str, Any]:
        return {"probability": _r(self.probability), "focus": _r(self.focus_after),
                "focus_shift": _r(self.focus_shift), "lead": self.lead_after}


@dataclass(frozen=True)
class KeyState:
    """An observable node as a collection target: the state worth looking for (the branch
    that changes the judgement most: of the states that would flip the lead, the one that
    moves the focus outcome most; else the one that moves it most), what observing it would
    do, and every branch (each possible state) beside it."""

    carries_evidence: bool  # it already carries soft or graded evidence
    state: str
    flips_lead: bool
    lead_after: str  # the lead if the key state were observed
    focus_after: float  # P(focus outcome) if the key state were observed
    focus_shift: float
    branches: Mapping[str, Branch] = field(default_factory=dict)  # every possible state

    def to_json(self) -> dict[str, Any]:
        return {"carries_evidence": self.carries_evidence, "key_state": self.state,
                "key_state_flips_lead": self.flips_lead, "lead_if_key_state": self.lead_after,
                "focus_if_key_state": _r(self.focus_after), "focus_shift": _r(self.focus_shift),
                "branches": {s: b.to_json() for s, b in self.branches.items()}}


@dataclass(frozen=True)
class NodeValue:
    """What observing one node would tell about the target: mutual information (bits), the
    node's own distribution, the target under each of its states (None: that state is
    impossible) and the states that would change the lead (tripwires)."""

    node: str
    label: str
    bits: float
    probability: ByState
    if_observed: Mapping[str, ByState | None]
    tripwires: tuple[str, ...]
    key: KeyState | None = None  # for the nodes to collect on

    @property
    def flips_lead(self) -> bool:
        return bool(self.tripwires)

    def written_bits(self) -> float:
        return _r(self.bits)

    def to_json(self) -> dict[str, Any]:
        out = {"node": self.node, "label": self.label,
               "mutual_information_bits": self.written_bits(),
               "probability": self.probability.to_json(),
               "if_observed": {s: None if c is None else c.to_json()
                               for s, c in self.if_observed.items()},
               "flips_lead": self.flips_lead, "tripwires": list(self.tripwires)}
        if self.key is not None:
            out.update(self.key.to_json())
        return out


@dataclass(frozen=True)
class ValueOfInformation:
    """Every unobserved node (`nodes`) and every observable one (`collect`), ranked by
    mutual information with the target; `state` is the outcome `collect` follows."""

    target: str
    posterior: ByState
    lead: str
    state: str
    nodes: tuple[NodeValue, ...]
    collect: tuple[NodeValue, ...]

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "posterior": self.posterior.to_json(), "lead": self.lead,
                "state": self.state, "nodes": [n.to_json() for n in self.nodes],
                "collect": [n.to_json() for n in self.collect]}


def _rank(row: NodeValue) -> tuple[float, str]:
    """Most informative first, as written (equal printed bits in node order)."""
    return (-row.written_bits(), row.node)


def value_of_information(network: Network, evidence: Mapping[str, np.ndarray],
                         target: str, state: str | None = None) -> ValueOfInformation:
    """`nodes` (unobserved nodes) and `collect` (observable nodes not yet known for certain),
    each ranked by mutual information with the target; `state` is the outcome whose
    probability `collect` reports moving (default: the lead). Derived nodes (quiet days)
    are no candidates: nobody collects on them."""
    states = network[target].states
    base = compiled.joint(network, (target,), evidence)
    posterior = base / base.sum()
    lead = int(np.argmax(posterior))
    focus = network[target].index(state) if state else lead
    names = model_names(network)
    unobserved = [n for n in names if n != target and n not in evidence]
    observable = [n for n in names if n != target and network[n].meta.get("observable")
                  and not _known(evidence.get(n))]
    blocks = _blocks(network, evidence, target, sorted(set(unobserved) | set(observable),
                                                        key=network.names.index), base.sum())
    rows = sorted((_node_row(network, name, blocks[name], states, lead)
                   for name in unobserved), key=_rank)
    collect = sorted((_collect_row(network, name, blocks[name], states, lead, focus,
                                   name in evidence) for name in observable), key=_rank)
    return ValueOfInformation(target, ByState(states, posterior), states[lead], states[focus],
                              tuple(rows), tuple(collect))


def _known(likelihood: np.ndarray | None) -> bool:
    """Hard evidence: one state possible, nothing left to learn by collecting."""
    return likelihood is not None and int(np.count_nonzero(likelihood)) <= 1


def _blocks(network: Network, evidence: Mapping[str, np.ndarray], target: str,
            candidates: Sequence[str], total: float) -> dict[str, np.ndarray]:
    """P(X = x, target | e) for every candidate X, from one batched contraction."""
    entries = [(name, k) for name in candidates for k in range(network[name].card)]
    if not entries:
        return {}
    merged = {k: np.broadcast_to(v, (len(entries), len(v))) for k, v in evidence.items()}
    for name in candidates:
        soft = np.asarray(evidence.get(name, np.ones(network[name].card)), dtype=float)
        vectors = np.repeat(soft[None, :], len(entries), axis=0)
        for b, (other, k) in enumerate(entries):
            if other == name:
                vectors[b] = 0.0
                vectors[b, k] = soft[k]  # the soft report stays; the true state is added
        merged[name] = vectors
    joint = compiled.joint(network, (target,), merged)  # (entries, card_target)
    out, start = {}, 0
    for name in candidates:
        card = network[name].card
        out[name] = joint[start:start + card] / total
        start += card
    return out


def _mutual_information(block: np.ndarray) -> float:
    p_x = block.sum(axis=1)
    p_t = block.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = block / (p_x[:, None] * p_t[None, :])
        terms = np.where(block > 0, block * np.log2(ratio), 0.0)
    return max(float(terms.sum()), 0.0)


def _conditionals(network: Network, name: str, block: np.ndarray, states
                  ) -> dict[str, np.ndarray | None]:
    p_x = block.sum(axis=1)
    return {s: (block[k] / p_x[k] if p_x[k] > 0 else None)
            for k, s in enumerate(network[name].states)}


def _node_row(network: Network, name: str, block: np.ndarray, states, lead: int
              ) -> NodeValue:
    conditionals = _conditionals(network, name, block, states)
    flips = tuple(s for s, c in conditionals.items()
                  if c is not None and int(np.argmax(c)) != lead)
    return NodeValue(name, network[name].label, _mutual_information(block),
                     ByState(network[name].states, block.sum(axis=1)),
                     MappingProxyType({s: None if c is None else ByState(states, c)
                                       for s, c in conditionals.items()}), flips)


def _collect_row(network: Network, name: str, block: np.ndarray, states, lead: int,
                 focus: int, has_evidence: bool) -> NodeValue:
    """An observable node as a collection target: its value, every branch (what observing each
    possible state would do) and its key state, the branch that changes the judgement most: of
    the states that would flip the lead, the one that moves the focus outcome most; when none
    would, the one that moves it most. (Weighting moves by their probability would tie every
    two-state indicator exactly: the expected move of the focus is zero.) Equal moves as
    written: the more probable state."""
    row = _node_row(network, name, block, states, lead)
    conditionals = {s: c for s, c in _conditionals(network, name, block, states).items()
                    if c is not None}
    now = float(block.sum(axis=0)[focus])
    moves = {s: float(c[focus]) - now for s, c in conditionals.items()}
    p_x = dict(zip(network[name].states, block.sum(axis=1), strict=True))
    candidates = row.tripwires or tuple(moves)
    key = max(candidates, key=lambda s: (_r(abs(moves[s])), _r(p_x[s]), s))
    after = conditionals[key]
    branches = MappingProxyType({
        s: Branch(float(p_x[s]), float(c[focus]), moves[s], states[int(np.argmax(c))])
        for s, c in conditionals.items()})
    return replace(row, key=KeyState(has_evidence, key, key in row.tripwires,
                                     states[int(np.argmax(after))], float(after[focus]),
                                     moves[key], branches))
