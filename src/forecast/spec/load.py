"""Loading model and scenario files: YAML -> spec -> checked domain objects."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.integrity import Integrity, Quote
from ..domain.network import Network
from ..domain.scenario import Scenario
from ..errors import Problem, UserError
from ..files import read_input
from .build_model import build_network
from .build_scenario import build_scenario
from .corpus import Corpus, load_corpus
from .models import ModelSpec, ScenarioSpec
from .parse import detect_kind, parse
from .yamlio import Document, display_path, load_yaml


@dataclass(frozen=True)
class LoadedModel:
    network: Network
    spec: ModelSpec
    path: Path
    sha256: str
    corpus: Corpus | None
    quotes: tuple[Quote, ...] = ()
    unsourced: tuple[str, ...] = ()  # nodes with neither sources nor `basis: judgement`
    node_at: Callable[[str], str] | None = field(default=None, compare=False, repr=False)

    def unsourced_at(self) -> tuple[tuple[str, str], ...]:
        """The unsourced nodes with where each is written (file:line), located only now: a
        large imported model's positions are recovered only when a message needs them."""
        return tuple((name, self.node_at(name) if self.node_at else str(self.path))
                     for name in self.unsourced)

    @property
    def as_of(self):
        return self.spec.as_of

    @property
    def seeds(self) -> Path:
        return seeds_folder(self.path, self.spec)


@dataclass(frozen=True)
class LoadedScenario:
    scenario: Scenario
    spec: ScenarioSpec
    path: Path
    model: LoadedModel
    integrity: Integrity = field(default_factory=Integrity)
    document: Document | None = field(default=None, compare=False, repr=False)  # as parsed

    @property
    def network(self) -> Network:
        """The model as written (no adjustment, no conversion to this snapshot)."""
        return self.model.network

    @property
    def snapshot_network(self) -> Network:
        """The model's own numbers converted to this snapshot (windowed rows for its span,
        its quiet days' node): the network its findings, quiet days included, are read on."""
        from ..domain.timing import timed_network
        from ..domain.window import windows_for

        network = self.model.network
        s = self.scenario
        return timed_network(network, windows_for(network, network.names, s.as_of, s.horizon,
                                                  s.quiet_since))


def seeds_folder(model_path: Path, spec: ModelSpec) -> Path:
    """Where a model's documents live: its `seeds:` key, or ../seeds beside its folder."""
    if spec.seeds:
        return (model_path.parent / spec.seeds).resolve()
    return (model_path.parent.parent / "seeds").resolve()


def load_model(path: Path | str, doc: Document | None = None,
               corpora: dict[Path, Corpus | None] | None = None) -> LoadedModel:
    """Read and check a model file; raise UserError with every problem found. `doc`: the
    file already parsed; `corpora`: the seeds indexes a command has read so far, by folder
    (a command parses each file once)."""
    path = Path(path)
    with _no_cycle_collection():
        doc = doc if doc is not None else load_yaml(path)
        spec: ModelSpec = parse(doc, "model")
        network = build_network(spec, doc)
    folder = seeds_folder(path, spec)
    if spec.seeds and not folder.is_dir():
        what = "is not a folder" if folder.exists() else "not found"
        raise UserError(doc.problem(
            f"seeds folder {spec.seeds!r} {what} (looked for {display_path(folder)}); give the folder "
            "that holds index.yaml, relative to the model file", ("seeds",)))
    if corpora is None:
        corpus = load_corpus(folder)
    else:
        corpus = corpora[folder] if folder in corpora else corpora.setdefault(
            folder, load_corpus(folder))
    _check_citations(doc, spec, corpus, folder)
    digest = hashlib.sha256(read_input(path, "is a directory")).hexdigest()
    quotes = tuple(_quote(doc, ("nodes", name, "sources", i, "quote"), "model", name, c.doc, c.quote)
                   for name, node in spec.nodes.items() for i, c in enumerate(node.sources))
    unsourced = tuple(name for name, node in spec.nodes.items()
                      if not node.sources and node.basis is None)
    return LoadedModel(network, spec, path, digest, corpus, quotes, unsourced,
                       lambda name: _line_of(doc, ("nodes", name)))


