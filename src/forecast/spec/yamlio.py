"""Safe YAML reading that keeps the line and column of every value.

Why not `yaml.safe_load`: analysts need `file:line:col` in every error, duplicate keys
must be errors rather than silently overwritten, tags must never construct objects,
and alias bombs or very deep nesting must be refused before any work is done.
The parser runs YAML 1.2, so `yes`/`no`/`on`/`off` stay the strings written.
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, UserError
from ..limits import MAX_FILE_BYTES

MAX_DEPTH = 64
MAX_ALIASES = 64
MAX_NODES = 1_000_000  # expanded values; imported networks (mildew: 600k) stay under
MAX_BYTES = MAX_FILE_BYTES

Location = tuple[int, int]
PathKey = tuple[str | int, ...]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass
class Document:
    """Plain data read from a YAML file, with the location of every value by its path."""

    path: str
    data: Any
    locations: dict[PathKey, Location] = field(default_factory=dict)
    # set when table rows were read on the fast path without positions: gives every position
    relocate: Callable[[], dict[PathKey, Location]] | None = field(default=None, repr=False)
    # nodes whose table rows were read on the fast path and hold only names that are
    # identifiers and numbers a double holds: already of the shape the spec requires
    checked_tables: frozenset[str] = frozenset()

    def locate(self, loc: PathKey) -> Location | None:
        """The location of `loc`, or of its nearest located ancestor."""
        loc = tuple(loc)
        if loc not in self.locations and self.relocate is not None:
            self.locations, self.relocate = self.relocate(), None
        while True:
            if loc in self.locations:
                return self.locations[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def problem(self, message: str, loc: PathKey = ()) -> Problem:
        where = self.locate(loc)
        if where is None:
            return Problem(message, self.path)
        return Problem(message, self.path, where[0], where[1])


def display_path(path: Path) -> Path:
    """`path` as a reader would write it: relative to the working folder when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd())
    except ValueError:
        return resolved


def read_text(path: Path) -> str:
    """Read a UTF-8 file, or say where the first bad byte is."""
    from ..files import read_input

    shown = str(path)
    raw = read_input(path, "is a directory, not a file; give the path of a YAML file",
                     limit=MAX_BYTES)
    return decode_utf8(raw, shown)


