"""Every analysis against brute-force enumeration (and pgmpy) on small models, to 1e-9."""

from __future__ import annotations

import numpy as np
import pytest
from reference import brute_force, random_network, sample_evidence

from forecast.analysis.impact import explain
from forecast.analysis.parameters import build_tables, covary, parameters
from forecast.analysis.sensitivity import sensitivity
from forecast.analysis.uncertainty import sample_cpts
from forecast.analysis.voi import value_of_information
from forecast.domain.evidence import Finding
from forecast.engine import compiled, pgmpy_engine
from forecast.spec.load import load_model

TOL = 1e-9


def fixture_network(fixtures):
    return load_model(fixtures / "tiny" / "models" / "wet.yaml").network


def networks(fixtures):
    rng = np.random.default_rng(11)
    out = [(fixture_network(fixtures), {"wet": np.array([0.2, 1.0, 0.5])}, "rain")]
    for _ in range(3):
        net = random_network(rng, n_nodes=5, max_card=3)
        evidence = sample_evidence(rng, net, k=2, soft=0.5)
        target = next(n for n in net.names if n not in evidence)
        out.append((net, evidence, target))
    return out


def test_sensitivity_ends_match_brute_force(fixtures) -> None:
    for net, evidence, target in networks(fixtures):
        state = net[target].states[0]
        result = sensitivity(net, evidence, target, state)
        assert result.baseline == pytest.approx(brute_force(net, [target], evidence)[target][0],
                                                abs=TOL)
        by_key = {(p.node, p.kind, tuple(p.given.items()), p.state): p for p in parameters(net)}
        rows = result.parameters
        assert len(rows) == len(by_key)
        swings = [r.written_swing for r in rows if r.written_swing is not None]
        assert swings == sorted(swings, reverse=True)
        for row in rows[:12]:
            parameter = by_key[(row.node, row.kind, tuple(row.given.items()), row.state)]
            for x, reported in zip(row.sweep, (row.low, row.high), strict=True):
                table = build_tables(net[parameter.node], [parameter], np.array([[x]]))[0, 0]
                changed = net.with_cpts({parameter.node: table})
                try:
                    expected = brute_force(changed, [target], evidence)[target][0]
                except (ZeroDivisionError, FloatingPointError):
                    continue
                if np.isnan(expected):
                    assert reported is None
                else:
                    assert reported == pytest.approx(expected, abs=1e-8)


def test_sensitivity_function_is_exact_inside_the_range(fixtures) -> None:
    net, evidence, target = networks(fixtures)[0]
    result = sensitivity(net, evidence, target, "rain")
    by_key = {(p.node, p.kind, tuple(p.given.items()), p.state): p for p in parameters(net)}
    for row in result.parameters:
        if row.function is None:
            continue
        a, b, c, d = row.function
        parameter = by_key[(row.node, row.kind, tuple(row.given.items()), row.state)]
        x = 0.37
        changed = net.with_cpts({parameter.node: build_tables(net[parameter.node], [parameter],
                                                                   np.array([[x]]))[0, 0]})
        expected = brute_force(changed, [target], evidence)[target][1]
        assert (a + b * x) / (c + d * x) == pytest.approx(expected, abs=1e-9)


def test_sensitivity_range_clips_to_unit_interval(fixtures) -> None:
    net, evidence, target = networks(fixtures)[0]
    result = sensitivity(net, evidence, target, "rain", range_=0.1)
    for row in result.parameters:
        if row.kind in {"prior", "table", "leak", "effect"}:
            lo, hi = row.sweep
            assert max(0.0, row.value - 0.1) == pytest.approx(lo, abs=1e-12)
            assert min(1.0, row.value + 0.1) == pytest.approx(hi, abs=1e-12)


def test_sensitivity_reports_null_where_evidence_becomes_impossible(fixtures) -> None:
    net = fixture_network(fixtures)
    evidence = {"cloudy": np.array([1.0, 0.0])}
    result = sensitivity(net, evidence, "rain", "rain")
    prior_rows = [r for r in result.parameters if r.node == "cloudy"]
    nulls = [r for r in prior_rows if None in (r.low, r.high)]
    assert nulls and all("impossible" in r.note for r in nulls)
    written = [r.to_json() for r in nulls]
    assert all(None in (r["low"], r["high"]) and "impossible" in r["note"] for r in written)


