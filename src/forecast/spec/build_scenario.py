"""ScenarioSpec -> Scenario: findings become likelihood vectors, priors are checked."""

from __future__ import annotations

from ..domain.evidence import Finding, GradeTables, graded_likelihood, hard_likelihood
from ..domain.network import Network
from ..domain.proposed import Proposed
from ..domain.scenario import Scenario
from ..errors import Problem, UserError
from .build_reference import build_references
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
    references = build_references(spec.reference, targets, network, corpus, report)
    if problems:
        raise UserError(problems)
    return Scenario(
        id=spec.id, title=spec.title, as_of=spec.as_of, horizon=spec.horizon, targets=targets,
        findings=tuple(findings), priors=priors, description=spec.description,
        references=references, proposed=tuple(proposed))


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
    source = item.source.model_dump(exclude_none=True) if item.source else None
    common = {"source": source, "note": item.note, "where": where_text, "id": item.id,
              "origin": item.origin, "position": i, "ordinal": ordinal}
    if (item.state is None) == (item.likelihood is None):
        given = "both" if item.state is not None else "neither"
        report(f"a finding needs exactly one of `state` (optionally with `grade`) or "
               f"`likelihood`; this one has {given}", loc)
        return None
    if item.likelihood is not None:
        if item.grade is not None:
            report("`grade` goes with `state`; a likelihood already says how much the report "
                   "is worth", (*loc, "grade"))
            return None
        vector = likelihood(item.likelihood, node.states, (*loc, "likelihood"), report,
                            f"likelihood on {item.node!r}")
        return None if vector is None else Finding(item.node, vector, **common)
    if item.state not in node.states:
        report(f"unknown state {item.state!r} of {item.node!r}; states are "
               f"{', '.join(node.states)}", (*loc, "state"))
        return None
    index = node.index(item.state)
    if item.grade is None:
        return Finding(item.node, hard_likelihood(node.card, index), state=item.state, **common)
    weight = grades.weight(item.grade)
    return Finding(item.node, graded_likelihood(node.card, index, weight), state=item.state,
                   grade=item.grade, weight=weight, **common)


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