def decode_utf8(raw: bytes, shown: str) -> str:
    """`raw` as text, or a UserError at the line and column of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[start: exc.start].decode("utf-8", "replace")) + 1
        raise UserError(
            Problem(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                    shown, line, col)
        ) from None


def load_yaml(path: Path | str, text: str | None = None) -> Document:
    """Parse one YAML document from `path` (or from `text`, reported as `path`).

    Nothing is cached: every command loads each file once at its edge and passes the loaded
    objects on, and libyaml parses a large model in milliseconds."""
    path = Path(path)
    if text is None:
        text = read_text(path)
    return _parse(str(path), text)


def _parse(shown: str, text: str, fast: bool = True) -> Document:
    """The document in `text`; `fast` lets flow-style table rows skip the YAML parser."""
    rows: list[list[dict[str, Any]]] = []
    if fast:
        compact = _compact_tables(text, rows)
        if rows:
            try:
                doc = _parse(shown, compact, fast=False)
            except UserError:  # the careful path words the message, with its position
                return _parse(shown, text, fast=False)
            doc.data, doc.checked_tables = _restore_rows(doc.data, rows)
            doc.relocate = lambda: _parse(shown, text, fast=False).locations
            return doc
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise UserError(Problem("file is empty; it must hold a YAML mapping", shown))
    too_deep = _deep_nesting(text)
    if too_deep is not None:
        raise UserError(Problem(
            f"nesting deeper than {MAX_DEPTH} levels; flatten the file", shown, *too_deep))
    node = _compose_libyaml(text, shown)
    if node is None:
        node = _compose_careful(text, shown)
    if node is None:
        raise UserError(Problem("file is empty; it must hold a YAML mapping", shown))
    doc = Document(shown, None)
    _check_size(node, doc)
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    if doc.data is None:
        raise UserError(Problem("file holds only null; it must hold a YAML mapping", shown))
    return doc


# --- table rows without the YAML parser --------------------------------------------------
# `forecast import` writes one flow-style line per table row, hundreds of thousands of values
# for a large network; a YAML parser spends a few microseconds on each. Rows of exactly that
# shape (names plain or simply quoted, numbers in plain decimal) are read here with one
# regular expression, their values as YAML 1.2 resolves them; the rest of the file, with a
# placeholder for each table and blank lines for its rows (so every other position stays
# right), goes through the parser. Positions inside rows are found only if a problem needs one.

_NAME = r'(?:[A-Za-z_][A-Za-z0-9_]*|"[^"\\\n]*")'
_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
_ROW = re.compile(
    rf"^( +)- \{{given: \{{((?:{_NAME}: {_NAME}(?:, {_NAME}: {_NAME})*)?)\}}, "
    rf"p: \[({_NUMBER}(?:, {_NUMBER})*)\]\}} *$", re.M)
_PAIR = re.compile(rf"({_NAME}): ({_NAME})")
_WORDS = {"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"}
_PLACEHOLDER = "__forecast_table_rows_{}__"
_HUGE = re.compile(r"[0-9]{300}")


def _compact_tables(text: str, rows: list[list[dict[str, Any]]]) -> str:
    """`text` with every table of conforming rows replaced by a placeholder (its rows, parsed,
    appended to `rows`); unchanged when there are none."""
    if "given: {" not in text:
        return text
    runs: list[list[Any]] = []  # [start, end, indent, rows] of consecutive conforming lines
    matches = [(m.span(), m.groups()) for m in _ROW.finditer(text)]
    givens = _givens([groups[1] for _, groups in matches])
    last: list[Any] = [-2, -2, None, None]
    for ((start, end), (indent, given_text, p)), given in zip(matches, givens, strict=True):
        if given is None:
            continue
        row = {"given": given, "p": p, "plain": '"' not in given_text}
        if last[1] + 1 == start and last[2] == indent:
            last[1] = end
            last[3].append(row)
        else:
            last = [start, end, indent, [row]]
            runs.append(last)
    pieces: list[str] = []
    done = 0
    for start, end, indent, found in runs:
        head_start = text.rfind("\n", 0, start - 1) + 1
        head = text[head_start:start - 1] if start else ""
        key_indent = len(head) - len(head.lstrip(" "))
        next_end = text.find("\n", end + 1)
        following = text[end + 1:next_end if next_end >= 0 else len(text)]
        if (not start or head.strip() != "table:" or key_indent >= len(indent)
                or (following.strip() and len(following) - len(following.lstrip(" ")) > key_indent)):
            continue
        pieces += [text[done:start - 1], f" {_PLACEHOLDER.format(len(rows))}\n",
                   "\n" * (len(found) - 1)]
        done = end
        rows.append(found)
    if not rows:
        return text
    # every row's numbers in one call: JSON reads this number syntax exactly as YAML 1.2
    # does (integers stay integers) and converts floats with the same rounding
    found_rows = [row for found in rows for row in found]
    text_numbers = "],[".join(row["p"] for row in found_rows)
    numbers = json.loads("[[" + text_numbers + "]]")
    if _HUGE.search(text_numbers):  # an integer beyond a double: the spec refuses it
        for row in found_rows:
            row["plain"] = False
    values = 0
    for row, p in zip(found_rows, numbers, strict=True):
        row["p"] = p
        values += 3 + 2 * len(row["given"]) + len(p)
    if values > MAX_NODES:  # the careful path refuses it, with its position
        rows.clear()
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _givens(texts: list[str]) -> list[dict[str, str] | None]:
    """Each row's `given` mapping from its text (`a: x, b: "y"`); None leaves a row to the
    parser (a duplicate key, or a word such as `true` or `null` whose meaning it decides).
    Rows of plain identifiers are read in one JSON call; the others one at a time."""
    out: list[dict[str, str] | None] = [_given(t) if '"' in t else {} for t in texts]
    plain = [i for i, t in enumerate(texts) if t and '"' not in t]
    if not plain:
        return out
    # plain names hold no space, comma, colon or brace: quoting around the separators turns
    # `a: x, b: y},{a: z, b: w` into JSON exactly
    joined = "},{".join([texts[i] for i in plain])
    quoted = joined.replace(": ", '": "').replace(", ", '", "').replace("},{", '"},{"')
    words = _WORDS.isdisjoint
    for i, given in zip(plain, json.loads('[{"' + quoted + '"}]'), strict=True):
        fine = len(given) == texts[i].count(":") and words(given) and words(given.values())
        out[i] = given if fine else None
    return out


def _given(text: str) -> dict[str, str] | None:
    given: dict[str, str] = {}
    for key, value in _PAIR.findall(text):
        if key in _WORDS or value in _WORDS:
            return None  # true, null...: the parser decides what they mean
        key, value = key.strip('"'), value.strip('"')
        if key in given:
            return None  # a duplicate key: the careful path reports it
        given[key] = value
    return given


def _restore_rows(data: Any, rows: list[list[dict[str, Any]]]) -> tuple[Any, frozenset[str]]:
    """Put each table's rows back where its placeholder stands; and the nodes whose rows all
    hold identifiers and numbers of a double's size (see Document.checked_tables)."""
    placeholders = {_PLACEHOLDER.format(i): found for i, found in enumerate(rows)}
    checked = set()
    nodes = data.get("nodes") if isinstance(data, dict) else None
    for name, node in (nodes.items() if isinstance(nodes, dict) else ()):
        if isinstance(node, dict) and isinstance(node.get("table"), str):
            found = placeholders.get(node["table"])
            if found is None:
                continue
            node["table"] = found
            marks = [row.pop("plain") for row in found]
            if all(marks):
                checked.add(name)
    return data, frozenset(checked)


