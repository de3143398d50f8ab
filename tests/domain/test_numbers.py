"""Written probabilities: rounded to 12 decimals, distributions still summing to 1."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from forecast.domain.numbers import closed_distribution, distribution


def test_closed_distribution_sums_to_one_and_moves_only_the_rounding() -> None:
    rng = np.random.default_rng(5)
    states = ("a", "b", "c", "d")
    off = 0
    for vector in rng.dirichlet(np.ones(4), size=2000):
        plain, closed = distribution(states, vector), closed_distribution(states, vector)
        assert sum(Decimal(repr(v)) for v in closed.values()) == 1
        assert all(abs(closed[s] - vector[i]) <= 2.5e-12 for i, s in enumerate(states))
        off += sum(Decimal(repr(v)) for v in plain.values()) != 1
    assert off  # plain rounding does drift: the case this guards against happens
