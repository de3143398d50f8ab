"""The model card's expected form, checked by `forecast validate` (README, "The model card").

A model `models/NAME.yaml` has its card beside it, `models/NAME.md` (the brief reads it from
there). The card must have:
- a paragraph starting `**Read this first.**` (the brief's cover quotes it);
- a section whose heading contains "question" that names, in backticks, every state of the
  model's first target (how each one resolves);
- a section whose heading contains "weakness" with at least one item (the brief's
  assumptions list them).
A model without a card is not an error (an imported network has none); validate says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class CardCheck:
    """What was checked of a model's card, for validate's line to be made from."""

    path: Path
    found: bool
    states: tuple[str, ...] = ()        # the question's states looked for
    weaknesses: int = 0                 # items in the weaknesses section
    problems: tuple[Problem, ...] = ()

    def summary(self) -> str:
        if not self.found:
            return f"no model card at {self.path}"
        if self.problems:
            return f"model card {self.path}: {len(self.problems)} problem(s)"
        return (f"model card {self.path}: read-first paragraph, the question's "
                f"{len(self.states)} states, {self.weaknesses} weakness item(s)")


def card_path(model_path: Path | str) -> Path:
    return Path(model_path).with_suffix(".md")


def check_card(model_path: Path | str, states: tuple[str, ...] | None = None) -> CardCheck:
    """Check the card beside `model_path` against the expected form. `states`: the question's
    states (default: read the model's first target)."""
    from ..files import read_input
    from ..report.brief.model_card import parse_model_card
    from .yamlio import decode_utf8

    path = card_path(model_path)
    if not path.is_file():
        return CardCheck(path, found=False)
    if states is None:
        from .load import load_model

        network = load_model(model_path).network
        states = tuple(network.nodes[network.targets[0]].states)
    text = decode_utf8(read_input(path, "is a directory; the model card is a Markdown file"),
                       str(path))
    lines = text.splitlines()
    shown = str(path)
    problems: list[Problem] = []
    card = parse_model_card(text)
    if not card.read_first:
        problems.append(Problem(
            "no 'Read this first' paragraph; start one with **Read this first.** saying what the "
            "model is and is not (the brief's cover quotes it)", shown, _after_title(lines), 1))
    question = _section(lines, "question")
    if question is None:
        problems.append(Problem(
            "no section on the question; add a heading containing 'question' with a table of "
            f"how each state resolves ({', '.join(states)})", shown, _after_title(lines), 1))
    else:
        start, end = question
        body = "\n".join(lines[start:end])
        missing = [s for s in states if f"`{s}`" not in body]
        if missing:
            problems.append(Problem(
                f"the question section does not say how {', '.join(missing)} resolve(s); name "
                "each state in backticks with what makes it true", shown, start, 1))
    weak = _section(lines, "weakness")
    if weak is None:
        problems.append(Problem(
            "no known-weaknesses section; add a heading containing 'weaknesses' with one item "
            "per weakness (the brief lists them)", shown, len(lines) or 1, 1))
    elif not card.weaknesses:
        problems.append(Problem("the weaknesses section is empty; add one item per weakness",
                                shown, weak[0], 1))
    return CardCheck(path, True, tuple(states), len(card.weaknesses), tuple(problems))


def _section(lines: list[str], word: str) -> tuple[int, int] | None:
    """(1-based line of the heading, index after the section's last line), or None."""
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if m and word in m.group(2).lower():
            level = len(m.group(1))
            for j in range(i + 1, len(lines)):
                n = _HEADING.match(lines[j])
                if n and len(n.group(1)) <= level:
                    return i + 1, j
            return i + 1, len(lines)
    return None


def _after_title(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return i + 2 if i + 1 < len(lines) else i + 1
    return 1
