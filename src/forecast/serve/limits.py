"""What one request to `forecast serve` may cost: its body, and the error it gets back.

The page sends change sets of a few kilobytes. A body past MAX_BODY is refused with 413
before it is read whole; one nested deeper than MAX_DEPTH, with an integer longer than
MAX_DIGITS, a NaN or an infinity, or more than MAX_FINDINGS findings is refused with 400
before it is parsed or computed on; an error answer is cut to MAX_ERROR characters.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import numpy as np

MAX_BODY = 2_000_000  # bytes
MAX_DEPTH = 64  # nested arrays and objects
MAX_DIGITS = 20  # digits of one integer: a probability or a weight needs far fewer
MAX_FINDINGS = 1_000  # findings added or dropped in one change set
MAX_ERROR = 2_000  # characters of an error answer
MAX_PROBLEMS = 20  # problems listed in one error answer

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


class Refused(Exception):
    """A request refused before any work: an HTTP status and the reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


async def read_body(declared: str | None, stream: AsyncIterator[bytes]) -> bytes:
    """The body, read no further than MAX_BODY (413 past it, or when Content-Length says so)."""
    too_large = Refused(413, f"the request body is larger than {MAX_BODY // 1000:,} KB; send the "
                             "changes only")
    if declared is not None and declared.strip().isdigit() and int(declared) > MAX_BODY:
        raise too_large
    chunks, size = [], 0
    async for chunk in stream:
        size += len(chunk)
        if size > MAX_BODY:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def parse_body(raw: bytes) -> Any:
    """The JSON of a body within the limits; Refused(400) naming the limit it breaks."""
    if not raw.strip():
        return {}
    depth = nesting(raw)
    if depth > MAX_DEPTH:
        raise Refused(400, f"the request body nests {depth} levels deep; at most {MAX_DEPTH} are "
                           "read")
    try:
        body = json.loads(raw, parse_int=_integer, parse_constant=_constant)
    except Refused:
        raise
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused(400, "the request body is not valid JSON") from None
    if isinstance(body, dict):
        for key in ("evidence", "drop"):
            for where in (body, body.get("changes")):
                items = where.get(key) if isinstance(where, dict) else None
                if isinstance(items, list) and len(items) > MAX_FINDINGS:
                    raise Refused(400, f"`{key}` lists {len(items):,} findings; at most "
                                       f"{MAX_FINDINGS:,} are taken in one request")
    return body


def nesting(raw: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest (strings skipped); linear time."""
    bare = np.frombuffer(_STRING.sub(b'""', raw), dtype=np.uint8)
    steps = ((bare == ord("[")) | (bare == ord("{"))).astype(np.int64)
    steps -= ((bare == ord("]")) | (bare == ord("}"))).astype(np.int64)
    return int(np.cumsum(steps).max(initial=0))


def bounded_error(message: str, problems: list[str]) -> dict[str, Any]:
    """An error answer no larger than MAX_ERROR characters or MAX_PROBLEMS problems."""
    shown = [_cut(p, MAX_ERROR // 4) for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        shown.append(f"... and {len(problems) - MAX_PROBLEMS:,} more problems")
    return {"error": _cut(message, MAX_ERROR), "problems": shown}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 30] + f" ... ({len(text):,} characters)"


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise Refused(400, f"the request body holds an integer of {len(text.lstrip('-')):,} "
                           f"digits; at most {MAX_DIGITS} are read")
    return int(text)


def _constant(text: str) -> float:
    raise Refused(400, f"the request body holds {text}, which is not a number JSON allows; send "
                       "finite numbers")
