"""ModelSpec -> Network, checking every cross-reference and reporting all problems at once."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any

import numpy as np

from ..cpt import NoisyMax, Ranked, Table
from ..domain.evidence import DEFAULT_CREDIBILITY, DEFAULT_RELIABILITY, GradeTables
from ..domain.network import Network, Node, find_cycle, topological_order
from ..errors import Problem, UserError
from ..limits import network_problem, states_problem, table_problem
from .build_ranges import stated_ranges
from .distributions import TOLERANCE, distribution
from .models import ModelSpec, NodeSpec
from .yamlio import Document

FORMS = ("prior", "table", "noisy_max", "ranked")


def build_network(spec: ModelSpec, doc: Document) -> Network:
    """The network a model file describes, or a UserError listing every problem."""
    problems: list[Problem] = []

    def report(message: str, loc: tuple) -> None:
        problems.append(doc.problem(message, loc))

    names = spec.nodes
    for name, node in names.items():
        check_structure(name, node, names, report)
        check_hazard(name, node, spec.as_of, report)
    if problems:
        raise UserError(problems)
    order, cyclic = topological_order({n: node.parents for n, node in names.items()})
    if cyclic:
        cycle = find_cycle({n: node.parents for n, node in names.items()}, cyclic)
        shown = cycle if len(cycle) <= 10 else [*cycle[:8], "...", cycle[-1]]
        report(f"the parents form a cycle: {' -> '.join(shown)}; a Bayesian network must be "
               "acyclic", ("nodes", cycle[0], "parents"))
        raise UserError(problems)
    cards = {n: len(node.states) for n, node in names.items()}
    _check_sizes(names, cards, report)
    if problems:
        raise UserError(problems)
    nodes: dict[str, Node] = {}
    for name in order:
        node = names[name]
        form = build_form(name, node, spec, cards, report)
        if form is None:
            continue
        cpt = form.cpt()
        ranges = stated_ranges(name, node, cpt, [names[p].states for p in node.parents],
                               report, lambda loc: _where(doc, loc))
        meta = {k: v for k, v in {
            "label": node.label, "description": node.description, "rationale": node.rationale,
            "resolution": node.resolution, "observable": node.observable,
            "window_days": float(node.window_days) if node.window_days is not None else None,
            "hazard": [{"from": h.from_.isoformat(), "weight": float(h.weight)}
                       for h in node.hazard or ()],
            "sources": [c.model_dump(exclude_none=True) for c in node.sources],
            "ranges": ranges, "basis": node.basis,
        }.items() if v}
        nodes[name] = Node(
            name=name, states=tuple(node.states), parents=tuple(node.parents), cpt=cpt,
            form=form, confidence=float(node.confidence or spec.confidence), meta=meta,
        )
    for i, target in enumerate(spec.targets):
        if target not in names:
            report(f"unknown target {target!r}; targets must be nodes of the model", ("targets", i))
    question = _question(spec, report)
    if problems:
        raise UserError(problems)
    grades = GradeTables(
        reliability={**DEFAULT_RELIABILITY, **(spec.grades.reliability if spec.grades else {})},
        credibility={**DEFAULT_CREDIBILITY, **(spec.grades.credibility if spec.grades else {})},
    )
    targets = tuple(spec.targets) or (order[-1],)
    return Network(
        id=spec.id, title=spec.title, nodes=nodes, targets=targets,
        meta={"description": spec.description, "grades": grades, "confidence": spec.confidence,
              "as_of": spec.as_of, **({"question": question} if question else {})},
    )


def check_hazard(name: str, node, as_of, report) -> None:
    """A hazard profile shapes a windowed node's window: weights finite and non-negative,
    not all zero, dates in order and inside the window (DESIGN section 8)."""
    if node.hazard is None:
        return
    loc = ("nodes", name, "hazard")
    if node.window_days is None:
        report(f"node {name!r}: `hazard` shapes a window, but the node has no `window_days`; "
               "add window_days or drop the profile", loc)
        return
    if not node.hazard:
        report(f"node {name!r}: the hazard profile has no weights; give at least one "
               "{from: DATE, weight: W}, or drop `hazard` for a constant hazard", loc)
        return
    for i, step in enumerate(node.hazard):
        weight = float(step.weight)
        if not math.isfinite(weight) or weight < 0:
            report(f"node {name!r}: hazard weight {step.weight!r} is not a finite number >= 0; "
                   "weights are relative hazards, e.g. 1 then 3", (*loc, i, "weight"))
        if i and step.from_ <= node.hazard[i - 1].from_:
            report(f"node {name!r}: hazard date {step.from_} is not after the one before "
                   f"({node.hazard[i - 1].from_}); list the steps in date order", (*loc, i, "from"))
    if all(float(s.weight) == 0 for s in node.hazard):
        report(f"node {name!r}: every hazard weight is 0, so nothing could ever happen; give "
               "the periods their relative weights", loc)
    if as_of is not None and math.isfinite(float(node.window_days)):
        end = as_of + dt.timedelta(days=math.ceil(float(node.window_days)))
        for i, step in enumerate(node.hazard):
            if step.from_ >= end:
                report(f"node {name!r}: hazard date {step.from_} is after the window's end "
                       f"({end}: as_of {as_of} + {node.window_days:g} days); a step must "
                       "start inside the window it shapes", (*loc, i, "from"))


def _question(spec: ModelSpec, report) -> dict[str, Any] | None:
    """The model's `question` as {text, node, event}, its node and states checked (located)."""
    q = spec.question
    if q is None:
        return None
    node = spec.nodes.get(q.node)
    if node is None:
        report(f"question: unknown node {q.node!r}; name the outcome node the question asks "
               f"about, one of {', '.join(spec.nodes)}", ("question", "node"))
        return None
    for i, state in enumerate(q.event):
        if state not in node.states:
            report(f"question: {q.node} has no state {state!r}; the event lists states of "
                   f"{q.node}: {', '.join(node.states)}", ("question", "event", i))
    if len(set(q.event)) < len(q.event):
        report("question: a state is listed twice in the event; list each once",
               ("question", "event"))
    if len(set(q.event)) == len(node.states):
        report(f"question: the event lists every state of {q.node}, so it is certain; list the "
               "states whose happening the question asks about", ("question", "event"))
    return {"text": q.text, "node": q.node, "event": list(q.event)}


