"""The checks' lines: one wording whether they come from a typed result or a result file."""

from __future__ import annotations

from conftest import ROOT

from forecast.app import compare_scenarios, run_scenario
from forecast.domain.integrity import Warning
from forecast.report.integrity import (
    check_lines,
    check_lines_of,
    counts_of,
    draft_text,
    warning_lines,
    warning_lines_of,
    warnings_of,
    written_counts,
    written_warnings,
)

OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"


def test_a_run_and_its_file_say_the_same() -> None:
    run = run_scenario(OCT)
    doc = run.to_json()
    assert counts_of(run) == written_counts(doc)
    assert check_lines_of(counts_of(run)) == check_lines(doc)
    assert warning_lines_of(warnings_of(run)) == warning_lines(doc)
    checked = doc["verification"]["checked"]
    assert check_lines(doc)[-1].startswith(f"verification: {checked} of {checked} quotes")


def test_a_comparison_tags_each_warning_with_its_snapshot() -> None:
    result = compare_scenarios(OCT, JAN)
    doc = result.to_json()
    assert len(counts_of(result)) == 2
    assert check_lines_of(counts_of(result)) == check_lines(doc)
    assert warning_lines_of(warnings_of(result)) == warning_lines(doc)
    tags = {tag for tag, _ in warnings_of(result)}
    assert tags <= {"oct2022", "jan2023"}


def test_hindsight_on_one_document_is_one_line_and_strings_pass_through() -> None:
    late = [(None, Warning("hindsight", "m", {"node": n, "document": "d1", "date": "2023-01-05"},
                           (f"model.yaml:{i}",))) for i, n in enumerate(("a", "b"), 1)]
    lines = warning_lines_of(["a note", *late, ("s1", Warning("undated", "no date", {}, ()))])
    assert lines == ["a note", "s1: undated: no date",
                     "hindsight: 2 model nodes cite d1 (published 2023-01-05), later than the "
                     "snapshot or the model's as_of: a, b (at model.yaml:1, model.yaml:2)"]
    written = {"warnings": ["a note", *({**w.to_json(), **({"scenario": t} if t else {})}
                                        for t, w in [*late, ("s1", Warning("undated", "no date"))])]}
    assert warning_lines_of(written_warnings(written)) == lines


def test_unverified_quotes_make_a_draft() -> None:
    doc = {"verification": {"checked": 3, "verified": 1, "unverified": [{}, {}]}}
    assert draft_text(doc) == "DRAFT: 2 quotes not verified"
    assert check_lines(doc) == ["DRAFT: 2 quotes not verified", "verification: 1 of 3 quotes "
                                "checked and found verbatim in their documents; 2 not found (a "
                                "draft, run with --allow-unverified)."]
    assert check_lines({}) == [] and draft_text({}) is None


def test_unsourced_nodes_print_their_place_the_same_from_either_path(tmp_path) -> None:
    from tests.tiny_project import tiny_project

    tiny_project(tmp_path)
    run = run_scenario(tmp_path / "scenarios" / "morning.yaml")
    typed, written = warning_lines_of(warnings_of(run)), warning_lines(run.to_json())
    assert typed == written
    cloudy = next(line for line in typed if "model node 'cloudy'" in line)
    assert cloudy.endswith("models/wet.yaml:6)")  # the place, not its letters one by one
    assert [w["at"] for w in run.to_json()["warnings"] if w.get("node") == "cloudy"
            and "finding" not in w] == [[cloudy.rsplit("(at ", 1)[1][:-1]]]
