"""The seeds folder and its index: which documents exist, and where their text is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, UserError
from .models import SourcesSpec
from .parse import parse
from .yamlio import Document, decode_utf8, display_path, load_yaml

INDEX = "index.yaml"


@dataclass(frozen=True)
class SourceDocument:
    id: str
    path: Path
    title: str | None
    outlet: str | None
    published: str | None
    published_basis: str | None = None
    note: str | None = None
    derived_from: tuple[str, ...] = ()
    url: str | None = None      # where the document can be read (printed in the brief)

    def text(self) -> str:
        """The document's text; a UserError naming the file if it cannot be read as UTF-8."""
        shown = str(display_path(self.path))
        from ..files import read_input

        raw = read_input(display_path(self.path), f"document {self.id!r} is a directory; give its text file",
                         f"document {self.id!r} not found")
        return decode_utf8(raw, shown)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.path.name, "title": self.title,
                "outlet": self.outlet, "published": self.published}


@dataclass(frozen=True)
class Corpus:
    folder: Path
    documents: Mapping[str, SourceDocument] = field(default_factory=dict)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.documents


def load_corpus(folder: Path, doc: Document | None = None) -> Corpus | None:
    """The corpus of `folder/index.yaml`, or None when the folder has no index. `doc`: the
    index already parsed."""
    index = folder / INDEX
    if not index.is_file():
        return None
    doc = doc if doc is not None else load_yaml(display_path(index))
    spec: SourcesSpec = parse(doc, "sources")
    problems: list[Problem] = []
    documents: dict[str, SourceDocument] = {}
    root = folder.resolve()
    for i, entry in enumerate(spec.documents):
        loc = ("documents", i)
        if entry.id in documents:
            problems.append(doc.problem(f"document id {entry.id!r} appears twice; keep one",
                                        (*loc, "id")))
            continue
        path = (folder / entry.file).resolve()
        if Path(entry.file).is_absolute() or not path.is_relative_to(root):
            problems.append(doc.problem(
                f"document file {entry.file!r} leaves the seeds folder; keep documents inside "
                f"{display_path(folder)} and give their paths relative to it", (*loc, "file")))
            continue
        if not path.is_file():
            problems.append(doc.problem(
                f"document file {entry.file!r} not found in {display_path(folder)}; check the name",
                (*loc, "file")))
            continue
        documents[entry.id] = SourceDocument(
            id=entry.id, path=path, title=entry.title, outlet=entry.outlet,
            published=entry.published.isoformat() if entry.published else None,
            published_basis=entry.published_basis, note=entry.note,
            derived_from=tuple(entry.derived_from), url=entry.url)
    # derived_from may name a document of the index or an outside original (a wire story
    # that is not in the seeds): both tie the documents that name it together.
    for i, entry in enumerate(spec.documents):
        for j, origin in enumerate(entry.derived_from):
            if origin == entry.id:
                problems.append(doc.problem(f"document {entry.id!r} names itself in derived_from; "
                                            "name the document it copies or retells",
                                            ("documents", i, "derived_from", j)))
    if problems:
        raise UserError(problems)
    return Corpus(folder, documents)