def test_covary_keeps_rows_summing_to_one() -> None:
    row = np.array([0.2, 0.5, 0.3])
    out = covary(row, 1, np.array([0.0, 0.25, 1.0]))
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_allclose(out[1], [0.3, 0.25, 0.45])
    np.testing.assert_allclose(covary(np.array([1.0, 0.0, 0.0]), 0, np.array([0.4]))[0], [0.4, 0.3, 0.3])


def test_explain_matches_brute_force(fixtures) -> None:
    for net, evidence, target in networks(fixtures):
        findings = [Finding(n, v) for n, v in evidence.items()]
        result = explain(net, findings, target)
        full = brute_force(net, [target], evidence)[target]
        states = net[target].states
        assert [result.posterior[s] for s in states] == pytest.approx(full, abs=TOL)
        assert [result.prior[s] for s in states] == pytest.approx(
            brute_force(net, [target], {})[target], abs=TOL)
        for i, item in enumerate(result.evidence):
            rest = {f.node: f.likelihood for j, f in enumerate(findings) if j != i}
            without = brute_force(net, [target], rest)[target]
            assert [item.without[s] for s in states] == pytest.approx(without, abs=TOL)
            assert [item.shift[s] for s in states] == pytest.approx(full - without, abs=TOL)
            product = np.array([item.without[s] * item.diagnosticity[s] for s in states])
            np.testing.assert_allclose(product / product.sum(), full, atol=TOL)
        if result.sequence:
            assert result.sequence[-1].after == result.posterior
            assert result.sequence[0].before == result.prior


def test_voi_matches_brute_force(fixtures) -> None:
    for net, evidence, target in networks(fixtures):
        result = value_of_information(net, evidence, target)
        posterior = brute_force(net, [target], evidence)[target]
        for row in result.nodes:
            node = row.node
            p_x = brute_force(net, [node], evidence)[node]
            mi = 0.0
            for k, state in enumerate(net[node].states):
                hard = np.eye(net[node].card)[k]
                conditional = brute_force(net, [target], {**evidence, node: hard})[target]
                got = row.if_observed[state]
                assert [got[s] for s in net[target].states] == pytest.approx(conditional, abs=TOL)
                joint = p_x[k] * conditional
                mi += float(np.sum(np.where(joint > 0, joint * np.log2(
                    np.where(joint > 0, conditional / posterior, 1.0)), 0.0)))
            assert row.bits == pytest.approx(max(mi, 0.0), abs=TOL)
        bits = [r.written_bits() for r in result.nodes]
        assert bits == sorted(bits, reverse=True)


def test_voi_flags_tripwires() -> None:
    from forecast.cpt import Table
    from forecast.domain.network import Network, Node

    prior = np.array([0.6, 0.4])
    cpt = np.array([[0.9, 0.1], [0.05, 0.95]])
    net = Network("t", "t", {
        "h": Node("h", ("a", "b"), (), prior, Table(prior)),
        "e": Node("e", ("no", "yes"), ("h",), cpt, Table(cpt)),
    }, targets=("h",))
    row = value_of_information(net, {}, "h").nodes[0]
    assert row.flips_lead and row.tripwires == ("yes",)
    assert row.to_json()["flips_lead"] and row.to_json()["tripwires"] == ["yes"]


def test_sampled_cpts_answered_in_one_batch_equal_pgmpy_per_sample(fixtures) -> None:
    net = fixture_network(fixtures)
    evidence = {"wet": np.array([0.2, 1.0, 0.5])}
    rng = np.random.default_rng(5)
    cpts = sample_cpts(rng, net, 4)
    batched = compiled.posteriors(net, ["rain", "worry"], evidence, cpts=cpts)
    for b in range(4):
        one = net.with_cpts({n: c[b] for n, c in cpts.items()})
        reference = pgmpy_engine.posteriors(one, ["rain", "worry"], evidence)
        for target in ("rain", "worry"):
            np.testing.assert_allclose(batched[target][b], reference[target], atol=TOL)


def test_sampled_cpts_are_distributions_centred_on_the_model(fixtures) -> None:
    net = fixture_network(fixtures)
    rng = np.random.default_rng(0)
    cpts = sample_cpts(rng, net, 20000)
    for name, draws in cpts.items():
        np.testing.assert_allclose(draws.sum(axis=-1), 1.0, atol=1e-12)
        assert (draws >= 0).all()
        if net[name].form.kind == "table":
            np.testing.assert_allclose(draws.mean(axis=0), net[name].cpt, atol=0.01)
