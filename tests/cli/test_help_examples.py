"""Every example in every command's help runs on files the repository ships: each file it
reads exists (outputs, after -o/--out, go under out/)."""

from __future__ import annotations

import glob
import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from forecast.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["run", "query", "sensitivity", "explain", "voi", "compare", "chart", "brief",
            "import", "export", "validate", "schema", "record", "history", "resolve", "score",
            "serve", "init"]
OUTPUTS = {"-o", "--out", "--ledger", "--save-dir"}
READS = re.compile(r"\.(ya?ml|bif|csv|xml|net|xdsl|uai)(\.gz)?$")


def _examples() -> list[list[str]]:
    out = []
    for command in COMMANDS:
        text = CliRunner().invoke(app, [command, "--help"], terminal_width=400).output
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("forecast ") and "  (" not in line:
                out.append(shlex.split(line))
    return out


def test_help_examples_read_only_shipped_files() -> None:
    examples = _examples()
    assert len(examples) >= 20
    missing = []
    for words in examples:
        for i, word in enumerate(words):
            if i and words[i - 1] in OUTPUTS:
                assert word.startswith("out/"), f"{' '.join(words)}: writes {word} outside out/"
                continue
            reads = READS.search(word) and not word.startswith("out/") and "init" not in words[:2]
            if reads and not glob.glob(str(ROOT / word)):
                missing.append((" ".join(words), word))
    assert missing == []
