"""Hostile input, third pass: no false statement with exit 0, no unbounded work.

Each case is a file an attacker (or a careless colleague) could write so that the tool says
something untrue and exits 0: a quote verified against the middle of a word, an outside
view's quote counted but never checked, weights that overflow their sum, an analyst named
like the model or carrying a newline. And inputs whose work grew without bound: the
closest-passage search of a large document, provenance over long `derived_from` chains or
thousands of findings of one origin, sweeps of a wide noisy-MAX node. CLI cases run the
real CLI in a child (as test_hostile.py does) and check its exit, its one error line and
its peak memory; no case is timed (each asserts the bounded work instead).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from forecast.domain.forecaster import forecaster_name_problem
from forecast.sources import SEARCH_BUDGET, check_quote, find_verbatim, normalise
from tests.child_memory import Outcome, run_forecast

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
PEAK_LIMIT_MB = 900  # as test_hostile.py: well under 1 GB
S = "scenarios/morning.yaml"


def forecast(args: list[str], cwd: Path) -> Outcome:
    """Run the CLI in a child: its exit code, output and own peak resident memory."""
    return run_forecast(args, cwd)


def project(root: Path) -> Path:
    for folder in ("models", "scenarios", "seeds", "overlays"):
        shutil.copytree(FIXTURE / folder, root / folder)
    return root

DAM = "Officials said it was impossible that the dam would hold through the night."


# --- quotes match whole words ----------------------------------------------------------------

@pytest.mark.parametrize(("quote", "found"), [
    ("possible that the dam would hold", False),      # starts inside "impossible"
    ("impossible that the dam would hol", False),     # ends inside "hold"
    ("t was impossible", False),                       # starts inside "it"
    ("impossible that the dam would hold", True),
    ("it was impossible that the dam would hold through the night.", True),
    ("night.", True),                                  # punctuation needs no boundary
    ("Officials said", True),                          # the document's first words
])
def test_a_quote_matches_only_on_word_boundaries(quote: str, found: bool) -> None:
    assert check_quote(quote, DAM).found is found
    assert (find_verbatim(normalise(quote), normalise(DAM)) >= 0) is found


def test_a_later_whole_word_occurrence_is_found_after_a_partial_one() -> None:
    text = "impossible that it holds; possible that it holds"
    assert find_verbatim("possible that it holds", text) == text.index("; possible") + 2


def test_scripts_without_spaces_need_no_boundary() -> None:
    assert check_quote("\u5927\u575d", "\u4ed6\u8bf4\u5927\u575d\u4f1a\u5d29").found  # 大坝 in 他说大坝会崩


def _with_doc(root: Path, text: str) -> None:
    (root / "seeds" / "doc.txt").write_text(text, encoding="utf-8")


def test_run_refuses_a_quote_that_starts_inside_a_word(tmp_path: Path) -> None:
    root = project(tmp_path)
    _with_doc(root, "The rain fell all night in the valley.\nWitnesses said the \u201cgrass was "
                    "wet\u201d at dawn \u2013 and the sprinklers\nhad been switched off.\n")
    # the scenario quotes "... and the sprinkler", which now stands only inside "sprinklers"
    result = forecast(["run", S], root)
    assert result.code == 2, result.stdout
    assert "quote not found in weather_report" in result.stderr
    assert "Traceback" not in result.stderr


# --- every quote read is checked before it is counted ----------------------------------------

REFERENCE = """reference:
  - name: forecasters
    target: rain
    event: [rain]
    p: 0.3
    source: {doc: weather_report, quote: "QUOTE"}
