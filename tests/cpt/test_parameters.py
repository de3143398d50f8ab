"""Dirichlet draws of CPT rows: normalised in place, zeros kept, underflowing rows centred."""

import numpy as np

from forecast.cpt.parameters import dirichlet_rows


def _reference(seed: int, rows: np.ndarray, confidence: float, n: int) -> np.ndarray:
    """The textbook form: gamma draws over their row totals, the centre where a total is 0."""
    draws = np.random.default_rng(seed).standard_gamma(
        np.broadcast_to(confidence * rows, (n, *rows.shape)))
    totals = draws.sum(axis=-1, keepdims=True)
    return np.where(totals > 0, draws / np.where(totals > 0, totals, 1.0),
                    np.broadcast_to(rows, draws.shape))


def test_draws_equal_the_textbook_form_bit_for_bit() -> None:
    rows = np.array([[0.7, 0.2, 0.1], [0.0, 0.5, 0.5]])
    got = dirichlet_rows(np.random.default_rng(3), rows, 20.0, 500)
    assert np.array_equal(got, _reference(3, rows, 20.0, 500))
    assert np.allclose(got.sum(axis=-1), 1.0, atol=1e-12)
    assert np.all(got[:, 1, 0] == 0.0)


def test_rows_whose_draws_all_underflow_fall_back_on_their_centre() -> None:
    rows = np.array([[0.5, 0.5], [0.9, 0.1]])
    got = dirichlet_rows(np.random.default_rng(0), rows, 1e-300, 200)
    empty = ~(np.random.default_rng(0).standard_gamma(
        np.broadcast_to(1e-300 * rows, (200, 2, 2))).sum(axis=-1) > 0)
    assert empty.any()
    assert np.array_equal(got[empty], np.broadcast_to(rows, (200, 2, 2))[empty])
    assert np.array_equal(got, _reference(0, rows, 1e-300, 200))
