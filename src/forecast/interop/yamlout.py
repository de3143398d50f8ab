"""The model YAML (forecast-model/1) written for an imported network."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import numpy as np

from ..domain.network import Network
from .names import IDENTIFIER, identifier
from .text import _label, _num

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