def _where(doc: Document, loc: tuple) -> str | None:
    where = doc.locate(loc)
    return f"{doc.path}:{where[0]}" if where else None


def _check_sizes(names: dict[str, NodeSpec], cards: dict[str, int], report) -> None:
    """Every CPT's declared size costed before any is built (forecast.limits): a node over
    thirty parents asks for billions of entries whichever form it is written in."""
    total = 0
    refused = False
    for name, node in names.items():
        problem = states_problem(cards[name], f"node {name!r}")
        if problem:
            report(problem, ("nodes", name, "states"))
            refused = True
            continue
        entries = math.prod(cards[p] for p in node.parents) * cards[name]
        total += entries
        problem = table_problem(entries, f"the CPT of node {name!r}")
        if problem:
            report(problem, ("nodes", name, "parents"))
            refused = True
    problem = None if refused else network_problem(total)
    if problem:
        report(f"the model is too large: {problem}", ("nodes",))


def check_structure(name: str, node: NodeSpec, names: dict, report) -> None:
    """Report states, parents and forms that cannot make a node (also used for overlays)."""
    loc = ("nodes", name)
    seen: set[str] = set()
    for i, state in enumerate(node.states):
        if state in seen:
            report(f"node {name!r}: state {state!r} appears twice; states must be distinct",
                   (*loc, "states", i))
        seen.add(state)
    seen_parents: set[str] = set()
    for i, parent in enumerate(node.parents):
        if parent == name:
            report(f"node {name!r} lists itself as a parent; remove it", (*loc, "parents", i))
        elif parent not in names:
            report(f"node {name!r}: unknown parent {parent!r}; define it under nodes",
                   (*loc, "parents", i))
        elif parent in seen_parents:
            report(f"node {name!r}: parent {parent!r} listed twice; keep one", (*loc, "parents", i))
        seen_parents.add(parent)
    given = [f for f in FORMS if getattr(node, f) is not None]
    if len(given) > 1:
        report(f"node {name!r} has {' and '.join(given)}; give exactly one of "
               "prior, table, noisy_max, ranked", (*loc, given[1]))
    elif not given:
        report(f"node {name!r} has no parameters; give prior (root) or table, noisy_max, "
               "ranked (child)", loc)
    elif node.parents and given[0] == "prior":
        report(f"node {name!r} has parents, so it takes a table, noisy_max or ranked, not a prior",
               (*loc, "prior"))
    elif not node.parents and given[0] != "prior":
        report(f"node {name!r} has no parents: give it a `prior`, not `{given[0]}`",
               (*loc, given[0]))
    if node.resolution:
        for state in node.resolution:
            if state not in node.states:
                report(f"node {name!r}: resolution for unknown state {state!r}; states are "
                       f"{', '.join(node.states)}", (*loc, "resolution", state))


