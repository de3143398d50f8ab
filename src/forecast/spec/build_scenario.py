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
        finding = _finding(i, item, doc, network, grades, corpus, report, on_node[item.node])
        _check_knowable(i, item, spec, corpus, report)
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
        references=references)


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
