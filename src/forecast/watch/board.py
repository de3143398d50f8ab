"""Use case: the indicator board, each observable indicator per snapshot as quiet, moving or
tripped. No printing, no writing.

From the findings an analyst accepted (proposed ones never count) and what they did to the
asked event (`analysis.asked`): an indicator is

    quiet    no accepted finding on it in that snapshot;
    moving   findings whose joint effect on P(event) is under the threshold;
    tripped  findings that move P(event) by the threshold or more (either way),

the effect being P(event | all evidence) - P(event | all but the indicator's findings), for
the days left to the horizon as every command reports them. With it: the indicator's
diagnosticity (bits about the target, its own findings set aside), the snapshot in which its
status last changed, and the passage behind it (the quote of its most weighty finding).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..domain.numbers import stable
from ..errors import UserError
from ..results import integrity_json, model_json, scenario_json
from ..spec.load import LoadedScenario

QUIET, MOVING, TRIPPED = "quiet", "moving", "tripped"


@dataclass(frozen=True)
class Cell:
    """One indicator in one snapshot."""

    scenario: str
    as_of: dt.date
    status: str
    shift: float | None  # what its accepted findings did to P(event); None when quiet
    passage: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "as_of": self.as_of.isoformat(), "status": self.status,
                "shift": None if self.shift is None else stable(self.shift),
                "passage": self.passage}


@dataclass(frozen=True)
class Row:
    node: str
    label: str
    diagnosticity: float
    cells: tuple[Cell, ...]

    @property
    def changed(self) -> Cell | None:
        """The snapshot in which the indicator took its latest status (None: always quiet)."""
        last = None
        for before, cell in zip((None, *self.cells), self.cells, strict=False):
            if before is None or before.status != cell.status:
                last = cell
        return None if last is None or (last.status == QUIET and last is self.cells[0]) else last

    def to_json(self) -> dict[str, Any]:
        changed = self.changed
        latest = self.cells[-1]
        return {"node": self.node, "label": self.label,
                "diagnosticity": stable(self.diagnosticity), "status": latest.status,
                "changed": changed.as_of.isoformat() if changed else None,
                "passage": latest.passage, "snapshots": [c.to_json() for c in self.cells]}


@dataclass(frozen=True)
class Board:
    snapshots: tuple[LoadedScenario, ...]
    threshold: float
    event: dict[str, Any]
    rows: tuple[Row, ...]

    def checked_scenarios(self) -> list[tuple[str | None, LoadedScenario]]:
        """The loaded scenarios whose checks this result reports, tagged by id when there
        are several (what the quote check and the warnings lines are made from)."""
        return [(s.scenario.id, s) for s in self.snapshots]

    def to_json(self) -> dict[str, Any]:
        warnings = [{**w, "scenario": s.scenario.id}
                    for s in self.snapshots for w in integrity_json(s)["warnings"]]
        return {"scenarios": [scenario_json(s) for s in self.snapshots],
                "model": model_json(self.snapshots[-1].model), "threshold": self.threshold,
                "event": self.event, "indicators": [r.to_json() for r in self.rows],
                "verification": {s.scenario.id: integrity_json(s)["verification"]
                                 for s in self.snapshots},
                "warnings": warnings}


def board_scenarios(paths: Sequence[Path | str | LoadedScenario], threshold: float = 0.05,
                    target: str | None = None, checks=None) -> Board:
    """The board of `paths` (snapshots of one model), in as_of order."""
    from ..usecases.snapshot import Checks, load_snapshots

    if not 0 < threshold < 1:
        raise UserError(f"--threshold {threshold}: give a fraction between 0 and 1, e.g. 0.05 "
                        "for five points")
    if not paths:
        raise UserError("give at least one scenario")
    loaded = load_snapshots(list(paths), checks or Checks())
    models = {x.network.id for x in loaded}
    if len(models) > 1:
        raise UserError(f"the snapshots use different models ({', '.join(sorted(models))}); a "
                        "board follows the indicators of one model")
    ordered = sorted(loaded, key=lambda x: x.scenario.as_of)
    per_snapshot = [_snapshot(x, threshold, target) for x in ordered]
    event = per_snapshot[-1][0]
    last_bits = per_snapshot[-1][2]
    network = ordered[-1].network
    names = list(per_snapshot[-1][1])
    rows = [Row(n, network[n].label, last_bits[n], tuple(cells[n] for _, cells, _ in per_snapshot))
            for n in names]
    rows.sort(key=lambda r: (-stable(r.diagnosticity), names.index(r.node)))
    return Board(tuple(ordered), threshold, event, tuple(rows))


def _snapshot(loaded: LoadedScenario, threshold: float, target: str | None):
    from ..analysis.asked import asked_event
    from ..usecases.snapshot import analyst_team, infer_windowed
    from .diagnosticity import diagnosticities

    network = analyst_team(loaded, ()).single("the board")  # converted to the snapshot
    node, state = _target(network, target, loaded.scenario.targets[0])
    scenario = loaded.scenario
    posterior = infer_windowed(network, (node,), scenario)[node]
    states = network[node].states
    event = asked_event(network, node, state, dict(zip(states, posterior, strict=True)))
    index = [states.index(s) for s in event["states"]]
    p_all = float(np.sum(posterior[index]))
    indicators = [n for n in network.names if network[n].meta.get("observable") and n != node]
    cells = {}
    for name in indicators:
        own = [f for f in scenario.findings if f.node == name]
        if not own:
            cells[name] = Cell(scenario.id, scenario.as_of, QUIET, None, None)
            continue
        rest = dataclasses.replace(scenario, findings=tuple(f for f in scenario.findings
                                                            if f.node != name))
        without = float(np.sum(infer_windowed(network, (node,), rest)[node][index]))
        shift = p_all - without
        status = TRIPPED if abs(shift) >= threshold - 1e-12 else MOVING
        cells[name] = Cell(scenario.id, scenario.as_of, status, shift, _passage(loaded, own))
    bits = diagnosticities(network, scenario.findings, node, indicators)
    text = f"{node} in {{{', '.join(event['states'])}}}"
    return ({"target": node, "states": list(event["states"]), "kind": event["kind"],
             "text": text}, cells, bits)


def _target(network, target: str | None, default: str) -> tuple[str, str | None]:
    from ..domain.assignment import parse_target

    chosen = parse_target(target, network)
    return (default, None) if chosen is None else (chosen.node, chosen.state)


def _passage(loaded: LoadedScenario, findings) -> dict[str, Any] | None:
    """The source of the weightiest finding (ungraded counts as weight 1), with its date."""
    sourced = [f for f in findings if f.source]
    if not sourced:
        return None
    best = max(sourced, key=lambda f: (1.0 if f.weight is None else f.weight, -findings.index(f)))
    corpus = loaded.model.corpus
    doc = best.source.get("doc")
    published = corpus.documents[doc].published if corpus and doc in corpus else None
    return {"finding": best.ref, "doc": doc, "date": published, "quote": best.source.get("quote")}
