"""UAI (BAYES): reader and writer."""

from __future__ import annotations

import math

import numpy as np

from ..domain.network import Network
from .raw import ParseError, RawNetwork, RawVariable, check_declared
from .text import _num, _text


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
    for i, card in enumerate(cards):
        check_declared(f"var_{i}", [], card)
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
        check_declared(names[scope[-1]], [cards[v] for v in scope[:-1]], cards[scope[-1]])
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
