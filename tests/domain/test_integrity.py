"""The pure integrity checks: shared origins, hindsight, undated documents, ungraded findings."""

from __future__ import annotations

import datetime as dt

import numpy as np

from forecast.domain.evidence import Finding, combine
from forecast.domain.integrity import (
    Dated,
    Quote,
    QuoteResult,
    Verification,
    finding_warnings,
    hindsight_warnings,
    shared_origin_groups,
    undated_warnings,
    verification_sentence,
)


def finding(node: str, position: int, doc: str | None = "a", origin: str | None = None,
            state: str | None = "yes", grade: str | None = "B2", id: str | None = None,
            ordinal: int = 1) -> Finding:
    return Finding(node, np.array([1.0, 0.5]), state=state, grade=grade,
                   source={"doc": doc, "quote": "q"} if doc else None, origin=origin,
                   position=position, id=id, ordinal=ordinal)


def test_findings_with_one_origin_form_one_group_named_by_id_or_position() -> None:
    findings = [finding("x", 0, origin="speech", id="speech_x"), finding("y", 1, doc="b"),
                finding("x", 2, doc="c", origin="speech", ordinal=2)]
    groups = shared_origin_groups(findings, {}, {"a": (), "b": (), "c": ()})
    assert groups == [((0, 2), ("same origin speech",))]
    assert [findings[i].ref for i in groups[0][0]] == ["speech_x", "x#2"]


def test_overlapping_quotes_of_one_document_are_one_report() -> None:
    findings = [finding("x", 0), finding("y", 1), finding("z", 2)]
    spans = {0: (10, 50), 1: (40, 90), 2: (200, 240)}
    groups = shared_origin_groups(findings, spans, {"a": ()})
    assert groups == [((0, 1), ("overlapping quotes of a",))]


def test_separate_passages_of_one_document_stay_independent() -> None:
    findings = [finding("x", 0), finding("y", 1)]
    assert shared_origin_groups(findings, {0: (0, 10), 1: (10, 20)}, {"a": ()}) == []


def test_documents_derived_from_one_original_are_linked_through_the_chain() -> None:
    derived = {"scotsman": ("wire",), "times": ("reprint",), "reprint": ("wire",), "other": ()}
    findings = [finding("x", 0, doc="scotsman"), finding("y", 1, doc="times"),
                finding("z", 2, doc="other")]
    groups = shared_origin_groups(findings, {}, derived)
    assert [g[0] for g in groups] == [(0, 1)]
    assert "derive from wire" in groups[0][1][0]


def test_a_copy_and_its_original_are_linked() -> None:
    findings = [finding("x", 0, doc="copy"), finding("y", 1, doc="original")]
    groups = shared_origin_groups(findings, {}, {"copy": ("original",), "original": ()})
    assert [g[0] for g in groups] == [(0, 1)]


def test_hindsight_names_each_late_citation_once_and_the_model_date() -> None:
    cites = [Dated("n1", "jan", dt.date(2023, 1, 5)), Dated("n1", "jan", dt.date(2023, 1, 5)),
             Dated("n2", "oct", dt.date(2022, 10, 11)), Dated("n3", "undated", None)]
    warnings = hindsight_warnings(cites, dt.date(2022, 10, 11), None)
    assert [(w.kind, w.details["node"], w.details["document"]) for w in warnings] == [
        ("hindsight", "n1", "jan")]
    later_model = hindsight_warnings(cites, dt.date(2022, 10, 11), dt.date(2023, 2, 1))
    assert later_model[0].details == {"node": None, "document": None, "date": "2023-02-01"}
    assert "after the scenario's as_of" in later_model[0].message


def test_citations_after_the_models_own_as_of_are_hindsight_even_before_the_scenario() -> None:
    cites = [Dated("n1", "dec", dt.date(2022, 12, 1))]
    warnings = hindsight_warnings(cites, dt.date(2023, 1, 5), dt.date(2022, 10, 11))
    assert [w.details["document"] for w in warnings] == ["dec"]
    assert "the model's as_of 2022-10-11" in warnings[0].message


def test_undated_documents_are_named_once() -> None:
    warnings = undated_warnings(["a", "b", "a"], {"a": None, "b": dt.date(2022, 1, 1)})
    assert [w.details["document"] for w in warnings] == ["a"]


def test_every_ungraded_state_finding_is_said_to_be_taken_as_certain() -> None:
    findings = [finding("x", 0, grade=None), finding("y", 1),
                Finding("z", np.array([1.0, 0.3]), position=2, source={"doc": "a"})]
    kinds = [(w.kind, w.details.get("finding")) for w in finding_warnings(findings, ["t"])]
    assert kinds == [("ungraded", "x#1")]


def test_several_findings_on_one_node_multiply() -> None:
    a = Finding("x", np.array([1.0, 0.2, 0.5]))
    b = Finding("x", np.array([0.3, 1.0, 1.0]))
    c = Finding("y", np.array([1.0, 0.0]))
    combined = combine([a, c, b])
    assert list(combined) == ["x", "y"]
    np.testing.assert_allclose(combined["x"], [0.3, 0.2, 0.5])


def test_the_verification_sentence_says_what_was_checked_and_what_failed() -> None:
    assert verification_sentence(0, 0).startswith("No quote was checked")
    assert verification_sentence(5, 5) == ("5 of 5 quotes checked and found verbatim in their "
                                           "documents.")
    assert "2 not found" in verification_sentence(5, 3)
    quote = Quote("finding", "x", "a", "q", "s.yaml", 3, 7, 0)
    verification = Verification((QuoteResult(quote, found=False), QuoteResult(quote, True)))
    assert verification.draft_note() == "DRAFT: 1 quote not verified"
    assert verification.to_json()["unverified"] == [
        {"node": "x", "doc": "a", "quote": "q", "role": "finding", "at": "s.yaml:3:7"}]
