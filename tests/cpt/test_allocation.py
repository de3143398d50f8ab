"""Every parameter form declares what it is about to build, and the cost guard judges the
declaration before any array exists: sweep ends, parameter samples and credible bounds are
costed like contractions."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT

from forecast.analysis.parameters import build_tables, node_parameters
from forecast.analysis.uncertainty import sample_cpts
from forecast.cpt import form_of
from forecast.cpt.allocation import Allocation, described
from forecast.engine.cost import MAX_PEAK_BYTES, TooLargeError
from forecast.spec.load import load_model


@pytest.fixture(scope="module")
def network():
    return load_model(ROOT / "models" / "belarus.yaml").network


def test_each_form_declares_the_cpts_it_builds(network) -> None:
    kinds = set()
    for node in network.nodes.values():
        form = form_of(node)
        kinds.add(form.kind)
        for kind in ("tables", "samples"):
            declared = form.allocation(node, kind, 7)
            assert isinstance(declared, Allocation)
            assert declared.count == 7 and declared.shape == node.cpt.shape
            assert declared.entries == 7 * node.cpt.size and declared.working >= 0
    assert kinds == {"table", "noisy_max", "ranked"}  # the Belarus model has all three


def test_what_is_built_has_the_declared_shape(network) -> None:
    rng = np.random.default_rng(0)
    for node in network.nodes.values():
        params = list(node_parameters(network, node))[:3]
        values = np.tile(np.array([[0.2, 0.8]]), (len(params), 1))
        built = build_tables(node, params, values)
        declared = form_of(node).allocation(node, "tables", len(params) * 2)
        assert built.size == declared.entries
        drawn = sample_cpts(rng, network, 5, [node.name])[node.name]
        assert drawn.size == form_of(node).allocation(node, "samples", 5).entries


def test_a_declaration_past_the_guard_is_refused_before_anything_is_built(network,
                                                                          monkeypatch) -> None:
    node = network["minsk_stance"]  # the ranked node
    called = []
    form = form_of(node)
    monkeypatch.setattr(type(form), "sample",
                        lambda *a, **k: called.append(1) or np.zeros(1), raising=True)
    too_many = int(MAX_PEAK_BYTES / 8 / node.cpt.size) + 1
    with pytest.raises(TooLargeError, match=r"drawing .* sets of the numbers of 'minsk_stance'"):
        sample_cpts(np.random.default_rng(0), network, too_many, ["minsk_stance"])
    assert called == []
    with pytest.raises(ValueError, match="tables or samples"):
        described("x", "rows", 1)