"""


def _scenario_with_reference(root: Path, quote: str) -> None:
    path = root / S
    path.write_text(path.read_text(encoding="utf-8") + REFERENCE.replace("QUOTE", quote),
                    encoding="utf-8")


def test_an_outside_views_quote_is_checked(tmp_path: Path) -> None:
    root = project(tmp_path)
    _scenario_with_reference(root, "The rain stopped before midnight")
    result = forecast(["run", S], root)
    assert result.code == 2
    assert "quote not found in weather_report" in result.stderr
    assert f"{S}:" in result.stderr  # located in the scenario file


def test_the_printed_count_counts_the_quotes_checked(tmp_path: Path) -> None:
    root = project(tmp_path)
    _scenario_with_reference(root, "The rain fell all night")
    result = forecast(["run", S, "--format", "json"], root)
    assert result.code == 0, result.stderr
    verification = json.loads(result.stdout)["verification"]
    # the finding's quote, the model's citation and the outside view's: three checked
    assert verification["checked"] == 3 and verification["verified"] == 3
    draft = forecast(["run", S, "--format", "json", "--allow-unverified"],
                     _broken_reference(tmp_path / "draft"))
    assert draft.code == 0, draft.stderr
    verification = json.loads(draft.stdout)["verification"]
    assert (verification["checked"], verification["verified"]) == (3, 2)
    assert [u["role"] for u in verification["unverified"]] == ["reference"]


def _broken_reference(root: Path) -> Path:
    root.mkdir()
    project(root)
    _scenario_with_reference(root, "The rain stopped before midnight")
    return root


# --- the closest-passage search is bounded -----------------------------------------------------

def test_the_closest_passage_search_gives_up_past_its_budget() -> None:
    document = ("word " * (SEARCH_BUDGET // 5 + 1000)) + "the end"
    check = check_quote("a sentence the document never says", document)
    assert not check.found and not check.searched and check.closest is None
    # the exact search still covers all of it
    assert check_quote("word the end", document).found


def test_sources_check_names_the_budget_for_a_large_document(tmp_path: Path) -> None:
    root = project(tmp_path)
    _with_doc(root, "The rain fell all night. " * (SEARCH_BUDGET // 25 + 1000))
    path = root / S
    path.write_text(path.read_text(encoding="utf-8").replace(
        'the \\"grass was wet\\" at dawn - and the sprinkler', "a dam burst at noon"),
        encoding="utf-8")
    result = forecast(["run", S], root)
    assert result.code == 2
    line = result.stderr.strip().splitlines()[-1]
    assert "no close passage found in" in line and "KB" in line, line
    assert result.peak_mb < PEAK_LIMIT_MB


def test_a_long_quote_against_a_document_without_spaces_stays_in_memory(tmp_path: Path) -> None:
    """One 1.9 MB "word" and a 20,000-character quote: aligning them character by character
    would take gigabytes; the search says no passage is close instead."""
    import random

    rng = random.Random(5)
    root = project(tmp_path)
    _with_doc(root, "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=1_900_000)))
    quote = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=20_000))
    path = root / S
    path.write_text(path.read_text(encoding="utf-8").replace(
        'the \\"grass was wet\\" at dawn - and the sprinkler', quote), encoding="utf-8")
    assert quote in path.read_text(encoding="utf-8")
    result = forecast(["sources", "check", S], root)
    lines = result.stderr.strip().splitlines()
    assert result.code == 2 and len(lines) == 1, result.stderr[-2000:]
    assert "the document has no passage like it" in lines[0] and len(lines[0]) < 400
    assert result.peak_mb < PEAK_LIMIT_MB


# --- pooled weights --------------------------------------------------------------------------

def test_weights_near_the_float_limit_pool_as_equal_weights(tmp_path: Path) -> None:
    root = project(tmp_path)
    overlays = Path(__file__).resolve().parents[1] / "fixtures" / "tiny" / "overlays"
    args = ["run", S, "--format", "json", "--analyst", str(overlays / "clouds.yaml"),
            "--analyst", str(overlays / "worry.yaml")]
    equal = forecast(args, root)
    huge = forecast([*args, "--weights", "analyst_a=1e308,analyst_c=1e308"], root)
    assert equal.code == 0 and huge.code == 0, huge.stderr
    assert json.loads(huge.stdout)["posteriors"] == json.loads(equal.stdout)["posteriors"]
    assert json.loads(huge.stdout)["pool"]["weights"] == {"analyst_a": 0.5, "analyst_c": 0.5}


# --- analyst names -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["model", "Model", "pool (linear: a, b)",
                                  "analyst_a\nverification: 9 of 9 quotes verified",
                                  "tab\there", "\u202eevil", " padded"])
def test_names_that_collide_or_forge_lines_are_refused(name: str) -> None:
    assert forecaster_name_problem(name) is not None


@pytest.mark.parametrize("name", ["analyst_a", "Ana Kowalska", "Анна", "modeller"])
def test_ordinary_names_are_taken(name: str) -> None:
    assert forecaster_name_problem(name) is None


@pytest.mark.parametrize(("name", "expect"), [
    ("model", "the name the ledger gives the model"),
    ("a\\nverification: all quotes verified", "control character U+000A"),
])
def test_an_overlay_named_like_the_model_or_with_a_newline_is_refused(
        tmp_path: Path, name: str, expect: str) -> None:
    root = project(tmp_path)
    (root / "o.yaml").write_text(
        f'format: forecast-overlay/1\nanalyst: "{name}"\npriors:\n  cloudy: [0.5, 0.5]\n',
        encoding="utf-8")
    result = forecast(["run", S, "--analyst", "o.yaml"], root)
    lines = result.stderr.strip().splitlines()
    assert result.code == 2 and len(lines) == 1, result.stderr
    assert "o.yaml" in lines[0] and expect in lines[0]
    assert result.stdout == ""


# --- provenance in near-linear time ----------------------------------------------------------

def _finding(i: int, doc: str | None = None, origin: str | None = None):
    from forecast.domain.evidence import Finding

    return Finding("x", np.array([1.0, 0.5]), state="yes", grade="B2", position=i,
                   source={"doc": doc, "quote": "q"} if doc else None, origin=origin,
                   ordinal=i + 1)


def test_five_thousand_findings_of_one_origin_form_one_group_with_one_reason() -> None:
    from forecast.domain.integrity import shared_origin_groups

    findings = [_finding(i, origin="speech") for i in range(5_000)]
    groups = shared_origin_groups(findings, {}, {})
    assert groups == [(tuple(range(5_000)), ("same origin speech",))]


def test_a_ten_thousand_long_derived_from_chain_links_its_ends() -> None:
    from forecast.domain.integrity import shared_origin_groups

    derived = {f"d{k}": (f"d{k + 1}",) for k in range(10_000)}
    derived["d10000"] = ()
    findings = [_finding(0, "d0"), _finding(1, "d9999"), _finding(2, "elsewhere")]
    groups = shared_origin_groups(findings, {}, derived)
    assert groups == [((0, 1), ("d0 and d9999 derive from d10000",))]


def test_documents_that_both_copy_a_third_are_not_linked_through_it() -> None:
    """A copy of two originals relates neither original to the other (their lineages do not
    meet), unless a cited document derives from the copy."""
    from forecast.domain.integrity import shared_origin_groups

    derived = {"digest": ("a", "b"), "a": (), "b": ()}
    findings = [_finding(0, "a"), _finding(1, "b")]
    assert shared_origin_groups(findings, {}, derived) == []
    assert [g[0] for g in shared_origin_groups([*findings, _finding(2, "digest")], {},
                                               derived)] == [(0, 1, 2)]


def test_overlapping_spans_chain_into_one_group_and_touching_ones_do_not() -> None:
    from forecast.domain.integrity import shared_origin_groups

    findings = [_finding(i, "a") for i in range(4)]
    spans = {0: (0, 10), 1: (5, 20), 2: (19, 30), 3: (30, 40)}
    assert [g[0] for g in shared_origin_groups(findings, spans, {"a": ()})] == [(0, 1, 2)]


@pytest.mark.parametrize("size", [2, 5, 9])
def test_the_groups_match_every_pair_compared(size: int) -> None:
    """Against the definition, pair by pair, on random small cases."""
    from forecast.domain.integrity import shared_origin_groups

    rng = np.random.default_rng(size)
    for _ in range(40):
        docs = [f"d{k}" for k in range(size)]
        derived = {d: tuple(rng.choice(docs, rng.integers(0, 3), replace=False)) for d in docs}
        findings, spans = [], {}
        for i in range(size):
            doc = str(rng.choice([*docs, ""]))
            findings.append(_finding(i, doc or None, str(rng.choice(["o1", "o2", ""])) or None))
            start = int(rng.integers(0, 30))
            spans[i] = (start, start + int(rng.integers(1, 10)))
        got = [g[0] for g in shared_origin_groups(findings, spans, derived)]
        assert got == _pairwise_groups(findings, spans, derived)


def _pairwise_groups(findings, spans, derived) -> list[tuple[int, ...]]:
    def lineage(doc):
        seen, stack = {doc}, [doc]
        while stack:
            for origin in derived.get(stack.pop(), ()):
                if origin not in seen:
                    seen.add(origin)
                    stack.append(origin)
        return seen

    n = len(findings)
    parent = list(range(n))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            a, b = findings[i], findings[j]
            da, db = (a.source or {}).get("doc"), (b.source or {}).get("doc")
            linked = bool(a.origin and a.origin == b.origin)
            if da and db and da == db:
                linked |= spans[i][0] < spans[j][1] and spans[j][0] < spans[i][1]
            elif da and db:
                linked |= bool(lineage(da) & lineage(db))
            if linked:
                parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted(tuple(g) for g in groups.values() if len(g) > 1)


# --- the cost guard at the point of allocation -------------------------------------------------

def wide_noisy_max(parents: int) -> str:
    """A legal model: `child` has `parents` binary parents in noisy-MAX form (its CPT, 2^23
    entries, is within the 2^24 limit); each parent's link is a parameter to sweep."""
    lines = ["format: forecast-model/1", "id: wide", "title: Wide", "nodes:"]
    for i in range(parents):
        lines += [f"  p{i}:", "    states: [no, yes]", "    prior: [0.5, 0.5]"]
    lines += ["  child:", "    states: [low, high]",
              f"    parents: [{', '.join(f'p{i}' for i in range(parents))}]",
              "    noisy_max:", "      leak: [0.9, 0.1]", "      parents:"]
    lines += [f"        p{i}: {{yes: [0.5, 0.5]}}" for i in range(parents)]
    return "\n".join(lines) + "\n"


