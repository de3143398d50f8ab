"""OverlaySpec -> Overlay, checked against the loaded model exactly as the model's own nodes are
(the same structure checks and form builders), every problem located in the overlay file."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from ..domain.overlay import NodeOverride, Overlay
from ..errors import Problem, UserError
from .build_model import FORMS, _where, build_form, check_structure
from .build_ranges import stated_ranges
from .load import LoadedModel
from .models import OverlaySpec, TableRow
from .parse import parse
from .priors import root_priors
from .yamlio import Document, load_yaml


def load_overlay(path: Path | str, model: LoadedModel, doc: Document | None = None) -> Overlay:
    """Read an analyst's overlay and check it against `model`; UserError with every problem.
    `doc`: the file already parsed."""
    doc = doc if doc is not None else load_yaml(Path(path))
    spec: OverlaySpec = parse(doc, "overlay")
    return build_overlay(spec, doc, model)


def check_overlay(path: Path | str, doc: Document | None = None,
                  models: dict[Path, LoadedModel] | None = None) -> Path | None:
    """Check an overlay on its own: its shape always, and against its model when `model:` is
    a path to the model file. Returns the model checked against, or None (shape only).
    `doc`: the file already parsed; `models`: models a command loaded so far, by resolved
    path (one model file, one parse)."""
    from .load import load_model

    doc = doc if doc is not None else load_yaml(Path(path))
    spec: OverlaySpec = parse(doc, "overlay")
    model_path = Path(doc.path).parent / spec.model if spec.model else None
    if model_path is None or not model_path.is_file():
        check_numbers(spec, doc)
        return None
    models = {} if models is None else models
    key = model_path.resolve()
    model = models.get(key) or models.setdefault(key, load_model(model_path))
    build_overlay(spec, doc, model)
    return Path(os.path.normpath(model_path))


def check_numbers(spec: OverlaySpec, doc: Document) -> None:
    """Without the model: every distribution the overlay writes (priors, table rows, leaks,
    noisy-MAX rows) is of numbers in [0, 1] summing to 1. UserError with every problem."""
    from .distributions import distribution

    problems: list[Problem] = []

    def report(message: str, loc: tuple) -> None:
        problems.append(doc.problem(message, loc))

    def check(written, loc: tuple, what: str) -> None:
        states = (list(written) if isinstance(written, dict)
                  else [f"value {i + 1}" for i in range(len(written))])
        distribution(written, states, loc, report, what)

    for name, p in spec.priors.items():
        check(p, ("priors", name), f"prior of {name!r}")
    for name, node in spec.nodes.items():
        if node.prior is not None:
            check(node.prior, ("nodes", name, "prior"), f"prior of {name!r}")
        for i, row in enumerate(node.table or []):
            check(row.p, ("nodes", name, "table", i, "p"), f"table of {name!r}, row {i + 1}")
        if node.noisy_max is not None:
            check(node.noisy_max.leak, ("nodes", name, "noisy_max", "leak"), f"leak of {name!r}")
            for parent, rows in node.noisy_max.parents.items():
                for state, p in rows.items():
                    check(p, ("nodes", name, "noisy_max", "parents", parent, state),
                          f"noisy-MAX row {parent}={state} of {name!r}")
    if problems:
        raise UserError(problems)


def build_overlay(spec: OverlaySpec, doc: Document, model: LoadedModel) -> Overlay:
    problems: list[Problem] = []

    def report(message: str, loc: tuple) -> None:
        problems.append(doc.problem(message, loc))

    network, model_spec = model.network, model.spec
    if spec.model is not None and not _names_model(spec.model, doc.path, model):
        report(f"this overlay is for model {spec.model!r}, but the scenario uses model "
               f"{network.id!r} ({model.path}); give the overlay of this model, or correct "
               "`model:` (the model's id, or a path to its file)", ("model",))
    for name in spec.priors:
        if name in spec.nodes:
            report(f"{name!r} is under both `priors` and `nodes`; keep one", ("priors", name))
    priors = root_priors({n: p for n, p in spec.priors.items() if n not in spec.nodes}, network,
                         report, hint="; put its table under `nodes`")
    cards = {n: node.card for n, node in network.nodes.items()}
    nodes: dict[str, NodeOverride] = {}
    for name, written in spec.nodes.items():
        if name not in network:
            report(f"unknown node {name!r}; nodes are {', '.join(network.names)}", ("nodes", name))
            continue
        forms = {form: getattr(written, form) for form in FORMS}
        if written.table is not None and model_spec.nodes[name].parents:
            forms["table"] = with_model_rows(written.table, name, network)
        merged = model_spec.nodes[name].model_copy(update={**forms, "range": written.range})
        before = len(problems)
        check_structure(name, merged, model_spec.nodes, report)
        if len(problems) > before:
            continue
        form = build_form(name, merged, model_spec, cards, report)
        if form is not None:
            confidence = None if written.confidence is None else float(written.confidence)
            parent_states = [network[p].states for p in merged.parents]
            ranges = stated_ranges(name, merged, form.cpt(), parent_states, report,
                                   lambda loc: _where(doc, loc))
            nodes[name] = NodeOverride(form, confidence, written.rationale, ranges)
    if problems:
        raise UserError(problems)
    return Overlay(analyst=spec.analyst, date=spec.date, rationale=spec.rationale,
                   priors=priors, nodes=nodes, file=doc.path, written=spec.written)


def _names_model(written: str, overlay_path: str, model: LoadedModel) -> bool:
    """Whether `model:` is the model's id, its file's name without extension, or a path to its
    file (relative to the overlay, or to the working folder)."""
    if written in (model.network.id, Path(model.path).stem):
        return True
    for candidate in (Path(overlay_path).parent / written, Path(written)):
        try:
            if candidate.is_file() and os.path.samefile(candidate, model.path):
                return True
        except OSError:
            continue
    return False


def with_model_rows(rows: list[TableRow], name: str, network) -> list[TableRow]:
    """An overlay's table rows followed by the model's rows for every parent combination they
    do not give (DESIGN section 8: single rows; the rest stay the model's, whatever form the
    model wrote them in: its CPT is the table). The overlay's rows keep their positions, so
    problems in them are reported where they are written; a row naming an unknown parent or
    state matches no combination and is reported by the table's own checks."""
    node = network.nodes[name]
    parent_states = [network.nodes[p].states for p in node.parents]
    given = {tuple(row.given.get(p) for p in node.parents) for row in rows
             if set(row.given) == set(node.parents)}
    added = []
    for combo in itertools.product(*[range(len(s)) for s in parent_states]):
        key = tuple(parent_states[i][c] for i, c in enumerate(combo))
        if key not in given:
            added.append(TableRow(given=dict(zip(node.parents, key, strict=True)),
                                  p=[float(v) for v in node.cpt[combo]]))
    return [*rows, *added]
