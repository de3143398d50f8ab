"""Words about causes: every contribution signed, only those moving the stated way named
as causes; a probability near a band's edge says so."""

from __future__ import annotations

from types import SimpleNamespace

from forecast.report.brief.causes import causes_text, groups
from forecast.report.brief.wording import edge_note


def _item(kind: str, name: str) -> SimpleNamespace:
    return SimpleNamespace(kind=kind, name=name)


def test_the_issue_example() -> None:
    items = [(_item("time", "time"), -0.116), (_item("added", "the meetings"), 0.013),
             (_item("changed", "the stance"), 0.016), (_item("added", "the drills"), -0.005)]
    text = causes_text(-0.092, groups(items, lambda it: it.name))
    assert text == ("driven by time \u221211.6; against it, the evidence +2.4, mostly the "
                    "stance +1.6")


def test_only_items_moving_the_stated_way_are_causes() -> None:
    items = [(_item("added", "a"), 0.05), (_item("added", "b"), -0.02), (_item("time", "t"), 0.01)]
    text = causes_text(0.04, groups(items, lambda it: it.name))
    assert text == "driven by the evidence +3.0, mostly a +5.0; t +1.0"
    assert "against" not in text
    text = causes_text(-0.04, groups(items, lambda it: it.name))
    assert text.startswith("against it, ")  # nothing moved it down: no cause is named


def test_edge_notes() -> None:
    assert edge_note(0.1956, "icd203") == (", at the edge of unlikely (within a point of very "
                                           "unlikely)")
    assert edge_note(0.1956, "icd203", 0.19) == (", at the edge of very unlikely (within a "
                                                 "point of unlikely)")
    assert edge_note(0.30, "icd203") == ""
    # 54.7% prints 55%, likely: the words of the printed value, the neighbour across the edge
    assert edge_note(0.547, "icd203") == (", at the edge of likely (within a point of roughly "
                                          "even chance)")
