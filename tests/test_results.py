"""The typed results: frozen, unrounded, written once; old dict-style reads still work."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from forecast import app
from forecast.domain.numbers import ByState, stable
from forecast.results import DictAccessWarning

ROOT = Path(__file__).resolve().parents[1]
OCT, JAN = ROOT / "scenarios" / "oct2022.yaml", ROOT / "scenarios" / "jan2023.yaml"


@pytest.fixture(scope="module")
def results():
    loaded = app.load_snapshots([OCT, JAN])
    return {"run": app.run_scenario(loaded[1], samples=50, seed=2),
            "query": app.query(ROOT / "models" / "belarus.yaml", ["belarus_posture"]),
            "sensitivity": app.sensitivity_scenario(loaded[1]),
            "explain": app.explain_scenario(loaded[1], ach=True),
            "voi": app.voi_scenario(loaded[1]),
            "compare": app.compare_scenarios(*loaded)}


def test_every_result_is_frozen(results) -> None:
    for result in results.values():
        field = dataclasses.fields(result)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(result, field, None)
    with pytest.raises(TypeError):
        results["run"].posteriors["belarus_posture"]["defensive_only"] = 0.5  # type: ignore[index]


def test_nothing_inside_a_result_can_change_what_it_writes(results) -> None:
    """Containers inside a frozen result are read-only all the way down, and what to_json
    returns is a fresh copy: changing it changes nothing the result writes next time."""
    run, sens, compare = results["run"], results["sensitivity"], results["compare"]
    before = json.dumps(run.to_json())
    with pytest.raises(TypeError):
        run.priors["x"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        run.posteriors["x"] = 1  # type: ignore[index]
    for vectors in run.per_analyst.values():
        for vector in vectors.values():
            with pytest.raises(ValueError):
                vector[0] = 0.5
    with pytest.raises(TypeError):
        sens.context.windows["x"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        compare.comparison.targets["x"] = 1  # type: ignore[index]
    written = run.to_json()
    written["priors"]["x"] = 1
    written["posteriors"]["belarus_posture"]["defensive_only"] = 2.0
    assert json.dumps(run.to_json()) == before


def test_numbers_are_unrounded_and_rounded_once_where_written(results) -> None:
    run = results["run"]
    dist = run.posteriors["belarus_posture"]
    assert isinstance(dist, ByState)
    written = run.to_json()["posteriors"]["belarus_posture"]
    assert written == dist.to_json(closed=True)
    assert all(abs(written[s] - dist[s]) <= 1e-12 for s in dist)
    assert sum(written.values()) == pytest.approx(1.0, abs=1e-15)
    row = results["sensitivity"].analysis.parameters[0]
    assert row.to_json()["low"] == stable(row.low)
    assert row.to_json()["swing"] == stable(abs(stable(row.high) - stable(row.low)))


def test_json_is_deterministic_and_serialisable(results) -> None:
    for result in results.values():
        once = json.dumps(result.to_json(), allow_nan=False)
        assert once == json.dumps(result.to_json(), allow_nan=False)


def test_indexing_a_result_reads_its_json_with_a_warning(results) -> None:
    for result in results.values():
        written = result.to_json()
        key = next(iter(written))
        with pytest.warns(DictAccessWarning, match=f"result\\[{key!r}\\]"):
            assert result[key] == written[key]
