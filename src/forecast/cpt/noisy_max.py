"""Noisy-MAX (noisy-OR for binary nodes): O(parents x states) numbers instead of a full table.

Each parent state, acting alone, would produce a distribution over the child's ordered
states; causes act independently, and the child takes the largest state any of them
produces (Díez 1993). With cumulative distributions F this is a product:
F(y | x) = F_leak(y) * prod_i F_i(y | x_i).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .allocation import Allocation, described
from .parameters import Parameter, covary, dirichlet_rows


@dataclass(frozen=True)
class NoisyMax:
    """`leak` has shape (card,); `effects[i]` shape (card of parent i, card).

    A parent's first state (and any state the analyst did not list) causes nothing:
    its row puts all mass on the child's first state.
    """

    leak: np.ndarray
    effects: tuple[np.ndarray, ...]

    kind = "noisy_max"
    explicit = False

    def cpt(self) -> np.ndarray:
        return noisy_max_cpt(self.leak[None], [e[None] for e in self.effects])[0]

    def parameters(self, node: Any, parent_states: Sequence[Sequence[str]]) -> Iterator[Parameter]:
        """The leak's entries, then each written parent state's distribution."""
        for j, state in enumerate(node.states):
            yield Parameter(node.name, "leak", {}, state, float(self.leak[j]), ("leak", j))
        for i, parent in enumerate(node.parents):
            for k, pstate in enumerate(parent_states[i]):
                row = self.effects[i][k]
                if row[0] == 1.0:
                    continue  # this parent state causes nothing (not written): no parameter here
                for j, state in enumerate(node.states):
                    yield Parameter(node.name, "effect", {parent: pstate}, state, float(row[j]),
                                    ("effect", i, k, j))

    def allocation(self, node: Any, kind: str, count: int) -> Allocation:
        """`count` CPTs, built as cumulative products over the parents: the running product
        and its clip and difference are whole CPTs too, and each parent's effects are
        repeated per CPT."""
        size = float(node.cpt.size)
        effects = float(sum(e.size for e in self.effects) + self.leak.size)
        working = count * (2.0 * size + 2.0 * effects)
        return Allocation(described(node.name, kind, count), count, node.cpt.shape, working,
                          count * size * (len(self.effects) + 4.0))

    def tables(self, node: Any, params: Sequence[Parameter], values: np.ndarray) -> np.ndarray:
        """The CPT with parameter p at each of values[p]: shape (P * V, *cpt shape)."""
        n_params, n_values = values.shape
        leak = np.repeat(self.leak[None], n_params * n_values, axis=0)
        effects = [np.repeat(e[None], n_params * n_values, axis=0) for e in self.effects]
        for p, parameter in enumerate(params):
            rows = slice(p * n_values, (p + 1) * n_values)
            if parameter.slot[0] == "leak":
                leak[rows] = covary(self.leak, parameter.slot[1], values[p])
            else:
                _, i, k, j = parameter.slot
                effects[i][rows, k] = covary(self.effects[i][k], j, values[p])
        return noisy_max_cpt(leak, effects)

    def sample(self, rng: np.random.Generator, node: Any, n: int) -> np.ndarray:
        """n CPTs from the leak and every effect drawn from Dirichlets centred on them."""
        c = node.confidence
        leak = dirichlet_rows(rng, self.leak, c, n)
        effects = [dirichlet_rows(rng, e, c, n) for e in self.effects]
        return noisy_max_cpt(leak, effects)


def noisy_max_cpt(leak: np.ndarray, effects: list[np.ndarray]) -> np.ndarray:
    """Batched noisy-MAX: leak (B, card), effects[i] (B, k_i, card) -> (B, *k, card)."""
    n = len(effects)
    cdf = np.cumsum(leak, axis=-1).reshape(leak.shape[0], *([1] * n), leak.shape[-1])
    for i, effect in enumerate(effects):
        shape = [effect.shape[0]] + [1] * n + [effect.shape[-1]]
        shape[1 + i] = effect.shape[1]
        cdf = cdf * np.cumsum(effect, axis=-1).reshape(shape)
    # cdf is this call's own array (a cumsum or a product), so it is worked in place from
    # here on: with thousands of sampled CPTs each whole-size temporary costs
    # more in fresh pages than in arithmetic
    np.clip(cdf, 0.0, 1.0, out=cdf)
    cdf[..., -1] = 1.0
    pmf = np.empty_like(cdf)
    pmf[..., 0] = cdf[..., 0]
    np.subtract(cdf[..., 1:], cdf[..., :-1], out=pmf[..., 1:])
    return np.clip(pmf, 0.0, None, out=pmf)
