"""A scenario's `base_rates:` and `views:` (DESIGN section 8), and its `reference:` entries
read as views -> checked domain objects; every problem located."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

from ..domain.network import Network
from ..domain.outside import BaseRate, View
from ..language import said_probability, yardstick_words
from .corpus import Corpus
from .models import BaseRateSpec, ReferenceSpec, ViewSpec

Report = Callable[[str, tuple], None]


class _Checks:
    """What every entry shares: a target node of the scenario, an event of its states, a
    citation in the corpus, an id of its own."""

    def __init__(self, network: Network, targets: Sequence[str], corpus: Corpus | None,
                 report: Report):
        self.network, self.targets, self.corpus, self.report = network, targets, corpus, report
        self.ids: dict[str, str] = {}

    def unique(self, name: str, what: str, loc: tuple) -> None:
        if name in self.ids:
            self.report(f"{what}: the id {name!r} is already used by {self.ids[name]}; give "
                        "each base rate and view its own id", loc)
        self.ids.setdefault(name, what)

    def node(self, node: str | None, what: str, loc: tuple) -> bool:
        if node is None or node not in self.network:
            self.report(f"{what}: unknown node {node!r}; it is not a node of model "
                        f"{self.network.id!r}", loc)
            return False
        if node not in self.targets:
            self.report(f"{what} is on {node!r}, not a target of this scenario (its targets are "
                        f"{', '.join(self.targets)}); put it on a target or add the node to "
                        "`targets`", loc)
            return False
        return True

    def event(self, node: str, event: Sequence[str], what: str, loc: tuple) -> bool:
        states = self.network[node].states
        ok = True
        for i, state in enumerate(event):
            if state not in states:
                self.report(f"{what}: unknown state {state!r} of {node!r}; states are "
                            f"{', '.join(states)}", (*loc, i))
                ok = False
        if len(set(event)) != len(event):
            self.report(f"{what}: a state is named twice in the event; name each once", loc)
            ok = False
        elif ok and set(event) == set(states):
            self.report(f"{what}: the event names every state of {node!r}, so it always "
                        "happens; name the states the class counts or the person spoke of", loc)
            ok = False
        return ok

    def source(self, source: Any, loc: tuple) -> dict[str, Any] | None:
        if source is None:
            return None
        from .load import citation_problem

        problem = citation_problem(source.doc, self.corpus)
        if problem:
            self.report(problem, (*loc, "source", "doc"))
        return source.model_dump(exclude_none=True)


def build_outside(base_rates: Sequence[BaseRateSpec], views: Sequence[ViewSpec],
                  references: Sequence[ReferenceSpec], targets: Sequence[str], network: Network,
                  corpus: Corpus | None, as_of: dt.date, report: Report
                  ) -> tuple[tuple[BaseRate, ...], tuple[View, ...]]:
    """The scenario's base rates, and its views (those of `reference:` after its own)."""
    checks = _Checks(network, targets, corpus, report)
    rates = [r for i, spec in enumerate(base_rates)
             if (r := _base_rate(spec, ("base_rates", i), checks)) is not None]
    said = [v for i, spec in enumerate(views)
            if (v := _view(spec, ("views", i), checks, as_of)) is not None]
    said += [v for i, spec in enumerate(references)
             if (v := _reference(spec, ("reference", i), checks, as_of)) is not None]
    return tuple(rates), tuple(said)


def _count(value: float, key: str, what: str, loc: tuple, report: Report) -> int | None:
    if not math.isfinite(value) or not float(value).is_integer():
        report(f"{what}: {key} {value!r} is not a whole number; a count of cases is 0, 1, 2...",
               (*loc, key))
        return None
    return int(value)


def _base_rate(spec: BaseRateSpec, loc: tuple, checks: _Checks) -> BaseRate | None:
    what = f"base rate {spec.id!r}"
    report = checks.report
    checks.unique(spec.id, what, (*loc, "id"))
    events = _count(spec.events, "events", what, loc, report)
    cases = _count(spec.cases, "cases", what, loc, report)
    ok = events is not None and cases is not None
    if cases == 0:
        report(f"{what}: cases is 0; a reference class of no cases counts nothing (count at "
               "least one case)", (*loc, "cases"))
        ok = False
    elif ok and events > cases:
        report(f"{what}: events {events} > cases {cases}; the event can happen in at most every "
               "case counted", (*loc, "events"))
        ok = False
    if not math.isfinite(spec.per_days):
        report(f"{what}: per_days {spec.per_days!r}; give the days each case was watched",
               (*loc, "per_days"))
        ok = False
    source = checks.source(spec.source, loc)
    if spec.source is None and spec.note is None:
        report(f"{what}: say where the count comes from: a `source:` (doc and quote) or a "
               "`note:`", loc)
        ok = False
    if not checks.node(spec.node, what, (*loc, "node")):
        return None
    if not checks.event(spec.node, spec.event, what, (*loc, "event")) or not ok:
        return None
    return BaseRate(spec.id, spec.node, tuple(spec.event), spec.class_, events, cases,
                    float(spec.per_days), source, spec.note)


