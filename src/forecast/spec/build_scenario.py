"""ScenarioSpec -> Scenario: findings become likelihood vectors, priors are checked."""

from __future__ import annotations

from ..domain.evidence import (
    Finding,
    GradeTables,
    Relay,
    graded_likelihood,
    hard_likelihood,
    tempered_likelihood,
)
from ..domain.network import Network
from ..domain.proposed import Proposed
from ..domain.scenario import Scenario
from ..domain.timing import quiet_findings
from ..domain.window import window_start, windows_for
from ..errors import Problem, UserError
from .build_outside import build_outside
from .corpus import Corpus
from .distributions import likelihood
from .models import FindingSpec, ScenarioSpec
from .priors import root_priors
from .yamlio import Document


def build_scenario(
    spec: ScenarioSpec, doc: Document, network: Network, corpus: Corpus | None
) -> Scenario:
    problems: list[Problem] = []

    def report(message: str, loc: tuple) -> None:
        problems.append(doc.problem(message, loc))

    if spec.horizon is not None and spec.horizon < spec.as_of:
        report(f"horizon {spec.horizon} is before as_of {spec.as_of}; the horizon is the date the "
               "forecast is about, on or after as_of", ("horizon",))
    for i, target in enumerate(spec.targets):
        if target not in network:
            report(f"unknown target {target!r}; it is not a node of model {network.id!r}",
                   ("targets", i))
    grades: GradeTables = network.meta.get("grades") or GradeTables()
    findings: list[Finding] = []
    proposed: list[Proposed] = []
    ids: dict[str, int] = {}
    on_node: dict[str, int] = {}
    for i, item in enumerate(spec.evidence):
        on_node[item.node] = on_node.get(item.node, 0) + 1
        if item.id is not None:
            if item.id in ids:
                line = doc.locate(("evidence", ids[item.id]))
                report(f"finding id {item.id!r} is used twice (the other at line "
                       f"{line[0] if line else '?'}); give each finding its own id",
                       ("evidence", i, "id"))
            ids.setdefault(item.id, i)
        _check_knowable(i, item, spec, corpus, report)
        if item.proposed:  # checked like any finding, kept apart from every computation
            waiting = _proposed(i, item, doc, network, grades, corpus, report, on_node[item.node])
            if waiting is not None:
                proposed.append(waiting)
            continue
        finding = _finding(i, item, doc, network, grades, corpus, report, on_node[item.node])
        if finding is not None:
            findings.append(finding)
    priors = root_priors(spec.priors, network, report)
    targets = tuple(spec.targets) or network.targets
    base_rates, views = build_outside(spec.base_rates, spec.views, spec.reference, targets,
                                      network, corpus, spec.as_of, report)
    check_time(spec, network, report)
    if problems:
        raise UserError(problems)
    windows = snapshot_windows(network, spec.as_of, spec.horizon, spec.quiet_since)
    where = doc.locate(("quiet_since",))
    quiet = quiet_findings(network, windows, f"{doc.path}:{where[0]}" if where else str(doc.path))
    return Scenario(
        id=spec.id, title=spec.title, as_of=spec.as_of, horizon=spec.horizon, targets=targets,
        findings=(*findings, *quiet), priors=priors, description=spec.description,
        base_rates=base_rates, views=views, quiet_since=spec.quiet_since,
        proposed=tuple(proposed))


def snapshot_windows(network: Network, as_of, horizon, quiet_since=None) -> dict:
    """Every windowed node's window for a snapshot (quiet days included)."""
    return windows_for(network, network.names, as_of, horizon, quiet_since)


def check_time(spec: ScenarioSpec, network: Network, report) -> None:
    """`quiet_since` inside the window and not after as_of; hazard steps not after the
    horizon (DESIGN section 8)."""
    windowed = [n for n in network.names if network[n].meta.get("window_days") is not None]
    start = window_start(network, spec.as_of)
    if spec.quiet_since is not None:
        if not windowed:
            report(f"quiet_since {spec.quiet_since}: the model has no node with window_days, so "
                   "there is no window for quiet days to count in; drop quiet_since",
                   ("quiet_since",))
        elif spec.quiet_since > spec.as_of:
            report(f"quiet_since {spec.quiet_since} is after as_of {spec.as_of}; quiet days are "
                   "days already past at the snapshot: give a date on or before as_of",
                   ("quiet_since",))
        elif start is not None and spec.quiet_since < start:
            report(f"quiet_since {spec.quiet_since} is before the window opens ({start}, the "
                   "model's as_of); days before the window are not in the model's numbers: "
                   f"give {start} or later", ("quiet_since",))
    if spec.horizon is None:
        return
    for name in windowed:
        for step in network[name].meta.get("hazard") or ():
            if step["from"] > spec.horizon.isoformat():
                report(f"the hazard profile of {name!r} has a step from {step['from']}, after "
                       f"this snapshot's horizon {spec.horizon}; move the horizon, or the step "
                       "in the model", ("horizon",))


