"""The document model: the blocks and sections a brief is made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Para:
    """A paragraph. style: body, lead (larger), note (small, muted), quote."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    style: str = "body"


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (the section's own title is level 2; these are 3)."""

    text: str
    level: int = 3


@dataclass(frozen=True)
class Callout:
    """A boxed group of paragraphs: the bottom line."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    title: str
    width: float            # relative width
    align: str = "left"     # left | right | center


@dataclass(frozen=True)
class Cell:
    """A table cell: a main text and, optionally, smaller muted detail below it."""

    text: str
    sub: str = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    kind: str = "data"      # data | key (a small two-column table)


@dataclass(frozen=True)
class Chart:
    """A chart to draw with `forecast.report.charts`: `render(kind, data)`, or `plot_tornado`
    with `top` rows. `caption` says what to read from it."""

    kind: str
    data: Any
    caption: str
    top: int | None = None
    media: str = "all"      # all | screen (left out of print, where it cannot be legible)


Block = Para | Bullets | Heading | Callout | Table | Chart


@dataclass(frozen=True)
class Section:
    id: str                 # anchor, unique in the document
    title: str
    blocks: tuple[Block, ...]
    kicker: str = ""        # a small line above the title ("Snapshot 1 of 2")
    landscape: bool = False  # hint for paged output: wide content


@dataclass(frozen=True)
class Brief:
    title: str              # the question
    subtitle: str
    marking: str | None
    yardstick: str
    cover: tuple[Block, ...]
    sections: tuple[Section, ...]
    footer: str             # provenance, one line: tool, model hash, scenarios
    keywords: tuple[str, ...] = ()
    author: str | None = None

    def blocks(self) -> list[Block]:
        """Every block, cover first: for checks over the whole document."""
        out = list(self.cover)
        for section in self.sections:
            out.extend(section.blocks)
        return out