def _count_values(loader: Any, text: str, shown: str) -> None:
    """Refuse more than MAX_NODES values, counted from libyaml's events (a second or so for a
    million; the other parsers take minutes on such a file)."""
    parser = loader(text)
    values = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or type(event).__name__ == "StreamEndEvent":
                return
            if type(event).__name__ in {"ScalarEvent", "MappingStartEvent", "SequenceStartEvent"}:
                values += 1
                if values > MAX_NODES:
                    mark = event.start_mark
                    raise UserError(Problem(f"more than {MAX_NODES} values; is it the right file?",
                                            shown, mark.line + 1, mark.column + 1))
    except UserError:
        raise
    except Exception:  # not well-formed: the careful path words the message
        return
    finally:
        parser.dispose()


def _compose_libyaml(text: str, shown: str) -> Any:
    """The fast path: compose with PyYAML's libyaml binding and the YAML 1.2 rules copied from
    ruamel (so every scalar resolves as on the careful path), 20x faster on imported networks.
    Only for files without tags, anchors or aliases (no `!`, `&` or `*` anywhere) whose values
    and nesting are within the limits; anything else, and any complaint, goes to the careful
    path (ruamel), which judges the file and words the message with its position."""
    if "!" in text or "&" in text or "*" in text:
        return None
    loader = _libyaml_loader()
    if loader is None:
        return None
    # an upper bound on the values: each is followed by a separator or ends a line
    if text.count(",") + text.count("\n") + text.count(":") + text.count("[") > MAX_NODES:
        _count_values(loader, text, shown)
        return None
    parser = loader(text)
    try:
        root = parser.get_single_node()
    except Exception:
        return None
    finally:
        parser.dispose()
    return None if root is None or _depth(root) > MAX_DEPTH else root


@functools.cache
def _libyaml_loader() -> Any:
    try:
        import yaml
    except ImportError:
        return None
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    from ruamel.yaml.resolver import implicit_resolvers

    class Resolver12(yaml.resolver.BaseResolver):
        pass

    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            Resolver12.add_implicit_resolver(tag, regexp, first)

    from yaml._yaml import CParser

    class Loader(CParser, yaml.constructor.BaseConstructor, Resolver12):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            Resolver12.__init__(self)

    return Loader


def _depth(root: Any) -> int:
    """How deeply collections nest in a composed tree (without aliases)."""
    deepest = 0
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        children = _children(node)
        if children:
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _compose_careful(text: str, shown: str) -> Any:
    """Compose with ruamel: its libyaml binding when the file passes it, else the pure
    parser, whose YAML 1.2 scanner and messages (with positions) are the reference."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    node = _compose_fast(YAML, text, shown)
    yaml = YAML(typ="safe", pure=True)
    try:
        if node is None:
            _prescan(yaml, text, shown)
            node = yaml.compose(io.StringIO(text))
    except UserError:
        raise
    except ReaderError as exc:
        line, col = _line_col(text, exc.position)
        char = exc.character if isinstance(exc.character, int) else 0
        raise UserError(Problem(
            f"character U+{char:04X} is not allowed in YAML; remove it or save the file as plain text",
            shown, line, col)) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _yaml_message(exc)
        if mark is None:
            raise UserError(Problem(message, shown)) from None
        raise UserError(Problem(message, shown, mark.line + 1, mark.column + 1)) from None
    except YAMLError as exc:
        raise UserError(Problem(f"YAML error: {exc}", shown)) from None
    except RecursionError:
        raise UserError(Problem("YAML nesting is too deep", shown)) from None
    return node


def _compose_fast(yaml_type: Any, text: str, shown: str) -> Any:
    """Compose with libyaml (ruamel.yaml.clib, 8x faster on large imported models) when it
    is installed and the file is well-formed; None sends the file to the pure parser, whose
    YAML 1.2 scanner and messages are the reference (libyaml refuses some valid 1.2 scalars
    and words its errors differently)."""
    try:
        yaml = yaml_type(typ="safe", pure=False)
        if "CParser" not in str(yaml.Parser):
            return None
        _prescan(yaml, text, shown)
        return yaml.compose(io.StringIO(text))
    except UserError:  # too many values, a tag, an alias bomb: refused here, at once
        raise
    except Exception:  # any other complaint: the pure parser judges the file and words it
        return None


def _line_col(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    return line, col


def _check_size(root: Any, doc: Document) -> None:
    """Refuse, before building anything, a document whose aliases refer to themselves or that
    would expand to more than MAX_NODES values: a composed graph shares the nodes that aliases
    point to, so its expanded size is counted once per distinct node."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_NODES:
                raise UserError(_node_problem(
                    doc, node, f"expands to more than {MAX_NODES} values (an alias bomb?); "
                    "write the values out"))
            continue
        if key in sizes:
            continue
        if key in active:
            raise UserError(_node_problem(
                doc, node, "an alias refers to a value that contains it; write the values out"))
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                raise UserError(_node_problem(
                    doc, child, "an alias refers to a value that contains it; write the values out"))
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: Any) -> list[Any]:
    kind = type(node).__name__
    if kind == "MappingNode":
        return [part for pair in node.value for part in pair]
    if kind == "SequenceNode":
        return list(node.value)
    return []


