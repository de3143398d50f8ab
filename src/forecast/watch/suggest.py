"""The state a passage suggests for an indicator, only when the node's state names make it
clear: exactly one state (after setting aside states whose name is part of another's
matching name) has every word of its name in the passage, compared as word stems.

"tens of thousands" suggests `tens_of_thousands` over `thousands`; a passage naming no state,
or two ("limited, then major"), suggests nothing, and neither does a pair such as
`observed` / `not_observed`, whose names differ only by a stop word. The analyst decides.
"""

from __future__ import annotations

from collections.abc import Sequence

from .ranking import tokenize


def suggested_state(states: Sequence[str], passage: str) -> str | None:
    names = tokenize([s.replace("_", " ") for s in states] + [passage])
    words = set(names[-1])
    matching = {s: frozenset(t) for s, t in zip(states, names[:-1], strict=True)
                if t and set(t) <= words}
    kept = [s for s, t in matching.items()
            if not any(t < other for o, other in matching.items() if o != s)]
    distinct = {matching[s] for s in kept}
    return kept[0] if len(kept) == 1 and len(distinct) == 1 else None
