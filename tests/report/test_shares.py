"""One node's printed percentages add up to 100 (largest remainder); <1% and >99%."""

from __future__ import annotations

import numpy as np
import pytest

from forecast.report.shares import event_share, node_said, printed_shares


def _sum(values):
    return sum(int(t[:-1]) for t, _ in printed_shares(values) if t[0].isdigit())


@pytest.mark.parametrize("values", [[0.8049, 0.1149, 0.0802], [1 / 3, 1 / 3, 1 / 3],
                                    [0.2, 0.2, 0.2, 0.2, 0.2], [0.655, 0.185, 0.16]])
def test_shares_add_up_to_100(values) -> None:
    assert _sum(values) == 100


def test_random_distributions_add_up_to_100() -> None:
    rng = np.random.default_rng(3)
    for _ in range(500):
        values = rng.dirichlet(np.ones(rng.integers(2, 7)))
        if all(0.01 <= v <= 0.99 for v in values):
            assert _sum(values) == 100


def test_the_issue_case_and_the_ends() -> None:
    assert [t for t, _ in printed_shares([0.8049, 0.1149, 0.0802])] == ["80%", "12%", "8%"]
    assert [t for t, _ in printed_shares([0.996, 0.004, 0.0])] == [">99%", "<1%", "0%"]
    assert [t for t, _ in printed_shares([0.5, 0.495, 0.005])] == ["50%", "50%", "<1%"]
    assert [t for t, _ in printed_shares([1.0, 0.0])] == ["100%", "0%"]


def test_words_come_from_the_printed_share() -> None:
    said = node_said({"a": 0.8049, "b": 0.1149, "c": 0.0802}, "icd203")
    assert said == {"a": "80% very likely", "b": "12% very unlikely", "c": "8% very unlikely"}
    assert node_said({"a": 0.996, "b": 0.004}, "icd203")["b"] == "<1%\u2020 almost no chance"


def test_an_event_is_printed_as_its_states_add() -> None:
    dist = {"none": 0.763224, "some": 0.133162, "war": 0.103614}
    assert event_share(dist, ["war"]) == pytest.approx(0.11)  # 76 + 13 + 11 = 100
    assert event_share(dist, ["some", "war"]) == pytest.approx(0.24)
