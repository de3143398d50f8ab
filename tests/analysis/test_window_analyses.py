"""Windowed nodes through every use case, against brute force on rows converted by hand,
to 1e-9.

The tiny fixture is copied with `window_days: 30` on `worry` (ranked) and `wet`
(noisy-MAX), both ordered from "nothing" upwards; scenarios of t = 10, 30 and 75 days from
as_of to horizon, with and without evidence, are written beside it. The reference converts
every row of both windowed tables (DESIGN section 8), then enumerates the joint.
"""

from __future__ import annotations

import itertools
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from reference import brute_force

from forecast.analysis.parameters import build_tables, parameters
from forecast.analysis.uncertainty import sample_cpts
from forecast.app import (
    compare_scenarios,
    explain_scenario,
    query,
    run_scenario,
    sensitivity_scenario,
    voi_scenario,
)
from forecast.domain.numbers import stable
from forecast.spec.load import load_scenario
from forecast.usecases.snapshot import scenario_network

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
TOL = 1e-9
W = 30
EVIDENCE = """evidence:
  - node: sprinkler
    state: "on"
    grade: B2
    source: {doc: weather_report, quote: "the sprinkler"}
  - node: cloudy
    likelihood: {no_clouds: 0.5, clouds: 1.0}
    note: a vague report
"""