def _check_knowable(i: int, item: FindingSpec, spec: ScenarioSpec, corpus: Corpus | None,
                    report) -> None:
    """A snapshot may cite only what was published by its as_of."""
    if item.source is None or corpus is None or item.source.doc not in corpus:
        return
    published = corpus.documents[item.source.doc].published
    if published and published > spec.as_of.isoformat():
        report(f"finding cites {item.source.doc}, published {published}, after the scenario's "
               f"as_of {spec.as_of}: not knowable at the snapshot; cite what was published by "
               "then, or move as_of", ("evidence", i, "source", "doc"))


def _finding(i, item: FindingSpec, doc: Document, network: Network, grades: GradeTables,
             corpus: Corpus | None, report, ordinal: int = 1) -> Finding | None:
    loc = ("evidence", i)
    if item.node not in network:
        report(f"evidence on unknown node {item.node!r}; nodes are {', '.join(network.names)}",
               (*loc, "node"))
        return None
    node = network[item.node]
    if item.source is not None:
        from .load import citation_problem

        problem = citation_problem(item.source.doc, corpus)
        if problem:
            report(problem, (*loc, "source", "doc"))
    where = doc.locate(loc)
    where_text = f"{doc.path}:{where[0]}" if where else doc.path
    source = item.source.model_dump(exclude_none=True, exclude={"via"}) if item.source else None
    via = tuple(Relay(r.name, r.reliability) for r in (item.source.via or ())) if item.source else ()
    common = {"source": source, "note": item.note, "where": where_text, "id": item.id,
              "origin": item.origin, "position": i, "ordinal": ordinal, "via": via}
    grade = item.grade
    if grade is not None and via:
        grade = grades.through(grade[0], via) + grade[1]
    graded = {} if grade is None else {"grade": grade, "weight": grades.weight(grade),
                                       "stated_grade": item.grade if via else None}
    if (item.state is None) == (item.likelihood is None):
        given = "both" if item.state is not None else "neither"
        report(f"a finding needs exactly one of `state` (optionally with `grade`) or "
               f"`likelihood`; this one has {given}", loc)
        return None
    if item.likelihood is not None:
        vector = likelihood(item.likelihood, node.states, (*loc, "likelihood"), report,
                            f"likelihood on {item.node!r}")
        if vector is None:
            return None
        if grade is not None:  # a graded soft report: tempered toward 1 by the grade's weight
            vector = tempered_likelihood(vector, graded["weight"])
        return Finding(item.node, vector, **graded, **common)
    if item.state not in node.states:
        report(f"unknown state {item.state!r} of {item.node!r}; states are "
               f"{', '.join(node.states)}", (*loc, "state"))
        return None
    index = node.index(item.state)
    if item.grade is None:
        return Finding(item.node, hard_likelihood(node.card, index), state=item.state, **common)
    return Finding(item.node, graded_likelihood(node.card, index, graded["weight"]),
                   state=item.state, **graded, **common)


def _proposed(i, item: FindingSpec, doc: Document, network: Network, grades: GradeTables,
              corpus: Corpus | None, report, ordinal: int) -> Proposed | None:
    """A proposed finding, checked as a finding would be; it may suggest no state at all."""
    if item.state is not None or item.likelihood is not None:
        finding = _finding(i, item, doc, network, grades, corpus, report, ordinal)
        if finding is None:
            return None
    elif item.node not in network:
        report(f"evidence on unknown node {item.node!r}; nodes are {', '.join(network.names)}",
               ("evidence", i, "node"))
        return None
    elif item.grade is not None:
        report("`grade` goes with `state`; a proposed finding without a state has nothing to "
               "grade yet", ("evidence", i, "grade"))
        return None
    elif item.source is not None:
        from .load import citation_problem

        problem = citation_problem(item.source.doc, corpus)
        if problem:
            report(problem, ("evidence", i, "source", "doc"))
    where = doc.locate(("evidence", i))
    return Proposed(
        item.node, i, ordinal, item.state,
        {k: float(v) for k, v in item.likelihood.items()} if item.likelihood else None,
        item.source.model_dump(exclude_none=True) if item.source else None, item.id,
        f"{doc.path}:{where[0]}" if where else str(doc.path))
