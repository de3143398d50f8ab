"""Use case `validate`: check model, scenario, overlay and sources-index files, and that
their quotes occur in their documents; every problem of every file in one pass.

Each file is parsed once, and a model that several of the files name (a model given beside
its scenarios, snapshots of one model) is loaded once: the checks of a file (its form, its
quotes, its model card, its proposed findings) all read the one parse.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..errors import ForecastError, Problem, UserError
from ..spec.load import LoadedModel


@dataclasses.dataclass(frozen=True)
class ValidateRequest:
    """The files to check; `raise_first`: let the first error out as it is (--debug)."""

    files: tuple[Path, ...]
    raise_first: bool = False


@dataclasses.dataclass(frozen=True)
class Checked:
    """A file that passed, with what was checked of it, said from the check itself."""

    path: Path
    summary: str


@dataclasses.dataclass(frozen=True)
class Validation:
    checked: tuple[Checked, ...]
    problems: tuple[Any, ...]   # Problem or str, each once, in the files' order


def execute(request: ValidateRequest) -> Validation:
    """Every file checked; the problems of all of them (a model checked with its scenario
    reported once)."""
    models: dict[Path, LoadedModel] = {}
    corpora: dict[Path, Any] = {}   # seeds indexes read so far, by folder
    texts: dict[Path, str] = {}
    checked: list[Checked] = []
    problems: list[Any] = []
    for path in request.files:
        try:
            summary, found = _check(Path(path), models, corpora, texts)
        except ForecastError as exc:
            if request.raise_first:
                raise
            found = exc.problems if isinstance(exc, UserError) else [str(exc)]
            problems.extend(_with_later_syntax_errors(Path(path), found))
            continue
        if found:
            problems.extend(found)
        else:
            checked.append(Checked(Path(path), summary))
    return Validation(tuple(checked), tuple(dict.fromkeys(problems)))


def _check(path: Path, models: dict[Path, LoadedModel], corpora: dict[Path, Any],
           texts: dict[Path, str]) -> tuple[str, list[Problem]]:
    """What was checked of one file, or its problems; raises on a file that cannot load."""
    from ..spec.load import load_model, load_scenario
    from ..spec.parse import detect_kind, parse
    from ..spec.yamlio import load_yaml
    from .quotes import check_citations, model_citations, scenario_citations

    if path.name == "index.yaml" and path.parent.resolve() in corpora:
        return "sources", []  # a model's seeds index, read and checked with the model
    doc = load_yaml(path)
    kind = detect_kind(doc)
    if kind == "overlay":
        return _overlay_checked(path, doc, models), []
    if kind == "model":
        key = path.resolve()
        model = models.get(key) or models.setdefault(key, load_model(path, doc, corpora))
        quoted = check_citations(doc, model.corpus, model_citations(model.spec), texts)
        if quoted:
            return "", quoted
        card = _card_checked(path, model)
        return f"model; {card.summary()}", list(card.problems)
    if kind == "scenario":
        loaded = load_scenario(path, models=models, doc=doc, corpora=corpora)
        quoted = check_citations(doc, loaded.model.corpus, scenario_citations(loaded.spec),
                                 texts)
        return f"scenario{_waiting(doc)}", quoted
    from ..spec.corpus import load_corpus

    if path.name != "index.yaml":
        parse(doc, "sources")
        return kind, []
    folder = path.parent.resolve()
    corpora[folder] = load_corpus(folder, doc) if folder not in corpora else corpora[folder]
    return kind, []


def _overlay_checked(path: Path, doc: Any, models: dict[Path, LoadedModel]) -> str:
    """What was checked of an overlay, said from the check itself."""
    from ..spec.build_overlay import check_overlay

    model = check_overlay(path, doc, models)
    if model is None:
        return ("overlay; its form only: it names no model file, so its nodes and states are "
                "checked when forecast run --analyst applies it (its distributions were checked "
                "to sum to 1)")
    return f"overlay, checked against {model}"


def _card_checked(path: Path, model: LoadedModel) -> Any:
    """The model card beside a model, against the form README "The model card" gives."""
    from ..spec.card import check_card

    network = model.network
    return check_card(path, tuple(network.nodes[network.targets[0]].states))


def _with_later_syntax_errors(path: Path, found: list) -> list:
    """A file's problems; when the first is a YAML syntax error in this file, every syntax error
    the parser can recover from (spec/syntax.py), in one pass."""
    first = found[0] if found else None
    if (first is None or not str(getattr(first, "message", "")).startswith("YAML syntax error")
            or getattr(first, "path", None) != str(path)):
        return found
    from ..spec.syntax import syntax_problems

    return syntax_problems(path) or found


def _waiting(doc: Any) -> str:
    """'; n proposed findings waiting for an analyst' when the scenario holds any."""
    from ..domain.proposed import waiting_count, waiting_text

    count = waiting_count(doc.data.get("evidence"))
    return f"; {waiting_text(count)}" if count else ""
