"""Estimative words: every band, the boundary conventions, the PHIA gaps, and bad input."""

from __future__ import annotations

import dataclasses
import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecast.language import (
    YARDSTICKS,
    Band,
    Estimate,
    bands,
    estimate,
    percent,
    printed,
    said,
    span,
    words,
)

probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


# --- ICD 203 ---------------------------------------------------------------------------------

ICD203_MIDDLES = [
    (0.03, "almost no chance"),
    (0.12, "very unlikely"),
    (0.30, "unlikely"),
    (0.50, "roughly even chance"),
    (0.70, "likely"),
    (0.90, "very likely"),
    (0.97, "almost certain"),
]


@pytest.mark.parametrize(("p", "expected"), ICD203_MIDDLES)
def test_icd203_every_band_inside_the_scale_has_its_words_and_no_note(p, expected):
    assert estimate(p) == Estimate(p, expected, "icd203", None)


# Lower bound inclusive: a value on a boundary takes the higher band; 0.99 closes the top band.
ICD203_BOUNDARIES = [
    (0.01, "almost no chance"),
    (0.05, "very unlikely"),
    (0.20, "unlikely"),
    (0.45, "roughly even chance"),
    (0.55, "likely"),
    (0.80, "very likely"),
    (0.95, "almost certain"),
    (0.99, "almost certain"),
]


@pytest.mark.parametrize(("p", "expected"), ICD203_BOUNDARIES)
def test_icd203_boundary_belongs_to_the_band_above(p, expected):
    result = estimate(p)
    assert (result.words, result.note) == (expected, None)


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.0449, "almost no chance"),
        (0.1949, "very unlikely"),
        (0.4449, "unlikely"),
        (0.5449, "roughly even chance"),
        (0.7949, "likely"),
        (0.9449, "very likely"),
    ],
)
def test_icd203_below_half_a_printed_point_under_a_boundary_stays_in_the_band_below(p, expected):
    assert words(p) == expected


@pytest.mark.parametrize(
    ("p", "shown", "expected"),
    [
        (0.045, "5%", "very unlikely"),       # half up, from the shortest decimal form
        (0.0449, "4%", "almost no chance"),
        (0.5499, "55%", "likely"),            # never "55% roughly even chance"
        (0.5449, "54%", "roughly even chance"),
        (0.1951, "20%", "unlikely"),
        (0.0096, "1%", "almost no chance"),   # printed 1%: inside the scale
        (0.004, "0.4%", "almost no chance"),
        (0.9951, "99.5%", "almost certain"),
        (0.0, "0%", "almost no chance"),
        (1.0, "100%", "almost certain"),
    ],
)
def test_words_come_from_the_printed_value(p, shown, expected):
    assert percent(p) == shown
    assert words(p) == expected
    assert said(p) == f"{shown} {expected}" + ("\u2020" if estimate(p).off_scale else "")


def test_an_interval_is_worded_from_its_printed_ends():
    assert span(0.045, 0.25) == "5%\u201325%: very unlikely to unlikely"
    assert span(0.30, 0.40) == "30%\u201340%: unlikely"
    assert span(0.83, 0.93, "phia") == "83%\u201393%: highly likely to (highly likely / almost certain)"


def test_paired_terms_are_one_band_with_a_synonym():
    icd = bands("icd203")
    assert [b.words for b in icd].count("almost no chance") == 1
    assert icd[0].synonym == "remote"
    assert all(b.words != "remote" for b in icd)


def test_float_noise_does_not_move_a_value_across_a_boundary():
    noisy = math.nextafter(0.55, 0.0)
    assert noisy < 0.55
    assert words(noisy) == "likely"
    assert words(math.nextafter(0.45, 0.0)) == "roughly even chance"
    assert words(math.nextafter(0.10, 0.0), "phia") == "highly unlikely"


@pytest.mark.parametrize("p", [0.0, 1e-12, 0.005, 0.0094])
def test_icd203_below_the_scale_keeps_the_end_term_and_flags_it(p):
    result = estimate(p)
    assert result.words == "almost no chance"
    assert result.off_scale
    assert result.note is not None
    assert result.note.startswith("below 1%: almost no chance")
    assert "outside" in result.note


@pytest.mark.parametrize("p", [0.9906, 0.995, 1.0])
def test_icd203_above_the_scale_says_almost_certain_and_flags_it(p):
    result = estimate(p)
    assert result.words == "almost certain"
    assert result.off_scale
    assert result.note is not None
    assert result.note.startswith("above 99%: almost certain")


def test_icd203_is_the_default_yardstick():
    assert estimate(0.7).yardstick == "icd203"
    assert words(0.7) == words(0.7, "icd203") == "likely"


# --- PHIA ------------------------------------------------------------------------------------

PHIA_MIDDLES = [
    (0.02, "remote chance"),
    (0.15, "highly unlikely"),
    (0.30, "unlikely"),
    (0.45, "realistic possibility"),
    (0.65, "likely"),
    (0.85, "highly likely"),
    (0.98, "almost certain"),
]


@pytest.mark.parametrize(("p", "expected"), PHIA_MIDDLES)
def test_phia_every_band_has_its_words_and_no_note(p, expected):
    assert estimate(p, "phia") == Estimate(p, expected, "phia", None)


# PHIA bands are closed at both ends, as published.
PHIA_BOUNDARIES = [
    (0.00, "remote chance"),
    (0.05, "remote chance"),
    (0.10, "highly unlikely"),
    (0.20, "highly unlikely"),
    (0.25, "unlikely"),
    (0.35, "unlikely"),
    (0.40, "realistic possibility"),
    (0.50, "realistic possibility"),
    (0.55, "likely"),
    (0.75, "likely"),
    (0.80, "highly likely"),
    (0.90, "highly likely"),
    (0.95, "almost certain"),
    (1.00, "almost certain"),
]


