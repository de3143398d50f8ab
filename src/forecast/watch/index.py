"""Adding a watched file to the sources index, so that findings can cite it.

The text the watch read (for an HTML page: its text, without markup or scripts) is written
into the seeds folder as `<id>.txt`, so every quote drawn from it is verified against the
very text its spans index; the index gains an entry with the date given. The index is
rewritten round-trip (its comments and order kept), atomically, after the text is in place.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..files import read_input, write_atomic
from .documents import WatchDocument

INDEX = "index.yaml"


def index_entry(doc: WatchDocument) -> dict[str, Any]:
    """The sources-index entry a file would get (DESIGN section 2)."""
    return {"id": doc.id, "file": f"{doc.id}.txt", "title": doc.title, "outlet": None,
            "published": doc.published.isoformat() if doc.published else None,
            "published_basis": ("given with --date when forecast watch added the file"
                                if doc.published else None)}


def add_to_index(folder: Path, docs: list[WatchDocument]) -> list[WatchDocument]:
    """Put `docs` (files not yet indexed) into the seeds `folder`; return them as indexed."""
    from ruamel.yaml import YAML

    if not docs:
        return []
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"{folder}: the model's seeds folder does not exist; create it first")
    targets = [folder / f"{d.id}.txt" for d in docs]
    taken = [str(t) for t in targets if t.exists()]
    if taken:
        raise UserError(f"--add-to-index: {', '.join(taken)} already exist; rename the files "
                        "you are adding")
    index = folder / INDEX
    yaml = YAML()  # round trip: the index keeps its comments and layout
    yaml.width = 4096  # long titles stay on their line, as written
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # "documents:\n  - id: ...", as DESIGN writes it
    yaml.representer.add_representer(type(None), lambda r, _: r.represent_scalar(
        "tag:yaml.org,2002:null", "null"))
    if index.exists():
        data = yaml.load(read_input(index, "is a directory").decode("utf-8"))
    else:
        data = {"format": "forecast-sources/1", "documents": []}
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise UserError(f"{index}: not a sources index with a `documents` list; fix it first")
    for doc, target in zip(docs, targets, strict=True):
        write_atomic(target, doc.text)
        entry = {k: v for k, v in index_entry(doc).items()
                 if v is not None or k in ("outlet", "published")}
        if doc.published is not None:
            entry["published"] = doc.published  # a date, written as one
        data["documents"].append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    try:
        write_atomic(index, out.getvalue())
    except UserError:
        for target in targets:
            target.unlink(missing_ok=True)
        raise
    return [dataclasses.replace(d, indexed=True, path=t) for d, t in zip(docs, targets, strict=True)]