def test_sensitivity_of_a_22_parent_noisy_max_node_is_refused_before_allocating(
        tmp_path: Path) -> None:
    (tmp_path / "wide.yaml").write_text(wide_noisy_max(22), encoding="utf-8")
    (tmp_path / "s.yaml").write_text(
        "format: forecast-scenario/1\nid: s\ntitle: S\nas_of: 2024-01-01\nmodel: wide.yaml\n"
        "targets: [p0]\nevidence:\n  - {node: child, state: high}\n", encoding="utf-8")
    result = forecast(["sensitivity", "s.yaml", "--target", "p0=yes"], tmp_path)
    lines = result.stderr.strip().splitlines()
    assert result.code == 2, result.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr[-2000:]
    assert "too large" in lines[0] and "'child'" in lines[0]
    assert result.peak_mb < PEAK_LIMIT_MB


def test_out_of_memory_anywhere_is_one_line_and_exit_2(monkeypatch, capsys) -> None:
    import typer

    from forecast.cli.common import handles_errors

    @handles_errors
    def greedy() -> None:
        raise MemoryError

    with pytest.raises(typer.Exit) as stopped:
        greedy()
    assert stopped.value.exit_code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: out of memory")


# --- crashes become clear errors ---------------------------------------------------------------

def test_twelve_contradictory_certain_findings_name_a_conflict(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / S
    text = path.read_text(encoding="utf-8")
    evidence = "evidence:\n" + "".join(
        f"  - {{node: wet, state: {'dry' if i % 2 else 'soaked'}}}\n" for i in range(12))
    path.write_text(text[:text.index("evidence:")] + evidence + text[text.index("priors:"):],
                    encoding="utf-8")
    result = forecast(["run", S], root)
    lines = result.stderr.strip().splitlines()
    assert result.code == 2 and len(lines) == 1, result.stderr[-2000:]
    assert "cannot all hold" in lines[0] and "wet=soaked" in lines[0] and "wet=dry" in lines[0]


def test_an_infinite_window_is_refused_when_the_model_is_validated(tmp_path: Path) -> None:
    root = project(tmp_path)
    model = root / "models" / "wet.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "      variance: 0.05\n", "      variance: 0.05\n    window_days: .inf\n"),
        encoding="utf-8")
    result = forecast(["validate", "models/wet.yaml"], root)
    assert result.code == 2 and "window_days: inf is not a finite number" in result.stderr