def _node_problem(doc: Document, node: Any, message: str) -> Problem:
    mark = node.start_mark
    return Problem(message, doc.path, mark.line + 1, mark.column + 1)


def _yaml_message(exc: Any) -> str:
    problem = (exc.problem or str(exc)).strip()
    context = (exc.context or "").strip()
    text = f"{context}: {problem}" if context else problem
    text = re.sub(r"\s+", " ", text)
    if "found duplicate anchor" in text:
        return f"YAML syntax error: {text}"
    if "single document" in text:
        return "YAML syntax error: a second document (after `---`); keep one document per file"
    if "'\\t'" in text:
        return "YAML syntax error: a tab character where indentation is expected; indent with spaces"
    return f"YAML syntax error: {text}; check indentation, colons and quotes"


def _deep_nesting(text: str) -> tuple[int, int] | None:
    """Where a quick reading of the text finds nesting deeper than MAX_DEPTH, or None.

    The YAML scanner looks up to 1024 characters ahead for keys, so even refusing 10,000 nested
    brackets from its events takes most of a second; this reading refuses them at once. It
    follows indentation, `- ` items and flow brackets outside quotes and comments. It may miss
    deep nesting (the event check after it catches that) but never finds 64 levels in a file
    that has a handful.
    """
    indents: list[int] = []
    flow = 0
    literal = -1  # the indentation of the line that opened a block scalar (| or >), if in one
    for number, raw in enumerate(io.StringIO(text), 1):
        line = raw.rstrip("\r\n")
        n = len(line)
        j = 0
        if flow == 0:
            content = line.lstrip(" ")
            if not content or content.startswith("#"):
                continue
            j = n - len(content)
            if literal >= 0 and j > literal:
                continue
            literal = j if _BLOCK_SCALAR.search(line) else -1
            while indents and indents[-1] >= j:
                indents.pop()
            if content[0] not in "[{":  # a line that opens a flow collection is not a block level
                indents.append(j)
            while line.startswith("- ", j):  # compact nested sequences: - - - x
                j += 2
                while j < n and line[j] == " ":
                    j += 1
                indents.append(j)
                if len(indents) > MAX_DEPTH:
                    return number, j + 1
            if len(indents) > MAX_DEPTH:
                return number, j + 1
        last = ""  # the last character other than a space before the one looked at
        done = j  # the text before `done` has been looked at
        for match in _SPECIAL.finditer(line, j):
            k = match.start()
            if k < done:
                continue  # inside a quoted string skipped below
            skipped = line[done:k].rstrip()
            last = skipped[-1] if skipped else last
            c = line[k]
            value_start = flow > 0 or last in ("", ":", "-", ",")
            if c == "#" and (k == 0 or line[k - 1] in " \t"):
                break
            if c in "'\"" and value_start:
                end = _closing_quote(line, k)
                if end < 0:
                    break
                done = end + 1
                last = c
                continue
            if c in "[{" and value_start:
                flow += 1
                if len(indents) + flow > MAX_DEPTH:
                    return number, k + 1
            elif c in "]}" and flow:
                flow -= 1
            done = k + 1
            last = c
    return None


_SPECIAL = re.compile(r"[\[\]{}'\"#]")


_BLOCK_SCALAR = re.compile(r"(^|[:-])\s*[|>][-+0-9]*\s*(#.*)?$")