def _line_of(doc: Document, loc: tuple) -> str:
    where = doc.locate(loc)
    return f"{doc.path}:{where[0]}" if where else str(doc.path)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Reading a large model allocates hundreds of thousands of small, long-lived objects
    (rows, mappings, numbers); the cyclic collector would walk them again and again and
    free nothing (they form no cycles): a fifth of an imported network's load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_scenario(path: Path | str, *, allow_unverified: bool = False,
                  strict: bool = False, models: dict[Path, LoadedModel] | None = None,
                  doc: Document | None = None,
                  corpora: dict[Path, Corpus | None] | None = None) -> LoadedScenario:
    """Read a scenario and its model, verify every quote they rest on, and check the evidence.

    A quote not in its document is an error unless `allow_unverified` (a draft, which every
    output then marks); with `strict`, every warning (hindsight, shared origin, ungraded...) is
    an error too. Raises UserError with every problem found. `models` holds the models a
    command has loaded so far, by resolved path: snapshots of one model share one load.
    `doc`: the scenario file already parsed. The loaded scenario keeps its document, so that
    nothing after the load parses the file again.
    """
    path = Path(path)
    doc = doc if doc is not None else load_yaml(path)
    spec: ScenarioSpec = parse(doc, "scenario")
    model_path = resolve_model_path(path, spec, doc)
    if models is None:
        model = load_model(model_path, corpora=corpora)
    else:
        key = model_path.resolve()
        shared = models.get(key) or models.setdefault(key, load_model(model_path,
                                                                      corpora=corpora))
        # one file read once; each scenario still names it as it wrote it
        model = shared if shared.path == model_path else dataclasses.replace(shared,
                                                                             path=model_path)
    scenario = build_scenario(spec, doc, model.network, model.corpus)
    loaded = LoadedScenario(scenario, spec, path, model, check_integrity(spec, doc, scenario, model),
                            doc)
    return hold_to(loaded, allow_unverified=allow_unverified, strict=strict)


def hold_to(loaded: LoadedScenario, *, allow_unverified: bool = False,
            strict: bool = False) -> LoadedScenario:
    """`loaded`, if what its checks found is allowed: a quote not in its document only in a
    draft (`allow_unverified`), a warning not at all with `strict`. Else a UserError."""
    from .verify import require_verified

    if not allow_unverified:
        require_verified(loaded.integrity.verification)
    if strict and loaded.integrity.warnings:
        raise UserError([_strict_problem(w, str(loaded.path)) for w in loaded.integrity.warnings])
    return loaded


def _strict_problem(warning, scenario: str) -> Problem:
    """A warning under --strict, located where the fix goes: the model citation of a hindsight
    warning, the finding of an ungraded one, the first of a shared-origin group (the others
    named in the message); the scenario file when the warning has no place of its own."""
    message = f"{warning.kind}: {warning.message} (--strict: warnings are errors)"
    if not warning.at:
        return Problem(message, scenario)
    if len(warning.at) > 1:
        message += f"; also at {', '.join(warning.at[1:])}"
    path, line, col = _split_at(warning.at[0])
    return Problem(message, path, line, col)


def _split_at(at: str) -> tuple[str, int | None, int | None]:
    """"path:line[:col]" -> its parts (a path may itself hold colons)."""
    parts = at.rsplit(":", 2)
    numbers: list[int] = []
    while len(parts) > 1 and parts[-1].isdigit() and len(numbers) < 2:
        numbers.insert(0, int(parts.pop()))
    path = ":".join(parts)
    line = numbers[0] if numbers else None
    col = numbers[1] if len(numbers) > 1 else None
    return path, line, col


def check_integrity(spec: ScenarioSpec, doc: Document, scenario: Scenario,
                    model: LoadedModel) -> Integrity:
    """Verify the quotes a scenario rests on (its findings', its outside views' and its
    model's) and collect the warnings about its evidence; `doc` locates the scenario's quotes
    for messages."""
    from ..domain.proposed import proposed_warnings
    from .verify import assess

    accepted = [i for i, f in enumerate(spec.evidence) if not f.proposed]
    place = {i: k for k, i in enumerate(accepted)}  # evidence list -> scenario.findings
    quotes = [_quote(doc, ("evidence", i, "source", "quote"),
                     "proposed" if f.proposed else "finding", f.node, f.source.doc,
                     f.source.quote, finding=place.get(i))
              for i, f in enumerate(spec.evidence) if f.source is not None]
    quotes += [_quote(doc, ("reference", i, "source", "quote"), "reference", r.target, r.source.doc,
                      r.source.quote)
               for i, r in enumerate(spec.reference) if r.source is not None]
    quotes += [_quote(doc, (key, i, "source", "quote"), "reference", item.node, item.source.doc,
                      item.source.quote)
               for key, items in (("base_rates", spec.base_rates), ("views", spec.views))
               for i, item in enumerate(items) if item.source is not None]
    integrity = assess(scenario.findings, scenario.targets, [*quotes, *model.quotes],
                       model.corpus, scenario.as_of, model.as_of, model.unsourced_at())
    unsaid = [*unsaid_time_warnings(scenario, model), *proposed_warnings(scenario.proposed)]
    if not unsaid:
        return integrity
    return dataclasses.replace(integrity, warnings=(*integrity.warnings, *unsaid))


