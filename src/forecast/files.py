"""Reading inputs safely and writing outputs atomically.

Inputs: only regular files are read (a FIFO would block for ever, a device such as
/dev/zero never ends), never more than MAX_FILE_BYTES, and a .gz never decompresses to more.
Outputs: written beside their place and renamed into it, so a reader never sees a
half-written file, and a folder that cannot be written is a UserError (exit 2).
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import tempfile
import zlib
from pathlib import Path

from .errors import Problem, UserError
from .limits import MAX_FILE_BYTES, size_text

NOT_FOUND = "file not found; check the path"


def read_input(path: Path | str, directory: str, missing: str = NOT_FOUND,
               limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or a UserError naming it.

    `directory` and `missing` are the messages for a folder and a missing path. The file is
    opened without blocking and checked after opening, so a FIFO, a device or a symbolic link
    to one is refused before anything is read.
    """
    path = Path(path)
    shown = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UserError(Problem(missing, shown)) from None
    except IsADirectoryError:
        raise UserError(Problem(directory, shown)) from None
    except OSError as exc:
        if path.is_dir():
            raise UserError(Problem(directory, shown)) from None
        raise UserError(Problem(f"cannot be read ({exc.strerror}); check its permissions",
                                shown)) from None
    try:
        info = os.fstat(fd)
        problem = _not_regular(info.st_mode, directory)
        if problem is None and info.st_size > limit:
            problem = _too_big(limit)
        if problem is not None:
            raise UserError(Problem(problem, shown))
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UserError(Problem(f"cannot be read ({exc.strerror})", shown)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UserError(Problem(_too_big(limit), shown))
    return data


def _not_regular(mode: int, directory: str) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return directory
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"is {kind}, not a regular file; give the path of a file"


def _too_big(limit: int) -> str:
    return f"file is larger than {limit:,} bytes ({size_text(limit)}); is it the right file?"


def gunzip(data: bytes, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """Decompress gzip data, refusing (before it is all in memory) more than `limit` bytes."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise UserError(Problem(f"not a readable gzip file ({exc}); decompress it first or "
                                "drop the .gz", shown)) from None
    if len(out) > limit:
        raise UserError(Problem(
            f"decompresses to more than {limit:,} bytes ({size_text(limit)}); is it the right "
            "file?", shown))
    return out


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
    if path.exists() and not path.is_file():
        raise UserError(f"{path}: is not a regular file (a pipe or a device); give a file name")
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise UserError(f"{parent}: is a file, not a folder; give a folder to write into")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{parent}: cannot create the folder ({exc.strerror})") from None
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise UserError(f"{parent}: cannot write into this folder ({exc.strerror}); give a "
                        "folder you may write to") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"{path}: cannot be written ({exc.strerror}); give a file in a folder "
                        "you may write to, with room to spare") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
