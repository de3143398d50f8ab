"""The token stream the BIF and NET readers share."""

from __future__ import annotations

import bisect
import re

from .raw import ParseError

_BIF_TOKENS = re.compile(
    r'(?P<space>\s+)|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<punct>[{}()\[\],;|])|(?P<word>[^\s{}()\[\],;|\"]+)", re.S)


class _Tokens:
    """A token stream with the position of each token, for line numbers in messages."""

    def __init__(self, text: str, pattern: re.Pattern = _BIF_TOKENS) -> None:
        self.text = text
        self.newlines: list[int] | None = None
        tokens: list[tuple[str, str, int]] = []
        for match in pattern.finditer(text):
            kind = match.lastgroup
            if kind in ("space", "comment"):
                continue
            value = match.group()
            if kind == "string":
                value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            tokens.append((kind or "", value, match.start()))
        self.tokens = tokens
        self.i = 0

    def line(self, i: int | None = None) -> int:
        i = self.i if i is None else i
        pos = self.tokens[min(i, len(self.tokens) - 1)][2] if self.tokens else 0
        if self.newlines is None:
            self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_left(self.newlines, pos) + 1

    def peek(self, ahead: int = 0) -> tuple[str, str]:
        i = self.i + ahead
        if i >= len(self.tokens):
            return "eof", ""
        kind, value, _ = self.tokens[i]
        return kind, value

    def next(self) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "eof":
            raise ParseError("the file ends in the middle of a block", self.line())
        self.i += 1
        return token

    def expect(self, value: str) -> None:
        kind, got = self.next()
        if got != value or kind not in ("punct", "word"):
            raise ParseError(f"expected {value!r} but found {got!r}", self.line(self.i - 1))

    def name(self) -> str:
        kind, value = self.next()
        if kind not in ("word", "string"):
            raise ParseError(f"expected a name but found {value!r}", self.line(self.i - 1))
        return value

    def at_end(self) -> bool:
        return self.i >= len(self.tokens)

    def skip_block(self) -> None:
        """Skip `{ ... }` (nested), the opening brace being next."""
        self.expect("{")
        depth = 1
        while depth:
            _, value = self.next()
            if value == "{":
                depth += 1
            elif value == "}":
                depth -= 1

    def until(self, stop: str) -> list[str]:
        """Token values up to (and consuming) `stop`."""
        out = []
        while True:
            kind, value = self.next()
            if value == stop and kind == "punct":
                return out
            out.append(value)
