"""The model card: its 'Read this first' paragraph and its weaknesses section."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ModelCard:
    read_first: str                     # the card's "Read this first" paragraph, or ""
    weaknesses: tuple[str, ...]         # one item per bullet (or paragraph) of the section
    heading: str = ""                   # the weaknesses section's heading as written


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")


def parse_model_card(text: str) -> ModelCard:
    """The weaknesses section (a heading containing 'weakness') and the 'Read this first'
    paragraph of a model card in Markdown. Lists become items; paragraphs become items."""
    lines = text.splitlines()
    read_first = ""
    for paragraph in _paragraphs(lines):
        if re.match(r"^\*\*read this first", paragraph, re.I):
            read_first = paragraph
            break
    start, level, heading = None, 0, ""
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if m and "weakness" in m.group(2).lower():
            start, level, heading = i + 1, len(m.group(1)), m.group(2)
            break
    if start is None:
        return ModelCard(read_first, (), "")
    end = len(lines)
    in_fence = False
    for i in range(start, len(lines)):
        if lines[i].lstrip().startswith("```"):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(lines[i])
        if m and len(m.group(1)) <= level:
            end = i
            break
    items: list[str] = []
    current: list[str] = []
    for line in lines[start:end]:
        bullet = _BULLET.match(line)
        if bullet:
            if current:
                items.append(" ".join(current))
            current = [bullet.group(1).strip()]
        elif not line.strip():
            if current:
                items.append(" ".join(current))
            current = []
        else:
            current.append(line.strip())
    if current:
        items.append(" ".join(current))
    items = [_strip_links(item) for item in items if item]
    return ModelCard(_strip_links(read_first), tuple(items), heading)


def _paragraphs(lines: Sequence[str]) -> list[str]:
    out, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _strip_links(text: str) -> str:
    """Markdown links and images as their text: the brief loads and links to nothing."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
