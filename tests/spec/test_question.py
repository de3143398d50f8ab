"""A model's `question` (DESIGN section 8): checked against its node and states, with located
errors; and a document's `url` in the sources index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tiny_project import tiny_project
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.errors import UserError
from forecast.spec.load import load_scenario

ANCHOR = "targets: [rain]\n"


def _load(tmp_path: Path, question: str):
    root = tiny_project(tmp_path, {"models/wet.yaml": [(ANCHOR, ANCHOR + question)]})
    return load_scenario(root / "scenarios" / "morning.yaml")


def test_the_question_is_read_into_the_network(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "question: {text: Will it rain?, node: rain, event: [rain]}\n")
    assert loaded.network.meta["question"] == {"text": "Will it rain?", "node": "rain",
                                               "event": ["rain"]}


@pytest.mark.parametrize(("question", "expected"), [
    ("question: {text: Will it?, node: snow, event: [rain]}\n",
     "wet.yaml:5:28: question: unknown node 'snow'"),
    ("question: {text: Will it?, node: rain, event: [rain, hail]}\n",
     "wet.yaml:5:54: question: rain has no state 'hail'"),
    ("question: {text: Will it?, node: rain, event: [dry, rain]}\n",
     "question: the event lists every state of rain, so it is certain"),
    ("question: {text: Will it?, node: rain, event: []}\n", "wet.yaml:5:40: question.event: too few entries"),
])
def test_a_bad_question_is_located(tmp_path: Path, question: str, expected: str) -> None:
    with pytest.raises(UserError) as error:
        _load(tmp_path, question)
    assert expected in str(error.value)


def test_the_cli_refuses_a_bad_question_in_one_line(tmp_path: Path) -> None:
    root = tiny_project(tmp_path, {"models/wet.yaml": [(
        ANCHOR, ANCHOR + "question: {text: Will it?, node: rain, event: [hail]}\n")]})
    result = CliRunner().invoke(app, ["run", str(root / "scenarios" / "morning.yaml")])
    assert result.exit_code == 2
    assert "question: rain has no state 'hail'" in result.output
    assert "Traceback" not in result.output


def test_schemas_carry_question_and_url() -> None:
    runner = CliRunner()
    model = json.loads(runner.invoke(app, ["schema", "model"]).output)
    assert "question" in model["properties"]
    assert {"text", "node", "event"} <= set(model["$defs"]["QuestionSpec"]["properties"])
    sources = json.loads(runner.invoke(app, ["schema", "sources"]).output)
    assert "url" in sources["$defs"]["DocumentSpec"]["properties"]


def test_a_url_is_read_and_a_bad_one_refused(tmp_path: Path) -> None:
    from forecast.spec.corpus import load_corpus

    anchor = "    published_basis: dateline\n"
    root = tiny_project(tmp_path / "a", {"seeds/index.yaml": [
        (anchor, anchor + "    url: https://example.org/rain?night=1\n")]})
    corpus = load_corpus(root / "seeds")
    assert corpus.documents["weather_report"].url == "https://example.org/rain?night=1"
    root = tiny_project(tmp_path / "b", {"seeds/index.yaml": [
        (anchor, anchor + "    url: javascript:alert(1)\n")]})
    with pytest.raises(UserError) as error:
        load_corpus(root / "seeds")
    assert "index.yaml:9:5: documents.0.url: 'javascript:alert(1)' is not a web address" in str(
        error.value)
