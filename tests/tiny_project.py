"""A copy of the tiny fixture project (models, scenarios, seeds) with some text replaced."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"


def tiny_project(root: Path, edits: Mapping[str, Sequence[tuple[str, str]]] = ()) -> Path:
    """Copy the fixture into `root` and apply `edits` ({relative path: [(old, new), ...]});
    each `old` must be there, so a change to the fixture fails loudly."""
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(TINY / folder, root / folder)
    for rel, replacements in dict(edits).items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"fixture changed: {old!r} not found in {rel}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return root
