"""Time inside the model (DESIGN section 8) through the commands, against brute force.

The tiny fixture gets a model `as_of`, `window_days: 60` on `worry` (ranked) with a hazard
profile that triples after 30 days, and snapshots with and without quiet days. The
reference builds the converted network by hand: every row of `worry` converted with the
hazard share written out as days times weights, and for quiet days a two-state node under
`worry`'s parents whose `quiet` row is P_W(first | r) ** g, observed; then it enumerates.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from reference import brute_force

from forecast.analysis.voi import value_of_information
from forecast.app import (
    compare_scenarios,
    explain_scenario,
    run_scenario,
    sensitivity_scenario,
    voi_scenario,
)
from forecast.cli.main import app as cli
from forecast.domain.network import Node
from forecast.spec.load import load_scenario
from forecast.usecases.answer import answer_scenario
from forecast.usecases.snapshot import analyst_team, scenario_network

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
TOL = 1e-9
W = 60
HAZARD = """    hazard:
      - {from: 2022-10-11, weight: 1}
      - {from: 2022-11-10, weight: 3}
"""
WINDOW_HAZARD = 30 * 1 + 30 * 3  # the window 2022-10-11 .. 2022-12-10
EVIDENCE = """evidence:
  - node: sprinkler
    state: "on"
    grade: B2
    source: {doc: weather_report, quote: "the sprinkler"}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("models", "seeds"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    (tmp_path / "scenarios").mkdir()
    write_model(tmp_path, HAZARD)
    return tmp_path


def write_model(root: Path, hazard: str) -> None:
    model = FIXTURE / "models" / "wet.yaml"
    text = model.read_text(encoding="utf-8")
    text = text.replace("targets: [rain]\n", "targets: [rain]\nas_of: 2022-10-11\n")
    old = "  worry:\n    states:"
    assert old in text
    text = text.replace(old, f"  worry:\n    window_days: {W}\n{hazard}    states:")
    (root / "models" / "wet.yaml").write_text(text, encoding="utf-8")


def scenario(root: Path, name: str, as_of: str, horizon: str = "2022-12-10",
             quiet: str | None = None, evidence: str = EVIDENCE, extra: str = "") -> Path:
    path = root / "scenarios" / f"{name}.yaml"
    quiet_line = f"quiet_since: {quiet}\n" if quiet else ""
    path.write_text(f"""format: forecast-scenario/1
id: {name}
title: Worry by the horizon
as_of: {as_of}
horizon: {horizon}
{quiet_line}model: ../models/wet.yaml
targets: [worry, rain]
{evidence}{extra}""", encoding="utf-8")
    return path


def hazard_days(a: str, b: str) -> float:
    """The profile's hazard between two dates, day by day."""
    import datetime as dt

    start, end = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    step = dt.date(2022, 11, 10)
    total = 0.0
    day = start
    while day < end:
        total += 3.0 if day >= step else 1.0
        day += dt.timedelta(days=1)
    return total


def by_hand(p, f: float) -> np.ndarray:
    p = list(map(float, p))
    at_least = [sum(p[k:]) for k in range(len(p))]
    reached = [1.0] + [1.0 - (1.0 - s) ** f for s in at_least[1:]] + [0.0]
    return np.array([reached[k] - reached[k + 1] for k in range(len(p))])


def reference(path: Path, extra: dict | None = None) -> tuple[object, dict]:
    """The converted network built by hand, and the evidence (quiet days included)."""
    loaded = load_scenario(path)
    network, _ = scenario_network(loaded, [])
    s = loaded.scenario
    f = hazard_days(s.as_of.isoformat(), s.horizon.isoformat()) / WINDOW_HAZARD
    worry = network["worry"]
    flat = worry.cpt.reshape(-1, worry.card)
    converted = np.array([by_hand(row, f) for row in flat]).reshape(worry.cpt.shape)
    nodes = {n: network[n] for n in network.names}
    nodes["worry"] = Node("worry", worry.states, worry.parents, converted)
    evidence = {n: v for n, v in s.likelihoods().items() if not n.startswith("quiet:")}
    if s.quiet_since is not None:
        g = hazard_days(s.quiet_since.isoformat(), s.as_of.isoformat()) / WINDOW_HAZARD
        q = worry.cpt[..., 0] ** g
        nodes["q"] = Node("q", ("quiet", "not"), worry.parents, np.stack([q, 1 - q], -1))
        evidence["q"] = np.array([1.0, 0.0])
    from forecast.domain.network import Network

    return Network(network.id, network.title, nodes, network.targets), {**evidence, **(extra or {})}


def exact(path: Path, targets=("worry",), extra: dict | None = None) -> dict:
    network, evidence = reference(path, extra)
    return brute_force(network, list(targets), evidence)


CASES = {
    "start": dict(as_of="2022-10-11"),
    "later": dict(as_of="2022-11-20"),
    "later_quiet": dict(as_of="2022-11-20", quiet="2022-10-11"),
    "quiet_no_evidence": dict(as_of="2022-11-20", quiet="2022-10-25", evidence="evidence: []\n"),
    "past_window": dict(as_of="2022-10-20", horizon="2023-02-01", quiet="2022-10-11"),
    "no_days_left": dict(as_of="2022-12-10", quiet="2022-10-11"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_run_is_brute_force_on_converted_rows(project: Path, case: str) -> None:
    path = scenario(project, case, **CASES[case])
    expected = exact(path, ("worry", "rain"))
    for engine in ("compiled", "pgmpy"):
        result = run_scenario(path, engine=engine)
        for target in ("worry", "rain"):
            assert result.posteriors[target].array == pytest.approx(expected[target], abs=TOL)


def test_quiet_days_are_a_finding_of_kind_quiet(project: Path) -> None:
    path = scenario(project, "q", **CASES["later_quiet"])
    written = run_scenario(path).to_json()
    quiet = [f for f in written["evidence"] if f.get("kind") == "quiet"]
    assert len(quiet) == 1 and quiet[0]["id"] == "quiet_worry"
    assert written["window"]["worry"]["quiet"] == {
        "since": "2022-10-11", "days": 40,
        "hazard_share": round(hazard_days("2022-10-11", "2022-11-20") / WINDOW_HAZARD, 12)}
    # explain leaves it out like any finding
    explained = explain_scenario(path, "worry").analysis
    without_quiet = exact(path)  # then drop the quiet node's evidence by hand
    network, evidence = reference(path)
    evidence.pop("q")
    no_quiet = brute_force(network, ["worry"], evidence)["worry"]
    effect = next(e for e in explained.evidence if e.ref == "quiet_worry")
    assert effect.without.array == pytest.approx(no_quiet, abs=TOL)
    assert explained.posterior.array == pytest.approx(without_quiet["worry"], abs=TOL)
    # quiet days make escalation less likely here
    assert effect.shift["low"] > 0


@pytest.mark.parametrize("case", ["later_quiet", "past_window"])
def test_intervals_convert_each_sampled_table(project: Path, case: str) -> None:
    from forecast.analysis.uncertainty import sample_cpts

    path = scenario(project, case, **CASES[case])
    result = run_scenario(path, samples=30, seed=5)
    loaded = load_scenario(path)
    network = analyst_team(loaded, []).single("test")
    evidence = loaded.scenario.likelihoods()
    rng = np.random.default_rng(5)
    relevant = network.ancestors(["worry", "rain", *evidence])
    cpts = sample_cpts(rng, network, 30, [n for n in network.names if n in relevant])
    draws = []
    for i in range(30):
        # the draw of worry's written table, recovered: convert it by hand like the reference
        sample = {n: c[i] for n, c in cpts.items()}
        net_i, ev = reference(path)
        nodes = dict(net_i.nodes)
        for n, table in sample.items():
            if n.startswith("quiet:") or n == "worry":
                continue
            nodes[n] = Node(n, nodes[n].states, nodes[n].parents, table)
        nodes["worry"] = Node("worry", nodes["worry"].states, nodes["worry"].parents,
                              sample["worry"])
        if "q" in nodes:
            nodes["q"] = Node("q", ("quiet", "not"), nodes["q"].parents,
                              sample["quiet:worry"])
        from forecast.domain.network import Network

        draws.append(brute_force(Network("m", "m", nodes), ["worry"], ev)["worry"])
    draws = np.array(draws)
    assert result.uncertainty.mean["worry"].array == pytest.approx(draws.mean(axis=0), abs=TOL)
    # and each sampled worry table is the conversion of a written-form draw
    time = network.meta["time"]
    rng = np.random.default_rng(5)
    from forecast.cpt import form_of

    for name in [n for n in network.names if n in relevant]:
        if name.startswith("quiet:"):
            continue
        node = time.elicited.get(name, network[name])
        drawn = form_of(node).sample(rng, node, 30)
        if name == "worry":
            f = time.windows["worry"].ratio
            flat = drawn.reshape(-1, 3)
            mine = np.array([by_hand(r, f) for r in flat]).reshape(drawn.shape)
            assert cpts["worry"] == pytest.approx(mine, abs=TOL)


PARENTS = ("wet", "cloudy")


def with_parent(project: Path, case: str, parent: str, state: str) -> Path:
    finding = (f"  - node: {parent}\n    state: {state}\n"
               "    source: {doc: weather_report, quote: \"the sprinkler\"}\n")
    return scenario(project, f"{case}_{parent}_{state}", **CASES[case], extra=finding)


def average_over_parent(project: Path, case: str, parent: str, answer) -> float:
    """sum over v of P(parent = v | e) * answer(scenario with parent = v)."""
    path = scenario(project, case, **CASES[case])
    p_parent = run_scenario(path).posteriors  # targets worry, rain: ask the parent directly
    network, evidence = reference(path)
    weights = brute_force(network, [parent], evidence)[parent]
    assert p_parent  # the run itself loads
    states = load_scenario(path).network[parent].states
    return float(sum(w * answer(with_parent(project, case, parent, s))
                     for w, s in zip(weights, states, strict=True)))


@pytest.mark.parametrize("case", ["later", "later_quiet"])
@pytest.mark.parametrize("parent", PARENTS)
def test_total_probability_holds_in_every_command(project: Path, case: str, parent: str) -> None:
    """For the windowed node and each parent: every command's headline is the average of
    its own conditional answers over the parent's posterior."""
    path = scenario(project, case, **CASES[case])
    commands = {
        "run": lambda p: run_scenario(p).posteriors["worry"]["low"],
        "explain": lambda p: explain_scenario(p, "worry").analysis.posterior["low"],
        "sensitivity": lambda p: sensitivity_scenario(p, "worry=low", sweep="credible"
                                                      ).analysis.baseline,
        "voi": lambda p: voi_scenario(p, "worry").analysis.posterior["low"],
        "answer": lambda p: 1 - answer_scenario(p, "worry", samples=4).event["probability"],
    }
    for name, answer in commands.items():
        headline = answer(path)
        assert headline == pytest.approx(exact(path)["worry"][0], abs=TOL), name
        assert average_over_parent(project, case, parent, answer) == \
            pytest.approx(headline, abs=TOL), name


def test_voi_branches_average_to_the_headline(project: Path) -> None:
    path = scenario(project, "q", **CASES["later_quiet"])
    loaded = load_scenario(path)
    network = analyst_team(loaded, []).single("test")
    result = value_of_information(network, loaded.scenario.likelihoods(), "worry")
    assert all(not row.node.startswith("quiet:") for row in result.nodes)
    for row in result.nodes:
        p_x = brute_force(reference(path)[0], [row.node], reference(path)[1])[row.node]
        mixed = sum(p * row.if_observed[s].array
                    for p, s in zip(p_x, network[row.node].states, strict=True))
        assert mixed == pytest.approx(result.posterior.array, abs=TOL)


def test_compare_puts_a_later_snapshot_on_time_and_quiet(project: Path) -> None:
    a = scenario(project, "a", as_of="2022-10-11")
    b = scenario(project, "b", as_of="2022-11-20", quiet="2022-10-11")
    result = compare_scenarios(a, b).comparison
    kinds = sorted(item.kind for item in result.attribution)
    assert kinds == ["quiet", "time"]
    moved = result.targets["worry"]
    delta = moved.after.array - moved.before.array
    assert delta == pytest.approx(exact(b)["worry"] - exact(a)["worry"], abs=TOL)
    total = sum(item.contribution["worry"].array for item in result.attribution)
    assert total == pytest.approx(delta, abs=TOL)
    # the two-player Shapley split by hand: time alone is B's span without quiet days
    c = scenario(project, "c", as_of="2022-11-20")
    v = {(False, False): exact(a)["worry"], (True, True): exact(b)["worry"],
         (True, False): exact(c)["worry"]}
    # quiet days without B's span: A's span with B's quiet days
    net_a, ev_a = reference(a)
    net_b, _ = reference(b)
    nodes = dict(net_a.nodes)
    nodes["q"] = net_b["q"]
    from forecast.domain.network import Network

    v[(False, True)] = brute_force(Network("m", "m", nodes), ["worry"],
                                   {**ev_a, "q": np.array([1.0, 0.0])})["worry"]
    shapley_time = 0.5 * ((v[True, False] - v[False, False]) + (v[True, True] - v[False, True]))
    by_kind = {item.kind: item for item in result.attribution}
    assert by_kind["time"].contribution["worry"].array == pytest.approx(shapley_time, abs=TOL)
    assert by_kind["quiet"].quiet_days == (0, 40)


def test_compare_items_add_up_with_evidence_and_quiet(project: Path) -> None:
    a = scenario(project, "a", as_of="2022-10-20", quiet="2022-10-11", evidence="evidence: []\n")
    b = scenario(project, "b", as_of="2022-11-25", quiet="2022-10-11")
    result = compare_scenarios(a, b).comparison
    assert {i.kind for i in result.attribution} == {"added", "time", "quiet"}
    for target in ("worry", "rain"):
        moved = result.targets[target]
        delta = moved.after.array - moved.before.array
        assert moved.before.array == pytest.approx(exact(a, (target,))[target], abs=TOL)
        assert moved.after.array == pytest.approx(exact(b, (target,))[target], abs=TOL)
        total = sum(i.contribution[target].array for i in result.attribution)
        assert total == pytest.approx(delta, abs=TOL)


def test_a_later_snapshot_without_quiet_since_is_warned(project: Path) -> None:
    loaded = load_scenario(scenario(project, "late", as_of="2022-11-20"))
    kinds = [w.kind for w in loaded.integrity.warnings]
    assert "time" in kinds
    message = next(w.message for w in loaded.integrity.warnings if w.kind == "time")
    assert "40 days" in message and "quiet_since: 2022-10-11" in message
    quiet = load_scenario(scenario(project, "q", **CASES["later_quiet"]))
    assert "time" not in [w.kind for w in quiet.integrity.warnings]


BAD_MODELS = {
    "no weights": ("    hazard: []\n", "has no weights"),
    "negative": ("    hazard:\n      - {from: 2022-10-11, weight: -1}\n", "not a finite number"),
    "nan": ("    hazard:\n      - {from: 2022-10-11, weight: .nan}\n", "not a finite number"),
    "order": ("    hazard:\n      - {from: 2022-11-10, weight: 1}\n"
              "      - {from: 2022-10-11, weight: 2}\n", "date order"),
    "after window": ("    hazard:\n      - {from: 2022-10-11, weight: 1}\n"
                     "      - {from: 2023-01-10, weight: 2}\n", "after the window's end"),
    "all zero": ("    hazard:\n      - {from: 2022-10-11, weight: 0}\n", "every hazard weight is 0"),
}


@pytest.mark.parametrize("case", sorted(BAD_MODELS))
def test_bad_profiles_are_located_errors(project: Path, case: str) -> None:
    from typer.testing import CliRunner

    hazard, words = BAD_MODELS[case]
    write_model(project, hazard)
    path = scenario(project, "s", as_of="2022-10-11")
    out = project / "out.json"
    result = CliRunner().invoke(cli, ["run", str(path), "--format", "json", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "wet.yaml:" in result.output  # located in the model, with its line
    assert "Traceback" not in result.output
    assert not out.exists()


def test_hazard_without_window_days_is_an_error(project: Path) -> None:
    from typer.testing import CliRunner

    text = (project / "models" / "wet.yaml").read_text()
    text = text.replace("  rain:\n    states:", "  rain:\n" + HAZARD + "    states:")
    (project / "models" / "wet.yaml").write_text(text)
    result = CliRunner().invoke(cli, ["validate", str(project / "models" / "wet.yaml")])
    assert result.exit_code == 2
    assert "no `window_days`" in result.output


BAD_SCENARIOS = {
    "quiet after as_of": (dict(as_of="2022-10-20", quiet="2022-10-25"), "after as_of"),
    "quiet before window": (dict(as_of="2022-10-20", quiet="2022-10-01"), "before the window"),
    "step after horizon": (dict(as_of="2022-10-11", horizon="2022-11-01"), "after this snapshot's"),
}


@pytest.mark.parametrize("case", sorted(BAD_SCENARIOS))
def test_bad_quiet_days_and_horizons_are_located_errors(project: Path, case: str) -> None:
    from typer.testing import CliRunner

    kwargs, words = BAD_SCENARIOS[case]
    path = scenario(project, "s", **kwargs)
    result = CliRunner().invoke(cli, ["run", str(path)])
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "s.yaml:" in result.output and "Traceback" not in result.output


def _compare_after(project: Path):
    """compare reports B's side as B's own headline (any earlier snapshot will do)."""
    early = scenario(project, "early_for_compare", as_of="2022-10-11")

    def answer(p: Path) -> float:
        moved = compare_scenarios(early, p).comparison.targets["worry"]
        return moved.after["low"]
    return answer


def _recorded(project: Path):
    """record stores the run's headline (read back from the ledger, as score reads it)."""
    from forecast.ledger import open_ledger
    from forecast.usecases.ledger import record_scenario

    def answer(p: Path) -> float:
        where = project / f"{p.stem}.sqlite"
        with open_ledger(where) as book:
            record_scenario(book, p)
        with open_ledger(where, create=False) as book:
            return book.entries()[-1].result["posteriors"]["worry"]["low"]
    return answer


@pytest.mark.parametrize("command", ["compare", "record"])
@pytest.mark.parametrize("parent", PARENTS)
def test_total_probability_holds_in_compare_and_the_ledger(project: Path, command: str,
                                                             parent: str) -> None:
    case = "later_quiet"
    path = scenario(project, case, **CASES[case])
    answer = _compare_after(project) if command == "compare" else _recorded(project)
    headline = answer(path)
    assert headline == pytest.approx(exact(path)["worry"][0], abs=TOL)
    assert average_over_parent(project, case, parent, answer) == pytest.approx(headline, abs=TOL)


def test_probability_by_date_is_the_run_with_that_date_as_horizon(project: Path) -> None:
    """The horizon chart's curves and the brief's table of hazard shapes: each date is the
    run of the snapshot with that date as its horizon, under each profile."""
    import datetime as dt

    from forecast.usecases.by_date import date_curves

    path = scenario(project, "q", **CASES["later_quiet"])
    curves = date_curves(run_scenario(path), "worry")
    assert curves.days[0] == 0 and curves.days[-1] == 20
    for day in (0, 7, 20):
        horizon = (dt.date(2022, 11, 20) + dt.timedelta(days=day)).isoformat()
        dated = scenario(project, f"d{day}", as_of="2022-11-20", horizon=horizon,
                         quiet="2022-10-11")
        expected = exact(dated)["worry"]
        reached = curves.curves["model"][curves.days.index(day)]
        assert reached == pytest.approx([expected[1] + expected[2], expected[2]], abs=TOL)
    # the constant shape is the same model without its profile
    assert curves.descriptions["constant"] == "constant"
    write_model(project, "")
    flat = run_scenario(path).posteriors["worry"]
    assert curves.at_horizon("constant", ("medium", "high")) == pytest.approx(
        flat["medium"] + flat["high"], abs=TOL)
    assert curves.at_horizon("model", ("low",)) == pytest.approx(exact(path)["worry"][0], abs=TOL)
