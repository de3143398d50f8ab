"""Networks in the standard file formats: BIF, XMLBIF, Hugin NET, GeNIe XDSL and UAI.

`read_network(path)` and `write_network(network, path)` pick the format from the extension
(.bif, .xml/.xmlbif/.bifxml, .net, .xdsl, .uai; a trailing .gz is read through gzip).
`import_model` writes what it read as a forecast-model/1 YAML file; `export_model` writes a
model (noisy-MAX and ranked nodes as their tables) in any of the formats.

pgmpy's readers and writers are used where they do the job and replaced where they do not
(each checked against pgmpy and pyAgrum in tests/test_interop.py):
- XMLBIF: pgmpy's reader; its writer builds each table by repeated string concatenation
  (19 s for mildew), so it is written below in the same layout.
- BIF: pgmpy's writer. Its reader takes 10-60 s on the larger bnlearn files (mildew: 540,000
  numbers) and reads `default` rows as a table, so BIF is read by the tokenizer below.
- NET: pgmpy's writer rounds to 8 decimals and its reader splits quoted states with spaces
  (and rescans the file once per node), so both are below.
- XDSL: pgmpy's writer rounds to 16 decimals, writes children before their parents (GeNIe
  refuses that) and keeps no labels; its reader splits numbers on single spaces only and
  ignores labels. Both are below; the table order is GeNIe's (node states fastest, then the
  last parent).
- UAI: pgmpy's reader and writer put the child's states slowest; the UAI format lists each
  table with the last variable of its scope (the child) changing fastest. Both are below.
  (pyAgrum 3.3's UAI and XDSL readers take the first parent as the fastest instead of the
  last, so they misread tables of nodes with two or more parents; its BIF, NET and UAI
  readers parse numbers in single precision.)

A name outside [A-Za-z_][A-Za-z0-9_]* is mapped (each run of other characters becomes `_`,
a leading digit gets a `_`, clashes get `_2`, `_3`); a node keeps its original name as its
label, states are just mapped. Written files use the identifiers, with labels where the
format has a place for them (BIF and XMLBIF property, NET label, XDSL name).
"""

from __future__ import annotations

import bisect
import gzip
import json
import math
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .cpt import Table
from .domain.network import Network, Node, find_cycle, topological_order
from .errors import Problem, UserError

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_]+")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

FORMATS = {
    ".bif": "bif", ".xml": "xmlbif", ".xmlbif": "xmlbif", ".bifxml": "xmlbif",
    ".net": "net", ".xdsl": "xdsl", ".uai": "uai",
}
FORMAT_NAMES = {"bif": "BIF", "xmlbif": "XMLBIF", "net": "Hugin NET", "xdsl": "GeNIe XDSL",
                "uai": "UAI"}
EXTENSIONS_HELP = ".bif, .xml (XMLBIF), .net (Hugin), .xdsl (GeNIe) or .uai"
ROW_TOLERANCE = 1e-6  # every row is renormalised; one further than this from 1 gets a warning


def identifier(name: object) -> str:
    """A name made safe: runs of other characters become `_`; a leading digit gets `_`."""
    text = _NOT_ALLOWED.sub("_", str(name)) or "_"
    return f"_{text}" if text[0].isdigit() else text


def unique_identifiers(names: Iterable[object]) -> dict[object, str]:
    """Map names to identifiers, suffixing `_2`, `_3` where two would collide."""
    out: dict[object, str] = {}
    used: set[str] = set()
    for name in names:
        base = identifier(name)
        candidate, k = base, 2
        while candidate in used:
            candidate, k = f"{base}_{k}", k + 1
        used.add(candidate)
        out[name] = candidate
    return out


# --- a network as read from a file, before names are mapped ---------------------------------

@dataclass
class RawVariable:
    name: str
    states: list[str]
    parents: list[str] = field(default_factory=list)
    table: np.ndarray | None = None  # (*parent cards, card), rows over the node's states
    label: str | None = None


@dataclass
class RawNetwork:
    name: str | None
    variables: dict[str, RawVariable]
    warnings: list[str] = field(default_factory=list)