def _closing_quote(line: str, start: int) -> int:
    """The index of the quote closing the one at `start` on this line, or -1."""
    quote = line[start]
    j = line.find(quote, start + 1)
    while quote == '"' and j > 0:
        k = j - 1
        while line[k] == "\\":
            k -= 1
        if (j - 1 - k) % 2 == 0:  # not escaped
            break
        j = line.find(quote, j + 1)
    return j


def _prescan(yaml: Any, text: str, shown: str) -> None:
    """Refuse tags, alias bombs and deep nesting from the event stream, before composing."""
    depth = 0
    aliases = 0
    values = 0
    anchors: set[str] = set()
    for event in yaml.parse(io.StringIO(text)):
        name = type(event).__name__
        if name in {"ScalarEvent", "MappingStartEvent", "SequenceStartEvent"}:
            values += 1
            if values > MAX_NODES:
                raise UserError(Problem(
                    f"more than {MAX_NODES} values; is it the right file?", shown,
                    event.start_mark.line + 1, event.start_mark.column + 1))
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        tag = getattr(event, "tag", None)
        if tag is not None and str(tag) not in {"!", "None"}:
            written = re.sub(r"^tag:yaml\.org,2002:", "!!", str(tag))
            raise UserError(Problem(
                f"YAML tag {written} is not allowed; remove it (only plain values are read)",
                shown, *where))
        if name in {"MappingStartEvent", "SequenceStartEvent"}:
            depth += 1
            if depth > MAX_DEPTH:
                raise UserError(Problem(
                    f"nesting deeper than {MAX_DEPTH} levels; flatten the file", shown, *where))
        elif name in {"MappingEndEvent", "SequenceEndEvent"}:
            depth -= 1
        anchor = getattr(event, "anchor", None) if name != "AliasEvent" else None
        if anchor is not None:
            if anchor in anchors:
                raise UserError(Problem(
                    f"YAML anchor &{anchor} is defined twice; rename one", shown, *where))
            anchors.add(anchor)
        elif name == "AliasEvent":
            aliases += 1
            if aliases > MAX_ALIASES:
                raise UserError(Problem(
                    f"more than {MAX_ALIASES} YAML aliases; write the values out", shown, *where))


class _Builder:
    """Turns composed YAML nodes into plain Python values, recording locations."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.count = 0

    def build(self, node: Any, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise UserError(self.doc.problem(
                f"more than {MAX_NODES} values (an alias bomb?); write the values out"))
        mark = node.start_mark
        self.doc.locations.setdefault(path, (mark.line + 1, mark.column + 1))
        tag = str(node.tag)
        kind = type(node).__name__
        if kind == "MappingNode":
            return self._mapping(node, path)
        if kind == "SequenceNode":
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, tag, path)

    def _mapping(self, node: Any, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node).__name__ != "ScalarNode":
                raise UserError(self._at(key_node, "a mapping key must be a plain value"))
            if str(key_node.tag) == "tag:yaml.org,2002:merge":
                raise UserError(self._at(key_node, "merge keys (<<) are not allowed; write the keys out"))
            key = self._scalar(key_node, str(key_node.tag), path)
            if isinstance(key, bool) or key is None:
                raise UserError(self._at(
                    key_node, f"key {key_node.value!r} reads as {key!r}, not a name; quote it"))
            key = str(key)
            if key in out:
                raise UserError(self._at(key_node, f"duplicate key {key!r}; keep one"))
            mark = key_node.start_mark
            self.doc.locations[(*path, key)] = (mark.line + 1, mark.column + 1)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: Any, tag: str, path: PathKey) -> Any:
        value = node.value
        if tag in (_STR, _TIMESTAMP):
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            if value.lower() in {"true", "false"}:
                return value.lower() == "true"
            return value  # a YAML 1.1 boolean word (yes/no/on/off) stays the string written
        if tag == _INT:
            try:
                text = value.replace("_", "")
                if text.startswith(("0o", "0x", "0b", "-0", "+0")) and len(text) > 1:
                    return int(text, 0) if not text.lstrip("+-").isdigit() else int(text)
                return int(text)
            except ValueError:
                return value
        if tag == _FLOAT:
            text = value.lower().replace("_", "")
            if text in {".nan"}:
                return math.nan
            if text in {".inf", "+.inf"}:
                return math.inf
            if text == "-.inf":
                return -math.inf
            try:
                return float(text)
            except ValueError:
                return value
        raise UserError(self._at(node, f"unsupported YAML value type {tag}; quote the value"))

    def _at(self, node: Any, message: str) -> Problem:
        mark = node.start_mark
        return Problem(message, self.doc.path, mark.line + 1, mark.column + 1)
