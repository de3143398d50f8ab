"""Network files: the format from the extension, reading and writing in any format."""

from __future__ import annotations

import gzip
from pathlib import Path

from ..domain.network import Network
from ..errors import Problem, UserError
from ..files import gunzip, read_input
from ..limits import MAX_NETWORK_BYTES
from .bif import read_bif, write_bif
from .names import identifier
from .net import read_net, write_net
from .raw import ParseError, _check_raw, raw_to_network
from .uai import read_uai, write_uai
from .xdsl import read_xdsl, write_xdsl
from .xmlbif import read_xmlbif, write_xmlbif

FORMATS = {
    ".bif": "bif", ".xml": "xmlbif", ".xmlbif": "xmlbif", ".bifxml": "xmlbif",
    ".net": "net", ".xdsl": "xdsl", ".uai": "uai",
}
FORMAT_NAMES = {"bif": "BIF", "xmlbif": "XMLBIF", "net": "Hugin NET", "xdsl": "GeNIe XDSL",
                "uai": "UAI"}
EXTENSIONS_HELP = ".bif, .xml (XMLBIF), .net (Hugin), .xdsl (GeNIe) or .uai"


def format_of(path: Path | str) -> str:
    """The format named by the file's extension (a trailing .gz is looked through)."""
    path = Path(path)
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    ext = suffixes[-1] if suffixes else ""
    if ext not in FORMATS:
        shown = f"extension {ext!r}" if ext else "no extension"
        raise UserError(Problem(f"{shown} names no network format forecast knows; use "
                                f"{EXTENSIONS_HELP}", str(path)))
    return FORMATS[ext]


# --- reading ---------------------------------------------------------------------------------

def read_network(path: Path | str, model_id: str | None = None,
                 title: str | None = None) -> tuple[Network, list[str]]:
    """The network in a file, and warnings about what was adjusted on the way."""
    path = Path(path)
    fmt = format_of(path)
    data = _read_bytes(path)
    stem = path.name.split(".")[0] or "imported"
    try:
        raw = _READERS[fmt](data)
        _check_raw(raw)
        name = raw.name if raw.name and raw.name.strip().lower() not in _NO_NAMES else None
        network = raw_to_network(raw, model_id=model_id or identifier(name or stem),
                                 title=title or name or stem)
    except ParseError as exc:
        raise UserError(Problem(
            f"cannot read this {FORMAT_NAMES[fmt]} file: {exc.message}; check the file, or give "
            "it the extension of its real format", str(path), exc.line)) from None
    except UserError:
        raise
    except Exception as exc:  # a reader failing in a way we did not foresee (pgmpy's included)
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise UserError(Problem(
            f"cannot read this {FORMAT_NAMES[fmt]} file ({reason}); check the file, or give it "
            "the extension of its real format", str(path))) from None
    return network, raw.warnings


_NO_NAMES = {"unknown", "untitled", "unnamed", "network", "mynetwork", "bn_model", "net"}


def _read_bytes(path: Path) -> bytes:
    data = read_input(path, "is a directory; give a network file", limit=MAX_NETWORK_BYTES)
    if path.suffix.lower() == ".gz":
        data = gunzip(data, str(path), MAX_NETWORK_BYTES)
    if not data.strip():
        raise UserError(Problem("file is empty; it must hold a network", str(path)))
    return data


_READERS = {"bif": read_bif, "net": read_net, "xdsl": read_xdsl, "xmlbif": read_xmlbif,
            "uai": read_uai}


# --- writing ---------------------------------------------------------------------------------

def write_network(network: Network, path: Path | str) -> Path:
    """Write the network in the format the extension names (atomically)."""
    from ..files import write_atomic

    path = Path(path)
    fmt = format_of(path)
    text = network_text(network, fmt)
    if path.suffix.lower() == ".gz":
        return write_atomic(path, gzip.compress(text.encode("utf-8"), mtime=0))
    return write_atomic(path, text)


def network_text(network: Network, fmt: str) -> str:
    return _WRITERS[fmt](network)


_WRITERS = {"bif": write_bif, "xmlbif": write_xmlbif, "net": write_net, "xdsl": write_xdsl,
            "uai": write_uai}
