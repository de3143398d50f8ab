"""Words about what moved a probability: every contribution with its sign, and only those
that moved it the way the sentence says named as its causes.

The Shapley shares of a change are grouped by kind (the time to the horizon, the evidence,
each adjusted prior, the model's numbers); a group moving the stated way is a cause ("driven
by"), one moving the other way is named as pulling against it, and the evidence group names
its largest item that moves the group's own way ("mostly ...").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...domain.numbers import stable
from ..chart_style import points

if TYPE_CHECKING:
    from ...analysis.compare import Contribution

SMALL = 0.0005  # a share below half a tenth of a point prints as ±0 and is left out


@dataclass(frozen=True)
class Group:
    """A kind of difference and its items' total share, with its largest item (name, share)
    moving the group's own way."""

    name: str
    share: float
    mostly: tuple[str, float] | None = None


def groups(items: Sequence[tuple[Contribution, float]], name: Callable[[Contribution], str],
           evidence_name: str = "the evidence") -> list[Group]:
    """The contributions (each with its share of the event, as written) by kind, largest
    first: evidence items summed into one group, every other item a group of its own."""
    evidence = [(it, s) for it, s in items if it.kind in {"added", "removed", "changed"}]
    out = [Group(name(it), s) for it, s in items if it.kind not in {"added", "removed", "changed"}]
    if evidence:
        total = stable(sum(s for _, s in evidence))
        same = [(it, s) for it, s in evidence if s * total > 0 and abs(s) >= SMALL]
        top = max(same, key=lambda pair: abs(pair[1]), default=None)
        mostly = (name(top[0]), top[1]) if top is not None and len(evidence) > 1 else None
        label = evidence_name if len(evidence) > 1 else name(evidence[0][0])
        out.append(Group(label, total, mostly))
    return sorted((g for g in out if abs(g.share) >= SMALL), key=lambda g: -abs(g.share))


def signed(share: float) -> str:
    """'+1.3' or '−11.6' (points, no unit)."""
    return points(share).replace(" pts", "")


def group_text(group: Group) -> str:
    text = f"{group.name} {signed(group.share)}"
    if group.mostly is not None:
        text += f", mostly {group.mostly[0]} {signed(group.mostly[1])}"
    return text


def causes_text(delta: float, parts: Sequence[Group]) -> str:
    """'driven by the time to the horizon −11.6; against it, the evidence +2.4, mostly X
    +1.3': causes are the groups moving the way of `delta`, the rest pull against it."""
    if abs(delta) < SMALL or not parts:
        return ""
    driving = [g for g in parts if g.share * delta > 0]
    against = [g for g in parts if g.share * delta < 0]
    text = ""
    if driving:
        text = "driven by " + "; ".join(group_text(g) for g in driving)
    if against:
        text += ("; " if text else "") + "against it, " + "; ".join(group_text(g) for g in against)
    return text
