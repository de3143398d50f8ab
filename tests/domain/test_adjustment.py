"""Typed adjustments: one wording for every output, the JSON entry scripts read, and back."""

import datetime as dt

import numpy as np
import pytest

from forecast.domain.adjustment import AnalystNumbers, ScenarioPrior, SetOverride, adjustment_from_json
from forecast.domain.overlay import Overlay

PRIOR = ScenarioPrior("cloudy", {"no_clouds": 0.25, "clouds": 0.75})
ANALYST = AnalystNumbers("ana", "2022-10-01", "overlays/ana.yaml", "she reads the sky",
                         ("cloudy", "rain"), "2022-10-02", {"rain": "wetter autumn"})
SET = SetOverride("rain=yes")


def test_each_kind_says_itself_in_words() -> None:
    assert PRIOR.describe() == "scenario prior cloudy: no_clouds 25.0%, clouds 75.0%"
    assert ANALYST.describe() == ("analyst ana (2022-10-01, overlays/ana.yaml): own numbers "
                                  "for cloudy, rain")
    assert SET.describe() == "--set rain=yes"
    bare = AnalystNumbers("bo", None, None, None, ())
    assert bare.describe() == "analyst bo (undated): the model's own numbers, none replaced"


def test_the_json_entries_keep_their_keys_and_order() -> None:
    assert PRIOR.to_json() == {"kind": "scenario prior", "node": "cloudy",
                               "p": {"no_clouds": 0.25, "clouds": 0.75}}
    assert list(ANALYST.to_json()) == ["kind", "analyst", "date", "file", "rationale", "nodes",
                                       "written", "node_rationales"]
    assert list(AnalystNumbers("bo", None, None, None, ()).to_json()) == [
        "kind", "analyst", "date", "file", "rationale", "nodes"]
    assert SET.to_json() == {"kind": "--set", "text": "rain=yes"}


@pytest.mark.parametrize("item", [PRIOR, ANALYST, SET, AnalystNumbers("bo", None, None, None, ())])
def test_a_result_files_entry_reads_back_as_the_same_adjustment(item) -> None:
    again = adjustment_from_json(item.to_json())
    assert again == item
    assert again.describe() == item.describe()


def test_an_overlay_gives_its_analysts_entry() -> None:
    overlay = Overlay("ana", dt.date(2022, 10, 1), "why",
                      priors={"cloudy": np.array([0.3, 0.7])}, file="o.yaml",
                      written=dt.date(2022, 10, 2))
    item = AnalystNumbers.of(overlay)
    assert (item.analyst, item.date, item.file, item.rationale, item.nodes, item.written) == (
        "ana", "2022-10-01", "o.yaml", "why", ("cloudy",), "2022-10-02")
    assert item.node_rationales == {}