def build_form(name: str, node: NodeSpec, spec: ModelSpec, cards: dict[str, int], report):
    """The node's parameter form (Table, NoisyMax, Ranked), or None after reporting why not."""
    loc = ("nodes", name)
    states = node.states
    if node.prior is not None:
        vector = distribution(node.prior, states, (*loc, "prior"), report, f"prior of {name!r}")
        return None if vector is None else Table(vector)
    if node.table is not None:
        return _table(name, node, spec, cards, report)
    if node.noisy_max is not None:
        return _noisy_max(name, node, spec, report)
    return _ranked(name, node, spec, cards, report)


def _table(name: str, node: NodeSpec, spec: ModelSpec, cards: dict[str, int], report):
    loc = ("nodes", name, "table")
    parents = node.parents
    parent_states = [spec.nodes[p].states for p in parents]
    rows = _table_at_once(node, parent_states)
    if rows is not None:
        return Table(rows)
    rows = np.full([cards[p] for p in parents] + [len(node.states)], np.nan)
    first_row: dict[tuple, int] = {}
    ok = True
    for r, row in enumerate(node.table or []):
        what = f"node {name!r}, table row {r + 1}"
        index: list[int] = []
        for key in row.given:
            if key not in parents:
                report(f"{what}: {key!r} is not a parent of {name!r} (parents: "
                       f"{', '.join(parents) or 'none'})", (*loc, r, "given", key))
                ok = False
        for p, states in zip(parents, parent_states, strict=False):
            if p not in row.given:
                report(f"{what}: `given` lacks parent {p!r}", (*loc, r, "given"))
                ok = False
            elif row.given[p] not in states:
                report(f"{what}: unknown state {row.given[p]!r} of {p!r}; states are "
                       f"{', '.join(states)}", (*loc, r, "given", p))
                ok = False
            else:
                index.append(states.index(row.given[p]))
        vector = distribution(row.p, node.states, (*loc, r, "p"), report, what)
        if vector is None or len(index) != len(parents):
            ok = False
            continue
        key = tuple(index)
        if key in first_row:
            report(f"{what}: repeats the parent states of row {first_row[key] + 1}; "
                   "keep one row per combination", (*loc, r, "given"))
            ok = False
            continue
        first_row[key] = r
        rows[key] = vector
    if not ok:
        return None
    missing = [combo for combo in itertools.product(*[range(len(s)) for s in parent_states])
               if combo not in first_row]
    if missing:
        shown = "; ".join(
            ", ".join(f"{p}={parent_states[i][c]}"
                      for i, (p, c) in enumerate(zip(parents, combo, strict=True)))
            for combo in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        report(f"node {name!r}: table lacks {len(missing)} row(s): {shown}{more}; "
               "give one row per parent combination", loc)
        return None
    return Table(rows)


def _table_at_once(node: NodeSpec, parent_states: list[list[str]]) -> np.ndarray | None:
    """The table of a node whose rows are all well-formed lists (as `forecast import` writes
    them), checked and normalised in one array operation; None to check row by row, which
    reports every problem where it is."""
    card = len(node.states)
    lookups = [{s: i for i, s in enumerate(states)} for states in parent_states]
    shape = [len(states) for states in parent_states]
    keys: list[int] = []
    values: list[list[float]] = []
    for row in node.table or []:
        p = row.p
        if not isinstance(p, list) or len(p) != card or len(row.given) != len(node.parents):
            return None
        key = 0
        for parent, lookup, size in zip(node.parents, lookups, shape, strict=True):
            state = row.given.get(parent)
            if state not in lookup:
                return None
            key = key * size + lookup[state]
        keys.append(key)
        values.append(p)
    if len(keys) != math.prod(shape) or len(set(keys)) != len(keys):
        return None
    table = np.asarray(values, dtype=float).reshape(len(keys), card)
    if not np.all(np.isfinite(table)) or np.any(table < 0) or np.any(table > 1):
        return None
    totals = table.sum(axis=-1, keepdims=True)
    if np.any(np.abs(totals - 1.0) > TOLERANCE):
        return None
    out = np.empty_like(table)
    out[keys] = table / totals
    return out.reshape(*shape, card)


def _noisy_max(name: str, node: NodeSpec, spec: ModelSpec, report):
    loc = ("nodes", name, "noisy_max")
    nm = node.noisy_max
    assert nm is not None
    card = len(node.states)
    leak = distribution(nm.leak, node.states, (*loc, "leak"), report, f"node {name!r}, leak")
    effects = []
    ok = leak is not None
    for parent in nm.parents:
        if parent not in node.parents:
            report(f"node {name!r}: noisy_max names {parent!r}, which is not a parent",
                   (*loc, "parents", parent))
            ok = False
    for parent in node.parents:
        pstates = spec.nodes[parent].states
        effect = np.zeros((len(pstates), card))
        effect[:, 0] = 1.0
        written = nm.parents.get(parent)
        if written is None:
            report(f"node {name!r}: noisy_max gives no effect for parent {parent!r}; add it "
                   "under noisy_max.parents or drop the parent", (*loc, "parents"))
            ok = False
            effects.append(effect)
            continue
        for state, dist in written.items():
            where = (*loc, "parents", parent, state)
            if state not in pstates:
                report(f"node {name!r}: unknown state {state!r} of parent {parent!r}; states are "
                       f"{', '.join(pstates)}", where)
                ok = False
                continue
            vector = distribution(dist, node.states, where, report,
                                  f"node {name!r}, effect of {parent}={state}")
            if vector is None:
                ok = False
            else:
                effect[pstates.index(state)] = vector
        effects.append(effect)
    return NoisyMax(leak, tuple(effects)) if ok else None


def _ranked(name: str, node: NodeSpec, spec: ModelSpec, cards: dict[str, int], report):
    loc = ("nodes", name, "ranked")
    rk = node.ranked
    assert rk is not None
    ok = True
    if rk.function == "mixminmax":
        keys: list[str] = ["min", "max"]
        for key in rk.weights:
            if key not in keys:
                report(f"node {name!r}: mixminmax takes weights `min` and `max`, not {key!r}",
                       (*loc, "weights", key))
                ok = False
    else:
        keys = list(node.parents)
        for key in rk.weights:
            if key not in keys:
                report(f"node {name!r}: weight for {key!r}, which is not a parent",
                       (*loc, "weights", key))
                ok = False
    weights: list[float] = []
    for key in keys:
        value: Any = rk.weights.get(key)
        if value is None:
            report(f"node {name!r}: ranked weights lack {key!r}; give a weight for it",
                   (*loc, "weights"))
            ok = False
        elif not np.isfinite(value) or value == 0 or (rk.function == "mixminmax" and value < 0):
            report(f"node {name!r}: weight of {key!r} is {value}; give a non-zero finite number"
                   + (" (positive for mixminmax)" if rk.function == "mixminmax" else ""),
                   (*loc, "weights", key))
            ok = False
        else:
            weights.append(float(value))
    if not np.isfinite(rk.variance):
        report(f"node {name!r}: variance must be a positive finite number", (*loc, "variance"))
        ok = False
    if not ok:
        return None
    return Ranked(rk.function, tuple(weights), float(rk.variance),
                  tuple(cards[p] for p in node.parents), len(node.states))
