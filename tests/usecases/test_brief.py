"""The brief's data: a --target node that is not one of the scenario's targets is run like
one, by each analyst and pooled."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from forecast import app
from forecast.app import Adjustments
from forecast.usecases import snapshot
from forecast.usecases.brief import gather, render_brief

ROOT = Path(__file__).resolve().parents[2]
JAN = ROOT / "scenarios" / "jan2023.yaml"


@pytest.fixture
def second_analyst(tmp_path) -> Path:
    text = (ROOT / "overlays" / "belarus_analyst_b.yaml").read_text(encoding="utf-8")
    path = tmp_path / "analyst_c.yaml"
    path.write_text(text.replace("analyst: analyst_b", "analyst: analyst_c").replace(
        "model: ../models/belarus.yaml", "model: belarus_war_entry"), encoding="utf-8")
    return path


def test_a_pooled_brief_of_a_node_outside_the_targets(second_analyst) -> None:
    analysts = [ROOT / "overlays" / "belarus_analyst_b.yaml", second_analyst]
    data = gather([JAN], target="border_activity", network=False,
                  adjustments=Adjustments(analysts=tuple(analysts), weights="analyst_b=3,analyst_c=1"))
    run = data.snapshots[0].run
    assert run.targets == ("border_activity",)
    loaded = app.load_checked(JAN)
    team = snapshot.analyst_team(loaded, [], analysts, None, "analyst_b=3,analyst_c=1")
    each = {name: snapshot.infer_windowed(net, ("border_activity",), loaded.scenario)["border_activity"]
            for name, net in team.networks.items()}
    assert set(run.per_analyst) == set(each)
    for name, p in each.items():
        np.testing.assert_allclose(run.per_analyst[name]["border_activity"], p, atol=1e-12)
    pooled = 0.75 * each["analyst_b"] + 0.25 * each["analyst_c"]
    np.testing.assert_allclose(run.posteriors["border_activity"].array, pooled, atol=1e-12)
    html = render_brief(data, "html").decode("utf-8")
    label = loaded.network["border_activity"].label
    assert label in html and "analyst_b" in html and "analyst_c" in html


def test_the_sources_table_names_the_model_nodes_each_document_backs() -> None:
    data = gather([ROOT / "scenarios" / "oct2022.yaml", JAN], network=False)
    loaded = app.load_checked(JAN)
    expected: dict[str, list[str]] = {}
    for name, node in loaded.network.nodes.items():
        for source in node.meta.get("sources") or []:
            doc = source["doc"] if isinstance(source, dict) else source.doc
            if name not in expected.setdefault(doc, []):
                expected[doc].append(name)
    assert expected and {d: list(n) for d, n in data.model_citations.items()} == expected
    html = render_brief(data, "html").decode("utf-8")
    doc, nodes = next(iter(expected.items()))
    assert f"model: {len(nodes)} node" in html
