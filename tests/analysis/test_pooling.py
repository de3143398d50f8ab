"""Pooling analysts: the weighted mean and the normalised weighted geometric mean, exactly."""

from __future__ import annotations

import numpy as np
import pytest

from forecast.analysis.pooling import normalise_weights, pool, pool_all, spread
from forecast.errors import UserError

A = np.array([0.2, 0.5, 0.3])
B = np.array([0.6, 0.1, 0.3])
C = np.array([0.1, 0.1, 0.8])


def test_linear_pool_is_the_weighted_mean() -> None:
    w = normalise_weights(["a", "b", "c"], {"a": 2, "b": 1, "c": 1})
    assert w == pytest.approx({"a": 0.5, "b": 0.25, "c": 0.25})
    got = pool({"a": A, "b": B, "c": C}, w, "linear")
    np.testing.assert_allclose(got, 0.5 * A + 0.25 * B + 0.25 * C, atol=1e-12)


def test_log_pool_is_the_normalised_weighted_geometric_mean() -> None:
    w = {"a": 0.5, "b": 0.25, "c": 0.25}
    raw = A ** 0.5 * B ** 0.25 * C ** 0.25
    np.testing.assert_allclose(pool({"a": A, "b": B, "c": C}, w, "log"), raw / raw.sum(),
                               atol=1e-12)


def test_equal_weights_by_default() -> None:
    assert normalise_weights(["a", "b"], None) == {"a": 0.5, "b": 0.5}
    np.testing.assert_allclose(pool({"a": A, "b": B}, normalise_weights(["a", "b"], None), "log"),
                               np.sqrt(A * B) / np.sqrt(A * B).sum(), atol=1e-12)


def test_a_zero_vetoes_a_state_in_the_log_pool_but_not_the_linear() -> None:
    zero = np.array([0.0, 0.5, 0.5])
    w = {"a": 0.5, "z": 0.5}
    log = pool({"a": A, "z": zero}, w, "log")
    assert log[0] == 0.0
    raw = np.sqrt(A[1:] * zero[1:])
    np.testing.assert_allclose(log[1:], raw / raw.sum(), atol=1e-12)
    assert pool({"a": A, "z": zero}, w, "linear")[0] == pytest.approx(0.1)


def test_an_analyst_of_weight_zero_cannot_veto() -> None:
    zero = np.array([0.0, 0.5, 0.5])
    got = pool({"a": A, "z": zero}, normalise_weights(["a", "z"], {"a": 1}), "log")
    np.testing.assert_allclose(got, A, atol=1e-12)


def test_log_pool_of_disjoint_analysts_is_an_error() -> None:
    with pytest.raises(UserError, match="logarithmic pool is undefined"):
        pool({"a": np.array([1.0, 0.0]), "b": np.array([0.0, 1.0])}, {"a": 0.5, "b": 0.5}, "log")


def test_tiny_probabilities_do_not_underflow_the_log_pool() -> None:
    a, b = np.array([1e-300, 1 - 1e-300]), np.array([1e-300, 1 - 1e-300])
    np.testing.assert_allclose(pool({"a": a, "b": b}, {"a": 0.5, "b": 0.5}, "log"), a, rtol=1e-9)


@pytest.mark.parametrize(("weights", "message"), [
    ({"x": 1}, "not an analyst"),
    ({"a": -1, "b": 1}, ">= 0"),
    ({"a": 0, "b": 0}, "sum to 0"),
    ({"a": float("nan")}, "finite"),
])
def test_bad_weights(weights, message) -> None:
    with pytest.raises(UserError, match=message):
        normalise_weights(["a", "b"], weights)


def test_pool_all_and_spread_cover_every_node() -> None:
    per = {"a": {"n": A, "m": B}, "b": {"n": B, "m": B}}
    pooled = pool_all(per, {"a": 0.5, "b": 0.5}, "linear")
    np.testing.assert_allclose(pooled["n"], (A + B) / 2)
    np.testing.assert_allclose(spread(per)["n"], np.abs(A - B))
    np.testing.assert_allclose(spread(per)["m"], 0.0)
