"""The next snapshot, drafted from a watch: the previous snapshot's findings carried over and
one proposed finding per passage shown, for the analyst to judge.

A proposed finding carries the verbatim quote, `proposed: true`, no grade, and a state only
when the node's own state names make it clear (`suggest.suggested_state`). The draft is
checked by the loader every command uses before it is put in place, atomically, and never
over an existing file unless asked.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..sources import normalise
from ..spec.yamlio import load_yaml
from .suggest import suggested_state
from .watching import Watch


def next_as_of(watch: Watch) -> dt.date:
    """The newest date of the documents read (not earlier than the previous snapshot's)."""
    dates = [d.document.published for d in watch.documents if d.document.published]
    if not dates:
        raise UserError("--draft: none of the documents has a date, so the next snapshot's as_of "
                        "is unknown; give one with --date YYYY-MM-DD (or FILE=YYYY-MM-DD)")
    return max(max(dates), watch.loaded.scenario.as_of)


def draft_data(watch: Watch, folder: Path) -> dict[str, Any]:
    """The forecast-scenario/1 mapping of the next snapshot, to be written into `folder`."""
    missing = [d.document for d in watch.documents if not d.document.indexed]
    if missing:
        raise UserError(f"--draft: {', '.join(str(d.path) for d in missing)} "
                        f"{'is' if len(missing) == 1 else 'are'} not in the sources index, so "
                        "findings cannot cite them; add them with --add-to-index (or by hand)")
    loaded = watch.loaded
    previous = load_yaml(loaded.path).data
    as_of = next_as_of(watch)
    data: dict[str, Any] = dict(previous)
    data["id"] = f"{previous['id']}_next"
    data["title"] = f"Draft after {previous['title']}"
    n_docs = len(watch.documents)
    data["description"] = (
        f"Drafted by forecast watch from {n_docs} document{'s' if n_docs != 1 else ''} "
        f"({', '.join(d.document.id for d in watch.documents)}) against {previous['id']}: its "
        "findings carried over, and one proposed finding per passage shown, not used in any "
        "computation until an analyst grades it and removes `proposed: true`.")
    data["as_of"] = as_of.isoformat()
    data["model"] = Path(os.path.relpath(loaded.model.path.resolve(), folder.resolve())).as_posix()
    evidence = list(previous.get("evidence") or [])
    evidence += _proposals(watch, evidence)
    data["evidence"] = evidence
    return data


def _proposals(watch: Watch, carried: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One proposed finding per passage shown, unless the node already cites that passage."""
    network = watch.loaded.network
    cited = [(f.get("node"), (f.get("source") or {}).get("doc"),
              normalise(str((f.get("source") or {}).get("quote", ""))))
             for f in carried if isinstance(f, dict)]
    out: list[dict[str, Any]] = []
    for indicator in watch.indicators:
        for found in indicator.passages:
            t = found.telling
            quote = normalise(t.quote)
            if any(node == indicator.node and doc == t.doc and q and (q in quote or quote in q)
                   for node, doc, q in cited):
                continue
            finding: dict[str, Any] = {"node": indicator.node}
            state = suggested_state(network[indicator.node].states, t.quote)
            if state is not None:
                finding["state"] = state
            finding["proposed"] = True
            finding["source"] = {"doc": t.doc, "quote": t.quote}
            note = (f"proposed by forecast watch: BM25 score {found.score:.2f}, passage "
                    f"{t.start}-{t.end} of {t.doc}")
            if found.shared_origin:
                note += f"; {found.shared_origin}"
            finding["note"] = note
            out.append(finding)
    return out


def write_draft(watch: Watch, path: Path, force: bool = False) -> Path:
    """Write the draft to `path` once the loader has accepted it; nothing is left on failure."""
    from ..serve.saving import dump_yaml
    from ..spec.load import load_scenario

    path = Path(path)
    if path.exists() and not force:
        raise UserError(f"{path}: already exists; give another file name, or --force to replace it")
    if path.is_dir():
        raise UserError(f"{path}: is a directory; give a file name for the draft")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder; create it or give another path for the draft")
    text = dump_yaml(draft_data(watch, folder))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".yaml", dir=folder)
    except OSError as exc:
        raise UserError(f"{folder}: cannot write into this folder ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        load_scenario(tmp)  # the draft must load as every command loads it
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except UserError as exc:
        raise UserError([f"the draft would not load (a bug; nothing written): {p}"
                         for p in exc.problems]) from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be written ({exc.strerror})") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
