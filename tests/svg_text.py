"""The text of an SVG chart as a reader sees it: matplotlib writes each line of text, drawn as
outlines, as an XML comment before its glyphs; lines wrap where the layout puts them (a
longer file path moves a break), so a phrase is looked for in the lines joined."""

from __future__ import annotations

import re


def svg_text(svg: str) -> str:
    return " ".join(" ".join(re.findall(r"<!-- (.*?) -->", svg, flags=re.S)).split())
