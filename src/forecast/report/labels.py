"""Short labels that stay distinct: a label cut to fit keeps the part that tells it apart
from the labels beside it, and a date already in a label is not added twice."""

from __future__ import annotations

from collections.abc import Sequence

ELLIPSIS = "\u2026"


def cut(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip(" ,:") + ELLIPSIS


def _common(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def keep_difference(text: str, others: Sequence[str], width: int) -> str:
    """`text` in `width` characters, keeping where it differs from each of `others` (the
    labels its plain cut would read alike with): its start, an ellipsis, and the stretch
    from just before the first character that tells it apart."""
    if len(text) <= width:
        return text
    first = min((_common(text, o) for o in others), default=width)
    head = max(8, width // 3)
    if first < width - 1:
        return cut(text, width)
    room = width - head - 1
    start = max(head + 1, min(first - room // 2, len(text) - room))
    tail = text[start:].lstrip()
    middle = tail if len(tail) <= room else tail[: room - 1].rstrip(" ,:") + ELLIPSIS
    return text[:head].rstrip(" ,:") + ELLIPSIS + middle


def distinct_labels(rows: Sequence[Sequence[str]], width: int) -> list[list[str]]:
    """Each row's lines cut to `width`; where a line of two rows would read alike once cut
    (the same line of each, different in full), it keeps the part that tells it apart."""
    out = [[cut(line, width) for line in row] for row in rows]
    for i, row in enumerate(rows):
        for k, line in enumerate(row):
            others = [rows[j][k] for j in range(len(rows))
                      if j != i and k < len(rows[j]) and rows[j][k] != line
                      and cut(rows[j][k], width) == cut(line, width)]
            if others:
                out[i][k] = keep_difference(line, others, width)
    return out


def with_date(label: str, phrase: str, date_text: str) -> str:
    """`label` followed by `phrase` (e.g. 'by 30 April 2023'), unless the label already holds
    `date_text`."""
    return label if date_text and date_text in label else f"{label} {phrase}".rstrip()
