"""Writing outputs atomically: a reader never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UserError


def format_from_suffix(path: Path | str, formats: dict[str, str], what: str) -> str:
    """The output format an extension names, or an error listing the ones that work."""
    suffix = Path(path).suffix.lower()
    if suffix not in formats:
        shown = f"{suffix!r}" if suffix else "no extension"
        first = {}
        for extension, name in formats.items():
            first.setdefault(name, extension)  # one extension per format: .html, not also .htm
        choices = ", ".join(first.values())
        raise UserError(f"{path}: cannot tell the {what} format from {shown}; use {_or(choices)}")
    return formats[suffix]


def _or(choices: str) -> str:
    head, _, last = choices.rpartition(", ")
    return f"{head} or {last}" if head else last


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path | str, data: str | bytes) -> Path:
    """Write to a temporary file beside `path`, then rename it into place."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path}: is a directory; give a file name")
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise UserError(f"{parent}: is a file, not a folder; give a folder to write into")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{parent}: cannot create the folder ({exc.strerror})") from None
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