@pytest.mark.parametrize(("p", "expected"), PHIA_BOUNDARIES)
def test_phia_published_bounds_are_inside_their_band(p, expected):
    result = estimate(p, "phia")
    assert (result.words, result.note) == (expected, None)


PHIA_GAPS = [
    (0.07, "remote chance / highly unlikely", "5%", "10%"),
    (0.22, "highly unlikely / unlikely", "20%", "25%"),
    (0.37, "unlikely / realistic possibility", "35%", "40%"),
    (0.52, "realistic possibility / likely", "50%", "55%"),
    (0.77, "likely / highly likely", "75%", "80%"),
    (0.93, "highly likely / almost certain", "90%", "95%"),
]


@pytest.mark.parametrize(("p", "expected", "lo", "hi"), PHIA_GAPS)
def test_phia_gap_shows_both_neighbours_and_a_note_so_the_analyst_chooses(p, expected, lo, hi):
    result = estimate(p, "phia")
    assert result.words == expected
    assert result.note is not None
    assert f"gap of the PHIA yardstick between {lo} and {hi}" in result.note
    lower, upper = expected.split(" / ")
    assert f"'{lower}'" in result.note
    assert f"'{upper}'" in result.note


@pytest.mark.parametrize(("lo", "hi"), [(0.05, 0.10), (0.75, 0.80)])
def test_phia_gap_is_open_at_both_ends(lo, hi):
    assert " / " not in words(lo, "phia")
    assert " / " not in words(hi, "phia")
    assert " / " in words(lo + 0.01, "phia")   # the first printed value inside the gap
    assert " / " in words(hi - 0.01, "phia")
    assert " / " not in words(lo + 0.0049, "phia")  # prints as the bound: in its band


def test_yardstick_names_are_case_insensitive_and_reported_canonically():
    assert estimate(0.5, "PHIA").yardstick == "phia"
    assert estimate(0.5, " ICD203 ").yardstick == "icd203"


# --- bands -----------------------------------------------------------------------------------


def test_icd203_bands_tile_the_calibrated_scale_without_gaps():
    icd = bands("icd203")
    assert icd[0].lo == 0.01
    assert icd[-1].hi == 0.99
    assert all(a.hi == b.lo for a, b in pairwise(icd))
    assert [band.words for band in icd] == [w for _, w in ICD203_MIDDLES]


def test_phia_bands_leave_exactly_the_published_gaps():
    phia = bands("phia")
    assert phia[0].lo == 0.0
    assert phia[-1].hi == 1.0
    gaps = [(a.hi, b.lo) for a, b in pairwise(phia)]
    assert gaps == [
        (0.05, 0.10),
        (0.20, 0.25),
        (0.35, 0.40),
        (0.50, 0.55),
        (0.75, 0.80),
        (0.90, 0.95),
    ]


@pytest.mark.parametrize("yardstick", YARDSTICKS)
def test_each_band_middle_reads_as_that_band(yardstick):
    for band in bands(yardstick):
        assert isinstance(band, Band)
        assert band.lo < band.hi
        assert words((band.lo + band.hi) / 2, yardstick) == band.words


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [-0.01, 1.01, -math.inf, math.inf, math.nan])
def test_probability_outside_unit_interval_or_nan_is_rejected(p):
    with pytest.raises(ValueError, match="probability"):
        estimate(p)


@pytest.mark.parametrize("p", ["0.5", None, True])
def test_non_numbers_are_rejected(p):
    with pytest.raises(ValueError, match="probability"):
        estimate(p)


def test_unknown_yardstick_is_rejected_naming_the_choices():
    with pytest.raises(ValueError, match="unknown yardstick 'nato'") as error:
        estimate(0.5, "nato")
    assert all(name in str(error.value) for name in YARDSTICKS)
    with pytest.raises(ValueError, match="icd203, phia"):
        bands("nato")


def test_numpy_scalars_are_accepted_and_stored_as_float():
    result = estimate(np.float64(0.7))
    assert result.words == "likely"
    assert type(result.probability) is float


def test_estimate_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        estimate(0.5).words = "certain"  # type: ignore[misc]


# --- properties ------------------------------------------------------------------------------


def _rank(result: Estimate) -> float:
    """Position of the words on their yardstick: band index, +0.5 in a gap."""
    order = [band.words for band in bands(result.yardstick)]
    if " / " in result.words:
        lower, upper = result.words.split(" / ")
        assert order.index(upper) == order.index(lower) + 1
        return order.index(lower) + 0.5
    return float(order.index(result.words))


@pytest.mark.parametrize("yardstick", YARDSTICKS)
@given(p=probabilities)
def test_every_probability_gets_words(yardstick, p):
    result = estimate(p, yardstick)
    assert result.words.strip()
    assert result.probability == p
    assert result.note is None or result.note.strip()


@pytest.mark.parametrize("yardstick", YARDSTICKS)
@given(p=probabilities, q=probabilities)
def test_words_never_go_down_the_scale_as_probability_rises(yardstick, p, q):
    low, high = sorted((p, q))
    assert _rank(estimate(low, yardstick)) <= _rank(estimate(high, yardstick))


@given(p=probabilities)
def test_a_note_appears_exactly_where_the_yardstick_names_no_band(p):
    icd = estimate(p, "icd203")
    assert (icd.note is None) == (0.01 <= printed(p) <= 0.99) == (not icd.off_scale)
    phia = estimate(p, "phia")
    assert (phia.note is None) == any(b.lo <= printed(p) <= b.hi for b in bands("phia"))
