"""The board: quiet / moving / tripped per indicator and snapshot, from accepted findings."""

import dataclasses
import json
from pathlib import Path

import pytest

from forecast.app import load_checked, run_scenario
from forecast.errors import UserError
from forecast.watch.board import board_scenarios

ROOT = Path(__file__).resolve().parents[2]
OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"
EVENT = ("russian_offensive_from_belarus", "belarus_enters_war")  # any escalation


def _event(path_or_loaded) -> float:
    p = run_scenario(path_or_loaded).to_json()["posteriors"]["belarus_posture"]
    return sum(p[s] for s in EVENT)


@pytest.fixture(scope="module")
def board():
    return board_scenarios([JAN, OCT])  # any order: the board sorts by as_of


def test_snapshots_in_date_order_and_every_observable_indicator(board):
    doc = board.to_json()
    assert [s["id"] for s in doc["scenarios"]] == ["oct2022", "jan2023"]
    observable = [n for n in load_checked(OCT).network.names
                  if load_checked(OCT).network[n].meta.get("observable")]
    assert sorted(r["node"] for r in doc["indicators"]) == sorted(observable)
    assert doc["event"]["states"] == list(EVENT)


def test_status_is_what_the_accepted_findings_did_to_the_event(board):
    """Each shift is P(event) with the snapshot's evidence minus P(event) without the
    indicator's findings, as `run` reports both (exact to 1e-9)."""
    for path in (OCT, JAN):
        loaded = load_checked(path)
        full = _event(loaded)
        for row in board.rows:
            cell = next(c for c in row.cells if c.scenario == loaded.scenario.id)
            own = [f for f in loaded.scenario.findings if f.node == row.node]
            if not own:
                assert cell.status == "quiet" and cell.shift is None
                continue
            rest = dataclasses.replace(loaded.scenario, findings=tuple(
                f for f in loaded.scenario.findings if f.node != row.node))
            shift = full - _event(dataclasses.replace(loaded, scenario=rest))
            assert cell.shift == pytest.approx(shift, abs=1e-9)
            assert cell.status == ("tripped" if abs(shift) >= 0.05 else "moving")
            assert cell.passage["quote"] in [f.source["quote"] for f in own]


def test_changed_is_the_snapshot_that_set_the_latest_status(board):
    for row in board.to_json()["indicators"]:
        statuses = [c["status"] for c in row["snapshots"]]
        if statuses == ["quiet", "quiet"]:
            assert row["changed"] is None
        elif statuses[0] == statuses[1]:
            assert row["changed"] == "2022-10-11"
        else:
            assert row["changed"] == "2023-01-05"


def test_the_threshold_decides_tripped():
    low = board_scenarios([OCT, JAN], threshold=0.0001).to_json()
    assert all(c["status"] in ("quiet", "tripped")
               for r in low["indicators"] for c in r["snapshots"])
    high = board_scenarios([OCT, JAN], threshold=0.99).to_json()
    assert all(c["status"] in ("quiet", "moving")
               for r in high["indicators"] for c in r["snapshots"])


def test_deterministic_json(board):
    assert json.dumps(board.to_json()) == json.dumps(board_scenarios([OCT, JAN]).to_json())


@pytest.mark.parametrize("kwargs, message", [
    ({"threshold": 0}, "--threshold 0"),
    ({"threshold": 1.5}, "--threshold 1.5"),
    ({"target": "nowhere"}, "unknown node 'nowhere'"),
    ({"target": "belarus_posture=maybe"}, "unknown state 'maybe'"),
])
def test_bad_options(kwargs, message):
    with pytest.raises(UserError, match=message):
        board_scenarios([OCT], **kwargs)
