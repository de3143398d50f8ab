"""The `range:` keys of a node (on its prior, its table rows, its ranked weights) -> the
StatedRange objects sensitivity sweeps, each checked: a state or parent of the node, low <=
the number <= high within its bounds, one state per distribution."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..domain.ranges import StatedRange
from .models import NodeSpec

Report = Callable[[str, tuple], None]


def stated_ranges(name: str, node: NodeSpec, cpt, parent_states: Sequence[Sequence[str]],
                  report: Report, where: Callable[[tuple], str | None] = lambda loc: None,
                  loc: tuple = ()) -> tuple[StatedRange, ...]:
    """Every range stated on node `name` (`cpt` its built table, for the numbers ranged)."""
    loc = loc or ("nodes", name)
    out: list[StatedRange] = []
    if node.range and node.prior is None:
        report(f"node {name!r}: `range` on a node goes with its `prior`; put a table's ranges "
               "on its rows, a ranked node's under `ranked`", (*loc, "range"))
    elif node.range:
        out += _probability(name, "prior", {}, node.range, list(cpt), node.states, report,
                            where, (*loc, "range"))
    for r, row in enumerate(node.table or []):
        if not row.range:
            continue
        parents = list(node.parents)
        try:
            index = tuple(parent_states[i].index(row.given[p]) for i, p in enumerate(parents))
        except (KeyError, ValueError):
            continue  # the row itself is reported by the table's checks
        out += _probability(name, "table", dict(row.given), row.range, list(cpt[index]),
                            node.states, report, where, (*loc, "table", r, "range"))
    if node.ranked is not None and node.ranked.range:
        for parent, span in node.ranked.range.items():
            here = (*loc, "ranked", "range", parent)
            if parent not in node.ranked.weights:
                report(f"node {name!r}: range for {parent!r}, which has no weight; weights are "
                       f"{', '.join(node.ranked.weights)}", here)
                continue
            value = float(node.ranked.weights[parent])
            low, high = (float(x) for x in span)
            if not low <= value <= high:
                report(f"node {name!r}: weight {value:g} on {parent!r} is outside its stated "
                       f"range [{low:g}, {high:g}]; give a range that holds the number", here)
                continue
            out.append(StatedRange(name, "weight", value, low, high, weight=parent,
                                   at=where(here)))
    return tuple(out)


def _probability(name: str, kind: str, given: dict, spans: dict, row: list[float],
                 states: Sequence[str], report: Report, where, here: tuple) -> list[StatedRange]:
    if len(spans) > 1:
        report(f"node {name!r}: a range on one state per distribution (here "
               f"{', '.join(spans)}): the other states share the rest in proportion", here)
        return []
    out = []
    for state, span in spans.items():
        if state not in states:
            report(f"node {name!r}: range for unknown state {state!r}; states are "
                   f"{', '.join(states)}", (*here, state))
            continue
        value = float(row[list(states).index(state)])
        low, high = (float(x) for x in span)
        if not 0.0 <= low <= value <= high <= 1.0:
            report(f"node {name!r}: range [{low:g}, {high:g}] of {state!r} must hold its number "
                   f"{value:g} and lie within [0, 1]", (*here, state))
            continue
        out.append(StatedRange(name, kind, value, low, high, given, state, at=where(here)))
    return out
