"""Property tests of the CPT forms: rows sum to 1 and known closed forms hold."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from forecast.cpt import NoisyMax, Ranked
from forecast.cpt.ranked import central_value, normal_cdf

probability = st.floats(0.0, 1.0, allow_nan=False)


def distribution(card: int):
    return st.lists(st.floats(0.01, 1.0), min_size=card, max_size=card).map(
        lambda xs: np.asarray(xs) / np.sum(xs))


@settings(max_examples=60, deadline=None)
@given(leak=probability, strengths=st.lists(probability, min_size=1, max_size=4))
def test_binary_noisy_max_is_noisy_or(leak: float, strengths: list[float]) -> None:
    effects = tuple(np.array([[1.0, 0.0], [1 - s, s]]) for s in strengths)
    cpt = NoisyMax(np.array([1 - leak, leak]), effects).cpt()
    for combo in itertools.product([0, 1], repeat=len(strengths)):
        off = (1 - leak) * np.prod([(1 - s) if x else 1.0 for s, x in zip(strengths, combo,
                                                                            strict=True)])
        assert np.isclose(cpt[combo][0], off, atol=1e-12)
        assert np.isclose(cpt[combo].sum(), 1.0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), card=st.integers(2, 4), parents=st.lists(st.integers(2, 3), min_size=1,
                                                                 max_size=3))
def test_noisy_max_rows_sum_to_one_and_take_the_max(data, card: int, parents: list[int]) -> None:
    leak = data.draw(distribution(card))
    effects = []
    for k in parents:
        rows = [np.eye(card)[0]] + [data.draw(distribution(card)) for _ in range(k - 1)]
        effects.append(np.array(rows))
    cpt = NoisyMax(leak, tuple(effects)).cpt()
    assert cpt.shape == (*parents, card)
    np.testing.assert_allclose(cpt.sum(axis=-1), 1.0, atol=1e-12)
    assert (cpt >= 0).all()
    np.testing.assert_allclose(cpt[(0,) * len(parents)], leak, atol=1e-12)
    # one active cause: P(Y <= y) = F_leak(y) * F_cause(y)
    combo = (1, *([0] * (len(parents) - 1)))
    expected_cdf = np.cumsum(leak) * np.cumsum(effects[0][1])
    np.testing.assert_allclose(np.cumsum(cpt[combo]), expected_cdf, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(function=st.sampled_from(["wmean", "wmin", "wmax"]), card=st.integers(2, 5),
       weights=st.lists(st.floats(0.1, 5.0), min_size=1, max_size=3),
       variance=st.floats(0.001, 1.0))
def test_ranked_rows_sum_to_one(function, card, weights, variance) -> None:
    parents = tuple(3 for _ in weights)
    cpt = Ranked(function, tuple(weights), variance, parents, card).cpt()
    assert cpt.shape == (*parents, card)
    np.testing.assert_allclose(cpt.sum(axis=-1), 1.0, atol=1e-12)
    assert (cpt >= 0).all()


def test_ranked_wmean_closed_form() -> None:
    mu = central_value("wmean", np.array([[2.0, 1.0]]), (3, 3))[0]
    assert np.isclose(mu[2, 0], (2 * 5 / 6 + 1 * 1 / 6) / 3)
    reversed_mu = central_value("wmean", np.array([[2.0, -1.0]]), (3, 3))[0]
    assert np.isclose(reversed_mu[2, 0], (2 * 5 / 6 + 1 * 5 / 6) / 3)


def test_ranked_cpt_is_a_truncated_normal() -> None:
    cpt = Ranked("wmean", (1.0,), 0.04, (3,), 3).cpt()
    mu, sigma = 0.5, 0.2
    edges = np.array([0, 1 / 3, 2 / 3, 1])
    mass = np.diff(normal_cdf((edges - mu) / sigma))
    np.testing.assert_allclose(cpt[1], mass / mass.sum(), atol=1e-12)
    assert np.isclose(cpt[1][0], cpt[1][2])  # symmetric around the midpoint


def test_wmin_and_wmax_bound_the_mean() -> None:
    w = np.array([[3.0, 1.0]])
    lo = central_value("wmin", w, (3, 3))[0]
    hi = central_value("wmax", w, (3, 3))[0]
    assert (lo <= hi + 1e-12).all()
    assert np.isclose(lo[0, 0], hi[0, 0])


def test_normal_cdf_paths_agree() -> None:
    z = np.linspace(-8, 8, 30001)
    np.testing.assert_allclose(normal_cdf(z[:1000]), normal_cdf(z)[:1000], atol=1e-15)