class ParseError(Exception):
    """A problem in the file at a known place; turned into a UserError naming the file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


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
    shown = str(path)
    if not path.exists():
        raise UserError(Problem("file not found; check the path", shown))
    if path.is_dir():
        raise UserError(Problem("is a directory; give a network file", shown))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(Problem(f"cannot be read ({exc.strerror}); check its permissions", shown)) from None
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise UserError(Problem(f"not a readable gzip file ({exc}); decompress it first or "
                                    "drop the .gz", shown)) from None
    if not data.strip():
        raise UserError(Problem("file is empty; it must hold a network", shown))
    return data


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _check_raw(raw: RawNetwork) -> None:
    if not raw.variables:
        raise ParseError("it defines no variables")
    for var in raw.variables.values():
        if len(var.states) < 2:
            raise ParseError(f"variable {var.name!r} has {len(var.states)} state(s); a forecast "
                             "node needs at least two")
        if len(set(var.states)) != len(var.states):
            raise ParseError(f"variable {var.name!r} lists a state twice")
        for p in var.parents:
            if p not in raw.variables:
                raise ParseError(f"variable {var.name!r} has an undefined parent {p!r}")
        if len(set(var.parents)) != len(var.parents):
            raise ParseError(f"variable {var.name!r} lists a parent twice")
        if var.table is None:
            raise ParseError(f"variable {var.name!r} has no probability table")
        shape = (*(len(raw.variables[p].states) for p in var.parents), len(var.states))
        if var.table.shape != shape:
            raise ParseError(f"the table of {var.name!r} has {var.table.size} numbers; its "
                             f"{len(var.parents)} parents and {len(var.states)} states need "
                             f"{math.prod(shape)}")
    parents = {n: v.parents for n, v in raw.variables.items()}
    _, cyclic = topological_order(parents)
    if cyclic:
        cycle = find_cycle(parents, cyclic)
        raise ParseError(f"the parents form a cycle: {' -> '.join(cycle)}")


def raw_to_network(raw: RawNetwork, model_id: str = "imported",
                   title: str = "Imported network") -> Network:
    """Names mapped to identifiers, rows checked, nodes in a topological order."""
    names = unique_identifiers(raw.variables)
    order, _ = topological_order({n: v.parents for n, v in raw.variables.items()})
    nodes: dict[str, Node] = {}
    for original in order:
        var = raw.variables[original]
        states = tuple(unique_identifiers(var.states).values())
        table = _normalised(np.asarray(var.table, dtype=float), names[original], raw.warnings)
        meta: dict[str, Any] = {}
        if var.label and var.label != names[original]:
            meta["label"] = var.label
        elif original != names[original]:
            meta["label"] = original
        if var.label and original != names[original] and var.label != original:
            meta["description"] = f"Named {original!r} in the imported file."
        if any(s != t for s, t in zip(var.states, states, strict=True)):
            meta["state_labels"] = list(var.states)
        name = names[original]
        nodes[name] = Node(name=name, states=states, parents=tuple(names[p] for p in var.parents),
                           cpt=table, form=Table(table), meta=meta)
    targets = (names[order[-1]],)
    return Network(id=identifier(model_id), title=title, nodes=nodes, targets=targets)


def _normalised(table: np.ndarray, name: str, notes: list[str]) -> np.ndarray:
    if not np.all(np.isfinite(table)) or np.any(table < 0):
        raise ParseError(f"the table of {name!r} holds a negative or non-finite number")
    sums = table.sum(axis=-1, keepdims=True)
    zero = sums[..., 0] <= 0
    if np.any(zero):
        notes.append(f"{name}: {int(zero.sum())} row(s) of zeros replaced by uniform rows")
        table = np.where(zero[..., None], 1.0, table)
        sums = table.sum(axis=-1, keepdims=True)
    off = np.abs(sums - 1.0) > ROW_TOLERANCE
    if np.any(off):
        worst = float(np.max(np.abs(sums - 1.0)))
        notes.append(f"{name}: {int(off.sum())} row(s) renormalised (off by up to {worst:.3g})")
    return table / sums


def from_pgmpy(model, model_id: str = "imported", title: str = "Imported network") -> Network:
    """A Network from a pgmpy DiscreteBayesianNetwork; original names kept as labels."""
    return raw_to_network(_raw_from_pgmpy_cpds(model.get_cpds()), model_id, title)


def _raw_from_pgmpy_cpds(cpds) -> RawNetwork:
    variables: dict[str, RawVariable] = {}
    for cpd in sorted(cpds, key=lambda c: str(c.variable)):
        var = cpd.variable
        parents = list(cpd.variables[1:])
        states = [str(s) for s in cpd.state_names[var]]
        cards = [len(cpd.state_names[p]) for p in parents]
        values = np.asarray(cpd.get_values(), dtype=float)  # (card, prod parent cards)
        table = values.T.reshape(*cards, len(states))
        variables[str(var)] = RawVariable(str(var), states, [str(p) for p in parents], table)
    return RawNetwork(None, variables)


# BIF ---------------------------------------------------------------------------------------

_BIF_TOKENS = re.compile(
    r'(?P<space>\s+)|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<punct>[{}()\[\],;|])|(?P<word>[^\s{}()\[\],;|\"]+)", re.S)


class _Tokens:
    """A token stream with the position of each token, for line numbers in messages."""

    def __init__(self, text: str, pattern: re.Pattern = _BIF_TOKENS) -> None:
        self.text = text
        self.newlines: list[int] | None = None
        tokens: list[tuple[str, str, int]] = []
        for match in pattern.finditer(text):
            kind = match.lastgroup
            if kind in ("space", "comment"):
                continue
            value = match.group()
            if kind == "string":
                value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            tokens.append((kind or "", value, match.start()))
        self.tokens = tokens
        self.i = 0

    def line(self, i: int | None = None) -> int:
        i = self.i if i is None else i
        pos = self.tokens[min(i, len(self.tokens) - 1)][2] if self.tokens else 0
        if self.newlines is None:
            self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_left(self.newlines, pos) + 1

    def peek(self, ahead: int = 0) -> tuple[str, str]:
        i = self.i + ahead
        if i >= len(self.tokens):
            return "eof", ""
        kind, value, _ = self.tokens[i]
        return kind, value

    def next(self) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "eof":
            raise ParseError("the file ends in the middle of a block", self.line())
        self.i += 1
        return token

    def expect(self, value: str) -> None:
        kind, got = self.next()
        if got != value or kind not in ("punct", "word"):
            raise ParseError(f"expected {value!r} but found {got!r}", self.line(self.i - 1))

    def name(self) -> str:
        kind, value = self.next()
        if kind not in ("word", "string"):
            raise ParseError(f"expected a name but found {value!r}", self.line(self.i - 1))
        return value

    def at_end(self) -> bool:
        return self.i >= len(self.tokens)

    def skip_block(self) -> None:
        """Skip `{ ... }` (nested), the opening brace being next."""
        self.expect("{")
        depth = 1
        while depth:
            _, value = self.next()
            if value == "{":
                depth += 1
            elif value == "}":
                depth -= 1

    def until(self, stop: str) -> list[str]:
        """Token values up to (and consuming) `stop`."""
        out = []
        while True:
            kind, value = self.next()
            if value == stop and kind == "punct":
                return out
            out.append(value)


_BIF_COMMENTS = re.compile(r'("(?:[^"\\]|\\.)*")|//[^\n]*|/\*.*?\*/', re.S)
_QUOTED = r'"(?:[^"\\]|\\.)*"'
# with and without quoted names (the first is several times faster on large files)
_BIF_PROBABILITY = re.compile(r"probability\s*\(([^)]*)\)\s*\{([^{}]*)\}")
_BIF_ENTRY = re.compile(r"\s*(?:\(([^)]*)\)|([A-Za-z_]+))([^;]*);")
_BIF_PROBABILITY_QUOTED = re.compile(
    rf"probability\s*\(((?:{_QUOTED}|[^)\"])*)\)\s*\{{((?:{_QUOTED}|[^{{}}\"])*)\}}")
_BIF_ENTRY_QUOTED = re.compile(rf"\s*(?:\(((?:{_QUOTED}|[^)\"])*)\)|([A-Za-z_]+))([^;]*);")
_BIF_WORDS = re.compile(r'"((?:[^"\\]|\\.)*)"|([^\s,]+)')


def read_bif(data: bytes) -> RawNetwork:
    """BIF as bnlearn, JavaBayes and pyAgrum write it. Probability blocks are cut out with
    regular expressions and their numbers converted in bulk (mildew: 540,000 numbers in about
    a second); the rest goes through the tokenizer."""
    text = _BIF_COMMENTS.sub(
        lambda m: m.group(1) or "\n" * m.group(0).count("\n"), _text(data))
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(pos: int) -> int:
        return bisect.bisect_left(newlines, pos) + 1

    blocks = []
    pieces = []
    last = 0
    quoted = '"' in text
    for match in (_BIF_PROBABILITY_QUOTED if quoted else _BIF_PROBABILITY).finditer(text):
        blocks.append((match.group(1), match.group(2), match.start(2)))
        pieces.append(text[last:match.start()])
        pieces.append("\n" * text.count("\n", match.start(), match.end()))
        last = match.end()
    pieces.append(text[last:])
    tokens = _Tokens("".join(pieces))
    name = None
    variables: dict[str, RawVariable] = {}
    while not tokens.at_end():
        line = tokens.line()
        keyword = tokens.name()
        if keyword == "network":
            words = []
            while tokens.peek()[1] != "{":
                words.append(tokens.name())
            name = " ".join(words) or None
            tokens.skip_block()
        elif keyword == "variable":
            var = _bif_variable(tokens)
            if var.name in variables:
                raise ParseError(f"variable {var.name!r} is defined twice", line)
            variables[var.name] = var
        elif keyword == "probability":
            raise ParseError("a probability block that cannot be read: each is `probability ( "
                             "child | parents ) { ... }` with no braces inside", line)
        else:
            raise ParseError(f"expected 'network', 'variable' or 'probability' but found {keyword!r}",
                             line)
    for head, body, offset in blocks:
        _bif_probability(head, body, offset, line_at, variables, quoted)
    return RawNetwork(name, variables)


def _bif_variable(tokens: _Tokens) -> RawVariable:
    name = tokens.name()
    tokens.expect("{")
    states: list[str] | None = None
    label = None
    while tokens.peek()[1] != "}":
        line = tokens.line()
        keyword = tokens.name()
        if keyword == "type":
            kind = tokens.name()
            if kind != "discrete":
                raise ParseError(f"variable {name!r} is of type {kind!r}; only discrete variables "
                                 "can be read", line)
            tokens.expect("[")
            count = tokens.until("]")
            tokens.expect("{")
            states = [v for v in tokens.until("}") if v != ","]
            tokens.expect(";")
            if len(count) != 1 or not count[0].isdigit() or int(count[0]) != len(states):
                raise ParseError(f"variable {name!r} declares {' '.join(count)} states but lists "
                                 f"{len(states)}", line)
        elif keyword == "property":
            key, sep, value = " ".join(tokens.until(";")).partition("=")
            if sep and key.strip() == "label":
                label = value.strip()
        else:
            raise ParseError(f"unexpected {keyword!r} in variable {name!r}", line)
    tokens.expect("}")
    if states is None:
        raise ParseError(f"variable {name!r} has no `type discrete [n] {{...}}` line")
    return RawVariable(name, states, label=label)


def _words(text: str) -> list[str]:
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in _BIF_WORDS.finditer(text)]


def _bif_numbers(text: str, what: str, line: int) -> np.ndarray:
    try:
        return np.asarray(text.replace(",", " ").split(), dtype=float)
    except ValueError:
        bad = next(w for w in text.replace(",", " ").split() if not _is_float(w))
        raise ParseError(f"{what}: {bad!r} is not a number", line) from None


def _is_float(word: str) -> bool:
    try:
        float(word)
        return True
    except ValueError:
        return False


def _bif_probability(head_text: str, body: str, offset: int, line_at,
                     variables: dict[str, RawVariable], quoted: bool) -> None:
    line = line_at(offset)
    head = _words(head_text.replace("|", " | "))
    if "|" in head:
        bar = head.index("|")
        child, parents = head[:bar], head[bar + 1:]
    else:  # the old form: probability ( child parent1 parent2 )
        child, parents = head[:1], head[1:]
    if len(child) != 1:
        raise ParseError(f"probability ( {head_text.strip()} ) must name one variable before '|'", line)
    name = child[0]
    for v in [name, *parents]:
        if v not in variables:
            raise ParseError(f"probability of {name!r} refers to undefined variable {v!r}", line)
    var = variables[name]
    if var.table is not None:
        raise ParseError(f"variable {name!r} has two probability blocks", line)
    var.parents = parents
    cards = [len(variables[p].states) for p in parents]
    card = len(var.states)
    rows = math.prod(cards)
    table = np.full((rows, card), np.nan)
    index = {p: {s: i for i, s in enumerate(variables[p].states)} for p in parents}
    strides = [math.prod(cards[i + 1:]) for i in range(len(cards))]
    default = None
    end = 0
    for match in (_BIF_ENTRY_QUOTED if quoted else _BIF_ENTRY).finditer(body):
        if match.start() != end:
            break
        end = match.end()
        where = line_at(offset + match.start())
        combo_text, keyword, rest = match.groups()
        if combo_text is not None:
            combo = _words(combo_text)
            if len(combo) != len(parents):
                raise ParseError(f"a row of {name!r} gives {len(combo)} parent states; it has "
                                 f"{len(parents)} parents", where)
            row = 0
            for p, s, stride in zip(parents, combo, strides, strict=True):
                if s not in index[p]:
                    raise ParseError(f"a row of {name!r} names unknown state {s!r} of {p!r}", where)
                row += index[p][s] * stride
            values = _bif_numbers(rest, f"probability of {name!r}", where)
            if values.size != card:
                raise ParseError(f"a row of {name!r} has {values.size} numbers for {card} states", where)
            table[row] = values
        elif keyword == "table":
            values = _bif_numbers(rest, f"table of {name!r}", where)
            if values.size != rows * card:
                raise ParseError(f"the table of {name!r} has {values.size} numbers; it needs "
                                 f"{rows * card}", where)
            table[:] = values.reshape(card, rows).T  # the node's states slowest
        elif keyword == "default":
            default = _bif_numbers(rest, f"default row of {name!r}", where)
            if default.size != card:
                raise ParseError(f"the default row of {name!r} has {default.size} numbers for "
                                 f"{card} states", where)
        elif keyword != "property":
            raise ParseError(f"unexpected {keyword!r} in the probability block of {name!r}", where)
    if body[end:].strip():
        raise ParseError(f"cannot read {body[end:].strip()[:40]!r} in the probability block of "
                         f"{name!r}; each entry is `(states) numbers;`, `table numbers;` or "
                         "`default numbers;`", line_at(offset + end))
    missing = np.isnan(table).any(axis=1)
    if np.any(missing):
        if default is None:
            combo = np.unravel_index(int(np.flatnonzero(missing)[0]), cards) if cards else ()
            shown = ", ".join(f"{p}={variables[p].states[i]}" for p, i in zip(parents, combo,
                                                                               strict=True))
            raise ParseError(f"the table of {name!r} has no row for ({shown}) and no default row",
                             line)
        table[missing] = default
    var.table = table.reshape(*cards, card)


# NET (Hugin) -------------------------------------------------------------------------------

_NET_TOKENS = re.compile(
    r'(?P<space>\s+)|(?P<comment>%[^\n]*)|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<punct>[{}();=|])|(?P<word>[^\s{}();=|\"%]+)", re.S)


def read_net(data: bytes) -> RawNetwork:
    tokens = _Tokens(_text(data), _NET_TOKENS)
    name = None
    variables: dict[str, RawVariable] = {}
    while not tokens.at_end():
        line = tokens.line()
        keyword = tokens.name()
        if keyword in ("net", "class"):
            if keyword == "class":
                name = tokens.name()
            attrs = _net_attributes(tokens)
            name = _string(attrs.get("name")) or name
        elif keyword in ("node", "discrete", "decision", "utility", "continuous"):
            if keyword == "discrete":
                keyword = tokens.name()
            if keyword != "node":
                raise ParseError(f"a {keyword} node cannot be read; forecast reads discrete chance "
                                 "nodes", line)
            var_name = tokens.name()
            attrs = _net_attributes(tokens)
            states = attrs.get("states")
            if not isinstance(states, list) or not states:
                raise ParseError(f"node {var_name!r} has no `states = (...)`", line)
            if var_name in variables:
                raise ParseError(f"node {var_name!r} is defined twice", line)
            variables[var_name] = RawVariable(var_name, [_string(s) or "" for s in states],
                                              label=_string(attrs.get("label")))
        elif keyword == "potential":
            tokens.expect("(")
            head = tokens.until(")")
            bar = head.index("|") if "|" in head else len(head)
            child, parents = head[:bar], head[bar + 1:]
            if len(child) != 1:
                raise ParseError(f"potential ( {' '.join(head)} ) must name one node before '|'",
                                 line)
            attrs = _net_attributes(tokens)
            if child[0] not in variables:
                raise ParseError(f"potential of undefined node {child[0]!r}", line)
            for p in parents:
                if p not in variables:
                    raise ParseError(f"potential of {child[0]!r} names undefined node {p!r}", line)
            var = variables[child[0]]
            if var.table is not None:
                raise ParseError(f"node {child[0]!r} has two potentials", line)
            cards = [len(variables[p].states) for p in parents]
            data_ = attrs.get("data")
            values = _flatten(data_) if data_ is not None else None
            if values is None:
                raise ParseError(f"the potential of {child[0]!r} has no `data = (...)`", line)
            try:
                numbers = np.asarray([float(v) for v in values])
            except ValueError:
                raise ParseError(f"the data of {child[0]!r} holds something that is not a number",
                                 line) from None
            need = math.prod(cards) * len(var.states)
            if numbers.size != need:
                raise ParseError(f"the data of {child[0]!r} has {numbers.size} numbers; it needs "
                                 f"{need}", line)
            var.parents = list(parents)
            var.table = numbers.reshape(*cards, len(var.states))
        else:
            raise ParseError(f"expected 'net', 'node' or 'potential' but found {keyword!r}", line)
    return RawNetwork(name, variables)


def _net_attributes(tokens: _Tokens) -> dict[str, Any]:
    """`{ key = value; ... }` where a value is a word, a string or a nested ( ... ) list."""
    tokens.expect("{")
    attrs: dict[str, Any] = {}
    while tokens.peek()[1] != "}":
        key = tokens.name()
        tokens.expect("=")
        attrs[key] = _net_value(tokens)
        tokens.expect(";")
    tokens.expect("}")
    return attrs


def _net_value(tokens: _Tokens) -> Any:
    kind, value = tokens.peek()
    if value == "(" and kind == "punct":
        tokens.next()
        items = []
        while tokens.peek()[1] != ")" or tokens.peek()[0] != "punct":
            items.append(_net_value(tokens))
        tokens.next()
        return items
    kind, value = tokens.next()
    return ("s", value) if kind == "string" else value


def _string(value: Any) -> str | None:
    if isinstance(value, tuple):
        return value[1]
    return value if isinstance(value, str) else None


def _flatten(value: Any) -> list[str]:
    if isinstance(value, list):
        return [x for item in value for x in _flatten(item)]
    return [_string(value) or ""]


# XDSL (GeNIe) ------------------------------------------------------------------------------

def read_xdsl(data: bytes) -> RawNetwork:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseError(f"not well-formed XML ({exc})", exc.position[0]) from None
    if root.tag != "smile":
        raise ParseError(f"the root element is <{root.tag}>, not <smile>")
    nodes = root.find("nodes")
    if nodes is None:
        raise ParseError("there is no <nodes> element")
    variables: dict[str, RawVariable] = {}
    for element in nodes:
        node_id = element.get("id") or ""
        states = [s.get("id") or "" for s in element.findall("state")]
        parents_el = element.find("parents")
        parents = (parents_el.text or "").split() if parents_el is not None else []
        cards = [len(variables[p].states) if p in variables else 0 for p in parents]
        for p in parents:
            if p not in variables:
                raise ParseError(f"node {node_id!r} comes before its parent {p!r} (or {p!r} is "
                                 "not defined)")
        if element.tag == "cpt":
            text = element.findtext("probabilities") or ""
            try:
                numbers = np.asarray([float(v) for v in text.split()])
            except ValueError:
                raise ParseError(f"the probabilities of {node_id!r} hold something that is not a "
                                 "number") from None
            need = math.prod(cards) * len(states)
            if numbers.size != need:
                raise ParseError(f"node {node_id!r} has {numbers.size} probabilities; it needs {need}")
            table = numbers.reshape(*cards, len(states))
        elif element.tag == "deterministic":
            result = (element.findtext("resultingstates") or "").split()
            if len(result) != math.prod(cards):
                raise ParseError(f"deterministic node {node_id!r} has {len(result)} resulting "
                                 f"states; it needs {math.prod(cards)}")
            index = {s: i for i, s in enumerate(states)}
            if any(r not in index for r in result):
                raise ParseError(f"deterministic node {node_id!r} names a state it does not have")
            table = np.eye(len(states))[[index[r] for r in result]].reshape(*cards, len(states))
        else:
            raise ParseError(f"node {node_id!r} is a <{element.tag}> node; forecast reads <cpt> and "
                             "<deterministic> nodes (in GeNIe, turn it into a CPT first)")
        variables[node_id] = RawVariable(node_id, states, parents, table)
    for node in root.iterfind("extensions/genie/node"):
        var = variables.get(node.get("id") or "")
        label = node.findtext("name")
        if var is not None and label:
            var.label = label
    genie = root.find("extensions/genie")  # GeNIe keeps the title there, as name=
    title = genie.get("name") if genie is not None else None
    return RawNetwork(title or root.get("id"), variables)


# XMLBIF (through pgmpy's reader) -----------------------------------------------------------

def read_xmlbif(data: bytes) -> RawNetwork:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgmpy.readwrite import XMLBIFReader
    try:
        ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseError(f"not well-formed XML ({exc})", exc.position[0]) from None
    text = _text(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # pgmpy re-encodes the string itself
    try:
        reader = XMLBIFReader(string=text)
    except AttributeError:
        raise ParseError("there is no <NETWORK> with a <NAME> (is it XMLBIF 0.3?)") from None
    variables: dict[str, RawVariable] = {}
    for name in reader.variables:
        states = [str(s) for s in reader.variable_states[name]]
        variables[name] = RawVariable(name, states, list(reader.variable_parents.get(name, [])))
    for name, values in reader.variable_CPD.items():
        if name not in variables:
            raise ParseError(f"a <DEFINITION> is for undefined variable {name!r}")
        var = variables[name]
        cards = [len(variables[p].states) if p in variables else 0 for p in var.parents]
        values = np.asarray(values, dtype=float)  # (card, parent configurations)
        if values.size != math.prod(cards) * len(var.states):
            raise ParseError(f"the table of {name!r} has {values.size} numbers; it needs "
                             f"{math.prod(cards) * len(var.states)}")
        var.table = values.T.reshape(*cards, len(var.states))
    for name, properties in reader.variable_property.items():
        for prop in properties:
            key, sep, value = (prop or "").partition("=")
            if sep and key.strip() == "label" and name in variables:
                variables[name].label = value.strip()
    return RawNetwork(reader.network_name, variables)


# UAI -----------------------------------------------------------------------------------------

def read_uai(data: bytes) -> RawNetwork:
    lines = [line for line in _text(data).splitlines() if not line.lstrip().startswith("c")]
    words = " ".join(line.split("#")[0] for line in lines).split()
    it = iter(words)

    def integer(what: str) -> int:
        try:
            return int(next(it))
        except StopIteration:
            raise ParseError(f"the file ends before {what}") from None
        except ValueError:
            raise ParseError(f"expected an integer for {what}") from None

    try:
        kind = next(it)
    except StopIteration:
        raise ParseError("the file is empty") from None
    if kind.upper() != "BAYES":
        raise ParseError(f"it describes a {kind} network; forecast reads Bayesian networks (BAYES)")
    n = integer("the number of variables")
    cards = [integer("the cardinalities") for _ in range(n)]
    functions = integer("the number of tables")
    scopes = []
    for _ in range(functions):
        size = integer("a scope")
        scope = [integer("a scope") for _ in range(size)]
        if not scope or any(v < 0 or v >= n for v in scope):
            raise ParseError(f"a table's scope {scope} names a variable that does not exist")
        scopes.append(scope)
    names = [f"var_{i}" for i in range(n)]
    variables = {names[i]: RawVariable(names[i], [f"s{k}" for k in range(cards[i])])
                 for i in range(n)}
    for scope in scopes:
        count = integer("a table's size")
        need = math.prod(cards[v] for v in scope)
        if count != need:
            raise ParseError(f"the table of {names[scope[-1]]} has {count} entries; its scope "
                             f"needs {need}")
        try:
            numbers = np.asarray([float(next(it)) for _ in range(count)])
        except StopIteration:
            raise ParseError("the file ends in the middle of a table") from None
        except ValueError:
            raise ParseError(f"the table of {names[scope[-1]]} holds something that is not a number") \
                from None
        var = variables[names[scope[-1]]]
        if var.table is not None:
            raise ParseError(f"{var.name} is the child (last variable) of two tables")
        var.parents = [names[v] for v in scope[:-1]]
        var.table = numbers.reshape([cards[v] for v in scope])  # the last variable fastest
    if next(it, None) is not None:
        raise ParseError("there are more numbers than the tables need")
    return RawNetwork(None, variables)


_READERS = {"bif": read_bif, "net": read_net, "xdsl": read_xdsl, "xmlbif": read_xmlbif,
            "uai": read_uai}


# --- writing ---------------------------------------------------------------------------------

def write_network(network: Network, path: Path | str) -> Path:
    """Write the network in the format the extension names (atomically)."""
    from .files import write_atomic

    path = Path(path)
    fmt = format_of(path)
    text = network_text(network, fmt)
    if path.suffix.lower() == ".gz":
        return write_atomic(path, gzip.compress(text.encode("utf-8"), mtime=0))
    return write_atomic(path, text)


def network_text(network: Network, fmt: str) -> str:
    return _WRITERS[fmt](network)


def _num(x: float) -> str:
    """The shortest text that reads back as the same double."""
    value = float(x)
    return "0" if value == 0 else repr(value)


def _label(node: Node) -> str | None:
    label = node.meta.get("label") if node.meta else None
    return str(label) if label and str(label) != node.name else None


def _pgmpy_model(network: Network, label_text) -> Any:
    from .engine.pgmpy_engine import to_pgmpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = to_pgmpy(network)
    model.name = network.id
    for name, node in network.nodes.items():
        label = _label(node)
        if label:
            model.nodes[name]["label"] = label_text(label)
    return model


def write_bif(network: Network) -> str:
    """pgmpy's BIF writer (exact numbers; the label as a property)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgmpy.readwrite import BIFWriter

        model = _pgmpy_model(network, lambda s: json.dumps(re.sub(r'[;{}"\n]', " ", s),
                                                           ensure_ascii=False))
        return str(BIFWriter(model))


