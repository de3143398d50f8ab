"""The inline markup: `lit()` escapes data, `spans()` parses, `plain()` strips."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str = ""          # a web address the span links to (a source's `url`)


_ESCAPE = re.compile(r"([\\*`<])")
_LINK = re.compile(r"<(https?://[^\s<>\"]+)>")


def lit(text: Any) -> str:
    """`text` as literal markup: shown exactly as written."""
    return _ESCAPE.sub(r"\\\1", str(text))


def link(url: str) -> str:
    """A web address shown as itself and linked (`<https://...>` in the markup)."""
    return f"<{url}>" if _LINK.fullmatch(f"<{url}>") else lit(url)


def code(text: Any) -> str:
    return "`" + str(text).replace("`", "'") + "`"


def spans(text: str) -> list[Span]:
    """Parse the inline markup into spans (adjacent spans of one style merged)."""
    out: list[Span] = []
    bold = italic = False
    buffer: list[str] = []

    def flush(in_code: bool = False) -> None:
        if buffer:
            piece = "".join(buffer)
            last = out[-1] if out else None
            if last and not last.link and (last.bold, last.italic, last.code) == (bold, italic,
                                                                                 in_code):
                out[-1] = Span(last.text + piece, bold, italic, in_code)
            else:
                out.append(Span(piece, bold, italic, in_code))
            buffer.clear()

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            buffer.append(text[i + 1])
            i += 2
        elif ch == "`":
            end = text.find("`", i + 1)
            if end < 0:
                buffer.append(ch)
                i += 1
                continue
            flush()
            buffer.append(text[i + 1:end])
            flush(in_code=True)
            i = end + 1
        elif ch == "<" and _LINK.match(text, i):
            match = _LINK.match(text, i)
            flush()
            out.append(Span(match.group(1), link=match.group(1)))
            i = match.end()
        elif text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif ch == "*" and _italic_marker(text, i, italic):
            flush()
            italic = not italic
            i += 1
        else:
            buffer.append(ch)
            i += 1
    flush()
    return out


def _italic_marker(text: str, i: int, open_: bool) -> bool:
    """A single * opens italics before a non-space and closes after one (x * y stays a star)."""
    if open_:
        return i > 0 and not text[i - 1].isspace()
    return i + 1 < len(text) and not text[i + 1].isspace() and text.find("*", i + 1) > 0


def plain(text: str) -> str:
    """The markup's text without styling: for alt text and metadata."""
    return "".join(s.text for s in spans(text))
