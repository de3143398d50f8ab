"""The documents a watch reads: an id of the sources index, or a text or HTML file.

Read at the edge, bounded and checked: only regular files of at most MAX_DOCUMENT_BYTES,
UTF-8 text only (a NUL byte or undecodable bytes mean a binary file, refused by name), and
nothing empty. HTML is read as text with the standard library's parser: the text of the
page, without its scripts, styles or templates, which are never executed or even kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import Problem, UserError
from ..files import read_input
from ..limits import MAX_FILE_BYTES
from ..spec.corpus import Corpus

MAX_DOCUMENT_BYTES = MAX_FILE_BYTES
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]+")


@dataclass(frozen=True)
class WatchDocument:
    """A document's text with what the watch says about it."""

    id: str
    text: str
    published: dt.date | None
    indexed: bool  # in the sources index (else a file offered for adding)
    path: Path | None = None
    title: str | None = None
    html: bool = False

    def to_json(self) -> dict:
        return {"id": self.id, "published": self.published.isoformat() if self.published else None,
                "indexed": self.indexed, "path": str(self.path) if self.path else None,
                "title": self.title, "html": self.html}


def read_documents(names: list[str], corpus: Corpus | None,
                   dates: dict[str, dt.date] | None = None) -> list[WatchDocument]:
    """Each name as a document: an id of `corpus`, else a file; every problem reported at once."""
    problems: list[Problem] = []
    out: list[WatchDocument] = []
    taken = set(corpus.documents) if corpus else set()
    seen: set[str] = set()
    for name in names:
        try:
            document = _one(name, corpus, dates or {}, taken)
        except UserError as exc:
            problems.extend(exc.problems)
            continue
        if document.id in seen:
            continue  # the same document named twice is read once
        seen.add(document.id)
        taken.add(document.id)
        out.append(document)
    if problems:
        raise UserError(problems)
    return out


def _one(name: str, corpus: Corpus | None, dates: dict[str, dt.date], taken: set[str]
         ) -> WatchDocument:
    if corpus is not None and name in corpus:
        entry = corpus.documents[name]
        text = decode_document(read_input(entry.path, f"document {name!r} is a directory",
                                          f"document {name!r} not found",
                                          MAX_DOCUMENT_BYTES), str(entry.path))
        published = dt.date.fromisoformat(entry.published) if entry.published else None
        return WatchDocument(name, text, published, True, entry.path, entry.title)
    path = Path(name)
    if not path.exists():
        known = ", ".join(sorted(corpus.documents)) if corpus else "none (no sources index)"
        raise UserError(Problem(f"neither a document id of the sources index nor a file; "
                                f"known ids: {known}", name))
    raw = read_input(path, "is a directory; give a text or HTML file", limit=MAX_DOCUMENT_BYTES)
    html = path.suffix.lower() in _HTML_SUFFIXES or bool(_HTML_START.match(raw[:512]))
    text = decode_document(raw, name)
    title = None
    if html:
        text, title = html_text(text)
        if not text.strip():
            raise UserError(Problem("the HTML page has no text outside its scripts and styles; "
                                    "give a page with an article", name))
    return WatchDocument(new_id(path, taken), text, dates.get(name) or dates.get(""), False,
                         path, title, html)


def decode_document(raw: bytes, shown: str) -> str:
    """UTF-8 text, or a UserError saying why the file is not a document the watch can read."""
    if not raw.strip():
        raise UserError(Problem("the document is empty; give a file with text", shown))
    if b"\x00" in raw[:65536]:
        raise UserError(Problem("looks binary (it has NUL bytes), not text; convert it to text "
                                "or HTML first (e.g. pdftotext for a PDF)", shown))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(Problem(f"is not UTF-8 text (byte {exc.start}); convert it to UTF-8 "
                                "text first", shown)) from None
    if not text.strip():
        raise UserError(Problem("the document is empty; give a file with text", shown))
    return text


def new_id(path: Path, taken: set[str]) -> str:
    """An identifier for a file not yet in the index, from its name, unused so far."""
    stem = _IDENTIFIER.sub("_", path.stem).strip("_") or "document"
    if not (stem[0].isalpha() or stem[0] == "_"):
        stem = f"doc_{stem}"
    candidate, k = stem, 2
    while candidate in taken:
        candidate, k = f"{stem}_{k}", k + 1
    return candidate


class _TextOnly(HTMLParser):
    """Collects a page's text; what scripts, styles and templates hold is dropped unread."""

    SKIP = frozenset({"script", "style", "template", "noscript", "svg", "iframe", "object",
                      "head"})
    BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                       "tr", "table", "section", "article", "header", "footer", "blockquote",
                       "figcaption", "pre", "hr", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.in_title = False
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(" ".join(data.split(" ")) if data.strip() else " ")


def html_text(page: str) -> tuple[str, str | None]:
    """The text of an HTML page (paragraphs on lines of their own) and its title."""
    parser = _TextOnly()
    parser.feed(page)
    parser.close()
    lines = []
    for block in "".join(parser.parts).split("\n\n"):
        line = " ".join(block.split())
        if line:
            lines.append(line)
    title = " ".join("".join(parser.title).split()) or None
    return "\n\n".join(lines) + "\n", title
