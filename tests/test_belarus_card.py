"""The Belarus model card's figures are reproduced by the commands written next to them.

The card (models/belarus.md) states its figures in fenced blocks tagged `figures`:

    ```figures
    $ forecast run scenarios/oct2022.yaml --format json
    posteriors.belarus_posture.defensive_only                                  0.712
    posteriors.belarus_posture.belarus_enters_war + posteriors.other.state     0.288
    ```

The `$` line is run as the CLI would run it (from the project root, JSON output); several
`$` lines run in turn, the earlier ones for their effect (record, resolve), with LEDGER a
fresh ledger file of the test's own; every other line is one or more JSON paths joined by
`+` and the value they must give, to the precision written. A path is dotted keys;
`[key=value,...]` picks the one element of a list whose fields match
(`given.weight=kremlin_pressure` looks inside a field). Prose percentages in a section
that has figure blocks must be one of that section's figures.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from decimal import Decimal

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from forecast.cli.main import app

CARD = ROOT / "models" / "belarus.md"
README = ROOT / "README.md"
BLOCK = re.compile(r"^```figures\n(.*?)^```", re.S | re.M)
SELECTOR = re.compile(r"^(?P<key>[^\[]+)\[(?P<match>[^\]]+)\]$")
PERCENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)%")


@dataclass(frozen=True)
class Figure:
    paths: tuple[str, ...]
    value: Decimal

    @property
    def tolerance(self) -> float:
        """Half a unit of the last digit written."""
        exponent = self.value.as_tuple().exponent
        return 0.5 * 10.0 ** int(exponent) + 1e-12


@dataclass(frozen=True)
class Block:
    command: str
    figures: tuple[Figure, ...]
    section: str
    setup: tuple[str, ...] = ()  # commands run first, for their effect


def card_blocks(text: str) -> list[Block]:
    blocks = []
    for match in BLOCK.finditer(text):
        lines = [line for line in match.group(1).splitlines() if line.strip()]
        assert lines and lines[0].startswith("$ forecast "), (
            f"a figures block starts with '$ forecast': {lines[:1]}")
        commands = 0
        while commands < len(lines) and lines[commands].startswith("$ forecast "):
            commands += 1
        figures = []
        for line in lines[commands:]:
            expression, value = line.rsplit(None, 1)
            paths = tuple(p.strip() for p in expression.split("+"))
            figures.append(Figure(paths, Decimal(value)))
        assert figures, f"block {lines[0]!r} states no figure"
        blocks.append(Block(lines[commands - 1][2:], tuple(figures),
                            section_of(text, match.start()),
                            tuple(line[2:] for line in lines[:commands - 1])))
    return blocks


def section_of(text: str, position: int) -> str:
    headings = [m for m in re.finditer(r"^## .*$", text, re.M) if m.start() < position]
    return headings[-1].group(0) if headings else ""


def resolve(data, path: str):
    """The value at a dotted path, with `key[field=value,...]` picking a list element."""
    for part in split_path(path):
        selector = SELECTOR.match(part)
        if selector is None:
            data = data[part]
            continue
        items = data[selector.group("key")]
        wanted = dict(item.split("=", 1) for item in selector.group("match").split(","))
        found = [item for item in items if all(str(field(item, k)) == v for k, v in wanted.items())]
        assert len(found) == 1, f"{part}: {len(found)} elements match"
        data = found[0]
    return data


def field(item, dotted: str):
    for key in dotted.split("."):
        item = item.get(key) if isinstance(item, dict) else None
    return item


def split_path(path: str) -> list[str]:
    """Dots separate keys, except inside [...]."""
    parts, depth, current = [], 0, ""
    for char in path:
        depth += char == "["
        depth -= char == "]"
        if char == "." and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def run_json(command: str, monkeypatch, ledger: str = "", setup: tuple[str, ...] = ()) -> dict:
    monkeypatch.chdir(ROOT)
    for earlier in setup:
        args = shlex.split(earlier.replace("LEDGER", ledger))
        result = CliRunner().invoke(app, args[1:])
        assert result.exit_code == 0, f"{earlier}\n{result.output}"
    args = shlex.split(command.replace("LEDGER", ledger))
    assert args[0] == "forecast"
    result = CliRunner().invoke(app, args[1:])
    assert result.exit_code == 0, f"{command}\n{result.output}"
    return json.loads(result.stdout)


TEXT = CARD.read_text(encoding="utf-8")
BLOCKS = card_blocks(TEXT)
README_BLOCKS = card_blocks(README.read_text(encoding="utf-8"))


def test_the_card_states_its_figures_in_blocks() -> None:
    assert len(BLOCKS) >= 8
    commands = " ".join(b.command for b in BLOCKS)
    for needed in ["run scenarios/oct2022.yaml", "run scenarios/jan2023.yaml", "compare", "sensitivity",
                   "score --ledger LEDGER"]:
        assert needed in commands, needed


def test_the_readme_states_its_scores_in_blocks() -> None:
    """The README's Belarus scores, skills and outside-view probabilities are figures of a
    block that records, resolves and scores; no Brier figure sits in its prose."""
    commands = " ".join(b.command for b in README_BLOCKS)
    assert "score --ledger LEDGER" in commands
    paths = " ".join(p for b in README_BLOCKS for f in b.figures for p in f.paths)
    for needed in ("forecasts[scenario=oct2022].brier", "skill[", "base_rates["):
        assert needed in paths, needed
    prose = BLOCK.sub("", README.read_text(encoding="utf-8"))
    assert not re.search(r"Brier[^.]*\b[01]\.\d{3}", prose), "a Brier figure in the README's prose"


@pytest.mark.parametrize("block", BLOCKS + README_BLOCKS,
                         ids=lambda b: b.command.removeprefix("forecast "))
def test_each_figure_is_reproduced_by_the_command_next_to_it(block: Block, monkeypatch,
                                                             tmp_path) -> None:
    output = run_json(block.command, monkeypatch, str(tmp_path / "ledger.sqlite"), block.setup)
    for figure in block.figures:
        actual = sum(float(resolve(output, path)) for path in figure.paths)
        assert abs(actual - float(figure.value)) <= figure.tolerance, (
            f"{block.command}: {' + '.join(figure.paths)} is {actual:.6f}, the card says {figure.value}")


def test_prose_percentages_are_figures_of_their_section() -> None:
    """A percentage in the text of a section with figure blocks is one of its figures (its
    magnitude: the text says "falls" or "pulls the other way" rather than writing a sign)."""
    figures: dict[str, list[Figure]] = {}
    for block in BLOCKS:
        figures.setdefault(block.section, []).extend(block.figures)
    prose = BLOCK.sub("", TEXT)
    checked = 0
    for section, body in sections(prose):
        for match in PERCENT.finditer(body):
            if section not in figures:
                continue
            shown = Decimal(match.group(1)) / 100
            half = 0.5 * 10.0 ** (int(shown.as_tuple().exponent)) + 1e-9
            assert any(abs(abs(float(f.value)) - float(shown)) <= half + f.tolerance
                       for f in figures[section]), (
                f"{section}: {match.group(0)} is not one of the section's figures")
            checked += 1
    assert checked >= 5


def sections(text: str) -> list[tuple[str, str]]:
    parts = re.split(r"^(## .*)$", text, flags=re.M)
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]


def test_the_parser_rejects_a_wrong_figure(monkeypatch) -> None:
    """The check can fail: a figure off by more than its precision is caught."""
    block = card_blocks("## x\n```figures\n$ forecast run scenarios/oct2022.yaml --format json\n"
                        "posteriors.belarus_posture.defensive_only 0.001\n```\n")[0]
    output = run_json(block.command, monkeypatch)
    actual = float(resolve(output, block.figures[0].paths[0]))
    assert abs(actual - 0.001) > block.figures[0].tolerance
    assert resolve({"rows": [{"given": {"w": "a"}, "v": 1}, {"given": {"w": "b"}, "v": 2}]},
                   "rows[given.w=b].v") == 2