def write_xmlbif(network: Network) -> str:
    """XMLBIF 0.3 as pgmpy's writer lays it out (its writer builds each table by repeated string
    concatenation: 19 s for mildew's 280,000-number table); the node's states fastest in a
    table, then the last parent. The label is a property; '=' in it becomes ':' (pgmpy's reader
    splits properties at every '=')."""
    root = ET.Element("BIF", {"VERSION": "0.3"})
    net = ET.SubElement(root, "NETWORK")
    ET.SubElement(net, "NAME").text = network.id
    for name, node in network.nodes.items():
        variable = ET.SubElement(net, "VARIABLE", {"TYPE": "nature"})
        ET.SubElement(variable, "NAME").text = name
        for state in node.states:
            ET.SubElement(variable, "OUTCOME").text = state
        label = _label(node)
        if label:
            ET.SubElement(variable, "PROPERTY").text = "label = " + label.replace("=", ":")
    for name, node in network.nodes.items():
        definition = ET.SubElement(net, "DEFINITION")
        ET.SubElement(definition, "FOR").text = name
        for parent in node.parents:
            ET.SubElement(definition, "GIVEN").text = parent
        ET.SubElement(definition, "TABLE").text = " ".join(_num(x) for x in node.cpt.reshape(-1))
    ET.indent(root, space="  ")
    return "<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(root, encoding="unicode") + "\n"


