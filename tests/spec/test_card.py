"""The model card's expected form (spec/card.py), as `forecast validate` checks it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.spec.card import check_card

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
GOOD = """# Model card: Why is the grass wet? (`wet_grass`)

**Read this first.** Judgements, not data.

## 1. The question

| state | resolves true when |
|---|---|
| `dry` | no rain |
| `rain` | rain |

## 4. Known weaknesses

- The sprinkler's timer is a guess.
"""


def _project(tmp_path: Path, card: str | None) -> Path:
    for folder in ("models", "seeds"):
        shutil.copytree(TINY / folder, tmp_path / folder)
    if card is not None:
        (tmp_path / "models" / "wet.md").write_text(card, encoding="utf-8")
    return tmp_path / "models" / "wet.yaml"


def test_the_belarus_card_has_the_form() -> None:
    check = check_card(ROOT / "models" / "belarus.yaml")
    assert check.found and not check.problems
    assert check.states == ("defensive_only", "russian_offensive_from_belarus", "belarus_enters_war")
    assert check.weaknesses == 9


def test_a_good_card_and_a_missing_card(tmp_path: Path) -> None:
    model = _project(tmp_path, GOOD)
    assert check_card(model).summary() == (
        f"model card {model.with_suffix('.md')}: read-first paragraph, the question's 2 states, "
        "1 weakness item(s)")
    model.with_suffix(".md").unlink()
    assert check_card(model).summary() == f"no model card at {model.with_suffix('.md')}"


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("**Read this first.** Judgements, not data.", "Judgements, not data.", 2,
     "no 'Read this first' paragraph"),
    ("| `rain` | rain |", "| rain | rain |", 5, "the question section does not say how rain resolve(s)"),
    ("## 1. The question", "## 1. The outcome", 2, "no section on the question"),
    ("- The sprinkler's timer is a guess.", "", 12, "the weaknesses section is empty"),
    ("## 4. Known weaknesses", "## 4. Limits", 14, "no known-weaknesses section"),
])
def test_each_problem_is_located_and_exits_2(tmp_path: Path, old: str, new: str, line: int,
                                             message: str) -> None:
    assert old in GOOD
    model = _project(tmp_path, GOOD.replace(old, new))
    result = CliRunner().invoke(app, ["validate", str(model)])
    assert result.exit_code == 2, result.output
    assert f"error: {model.with_suffix('.md')}:{line}:1: {message}" in result.output