def test_validate_checks_an_overlays_numbers_even_without_its_model(tmp_path: Path) -> None:
    (tmp_path / "o.yaml").write_text(
        "format: forecast-overlay/1\nanalyst: ana\nnodes:\n  rain:\n    table:\n"
        "      - given: {cloudy: no_clouds}\n        p: [0.9, 0.2]\n", encoding="utf-8")
    result = forecast(["validate", "o.yaml"], tmp_path)
    assert result.code == 2, result.stdout
    assert "o.yaml:7:" in result.stderr and "sum to 1.1, not 1" in result.stderr


def test_a_22000_character_label_is_cut_for_print(tmp_path: Path) -> None:
    root = project(tmp_path)
    model = root / "models" / "wet.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "label: Cloudy sky", "label: " + "Lw" * 11_000).replace("targets: [rain]",
                                                               "targets: [cloudy]"),
        encoding="utf-8")
    result = forecast(["brief", S, "--out", "b.pdf", "--marking", "TEST"], root)
    assert result.code == 0, result.stderr[-2000:]
    assert (root / "b.pdf").read_bytes().startswith(b"%PDF")
    assert result.peak_mb < PEAK_LIMIT_MB


def test_a_table_cell_or_callout_taller_than_a_page_is_cut_to_fit() -> None:
    """A 300-state target once made one cell 1,567 points tall on a 482-point page."""
    from forecast.report.brief.document import Brief, Callout, Cell, Column, Section, Table
    from forecast.report.brief_pdf import render_pdf

    states = ", ".join(f"state {k}: 0.3%" for k in range(300))
    table = Table((Column("Node", 1), Column("Numbers", 3)), ((Cell("big", states), Cell(states)),),
                  caption="Every factor")
    brief = Brief("Q " * 5_000, "sub", None, "icd203", (Callout("Bottom line", (states * 3,)),),
                  (Section("s", "S " * 5_000, (table,)),), "footer")
    assert render_pdf(brief, draw=lambda chart, yardstick: None).startswith(b"%PDF")
