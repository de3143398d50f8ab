"""Passages that retell one another (a wire story in three outlets), grouped and shown once.

Two passages are one report retold when their words, normalised (case, typography, white
space), are nearly the same: rapidfuzz's token-sort ratio at least SAME_WORDS (the same
words, perhaps reordered), or its token-set ratio at least SAME_CLAIM with the shorter
passage holding at least MIN_SHARE of the longer one's length (one passage quoting most of
the other). Groups are formed greedily in rank order: a passage joins the first group whose
lead passage it retells, so the group's lead is the best-ranked telling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..sources import normalise

SAME_WORDS = 80.0
SAME_CLAIM = 80.0
MIN_SHARE = 0.6


@dataclass(frozen=True)
class Group:
    """Passages telling one report: the lead (best ranked) and the others, in rank order."""

    lead: int
    others: tuple[int, ...] = ()

    @property
    def members(self) -> tuple[int, ...]:
        return (self.lead, *self.others)


def retells(a: str, b: str) -> bool:
    """Whether passage texts `a` and `b` tell the same report (see the module docstring)."""
    x, y = normalise(a).lower(), normalise(b).lower()
    if fuzz.token_sort_ratio(x, y) >= SAME_WORDS:
        return True
    short, long_ = sorted((len(x), len(y)))
    return long_ > 0 and short / long_ >= MIN_SHARE and fuzz.token_set_ratio(x, y) >= SAME_CLAIM


def group(texts: Sequence[str], ranked: Sequence[int], limit: int) -> list[Group]:
    """The first `limit` groups of the passages `ranked` (indices into `texts`, best first);
    passages after the last group is full are still joined to a group they retell."""
    leads: list[int] = []
    members: dict[int, list[int]] = {}
    for i in ranked:
        home = next((lead for lead in leads if retells(texts[lead], texts[i])), None)
        if home is not None:
            members[home].append(i)
        elif len(leads) < limit:
            leads.append(i)
            members[i] = []
    return [Group(lead, tuple(members[lead])) for lead in leads]
