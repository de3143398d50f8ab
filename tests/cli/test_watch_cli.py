"""forecast watch and forecast board through the CLI: formats, files outside the index, and
bad input (one line, exit 2, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from belarus_project import ROOT, belarus_project
from typer.testing import CliRunner

from forecast.cli.main import app

OCT = str(ROOT / "scenarios" / "oct2022.yaml")
JAN = str(ROOT / "scenarios" / "jan2023.yaml")
ARTICLE = "will_belarus_join_2023_01"
runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def fails(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv"])
def test_watch_formats(fmt):
    out = invoke("watch", OCT, ARTICLE, "--format", fmt)
    if fmt == "json":
        doc = json.loads(out)
        assert doc["indicators"][0]["passages"][0]["doc"] == ARTICLE
    elif fmt == "csv":
        assert out.splitlines()[0].startswith("indicator,bits,#,doc,date,score,passage,start,end")
    elif fmt == "markdown":
        assert "| indicator | bits | # | doc | date | score | passage |" in out
    else:
        assert "Signpost watch against" in out and "bits" in out


def test_top_k(tmp_path):
    doc = json.loads(invoke("watch", OCT, ARTICLE, "--top", "1", "--format", "json"))
    assert all(len(i["passages"]) <= 1 for i in doc["indicators"])


def _project(tmp_path) -> Path:
    return belarus_project(tmp_path / "p")


def test_a_file_outside_the_index_is_offered_then_added(tmp_path):
    root = _project(tmp_path)
    article = tmp_path / "new report.html"
    article.write_text(
        "<html><head><title>New report</title><script>var troops = 'major border buildup';"
        "</script><style>p {color: red}</style></head><body onload=\"alert(1)\">"
        "<h2>Snap inspection</h2><p>A snap inspection of combat readiness sent troops to "
        "designated areas near the Ukrainian border on Monday.</p>"
        "<script>document.write('forest roads')</script></body></html>", encoding="utf-8")
    scenario = str(root / "scenarios" / "jan2023.yaml")
    out = json.loads(invoke("watch", scenario, str(article), "--date", "2023-02-01",
                            "--format", "json"))
    (document,) = out["documents"]
    assert document["indexed"] is False and document["html"] is True
    assert document["id"] == "new_report" and document["published"] == "2023-02-01"
    assert document["index_entry"] == {
        "id": "new_report", "file": "new_report.txt", "title": "New report", "outlet": None,
        "published": "2023-02-01",
        "published_basis": "given with --date when forecast watch added the file"}
    assert any("not in the sources index" in n and "--add-to-index" in n for n in out["notes"])
    quotes = [p["quote"] for i in out["indicators"] for p in i["passages"]]
    assert quotes and not any("buildup" in q or "forest" in q or "alert" in q for q in quotes)
    index_before = (root / "seeds" / "index.yaml").read_text(encoding="utf-8")
    # a draft needs the document in the index: refused, nothing written
    fails("watch", scenario, str(article), "--date", "2023-02-01", "--draft",
          str(root / "scenarios" / "feb.yaml"))
    assert not (root / "scenarios" / "feb.yaml").exists()
    invoke("watch", scenario, str(article), "--date", "2023-02-01", "--add-to-index",
           "--draft", str(root / "scenarios" / "feb.yaml"))
    index_after = (root / "seeds" / "index.yaml").read_text(encoding="utf-8")
    assert index_after.startswith(index_before)  # comments, quotes and layout kept
    assert "id: new_report" in index_after and (root / "seeds" / "new_report.txt").exists()
    draft = invoke("run", str(root / "scenarios" / "feb.yaml"))
    assert "proposed findings waiting for an analyst" in draft
    assert "as of 2023-02-01" in draft


@pytest.mark.parametrize("content, message", [
    (b"", "the document is empty"),
    (b"   \n\n  ", "the document is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
    (b"caf\xe9 au lait", "is not UTF-8 text"),
])
def test_bad_documents(tmp_path, content, message):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    draft = tmp_path / "draft.yaml"
    out = fails("watch", OCT, str(path), "--draft", str(draft))
    assert message in out and str(path) in out
    assert not draft.exists()


def test_a_50_mb_file_is_refused_unread(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing to read, and nothing is read
    out = fails("watch", OCT, str(path))
    assert "larger than" in out


def test_an_unknown_id_names_the_known_ones():
    out = fails("watch", OCT, "no_such_document")
    assert "neither a document id of the sources index nor a file" in out
    assert ARTICLE in out


def test_a_draft_never_replaces_a_file_without_force(tmp_path):
    target = tmp_path / "taken.yaml"
    target.write_text("keep me", encoding="utf-8")
    out = fails("watch", OCT, ARTICLE, "--draft", str(target))
    assert "already exists" in out and target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("args, message", [
    (["--top", "0"], "--top 0"),
    (["--date", "yesterday"], "--date 'yesterday'"),
    (["--target", "nowhere"], "unknown node"),
])
def test_bad_options(args, message):
    assert message in fails("watch", OCT, ARTICLE, *args)


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv"])
def test_board_formats(fmt):
    out = invoke("board", OCT, JAN, "--format", fmt)
    if fmt == "json":
        assert {r["status"] for r in json.loads(out)["indicators"]} <= {"quiet", "moving",
                                                                         "tripped"}
    else:
        assert "oct2022" in out and "jan2023" in out


def test_a_folder_is_not_a_document(tmp_path):
    out = fails("watch", OCT, str(tmp_path))
    assert "is a directory; give a text or HTML file" in out
