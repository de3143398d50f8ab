"""What the page needs to draw itself once: the nodes with their tables, the findings with
their ids, the grades, the targets. Pure: from the session's loaded scenario."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..domain.numbers import stable
from ..domain.timing import model_names, without_derived
from .session import Session, finding_ids

GRADES = [f"{letter}{digit}" for letter in "ABCDEF" for digit in "123456"]


def page_setup(session: Session, yardstick: str = "icd203") -> dict[str, Any]:
    from ..usecases.snapshot import analyst_team, infer_windowed
    from .graph import page_graph

    loaded = session.loaded
    start = [session.analyst] if session.analyst else list(session.pooled)
    team = analyst_team(loaded, [], start)
    network = team.base if len(team.networks) > 1 else next(iter(team.networks.values()))
    raw = session.doc.data.get("evidence") or []
    findings = []
    for fid, item, written in zip(finding_ids(loaded.spec), loaded.spec.evidence, raw, strict=True):
        if item.proposed:  # not a finding yet: the page's warnings say how many wait
            continue
        findings.append({"id": fid, "node": item.node, "state": item.state, "grade": item.grade,
                         "likelihood": item.likelihood, "note": item.note,
                         "source": item.source.model_dump(exclude_none=True) if item.source else None,
                         "written": _jsonable(written)})
    drawn = {"evidence": [{"node": f["node"], "state": f["state"], "grade": f["grade"]}
                          for f in findings], "targets": list(loaded.scenario.targets)}
    corpus = loaded.model.corpus
    return {
        "scenario": {"id": loaded.scenario.id, "title": loaded.scenario.title,
                     "as_of": loaded.scenario.as_of.isoformat(),
                     "horizon": loaded.scenario.horizon.isoformat() if loaded.scenario.horizon else None,
                     "path": str(loaded.path),
                     # a scenario key other issues add; shown when the file has it
                     "quiet_since": _jsonable(session.doc.data.get("quiet_since"))},
        "model": {"id": network.id, "title": network.title, "path": str(loaded.model.path)},
        "targets": list(loaded.scenario.targets),
        "analyst": None if session.analyst is None else {
            "name": session.analyst.analyst, "file": session.analyst.file,
            "rationale": session.analyst.rationale},
        "pooled": [{"name": o.analyst, "file": o.file, "date": str(o.date) if o.date else None,
                    "rationale": o.rationale} for o in session.pooled],
        "grades": GRADES,
        "documents": [] if corpus is None else [
            {"id": d.id, "title": d.title, "published": d.published}
            for d in corpus.documents.values()],
        "findings": findings,
        "scenario_priors": {n: _vector(network[n].states, v) for n, v in loaded.scenario.priors.items()},
        "nodes": [_node(network, name) for name in model_names(network)],
        "board": page_board(loaded),
        "graph": page_graph(drawn, without_derived(network),
                            infer_windowed(network, model_names(network), loaded.scenario),
                            yardstick),
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


def page_board(loaded: Any) -> dict[str, Any]:
    """`forecast board` of the scenario as loaded (its accepted findings): each indicator's
    status, its shift of the asked event and the passage behind it, for the page's panel."""
    from ..usecases.snapshot import Checks
    from ..watch.board import board_scenarios

    board = board_scenarios([loaded], checks=Checks(allow_unverified=True)).to_json()
    return {"threshold": board["threshold"], "event": board["event"],
            "indicators": [{k: row[k] for k in ("node", "label", "diagnosticity", "status",
                                                "passage")}
                           | {"shift": row["snapshots"][-1]["shift"]}
                           for row in board["indicators"]]}
