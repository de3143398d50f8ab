"""The text of an SVG chart as a reader sees it: matplotlib writes each line of text, drawn as
outlines, as an XML comment before its glyphs. Lines wrap where the layout puts them (a
longer file path in a source line moves a break) and are not written in reading order, so
a phrase is checked word by word against the chart's words."""

from __future__ import annotations

import re


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w'.=:-]+", text.replace("(", " ").replace(")", " ")))


def svg_words(svg: str) -> set[str]:
    return _words(" ".join(re.findall(r"<!-- (.*?) -->", svg, flags=re.S)))


def has_phrase(svg: str, phrase: str) -> bool:
    """Every word of `phrase` is written on the chart (wherever a line broke); punctuation
    around the words is not compared."""
    strip = ".,;:"
    return {w.strip(strip) for w in _words(phrase)} <= {w.strip(strip) for w in svg_words(svg)}
