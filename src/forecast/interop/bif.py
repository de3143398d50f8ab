"""BIF: read by regular expressions and the tokenizer; written by pgmpy's writer."""

from __future__ import annotations

import bisect
import json
import math
import re
import warnings
from typing import Any

import numpy as np

from ..domain.network import Network
from .raw import ParseError, RawNetwork, RawVariable, check_declared, check_numbers
from .text import _label, _text
from .tokens import _Tokens

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
    check_declared(name, cards, card, line)
    rows = math.prod(cards)
    table = np.zeros((rows, card))
    given = np.zeros(rows, dtype=bool)  # rows written out (NaN is a number the file may hold)
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
            given[row] = True
        elif keyword == "table":
            values = _bif_numbers(rest, f"table of {name!r}", where)
            if values.size != rows * card:
                raise ParseError(f"the table of {name!r} has {values.size} numbers; it needs "
                                 f"{rows * card}", where)
            table[:] = values.reshape(card, rows).T  # the node's states slowest
            given[:] = True
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
    check_numbers(table[given], f"the table of {name!r}", line)
    missing = ~given
    if np.any(missing):
        if default is None:
            combo = np.unravel_index(int(np.flatnonzero(missing)[0]), cards) if cards else ()
            shown = ", ".join(f"{p}={variables[p].states[i]}" for p, i in zip(parents, combo,
                                                                               strict=True))
            raise ParseError(f"the table of {name!r} has no row for ({shown}) and no default row",
                             line)
        check_numbers(default, f"the default row of {name!r}", line)
        table[missing] = default
    var.table = table.reshape(*cards, card)


def _pgmpy_model(network: Network, label_text) -> Any:
    from ..engine.pgmpy_engine import to_pgmpy

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
