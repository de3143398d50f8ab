"""Noisy-MAX (noisy-OR for binary nodes): O(parents x states) numbers instead of a full table.

Each parent state, acting alone, would produce a distribution over the child's ordered
states; causes act independently, and the child takes the largest state any of them
produces (Díez 1993). With cumulative distributions F this is a product:
F(y | x) = F_leak(y) * prod_i F_i(y | x_i).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class NoisyMax:
    """`leak` has shape (card,); `effects[i]` shape (card of parent i, card).

    A parent's first state (and any state the analyst did not list) causes nothing:
    its row puts all mass on the child's first state.
    """

    leak: np.ndarray
    effects: tuple[np.ndarray, ...]

    kind = "noisy_max"

    def cpt(self) -> np.ndarray:
        return noisy_max_cpt(self.leak[None], [e[None] for e in self.effects])[0]


def noisy_max_cpt(leak: np.ndarray, effects: list[np.ndarray]) -> np.ndarray:
    """Batched noisy-MAX: leak (B, card), effects[i] (B, k_i, card) -> (B, *k, card)."""
    n = len(effects)
    cdf = np.cumsum(leak, axis=-1).reshape(leak.shape[0], *([1] * n), leak.shape[-1])
    for i, effect in enumerate(effects):
        shape = [effect.shape[0]] + [1] * n + [effect.shape[-1]]
        shape[1 + i] = effect.shape[1]
        cdf = cdf * np.cumsum(effect, axis=-1).reshape(shape)
    cdf = np.clip(cdf, 0.0, 1.0)
    cdf[..., -1] = 1.0
    pmf = np.diff(cdf, axis=-1, prepend=0.0)
    return np.clip(pmf, 0.0, None)
