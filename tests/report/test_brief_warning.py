"""The brief's "What would warn" table and its plain sentence, from warn_scenario's result;
the collection advice names the branch that moves the judgement most, with its sign."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import ROOT

from forecast.report.brief import assemble
from forecast.report.brief.document import Heading, Para, Table
from forecast.usecases.brief import gather


def all_text(brief) -> str:
    """Every paragraph, and every table's caption and cells, as written (markup kept)."""
    parts = []
    for block in brief.blocks():
        if isinstance(block, (Para, Heading)):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts.append(block.caption)
            parts.extend(f"{cell.text} {cell.sub}" for row in block.rows for cell in row)
    parts.extend(getattr(brief, "cover", ()) or ())
    return " ".join(str(p) for p in parts)

OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"


@pytest.fixture(scope="module")
def data():
    return gather([OCT, JAN], samples=20, seed=1, network=False)


def test_the_table_follows_the_warn_result(data) -> None:
    warn = data.warn.analysis
    assert warn.states == tuple(data.snapshots[-1].answer.event["states"])
    text = all_text(assemble(data))
    assert "What would warn" in text
    above = [b for b in warn.bands if b.direction == "above"]
    beyond = [b.words for b in above if not b.reached]  # one line names them, no empty rows
    assert ((f"No combination gets to {' or '.join(beyond)}." in text) if beyond
            else "No combination gets to" not in text)
    table = next(b for b in assemble(data).blocks() if isinstance(b, Table)
                 and b.columns[0].title == "Band")
    assert [r[0].text for r in table.rows] == [b.words for b in above if b.reached]
    sentence = "No combination of observations of the model's indicators makes"
    assert (sentence in text) == (warn.reaches("likely") is False)
    assert f"{len(warn.indicators)} observable indicators without evidence" in text


def test_a_model_that_can_warn_has_no_such_sentence(data) -> None:
    warn = data.warn.analysis
    bands = tuple(dataclasses.replace(b, size=1, count=1, sets=b.sets or (warn.highest,))
                  if b.words == "likely" else b for b in warn.bands)
    changed = dataclasses.replace(data, warn=dataclasses.replace(
        data.warn, analysis=dataclasses.replace(warn, bands=bands)))
    assert "No combination of observations" not in all_text(assemble(changed))


def test_the_advice_names_the_alarming_branch_with_its_sign(data) -> None:
    text = all_text(assemble(data))
    key = data.voi.analysis.collect[0].key
    assert key.state == "observed" and key.focus_shift < 0
    assert "if it turns out **observed**" in text
    assert "; if **not observed**, to" in text
    assert "(\u221220.8 pts)" not in text  # the shift shown is the one between the two numbers


def test_the_assumptions_count_the_judgement_only_nodes(data) -> None:
    from forecast.report.brief import assemble as build
    from forecast.report.brief.document import Bullets

    items = [i for b in build(data).blocks() if isinstance(b, Bullets) for i in b.items]
    line = next(i for i in items if "on judgement alone" in i)
    drivers = data.snapshots[-1].answer.drivers.ranking()
    own = max(r.written_swing for r in drivers if r.node == "offensive_logistics")
    assert line.startswith("1 node rests on judgement alone, with no source (`offensive_logistics`)")
    assert f"swings the answer {100 * own:.1f} points" in line
