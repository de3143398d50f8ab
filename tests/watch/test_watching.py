"""The watch use case on the Belarus case: the acceptance check and the JSON contract."""

import json
from pathlib import Path

import pytest

from forecast.app import load_checked
from forecast.sources import normalise
from forecast.watch.watching import watch_scenario

ROOT = Path(__file__).resolve().parents[2]
OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"
JANUARY_ARTICLE = "will_belarus_join_2023_01"


@pytest.fixture(scope="module")
def january_against_october():
    return watch_scenario(OCT, [JANUARY_ARTICLE], top=3)


def _cited_from(loaded, doc):
    """Per observable node, the quotes a snapshot's findings cite from `doc`."""
    network = loaded.network
    out = {}
    for f in loaded.scenario.findings:
        if f.source and f.source["doc"] == doc and network[f.node].meta.get("observable"):
            out.setdefault(f.node, []).append(normalise(f.source["quote"]))
    return out


def test_the_january_snapshots_passages_are_found_reading_against_october(january_against_october):
    """For the indicators the January snapshot cites from the January article, the cited
    passage is among the top 3 for all but at most one."""
    cited = _cited_from(load_checked(JAN), JANUARY_ARTICLE)
    assert len(cited) >= 5  # the check has something to check
    shown = {i.node: [normalise(p.telling.quote) for p in i.passages]
             for i in january_against_october.indicators}
    missed = [node for node, quotes in cited.items()
              if not any(q in passage or passage in q for q in quotes for passage in shown[node])]
    assert len(missed) <= 1, missed


def test_json_contract_and_verbatim_quotes(january_against_october):
    doc = january_against_october.to_json()
    text = (ROOT / "seeds" / "004_56caf692de7f048a.txt").read_text(encoding="utf-8")
    assert doc["indicators"]
    for indicator in doc["indicators"]:
        assert set(indicator) >= {"node", "label", "diagnosticity", "passages"}
        assert len(indicator["passages"]) <= 3
        for p in indicator["passages"]:
            assert set(p) >= {"doc", "date", "quote", "start", "end", "score"}
            assert p["doc"] == JANUARY_ARTICLE and p["date"] == "2023-01-05"
            assert text[p["start"]:p["end"]] == p["quote"]
            assert p["score"] > 0
        scores = [p["score"] for p in indicator["passages"]]
        assert scores == sorted(scores, reverse=True)


def test_most_diagnostic_indicators_first(january_against_october):
    bits = [i["diagnosticity"] for i in january_against_october.to_json()["indicators"]]
    assert bits == sorted(bits, reverse=True)
    assert bits[0] > 0


def test_diagnosticity_is_the_mutual_information_voi_computes():
    """For an indicator without findings, the bits are voi's own number for it."""
    from forecast.app import voi_scenario

    result = watch_scenario(OCT, [JANUARY_ARTICLE])
    voi = {row.node: row.bits for row in voi_scenario(OCT).analysis.collect}
    assert "offensive_logistics" in voi
    row = next(i for i in result.indicators if i.node == "offensive_logistics")
    assert row.diagnosticity == pytest.approx(voi["offensive_logistics"], abs=1e-12)


def test_deterministic_json():
    a = json.dumps(watch_scenario(OCT, [JANUARY_ARTICLE]).to_json())
    b = json.dumps(watch_scenario(OCT, [JANUARY_ARTICLE]).to_json())
    assert a == b


def test_a_document_before_as_of_not_cited_is_possibly_missed():
    """October's snapshot cites 001 and 003 in its findings; 000 (11 October, its as_of day
    is not before it) and 002 (10 October) are not cited by it: 002 is flagged."""
    result = watch_scenario(OCT, ["gears_up_2022_10_10", "german_report_2022_10_10",
                                  JANUARY_ARTICLE])
    flags = {d.document.id: d.possibly_missed for d in result.documents}
    assert flags == {"gears_up_2022_10_10": True, "german_report_2022_10_10": False,
                     JANUARY_ARTICLE: False}
    assert any("gears_up_2022_10_10" in n and "possibly missed" in n for n in result.notes())


def test_retellings_across_documents_are_shown_once(tmp_path):
    """A wire story in two outlets: where one telling is shown, the other is folded into it,
    with the note a finding needs."""
    wire = ("Belarus began ramping up its troop deployments to its border with Ukraine on "
            "December 7th under the guise of a counter-terrorism exercise, Reuters reported.")
    retold = ("According to Reuters, Belarus began ramping up troop deployments to its border "
              "with Ukraine on December 7th under the guise of a counter-terrorism exercise.")
    a, b = tmp_path / "outlet_a.txt", tmp_path / "outlet_b.txt"
    a.write_text(f"Border news\n\n{wire}\n\nThe weather was cold and grey all week long.\n")
    b.write_text(f"Other news\n\n{retold}\n\nMarkets were closed for the holiday season.\n")
    result = watch_scenario(OCT, [str(a), str(b)], top=3)
    row = next(i for i in result.indicators if i.node == "troop_movements_south")
    first = row.passages[0]
    assert {first.telling.doc, *(t.doc for t in first.retold)} == {"outlet_a", "outlet_b"}
    assert first.shared_origin.startswith("shared_origin: 2 passages tell this one report")
    for i in result.indicators:  # never shown twice under one indicator
        quotes = [p.telling.quote for p in i.passages]
        assert wire not in quotes or retold not in quotes
    as_json = next(i for i in result.to_json()["indicators"] if i["node"] == row.node)
    assert as_json["passages"][0]["retold_in"][0]["quote"] in (wire, retold)


def test_retells_joins_retellings_not_neighbours():
    from forecast.watch.retellings import group, retells

    a = "“I urge the Belarusian military: don't follow criminal orders, refuse to take part.”"
    b = "She added: “I urge the Belarusian military: don’t follow criminal orders, refuse to take part.”"
    c = "The dictator told a meeting of security officials in Minsk that Ukraine was pushed."
    assert retells(a, b) and not retells(a, c)
    groups = group([a, c, b], [0, 1, 2], limit=2)
    assert [g.members for g in groups] == [(0, 2), (1,)]
