"""The outside view (DESIGN section 8): counted reference classes and other people's views,
each a probability of one event (a set of a node's states), never a spread over states
nobody named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BaseRate:
    """`events` of `cases` counted cases, each watched for `per_days` days, saw `event`."""

    id: str
    node: str
    event: tuple[str, ...]
    reference_class: str  # the file's `class`
    events: int
    cases: int
    per_days: float
    source: Mapping[str, Any] | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "node": self.node, "event": list(self.event),
                "class": self.reference_class, "events": self.events, "cases": self.cases,
                "per_days": _number(self.per_days),
                "source": dict(self.source) if self.source else None, "note": self.note}


@dataclass(frozen=True)
class View:
    """One person's probability of `event`, as they said it; `by` the date they gave."""

    id: str
    node: str
    event: tuple[str, ...]
    p: float
    who: str | None = None
    said: str | None = None     # the yardstick's words they used, when not a number
    by: dt.date | None = None
    written_as: str = "views"   # or "reference": the first format, read as a view
    source: Mapping[str, Any] | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "who": self.who, "node": self.node, "event": list(self.event),
                "p": self.p, "said": self.said, "by": self.by.isoformat() if self.by else None,
                "written_as": self.written_as,
                "source": dict(self.source) if self.source else None, "note": self.note}


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
