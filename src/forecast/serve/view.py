"""What the page needs to draw itself once: the nodes with their tables, the findings with
their ids, the grades, the targets. Pure: from the session's loaded scenario."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..domain.numbers import stable
from .session import Session, finding_ids

GRADES = [f"{letter}{digit}" for letter in "ABCDEF" for digit in "123456"]


def page_setup(session: Session) -> dict[str, Any]:
    from ..app import analyst_team

    loaded = session.loaded
    network = analyst_team(loaded, [], [session.analyst] if session.analyst else []).single("serve")
    raw = session.doc.data.get("evidence") or []
    findings = []
    for fid, item, written in zip(finding_ids(loaded.spec), loaded.spec.evidence, raw, strict=True):
        if item.proposed:  # not a finding yet: the page's warnings say how many wait
            continue
        findings.append({"id": fid, "node": item.node, "state": item.state, "grade": item.grade,
                         "likelihood": item.likelihood, "note": item.note,
                         "source": item.source.model_dump(exclude_none=True) if item.source else None,
                         "written": _jsonable(written)})
    return {
        "scenario": {"id": loaded.scenario.id, "title": loaded.scenario.title,
                     "as_of": loaded.scenario.as_of.isoformat(),
                     "horizon": loaded.scenario.horizon.isoformat() if loaded.scenario.horizon else None,
                     "path": str(loaded.path)},
        "model": {"id": network.id, "title": network.title, "path": str(loaded.model.path)},
        "targets": list(loaded.scenario.targets),
        "analyst": None if session.analyst is None else {
            "name": session.analyst.analyst, "file": session.analyst.file,
            "rationale": session.analyst.rationale},
        "grades": GRADES,
        "findings": findings,
        "scenario_priors": {n: _vector(network[n].states, v) for n, v in loaded.scenario.priors.items()},
        "nodes": [_node(network, name) for name in network.names],
    }


def _node(network, name: str) -> dict[str, Any]:
    node = network[name]
    rows = []
    cards = [network[p].card for p in node.parents]
    flat = np.asarray(node.cpt, dtype=float).reshape(-1, node.card)
    for combo, row in zip(np.ndindex(*cards), flat, strict=True):
        rows.append({"given": {p: network[p].states[i] for p, i in zip(node.parents, combo, strict=True)},
                     "p": [stable(x) for x in row]})
    return {"name": name, "label": node.label, "states": list(node.states),
            "parents": list(node.parents), "kind": getattr(node.form, "kind", "table"),
            "observable": bool(node.meta.get("observable")), "rows": rows,
            "description": node.meta.get("description")}


def _vector(states, vector) -> dict[str, float]:
    return {s: stable(p) for s, p in zip(states, vector, strict=True)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
