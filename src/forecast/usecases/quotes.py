"""Verifying the quotes of model and scenario files against the seed corpus."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem, UserError
from ..sources import check_quote, no_search_reason, yaml_quoted
from ..spec.corpus import Corpus
from ..spec.load import citation_problem, load_model, resolve_model_path
from ..spec.models import ModelSpec, ScenarioSpec
from ..spec.parse import detect_kind, parse
from ..spec.yamlio import Document, load_yaml


def default_files(root: Path) -> list[Path]:
    """Every YAML file under models/ and scenarios/ of `root`."""
    return sorted(p for folder in ("models", "scenarios") for p in (root / folder).glob("*.yaml"))


def check_files(paths: Sequence[Path]) -> tuple[int, list[Problem]]:
    """How many quotes were checked, and a problem for each one that is not in its document."""
    problems: list[Problem] = []
    checked = 0
    texts: dict[Path, str] = {}
    for path in paths:
        try:
            doc, corpus, citations = _citations(path)
        except UserError as exc:
            problems.extend(exc.problems)
            continue
        checked += len(citations)
        problems.extend(p for p in check_citations(doc, corpus, citations, texts)
                        if p not in problems)
    return checked, problems


def check_citations(doc: Document, corpus: Corpus | None, citations: Sequence[Citation],
                    texts: dict[Path, str] | None = None) -> list[Problem]:
    """A problem for each quote of `doc` that is not in its document (`texts`: the documents
    read so far, shared between files)."""
    problems: list[Problem] = []
    texts = {} if texts is None else texts
    for loc, doc_id, quote in citations:
        problem = citation_problem(doc_id, corpus)
        if problem:
            problems.append(doc.problem(problem, (*loc, "doc")))
            continue
        assert corpus is not None
        document = corpus.documents[doc_id]
        if document.path not in texts:
            try:
                texts[document.path] = document.text()
            except UserError as exc:
                problems.extend(p for p in exc.problems if p not in problems)
                continue
        text = texts[document.path]
        try:
            result = check_quote(quote, text)
        except ValueError:  # nothing left once invisible characters and spaces are dropped
            problems.append(doc.problem(
                "quote holds only invisible characters or white space; copy the words "
                f"from {doc_id} ({document.path.name})", (*loc, "quote")))
            continue
        if not result.searched:
            problems.append(doc.problem(
                f"quote not found in {doc_id} ({document.path.name}); "
                f"{no_search_reason(len(text))}", (*loc, "quote")))
        elif not result.found and result.closest is None:
            problems.append(doc.problem(
                f"quote not found in {doc_id} ({document.path.name}); the document has no "
                "passage like it", (*loc, "quote")))
        elif not result.found:
            problems.append(doc.problem(
                f"quote not found in {doc_id} ({document.path.name}); closest passage "
                f"({result.similarity:.0%} similar): {yaml_quoted(result.closest or '')}",
                (*loc, "quote")))
    return problems


def _citations(path: Path) -> tuple[Document, Corpus | None, list[tuple[tuple, str, str]]]:
    doc = load_yaml(path)
    kind = detect_kind(doc)
    if kind == "model":
        model = load_model(path, doc)
        return doc, model.corpus, model_citations(model.spec)
    if kind == "scenario":
        spec = parse(doc, "scenario")
        model = load_model(resolve_model_path(path, spec, doc))
        return doc, model.corpus, scenario_citations(spec)
    raise UserError(doc.problem(f"{kind} files hold no quotes; give model or scenario files"))


Citation = tuple[tuple, str, str]   # (where in the file, document id, quote)


def model_citations(spec: ModelSpec) -> list[Citation]:
    """Every quote a model's nodes cite."""
    return [(("nodes", name, "sources", i), c.doc, c.quote)
            for name, node in spec.nodes.items() for i, c in enumerate(node.sources)]


def scenario_citations(spec: ScenarioSpec) -> list[Citation]:
    """Every quote a scenario cites: its findings', its reference findings', its base rates'
    and its views'."""
    found = [(("evidence", i, "source"), f.source.doc, f.source.quote)
             for i, f in enumerate(spec.evidence) if f.source]
    found += [(("reference", i, "source"), r.source.doc, r.source.quote)
              for i, r in enumerate(spec.reference) if r.source]
    found += [((key, i, "source"), r.source.doc, r.source.quote)
              for key in ("base_rates", "views") for i, r in enumerate(getattr(spec, key))
              if r.source]
    return found
