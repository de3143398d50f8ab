"""Explicit tables as written in YAML: rows within 1e-6 of summing to 1 are renormalised,
rows further off are errors naming the row."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecast.errors import UserError
from forecast.spec.load import load_model

MODEL = """format: forecast-model/1
id: t
title: t
nodes:
  a:
    states: [x, y]
    prior: {{x: {px}, y: {py}}}
  b:
    states: [lo, mid, hi]
    parents: [a]
    table:
      - given: {{a: x}}
        p: [{r0}]
      - given: {{a: y}}
        p: {{lo: {r1[0]}, mid: {r1[1]}, hi: {r1[2]}}}
"""


def row(draw_values: list[float]) -> list[float]:
    values = np.asarray(draw_values) / np.sum(draw_values)
    return [float(v) for v in values]


@settings(max_examples=40, deadline=None)
@given(p=st.floats(0.0, 1.0), r0=st.lists(st.floats(0.01, 10), min_size=3, max_size=3),
       r1=st.lists(st.floats(0.01, 10), min_size=3, max_size=3),
       noise=st.floats(-9e-7, 9e-7))
def test_rows_sum_to_one_after_loading(tmp_path_factory, p, r0, r1, noise) -> None:
    path = tmp_path_factory.mktemp("m") / "m.yaml"
    first = row(r0)
    first[0] += noise
    path.write_text(MODEL.format(px=repr(p), py=repr(1 - p), r0=", ".join(map(repr, first)),
                                 r1=[repr(v) for v in row(r1)]))
    network = load_model(path).network
    np.testing.assert_allclose(network["b"].cpt.sum(axis=-1), 1.0, atol=1e-15)
    np.testing.assert_allclose(network["b"].cpt[1], row(r1), atol=1e-12)


@pytest.mark.parametrize("off", [2e-6, -1e-3, 0.5])
def test_rows_off_by_more_than_the_tolerance_are_errors(tmp_path, off) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MODEL.format(px="0.5", py="0.5", r0=f"{0.2 + off}, 0.3, 0.5",
                                 r1=["0.2", "0.3", "0.5"]))
    with pytest.raises(UserError, match=r"m.yaml:13:\d+: node 'b', table row 1: probabilities sum"):
        load_model(path)
