"""Evidence cases from a CSV file, answered in one batched call."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURES
from reference import pyagrum_posteriors

from forecast.engine import compiled
from forecast.errors import UserError
from forecast.spec.load import load_model
from forecast.usecases import query_cases as cases

WET = FIXTURES / "tiny" / "models" / "wet.yaml"


def write(tmp_path: Path, text: str, name: str = "cases.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_each_case_matches_its_own_query_and_pyagrum(tmp_path: Path) -> None:
    path = write(tmp_path, "cloudy,wet,sprinkler\n"
                           "clouds,soaked,\n"
                           ",dry,on\n"
                           ",,\n"
                           "no_clouds,,off\n")
    rows = cases.query_cases(WET, path, ["rain", "worry"])
    assert [r["case"] for r in rows] == ["1", "2", "3", "4"]
    network = load_model(WET).network
    observed = [{"cloudy": "clouds", "wet": "soaked"}, {"wet": "dry", "sprinkler": "on"}, {},
                {"cloudy": "no_clouds", "sprinkler": "off"}]
    for row, case in zip(rows, observed, strict=True):
        evidence = {n: np.eye(network[n].card)[network[n].index(s)] for n, s in case.items()}
        single = compiled.posteriors(network, ("rain", "worry"), evidence)
        reference = pyagrum_posteriors(network, ("rain", "worry"), evidence)
        for target in ("rain", "worry"):
            got = [row[f"{target}={s}"] for s in network[target].states]
            np.testing.assert_allclose(got, single[target], atol=1e-12)
            np.testing.assert_allclose(got, reference[target], atol=1e-9)


def test_one_batched_call(tmp_path: Path, monkeypatch) -> None:
    lines = ["cloudy,wet"] + [f"{'clouds' if i % 2 else 'no_clouds'},{['dry', 'damp', ''][i % 3]}"
                              for i in range(300)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    calls = []
    real = compiled.posteriors

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(compiled, "posteriors", counting)
    rows = cases.query_cases(WET, path, ["rain"])
    assert len(rows) == 300 and len(calls) == 1
    assert calls[0][2]["cloudy"].shape == (6, 2)  # identical cases are answered once
    network = load_model(WET).network
    for i in (0, 1, 2, 299):
        evidence = {"cloudy": np.eye(2)[i % 2]}
        if i % 3 < 2:
            evidence["wet"] = np.eye(3)[i % 3]
        expected = real(network, ["rain"], evidence)["rain"]
        np.testing.assert_allclose([rows[i]["rain=dry"], rows[i]["rain=rain"]], expected, atol=1e-12)


def test_case_column_labels_rows_and_defaults_to_model_targets(tmp_path: Path) -> None:
    path = write(tmp_path, "case,wet\nmonday,soaked\ntuesday,\n")
    rows = cases.query_cases(WET, path)
    assert [r["case"] for r in rows] == ["monday", "tuesday"]
    assert set(rows[0]) == {"case", "rain=dry", "rain=rain"}


def test_labels_and_original_names_are_accepted_as_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "Cloudy sky,wet\nclouds,damp\n")
    rows = cases.query_cases(WET, path, ["rain"])
    assert rows[0]["rain=rain"] > 0.5


@pytest.mark.parametrize(("text", "where", "message"), [
    ("cloudy,rainfall\nclouds,x\n", ":1:2", "unknown column 'rainfall'"),
    ("cloudy,wet\nclouds,drenched\n", ":2:2", "unknown state 'drenched' of 'wet'"),
    ("cloudy,wet\nclouds\n", ":2", "row has 1 cells but the header has 2 columns"),
    ("cloudy,cloudy\nclouds,clouds\n", ":1:2", "appears twice"),
    ("", "", "file is empty"),
    ("cloudy,wet\n\nclouds,dry\nfoggy,dry\n", ":4:1", "unknown state 'foggy'"),
])
def test_bad_cases_name_file_line_and_column(tmp_path: Path, text: str, where: str,
                                             message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(UserError) as info:
        cases.query_cases(WET, path, ["rain"])
    problem = str(info.value)
    assert f"{path}{where}" in problem
    assert message in problem


def test_impossible_case_names_its_line(tmp_path: Path) -> None:
    model = tmp_path / "m.yaml"
    text = re.sub(r"    sources:\n      - .*\n", "", WET.read_text())  # no seeds folder here
    model.write_text(text.replace("prior: {no_clouds: 0.5, clouds: 0.5}",
                                  "prior: {no_clouds: 1.0, clouds: 0.0}"))
    path = write(tmp_path, "cloudy,wet\nno_clouds,dry\nclouds,dry\nno_clouds,\nclouds,dry\n")
    with pytest.raises(UserError) as info:
        cases.query_cases(model, path, ["rain"])
    assert [(p.line, "impossible" in p.message) for p in info.value.problems] == [(3, True), (5, True)]


def test_unknown_target_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="unknown node"):
        cases.query_cases(WET, write(tmp_path, "wet\ndry\n"), ["nope"])
    with pytest.raises(UserError, match="file not found"):
        cases.query_cases(WET, tmp_path / "none.csv", ["rain"])


def test_pgmpy_engine_gives_the_same_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "cloudy,wet\nclouds,damp\n,soaked\n")
    fast = cases.query_cases(WET, path, ["rain"])
    slow = cases.query_cases(WET, path, ["rain"], engine="pgmpy")
    for a, b in zip(fast, slow, strict=True):
        for key in a:
            if key != "case":
                assert a[key] == pytest.approx(b[key], abs=1e-9)


def test_cases_on_a_network_file(tmp_path: Path) -> None:
    import pgmpy

    bif = Path(pgmpy.__file__).parent / "utils" / "example_models" / "asia.bif.gz"
    path = write(tmp_path, "smoke,xray\nyes,yes\nno,\n")
    rows = cases.query_cases(bif, path, ["lung"])
    assert rows[0]["lung=yes"] > rows[1]["lung=yes"]


def test_several_findings_on_one_node_multiply_and_5000_of_them_do_not_underflow() -> None:
    """The engine takes one likelihood per node: the product of that node's findings; 5,000
    reports of (0.5, 0.499) (0.5**5000 is far below a double) keep their ratio."""
    from forecast.cpt import Table
    from forecast.domain.evidence import Finding
    from forecast.domain.network import Network, Node
    from forecast.domain.scenario import likelihoods
    from forecast.engine import compiled

    prior = np.array([0.5, 0.5])
    net = Network(id="one", title="one", nodes={"h": Node("h", ("a", "b"), (), prior, Table(prior))},
                  targets=("h",))
    two = likelihoods([Finding("h", np.array([1.0, 0.5])), Finding("h", np.array([0.25, 1.0]))])
    np.testing.assert_allclose(two["h"], [0.25, 0.5])
    many = likelihoods([Finding("h", np.array([0.5, 0.499])) for _ in range(5000)])
    assert many["h"][0] > 0 and many["h"][1] > 0
    got = compiled.posteriors(net, ["h"], many)["h"]
    ratio = 0.998 ** 5000  # P(b | e) / P(a | e), about 4.5e-5
    np.testing.assert_allclose(got, [1 / (1 + ratio), ratio / (1 + ratio)], rtol=1e-9)
