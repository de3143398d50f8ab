"""What a parameter form is about to build, declared before it builds it, so the one cost
guard (engine/cost.py) judges sweep ends, parameter samples and credible bounds the way it
judges contractions: the largest array, the arrays alive at once, the arithmetic.

Each form answers `allocation(node, kind, count)`: the shape of the `count` CPTs it would
build for `kind` ("tables": a sweep's ends or a range's grid, P x V CPTs; "samples": n
drawn CPTs), and what it holds beside them while it does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine.cost import check_cost

KINDS = ("tables", "samples")


@dataclass(frozen=True)
class Allocation:
    """`count` CPTs of `shape`, with `working` more doubles alive beside them at the peak
    and about `operations` multiply-adds, for `what` (said in the refusal)."""

    what: str
    count: int
    shape: tuple[int, ...]
    working: float = 0.0
    operations: float = 0.0

    @property
    def entries(self) -> float:
        """Doubles of the result: count x the CPT's entries (exact for any size)."""
        return float(self.count) * math.prod(self.shape)

    def check(self) -> None:
        """Refuse, with its estimate, what would not fit: nothing has been allocated yet."""
        largest = max(self.entries, self.working)
        check_cost(largest, self.entries + self.working, self.operations or 4 * self.entries,
                   self.what)


def described(node_name: str, kind: str, count: int) -> str:
    """What the refusal says is being built."""
    if kind not in KINDS:
        raise ValueError(f"an allocation is of {' or '.join(KINDS)}, not {kind!r}")
    if kind == "samples":
        return f"drawing {count:,} sets of the numbers of {node_name!r}"
    return f"building {count:,} tables of {node_name!r} for its parameters' sweeps"