def _probability(p: Any, what: str, loc: tuple, report: Report) -> tuple[float, str | None] | None:
    """A number in [0, 1], or the yardstick's words as their band's midpoint."""
    if isinstance(p, str):
        value = said_probability(p)
        if value is None:
            report(f"{what}: p {p!r} is neither a number nor words of the ICD 203 yardstick "
                   f"({', '.join(yardstick_words())}); write the number they gave, or the "
                   "yardstick's words nearest to what they said (and quote them in the source)",
                   (*loc, "p"))
            return None
        return value, " ".join(p.lower().split())
    if isinstance(p, dict | list):
        return None  # the caller explains how to rewrite a distribution
    if not math.isfinite(p) or not 0 <= p <= 1:
        report(f"{what}: p {p!r} is outside [0, 1]; give a probability", (*loc, "p"))
        return None
    return float(p), None


def _dated(by: dt.date | None, as_of: dt.date, what: str, loc: tuple, report: Report) -> bool:
    if by is not None and by <= as_of:
        report(f"{what}: by {by} is not after the snapshot's as_of {as_of}; a view about a date "
               "already reached cannot be scored (drop `by`, or give the date they named)",
               (*loc, "by"))
        return False
    return True


def _view(spec: ViewSpec, loc: tuple, checks: _Checks, as_of: dt.date) -> View | None:
    what = f"view {spec.id!r}"
    checks.unique(spec.id, what, (*loc, "id"))
    p = _probability(spec.p, what, loc, checks.report)
    dated = _dated(spec.by, as_of, what, loc, checks.report)
    source = checks.source(spec.source, loc)
    if not checks.node(spec.node, what, (*loc, "node")):
        return None
    if not checks.event(spec.node, spec.event, what, (*loc, "event")) or p is None or not dated:
        return None
    return View(spec.id, spec.node, tuple(spec.event), p[0], spec.who, p[1], spec.by, "views",
                source, spec.note)


def _reference(spec: ReferenceSpec, loc: tuple, checks: _Checks, as_of: dt.date) -> View | None:
    """The first format: kept readable when it names its event with one number or words."""
    what = f"reference {spec.name!r}"
    node = spec.target or (checks.targets[0] if checks.targets else None)
    checks.unique(spec.name, what, (*loc, "name"))
    if isinstance(spec.p, dict | list) or spec.event is None:
        checks.report(f"{what} spreads probability over {node}'s states that nobody named; "
                      f"write what was said as a view on the event they named: {_rewrite(spec, node)}",
                      loc)
        return None
    p = _probability(spec.p, what, loc, checks.report)
    dated = _dated(spec.by, as_of, what, loc, checks.report)
    source = checks.source(spec.source, loc)
    if node is None or not checks.node(node, what, (*loc, "target")):
        return None
    if not checks.event(node, spec.event, what, (*loc, "event")) or p is None or not dated:
        return None
    return View(spec.name, node, tuple(spec.event), p[0], spec.name, p[1], spec.by, "reference",
                source, spec.basis)


def _rewrite(spec: ReferenceSpec, node: str | None) -> str:
    """A view to write instead: on two states, the second; on more, the state held apart
    from the others' equal shares (the mark of probability spread over the unsaid)."""
    event, p = "[STATE]", "P"
    if isinstance(spec.p, dict) and spec.p:
        values = list(spec.p.values())
        odd = [s for s, v in spec.p.items() if values.count(v) == 1]
        pick = list(spec.p)[-1] if len(spec.p) == 2 else odd[0] if len(odd) == 1 else None
        if pick is not None:
            event, p = f"[{pick}]", f"{spec.p[pick]:g}"
    elif spec.event is not None:
        event = f"[{', '.join(spec.event)}]"
    return (f"`views: [{{id: ..., who: ..., node: {node or 'NODE'}, event: {event}, "
            f"p: {p}}}]` (p a number or the yardstick's words; add `by: DATE` if they gave one), "
            "or `event: ...` with a single p under `reference:`")
