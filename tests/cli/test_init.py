"""`forecast init`: the skeleton validates and runs as laid out; bad input writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forecast.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
ARGS = ["--question", "Will the strait be closed by June?", "--outcome",
        "open,harassment,Closed fully", "--as-of", "2026-01-10"]


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def case(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "strait", *ARGS)
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path / "strait")
    return tmp_path / "strait"


def test_the_skeleton_validates_and_runs_as_its_readme_says(case: Path) -> None:
    files = sorted(str(p.relative_to(case)) for p in case.rglob("*") if p.is_file())
    assert files == ["README.md", "models/strait.md", "models/strait.yaml",
                     "overlays/analyst_a.yaml", "scenarios/first.yaml",
                     "seeds/example_source.txt", "seeds/index.yaml"]
    readme = (case / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split() for line in block.splitlines() if line.strip()]
    assert len(commands) == 5
    for command in commands:
        assert command[0] == "forecast"
        result = invoke(*command[1:])
        assert result.exit_code == 0, (command, result.output)
        assert "warning" not in result.output.lower(), (command, result.output)
    validated = invoke(*commands[0][1:]).output
    assert "models/strait.md: read-first paragraph, the question's 3 states" in validated
    ran = json.loads(invoke("run", "scenarios/first.yaml", "--format", "json").output)
    assert list(ran["posteriors"]["outcome"]) == ["open", "harassment", "closed_fully"]
    assert ran["verification"]["verified"] == 3
    assert ran["warnings"] == []


def test_every_file_says_what_to_fill_in(case: Path) -> None:
    for path in case.rglob("*"):
        if path.is_file():
            assert "TODO" in path.read_text(encoding="utf-8"), path


def test_the_overlay_is_a_row_overlay_that_changes_the_answer(case: Path) -> None:
    plain = json.loads(invoke("run", "scenarios/first.yaml", "-f", "json").output)
    mine = json.loads(invoke("run", "scenarios/first.yaml", "-f", "json", "--analyst",
                             "overlays/analyst_a.yaml").output)
    assert plain["posteriors"] != mine["posteriors"]
    assert "given:" in (case / "overlays/analyst_a.yaml").read_text(encoding="utf-8")


def test_the_init_output_says_what_it_checked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = invoke("init", "strait", *ARGS).output
    assert "note: outcome 'Closed fully' is written 'closed_fully'" in out
    assert "checked before writing: 4 YAML files valid, 3 quote(s) found in their documents, " \
           "the scenario runs with 0 warning(s)" in out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


BAD = [
    (["--question", "Q?", "--outcome", "only"], "--outcome gives 1 state(s); give at least two"),
    (["--question", "Q?", "--outcome", "Closed fully,closed-fully"],
     "--outcome names state 'closed_fully' twice"),
    (["--question", "Q?", "--outcome", "yes,!!!"], "--outcome '!!!' has no letter or digit"),
    (["--question", " ", "--outcome", "a,b"], "--question is empty"),
    (["--question", "Q?", "--outcome", ","], "--outcome gives 0 state(s)"),
    (["--question", "Q?", "--outcome", "a,b", "--target", "driver"], "clashes with"),
    (["--question", "Q?"], "give --question TEXT and --outcome A,B,C"),
    (["--outcome", "a,b", "--from", "models/belarus.yaml"], "--outcome with --from"),
    (["--question", "Q?", "--outcome", "a,b", "--as-of", "June"], "is not a date"),
    (["--question", "Q?", "--outcome", "a,b", "--as-of", "2026-02-01", "--horizon",
      "2026-01-01"], "--horizon 2026-01-01 is before --as-of 2026-02-01"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, monkeypatch, args, message) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "new"
    result = invoke("init", str(target), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".forecast-init-")]


def test_a_folder_that_is_not_empty_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "README.md").write_text("mine", encoding="utf-8")
    (target / "notes.txt").write_text("keep", encoding="utf-8")
    before = _snapshot(target)
    result = invoke("init", str(target), *ARGS)
    assert result.exit_code == 2
    assert f"error: {target}: the folder is not empty (README.md, notes.txt); give a new " \
           "folder, or --force" in result.output
    assert _snapshot(target) == before
    forced = invoke("init", str(target), *ARGS, "--force")
    assert forced.exit_code == 0, forced.output
    assert f"replaced {target}/README.md" in forced.output
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert "TODO" in (target / "README.md").read_text(encoding="utf-8")


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x", encoding="utf-8")
    result = invoke("init", str(path), *ARGS, "--force")
    assert result.exit_code == 2 and "is a file, not a folder" in result.output


def test_from_an_existing_model(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "copy"
    result = invoke("init", str(target), "--from", str(ROOT / "models" / "belarus.yaml"),
                    "--horizon", "2023-04-30")
    assert result.exit_code == 0, result.output
    assert (target / "models/belarus.yaml").read_bytes() == (ROOT / "models/belarus.yaml").read_bytes()
    assert (target / "models/belarus.md").is_file()
    index = (target / "seeds/index.yaml").read_text(encoding="utf-8")
    assert "moscow_times_2022_10_11" in index
    monkeypatch.chdir(target)
    ran = json.loads(invoke("run", "scenarios/first.yaml", "-f", "json").output)
    assert ran["scenario"]["as_of"] == "2022-10-11"
    assert ran["scenario"]["horizon"] == "2023-04-30"
    oct2022 = json.loads(invoke("run", str(ROOT / "scenarios/oct2022.yaml"), "-f", "json").output)
    assert ran["window"] == oct2022["window"]  # the same 201 days as the shipped snapshot
    assert set(ran["posteriors"]) == {"belarus_posture"}
    assert invoke("validate", "models/belarus.yaml", "scenarios/first.yaml",
                  "overlays/analyst_a.yaml", "seeds/index.yaml").exit_code == 0


def test_from_a_model_with_problems_names_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: forecast-model/1\nid: x\ntitle: t\nnodes: {}\n", encoding="utf-8")
    result = invoke("init", str(tmp_path / "new"), "--from", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:4:" in result.output
    assert not (tmp_path / "new").exists()

