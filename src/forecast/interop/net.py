"""Hugin NET: reader and writer."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from ..domain.network import Network
from .raw import ParseError, RawNetwork, RawVariable, check_declared
from .text import _label, _num, _text
from .tokens import _Tokens

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
            check_declared(child[0], cards, len(var.states), line)
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