def by_hand(p, t: float, w: float = W) -> np.ndarray:
    """P_t(>= k) = 1 - (1 - P_W(>= k)) ** (t / W), the first state taking the rest."""
    p = list(map(float, p))
    at_least = [sum(p[k:]) for k in range(len(p))]
    reached = [1.0] + [1.0 - (1.0 - s) ** (t / w) for s in at_least[1:]] + [0.0]
    return np.array([reached[k] - reached[k + 1] for k in range(len(p))])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("models", "seeds"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    (tmp_path / "scenarios").mkdir()
    model = tmp_path / "models" / "wet.yaml"
    text = model.read_text(encoding="utf-8")
    for node in ("wet", "worry"):
        old = f"  {node}:\n    states:"
        assert old in text
        text = text.replace(old, f"  {node}:\n    window_days: {W}\n    states:")
    model.write_text(text, encoding="utf-8")
    return tmp_path


def scenario(root: Path, name: str, days: int, evidence: str = EVIDENCE,
             as_of: str = "2022-10-11", targets: str = "[worry, rain]") -> Path:
    import datetime as dt

    horizon = dt.date.fromisoformat(as_of) + dt.timedelta(days=days)
    path = root / "scenarios" / f"{name}.yaml"
    path.write_text(f"""format: forecast-scenario/1
id: {name}
title: Worry by the horizon
as_of: {as_of}
horizon: {horizon.isoformat()}
model: ../models/wet.yaml
targets: {targets}
{evidence if evidence else "evidence: []"}
""", encoding="utf-8")
    return path


def rows_by_hand(table: np.ndarray, t: float, w: float = W) -> np.ndarray:
    """Every row of a windowed table converted with the formula, row by row."""
    flat = np.asarray(table, dtype=float).reshape(-1, table.shape[-1])
    return np.array([by_hand(row, t, w) for row in flat]).reshape(table.shape)


def converted(network, days: float | None):
    """The network with both windowed tables converted row by row (None: no horizon)."""
    if days is None:
        return network
    return network.with_cpts({n: rows_by_hand(network[n].cpt, days) for n in ("wet", "worry")})


def reference(path: Path, targets=("worry", "rain"), days: float | None = None
              ) -> tuple[object, dict, dict]:
    """The written network, the evidence, and brute force on the rows converted by hand
    (`days` left; by default the scenario's own)."""
    loaded = load_scenario(path)
    network, _ = scenario_network(loaded, [])
    if days is None and loaded.scenario.horizon is not None:
        days = (loaded.scenario.horizon - loaded.scenario.as_of).days
    evidence = loaded.scenario.likelihoods()
    return network, evidence, brute_force(converted(network, days), list(targets), evidence)


@pytest.mark.parametrize("days", [10, 30, 75])
@pytest.mark.parametrize("evidence", [EVIDENCE, ""], ids=["evidence", "none"])
def test_run_reports_the_formula_on_brute_force(project: Path, days: int, evidence: str) -> None:
    path = scenario(project, "s", days, evidence)
    _, _, exact = reference(path)
    for engine in ("compiled", "pgmpy"):
        result = run_scenario(path, engine=engine)
        got = result.posteriors["worry"].array
        assert got == pytest.approx(exact["worry"], abs=TOL)
        written = brute_force(reference(path, days=None)[0], ["worry"],
                              load_scenario(path).scenario.likelihoods())["worry"]
        assert result.elicited["worry"].array == pytest.approx(written, abs=TOL)
        # a node without window_days is still answered on the converted network
        assert result.posteriors["rain"].array == pytest.approx(exact["rain"], abs=TOL)
        assert result.to_json()["window"] == {"worry": {
            "elicited_days": W, "remaining_days": days, "hazard": "constant",
            "hazard_share": stable(days / W), "start": "2022-10-11"}}


def test_zero_days_left_nothing_is_reached(project: Path) -> None:
    result = run_scenario(scenario(project, "s", 0))
    assert dict(result.posteriors["worry"]) == {"low": 1.0, "medium": 0.0, "high": 0.0}
    assert result.windows["worry"].remaining_days == 0
    written = result.to_json()
    assert written["posteriors"]["worry"] == {"low": 1.0, "medium": 0.0, "high": 0.0}
    assert written["window"]["worry"]["remaining_days"] == 0
    assert written["window"]["worry"]["hazard_share"] == 0


def test_evidence_enters_before_the_conversion(project: Path) -> None:
    """A hard finding on the windowed node itself: the level is reached within W days, so
    within any t > 0 days too; the conversion does not undo evidence."""
    finding = ('evidence:\n  - node: wet\n    state: soaked\n'
               '    source: {doc: weather_report, quote: "the sprinkler"}\n')
    result = run_scenario(scenario(project, "s", 10, finding, targets="[wet]"))
    assert dict(result.posteriors["wet"]) == {"dry": 0.0, "damp": 0.0, "soaked": 1.0}
    assert result.to_json()["posteriors"]["wet"] == {"dry": 0.0, "damp": 0.0, "soaked": 1.0}


def test_intervals_convert_each_sample(project: Path) -> None:
    path = scenario(project, "s", 75)
    result = run_scenario(path, samples=40, seed=3)
    network, evidence, _ = reference(path)
    rng = np.random.default_rng(3)
    relevant = network.ancestors(["worry", "rain", *evidence])
    cpts = sample_cpts(rng, network, 40, [n for n in network.names if n in relevant])
    draws = np.array([brute_force(converted(network.with_cpts({n: c[i] for n, c in cpts.items()}),
                                            75), ["worry"], evidence)["worry"] for i in range(40)])
    drawn = result.uncertainty
    mean = drawn.mean["worry"].array
    assert mean == pytest.approx(draws.mean(axis=0), abs=TOL)
    lo, hi = np.quantile(draws, 0.05, axis=0), np.quantile(draws, 0.95, axis=0)
    spans = np.array([drawn.interval("worry", s) for s in network["worry"].states])
    assert spans[:, 0] == pytest.approx(lo, abs=TOL)
    assert spans[:, 1] == pytest.approx(hi, abs=TOL)


@pytest.mark.parametrize("state", ["low", "medium", "high"])
@pytest.mark.parametrize("days", [10, 75])
def test_sensitivity_ends_are_converted_brute_force(project: Path, state: str, days: int) -> None:
    path = scenario(project, "s", days)
    network, evidence, exact = reference(path)
    result = sensitivity_scenario(path, f"worry={state}")
    index = network["worry"].index(state)
    assert result.analysis.baseline == pytest.approx(exact["worry"][index], abs=TOL)
    assert result.to_json()["window"]["worry"]["remaining_days"] == days
    by_key = {(p.node, p.kind, tuple(p.given.items()), p.state): p for p in parameters(network)}
    kinds = set()
    for row in result.analysis.parameters:
        parameter = by_key[(row.node, row.kind, tuple(row.given.items()), row.state)]
        kinds.add(row.kind)
        for x, reported in zip(row.sweep, (row.low, row.high), strict=True):
            table = build_tables(network[parameter.node], [parameter], np.array([[x]]))[0, 0]
            changed = network.with_cpts({parameter.node: table})
            with np.errstate(all="ignore"):
                swept = brute_force(converted(changed, days), ["worry"], evidence)["worry"]
            if np.isnan(swept).any():
                assert reported is None
            else:
                assert reported == pytest.approx(swept[index], abs=TOL)
    assert {"prior", "table", "leak", "effect", "weight", "variance"} <= kinds


def test_voi_is_about_the_converted_target(project: Path) -> None:
    days = 75
    path = scenario(project, "s", days)
    network, evidence, exact = reference(path)
    network = converted(network, days)
    result = voi_scenario(path, "worry").analysis
    assert result.posterior.array == pytest.approx(exact["worry"], abs=TOL)
    assert result.lead == network["worry"].states[int(np.argmax(exact["worry"]))]
    for row in result.nodes:
        name = row.node
        p_x = brute_force(network, [name], evidence)[name]
        joint = []
        for k, x in enumerate(network[name].states):
            hard = np.eye(network[name].card)[k]
            conditional = brute_force(network, ["worry"], {**evidence, name: hard})["worry"]
            assert row.if_observed[x].array == pytest.approx(conditional, abs=TOL)
            joint.append(p_x[k] * conditional)
        joint = np.array(joint)
        marginal = joint.sum(axis=0)
        mi = sum(joint[i, j] * math.log2(joint[i, j] / (p_x[i] * marginal[j]))
                 for i, j in itertools.product(*map(range, joint.shape)) if joint[i, j] > 0)
        assert row.bits == pytest.approx(max(mi, 0.0), abs=TOL)
        # the law of total probability: the branches average to the headline
        assert marginal == pytest.approx(result.posterior.array, abs=TOL)


def test_explain_shows_converted_probabilities(project: Path) -> None:
    days = 10
    path = scenario(project, "s", days)
    network, evidence, exact = reference(path)
    network = converted(network, days)
    result = explain_scenario(path, "worry").analysis
    prior = brute_force(network, ["worry"], {})["worry"]
    assert result.posterior.array == pytest.approx(exact["worry"], abs=TOL)
    assert result.prior.array == pytest.approx(prior, abs=TOL)
    for item in result.evidence:
        rest = {n: v for n, v in evidence.items() if n != item.node}
        without = brute_force(network, ["worry"], rest)["worry"]
        assert item.without.array == pytest.approx(without, abs=TOL)
        shift = exact["worry"] - without
        assert item.shift.array == pytest.approx(shift, abs=TOL)
    assert result.sequence[-1].after == result.posterior


def test_compare_gives_the_clock_its_share(project: Path) -> None:
    """Same evidence, different as_of: the whole change is one item of kind time."""
    a = scenario(project, "early", 75, as_of="2022-10-11")
    b = scenario(project, "late", 10, as_of="2022-12-15")
    _, _, early = reference(a)
    _, _, late = reference(a, days=10)
    result = compare_scenarios(a, b)
    comparison = result.comparison
    assert [item.kind for item in comparison.attribution] == ["time"]
    (item,) = comparison.attribution
    assert item.item == "time"
    assert item.remaining_days == (75, 10)
    assert item.to_json()["remaining_days"] == {"from": 75, "to": 10}
    for target, expected in (("worry", late["worry"] - early["worry"]),
                             ("rain", np.zeros(2))):
        moved = comparison.targets[target]
        delta = moved.after.array - moved.before.array
        assert delta == pytest.approx(expected, abs=TOL)
        assert item.contribution[target].array == pytest.approx(delta, abs=TOL)
    written = result.to_json()
    assert written["from"]["window"]["worry"]["remaining_days"] == 75
    assert written["to"]["window"]["worry"]["remaining_days"] == 10


def test_compare_splits_time_and_evidence_exactly(project: Path) -> None:
    """Evidence added and time passed: the two-player Shapley split, by brute force."""
    a = scenario(project, "early", 75, evidence="")
    one = EVIDENCE.split("  - node: cloudy")[0]
    b = scenario(project, "late", 10, as_of="2022-12-15", evidence=one)
    network, with_e, _ = reference(b)

    def v(e: bool, time: bool) -> np.ndarray:
        return brute_force(converted(network, 10 if time else 75), ["worry"],
                           with_e if e else {})["worry"]

    shapley_time = 0.5 * ((v(False, True) - v(False, False)) + (v(True, True) - v(True, False)))
    comparison = compare_scenarios(a, b).comparison
    items = {item.item: item for item in comparison.attribution}
    assert set(items) == {"time", "evidence:sprinkler"}
    time = items["time"].contribution["worry"].array
    assert time == pytest.approx(shapley_time, abs=TOL)
    total = sum(item.contribution["worry"].array for item in items.values())
    moved = comparison.targets["worry"]
    delta = moved.after.array - moved.before.array
    assert total == pytest.approx(delta, abs=TOL)
    assert delta == pytest.approx(v(True, True) - v(False, False), abs=TOL)


def test_same_days_left_no_time_item_and_evidence_kept(project: Path) -> None:
    a = scenario(project, "early", 30)
    b = scenario(project, "late", 30, as_of="2022-12-15")
    _, _, exact = reference(a)
    result = compare_scenarios(a, b)
    assert result.comparison.attribution == ()
    assert result.to_json()["attribution"] == []
    start = result.comparison.targets["worry"].before.array
    assert start == pytest.approx(exact["worry"], abs=TOL)


def test_query_says_which_window_and_does_not_convert(project: Path) -> None:
    result = query(project / "models" / "wet.yaml", ["worry"])
    assert result.to_json()["window"] == {"worry": {"elicited_days": W, "remaining_days": None}}
    network = load_scenario(scenario(project, "s", 10)).network
    exact = brute_force(network, ["worry"], {})["worry"]
    assert result.posteriors["worry"].array == pytest.approx(exact, abs=TOL)


def test_no_horizon_keeps_the_elicited_window(project: Path) -> None:
    path = scenario(project, "s", 10)
    path.write_text("\n".join(line for line in path.read_text().splitlines()
                              if not line.startswith("horizon:")) + "\n", encoding="utf-8")
    _, _, exact = reference(path)
    result = run_scenario(path)
    assert result.to_json()["window"] == {"worry": {"elicited_days": W, "remaining_days": None}}
    assert result.posteriors["worry"].array == pytest.approx(exact["worry"], abs=TOL)
