"""The default engine: exact inference as batched tensor contractions.

A query is one einsum over the CPTs of the targets' and evidence's ancestors (barren
nodes pruned), the likelihood vectors of the evidence, and an optional leading batch
axis shared by every batched operand. One call thus answers thousands of parameter
samples, sweep points or evidence cases. Contraction paths are cached per structure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import opt_einsum as oe

from ..domain.network import Network
from ..errors import InferenceError

BATCH = "Ω"
MAX_INTERMEDIATE_BYTES = 2 * 1024**3


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
    evidence = dict(evidence or {})
    cpts = dict(cpts or {})
    batch = _batch_size(network, evidence, cpts)
    out = {}
    for target in targets:
        joint = _contract(network, (target,), evidence, cpts, batch)
        total = joint.sum(axis=-1, keepdims=True)
        if np.any(total <= 0) or not np.all(np.isfinite(total)):
            bad = np.flatnonzero((total <= 0) | ~np.isfinite(total))
            raise InferenceError(
                "the evidence has probability zero under the model"
                + (f" (batch entries {bad[:5].tolist()})" if batch else ""),
            )
        out[target] = joint / total
    return out


def evidence_probability(
    network: Network,
    evidence: Mapping[str, np.ndarray],
    cpts: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray | float:
    """P(evidence) with likelihood vectors as given (unnormalised): scalar or (B,)."""
    evidence = dict(evidence)
    cpts = dict(cpts or {})
    batch = _batch_size(network, evidence, cpts)
    if not evidence:
        return np.ones(batch) if batch else 1.0
    result = _contract(network, (), evidence, cpts, batch)
    return result if batch else float(result)


def joint(
    network: Network,
    nodes: Sequence[str],
    evidence: Mapping[str, np.ndarray] | None = None,
    cpts: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Unnormalised P(nodes, evidence), axes in `nodes` order (after a batch axis if any)."""
    evidence = dict(evidence or {})
    cpts = dict(cpts or {})
    batch = _batch_size(network, evidence, cpts)
    return _contract(network, tuple(nodes), evidence, cpts, batch)


def _batch_size(network: Network, evidence: Mapping, cpts: Mapping) -> int:
    sizes = set()
    for vector in evidence.values():
        if vector.ndim == 2:
            sizes.add(vector.shape[0])
    for name, table in cpts.items():
        if table.ndim == network[name].cpt.ndim + 1:
            sizes.add(table.shape[0])
    if len(sizes) > 1:
        raise ValueError(f"batched operands disagree on the batch size: {sorted(sizes)}")
    return sizes.pop() if sizes else 0


def _contract(
    network: Network, keep: tuple[str, ...], evidence: Mapping[str, np.ndarray],
    cpts: Mapping[str, np.ndarray], batch: int,
) -> np.ndarray:
    relevant = network.ancestors([*keep, *evidence])
    order = [n for n in network.names if n in relevant]
    symbol = {n: oe.get_symbol(i) for i, n in enumerate(order)}
    terms: list[str] = []
    operands: list[np.ndarray] = []
    for name in order:
        node = network[name]
        table = cpts.get(name, node.cpt)
        batched = table.ndim == node.cpt.ndim + 1
        terms.append((BATCH if batched else "") + "".join(symbol[p] for p in node.parents)
                     + symbol[name])
        operands.append(table)
    for name, vector in evidence.items():
        terms.append((BATCH if vector.ndim == 2 else "") + symbol[name])
        operands.append(vector)
    if batch and not any(term.startswith(BATCH) for term in terms):
        terms.append(BATCH)  # the batched operands were pruned: the answer repeats B times
        operands.append(np.ones(batch))
    output = (BATCH if batch else "") + "".join(symbol[n] for n in keep)
    equation = ",".join(terms) + "->" + output
    expression = _expression(equation, tuple(op.shape for op in operands))
    return expression(*operands)


@lru_cache(maxsize=512)
def _expression(equation: str, shapes: tuple[tuple[int, ...], ...]):
    """A contraction compiled once per structure; refuses one that would not fit in memory."""
    optimize = "auto" if len(shapes) <= 40 else "greedy"
    _, info = oe.contract_path(equation, *shapes, shapes=True, optimize=optimize)
    needed = float(info.largest_intermediate) * 8
    if needed > MAX_INTERMEDIATE_BYTES:
        raise InferenceError(
            f"exact inference is too large here: its largest table would take "
            f"{needed / 1024**3:.1f} GiB ({float(info.opt_cost):.3g} operations); "
            "reduce the query or the model")
    return oe.contract_expression(equation, *shapes, optimize=info.path)