def unsaid_time_warnings(scenario: Scenario, model: LoadedModel) -> list:
    """A snapshot taken after a window opened that does not say whether anything happened
    since: the days that passed are left out of the evidence, and the tool says so."""
    from ..domain.integrity import Warning

    start = model.as_of
    if scenario.quiet_since is not None or start is None or scenario.as_of <= start:
        return []
    network = model.network
    out = []
    for name in network.names:
        if network[name].meta.get("window_days") is None:
            continue
        days = (scenario.as_of - start).days
        first = network[name].states[0]
        out.append(Warning("time", (
            f"as_of {scenario.as_of} is {days} days after the window of {name} opened "
            f"({start}), and the scenario does not say whether anything above {first!r} "
            f"happened in them: those days are left out of the evidence; if nothing did, add "
            f"`quiet_since: {start}`"), {"node": name, "days": days}))
    return out


def _quote(doc: Document, loc: tuple, role: str, node: str | None, doc_id: str, text: str,
           finding: int | None = None) -> Quote:
    where = doc.locate(loc)
    line, col = (where[0], where[1]) if where else (None, None)
    return Quote(role, node, doc_id, text, str(doc.path), line, col, finding)


def resolve_model_path(path: Path, spec: ScenarioSpec, doc: Document) -> Path:
    model_path = path.parent / spec.model
    if not model_path.exists():
        raise UserError(doc.problem(
            f"model file {spec.model!r} not found (looked for {_tidy(model_path)}); the path is "
            "relative to the scenario file", ("model",)))
    if model_path.is_dir():
        raise UserError(doc.problem(
            f"model path {spec.model!r} is a directory; name the model's YAML file", ("model",)))
    return _tidy(model_path)


def _tidy(path: Path) -> Path:
    """`scenarios/../models/x.yaml` as `models/x.yaml` when both name the same file, for messages."""
    tidy = Path(os.path.normpath(path))
    try:
        return tidy if tidy == path or os.path.samefile(tidy, path) else path
    except OSError:
        return path


def load_any(path: Path | str) -> str:
    """Check one file of any kind; return its kind or raise UserError."""
    path = Path(path)
    doc = load_yaml(path)
    kind = detect_kind(doc)
    if kind == "model":
        load_model(path)
    elif kind == "scenario":
        load_scenario(path)
    elif kind == "overlay":
        from .build_overlay import check_overlay

        check_overlay(path)
    else:
        load_corpus(path.parent) if path.name == "index.yaml" else parse(doc, "sources")
    return kind


def _check_citations(doc: Document, spec: ModelSpec, corpus: Corpus | None, folder: Path) -> None:
    problems: list[Problem] = []
    for name, node in spec.nodes.items():
        for i, citation in enumerate(node.sources):
            problem = citation_problem(citation.doc, corpus, folder)
            if problem:
                problems.append(doc.problem(problem, ("nodes", name, "sources", i, "doc")))
    if problems:
        raise UserError(problems)


def citation_problem(doc_id: str, corpus: Corpus | None, folder: Path | None = None) -> str | None:
    if corpus is None:
        looked = f"{display_path(folder) / 'index.yaml'} not found" if folder else "no seeds/index.yaml"
        return (f"cites document {doc_id!r} but there is no seeds index ({looked}); put index.yaml "
                "in seeds/ beside the models folder, or set `seeds:` in the model")
    if doc_id not in corpus:
        known = ", ".join(sorted(corpus.documents)) or "none"
        return f"unknown document {doc_id!r}; known documents: {known}"
    return None