def _net_string(text: str) -> str:
    return '"' + text.replace("\\", "/").replace('"', "'").replace("\n", " ") + '"'


def write_net(network: Network) -> str:
    """Hugin NET: nested data with the first parent outermost and the node's states innermost."""
    out = ["net", "{", f"    name = {_net_string(network.id)};", "}", ""]
    for name, node in network.nodes.items():
        out += [f"node {name}", "{"]
        label = _label(node)
        out.append(f"    label = {_net_string(label or name)};")
        out.append("    states = (" + " ".join(_net_string(s) for s in node.states) + ");")
        out += ["}", ""]
    for name, node in network.nodes.items():
        head = f"potential ({name}" + (" | " + " ".join(node.parents) if node.parents else "") + ")"
        out += [head, "{", "    data = " + _nested(node.cpt) + ";", "}", ""]
    return "\n".join(out)


def _nested(array: np.ndarray) -> str:
    if array.ndim == 1:
        return "(" + " ".join(_num(x) for x in array) + ")"
    return "(" + " ".join(_nested(sub) for sub in array) + ")"


def write_xdsl(network: Network) -> str:
    """GeNIe XDSL: nodes after their parents, probabilities with the node's states fastest, then
    the last parent; labels as node names in the GeNIe extension."""
    root = ET.Element("smile", {"version": "1.0", "id": network.id, "numsamples": "10000",
                                "discsamples": "10000"})
    nodes = ET.SubElement(root, "nodes")
    for name, node in network.nodes.items():
        cpt = ET.SubElement(nodes, "cpt", {"id": name})
        for state in node.states:
            ET.SubElement(cpt, "state", {"id": state})
        if node.parents:
            ET.SubElement(cpt, "parents").text = " ".join(node.parents)
        ET.SubElement(cpt, "probabilities").text = " ".join(_num(x) for x in node.cpt.reshape(-1))
    extensions = ET.SubElement(root, "extensions")
    genie = ET.SubElement(extensions, "genie", {"version": "1.0", "app": "forecast",
                                                "name": network.title or network.id})
    for i, (name, node) in enumerate(network.nodes.items()):
        element = ET.SubElement(genie, "node", {"id": name})
        ET.SubElement(element, "name").text = _label(node) or name
        ET.SubElement(element, "interior", {"color": "e5f6f7"})
        ET.SubElement(element, "outline", {"color": "000080"})
        ET.SubElement(element, "font", {"color": "000000", "name": "Arial", "size": "8"})
        x, y = 40 + 160 * (i % 8), 40 + 80 * (i // 8)
        ET.SubElement(element, "position").text = f"{x} {y} {x + 120} {y + 40}"
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_uai(network: Network) -> str:
    """UAI (BAYES): table i is the CPT of variable i, its scope the parents then the node, its
    entries with the last variable of the scope changing fastest."""
    names = list(network.nodes)
    index = {n: i for i, n in enumerate(names)}
    out = ["BAYES", str(len(names)), " ".join(str(network[n].card) for n in names), str(len(names))]
    for name in names:
        scope = [index[p] for p in network[name].parents] + [index[name]]
        out.append(" ".join(str(v) for v in [len(scope), *scope]))
    out.append("")
    for name in names:
        node = network[name]
        out.append(str(node.cpt.size))
        rows = node.cpt.reshape(-1, node.card)
        out += [" " + " ".join(_num(x) for x in row) for row in rows]
        out.append("")
    return "\n".join(out)


_WRITERS = {"bif": write_bif, "xmlbif": write_xmlbif, "net": write_net, "xdsl": write_xdsl,
            "uai": write_uai}


# --- the model YAML ----------------------------------------------------------------------------

_YAML_RESERVED = re.compile(r"(?i)(true|false|null|yes|no|on|off|y|n|~)\Z")


def _yaml_key(text: str) -> str:
    """A plain scalar when safe under YAML 1.1 and 1.2 alike, else a double-quoted one."""
    if IDENTIFIER.match(text) and not _YAML_RESERVED.match(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _flow(values: Iterable[str]) -> str:
    return "[" + ", ".join(values) + "]"


def model_yaml(network: Network, source: str | None = None) -> str:
    """The network as forecast-model/1 YAML: one flow-style line per table row."""
    out = ["format: forecast-model/1", f"id: {_yaml_key(identifier(network.id))}",
           f"title: {_yaml_text(network.title or network.id)}"]
    if source:
        out.append(f"description: {_yaml_text(source)}")
    targets = [t for t in network.targets if t in network] or [network.names[-1]]
    out.append(f"targets: {_flow(_yaml_key(t) for t in targets)}")
    out.append("nodes:")
    for name, node in network.nodes.items():
        out.append(f"  {_yaml_key(name)}:")
        label = _label(node)
        if label:
            out.append(f"    label: {_yaml_text(label)}")
        description = node.meta.get("description") if node.meta else None
        if description:
            out.append(f"    description: {_yaml_text(str(description))}")
        out.append(f"    states: {_flow(_yaml_key(s) for s in node.states)}")
        cpt = np.asarray(node.cpt, dtype=float)
        if not node.parents:
            out.append(f"    prior: {_flow(_num(x) for x in cpt)}")
            continue
        out.append(f"    parents: {_flow(_yaml_key(p) for p in node.parents)}")
        out.append("    table:")
        parent_states = [[_yaml_key(s) for s in network[p].states] for p in node.parents]
        keys = [_yaml_key(p) for p in node.parents]
        rows = cpt.reshape(-1, node.card)
        for row, combo in zip(rows, _combinations([len(s) for s in parent_states]), strict=True):
            given = ", ".join(f"{k}: {states[i]}" for k, states, i in zip(keys, parent_states, combo,
                                                                           strict=True))
            out.append(f"      - {{given: {{{given}}}, p: {_flow(_num(x) for x in row)}}}")
    return "\n".join(out) + "\n"


def _combinations(cards: list[int]) -> Iterator[tuple[int, ...]]:
    """Parent state indices in C order (the last parent fastest), as rows of a CPT."""
    return (tuple(int(i) for i in idx) for idx in np.ndindex(*cards))


# --- the use cases -------------------------------------------------------------------------------

def load_network(path: Path | str) -> Network:
    """A model YAML (.yaml/.yml) or a network file in any format `read_network` knows."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        from .spec.load import load_model

        return load_model(path).network
    return read_network(path)[0]


def import_model(source: Path | str, target: Path | str) -> dict[str, Any]:
    """Read a network file and write it as a model YAML; returns a summary with warnings."""
    from .files import write_atomic

    source, target = Path(source), Path(target)
    if source.suffix.lower() in (".yaml", ".yml"):
        raise UserError(Problem("is a YAML file, already a forecast model; to convert a model to "
                                "another format use `forecast export`", str(source)))
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise UserError(Problem("the model file must end in .yaml (or .yml)", str(target)))
    network, notes = read_network(source)
    fmt = FORMAT_NAMES[format_of(source)]
    text = model_yaml(network, source=f"Imported from {source.name} ({fmt}) by forecast import.")
    write_atomic(target, text)
    notes = [*notes, *_loader_limits(network, text)]
    renamed = sum(1 for n in network.nodes.values() if "label" in n.meta)
    return {"source": str(source), "model": str(target), "format": fmt,
            "nodes": len(network.nodes), "parameters": int(sum(n.cpt.size for n in network.nodes.values())),
            "renamed": renamed, "warnings": notes}


def _loader_limits(network: Network, text: str) -> list[str]:
    """Warn when the YAML is larger than the model loader accepts (spec/yamlio.py)."""
    from .spec import yamlio

    values = 8 + sum(4 + node.cpt.size + (node.cpt.size // node.card) * (4 + 2 * len(node.parents))
                     for node in network.nodes.values())
    limits = []
    if values > yamlio.MAX_NODES:
        limits.append(f"about {values:,} YAML values (the loader reads at most {yamlio.MAX_NODES:,})")
    if len(text.encode("utf-8")) > yamlio.MAX_BYTES:
        limits.append(f"{len(text.encode('utf-8')):,} bytes (the loader reads at most "
                      f"{yamlio.MAX_BYTES:,})")
    if not limits:
        return []
    return ["the model is larger than forecast's YAML loader accepts: " + " and ".join(limits)
            + "; raise MAX_NODES / MAX_BYTES in forecast.spec.yamlio to load it"]


def export_model(model_path: Path | str, target: Path | str) -> dict[str, Any]:
    """Write a model in the format the target's extension names (noisy-MAX and ranked nodes as
    their tables); returns a summary."""
    from .spec.load import load_model

    target = Path(target)
    fmt = format_of(target)
    network = load_model(model_path).network
    write_network(network, target)
    converted = [n for n, node in network.nodes.items()
                 if getattr(node.form, "kind", "table") not in ("table",)]
    notes = []
    if fmt == "uai":
        notes.append("UAI keeps no names: nodes become var_0, var_1, ... in the model's order")
    return {"model": str(model_path), "file": str(target), "format": FORMAT_NAMES[fmt],
            "nodes": len(network.nodes), "tabulated": converted, "warnings": notes}
