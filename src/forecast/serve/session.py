"""The what-if page's changes applied to a scenario, and the answers it shows.

A change set is the API's body: `priors` (root -> {state: p}, read as `--set` reads them),
`nodes` (node -> a whole parameter form, as in an overlay), `evidence` (findings as written in
a scenario) and `drop` (finding ids). No I/O: the server and the CLI call these.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError

from ..domain.overlay import Overlay
from ..errors import UserError
from ..spec.build_overlay import build_overlay
from ..spec.build_scenario import build_scenario
from ..spec.load import LoadedScenario, check_integrity, hold_to
from ..spec.models import FindingSpec, OverlaySpec, ScenarioSpec
from ..spec.yamlio import Document

CHANGE_KEYS = ("priors", "nodes", "evidence", "drop", "pool", "weights")
PAGE_ANALYST = "page"       # the overlay's name for table edits made on the page
DRIVERS = 8                 # parameters shown as the biggest drivers


def finding_ids(spec: ScenarioSpec) -> list[str]:
    """Each finding's id: its `id`, or `node#k` for the k-th finding on that node (1-based),
    which stays the same as long as the findings on that node keep their order."""
    seen: dict[str, int] = {}
    ids = []
    for item in spec.evidence:
        seen[item.node] = seen.get(item.node, 0) + 1
        ids.append(item.id or f"{item.node}#{seen[item.node]}")
    return ids


@dataclass(frozen=True)
class Changes:
    """A checked change set: the scenario it makes, its --set texts, its overlay."""

    loaded: LoadedScenario
    evidence: list[dict[str, Any]]      # the findings as written, in order (for saving)
    added: list[int]                    # positions of findings that came from the page
    sets: list[str]
    overlay: Overlay | None             # the start analyst's numbers and the page's tables
    node_forms: dict[str, Any]          # the page's node forms, as written (for saving)
    priors: dict[str, dict[str, float]]  # the page's priors, completed as --set completes them
    analysts: tuple[Overlay, ...] = ()    # every analyst in force (several: pooled)
    pool: str | None = None               # linear | log, with several analysts
    weights: dict[str, float] | None = None


@dataclass(frozen=True)
class Session:
    """The scenario the page started from, and the analyst's overlay if one was given."""

    loaded: LoadedScenario
    doc: Document
    analyst: Overlay | None = None
    analyst_data: dict[str, Any] | None = None   # the analyst's overlay file as written
    pooled: tuple[Overlay, ...] = ()    # several --analyst overlays, pooled (then no `analyst`)

    def apply(self, body: Any, where: str = "request") -> Changes:
        """Check a change set and build the scenario, --set texts and overlay it stands for."""
        if not isinstance(body, dict):
            raise UserError(f"{where}: the body must be a JSON object with keys "
                            f"{', '.join(CHANGE_KEYS)}")
        unknown = [k for k in body if k not in CHANGE_KEYS]
        if unknown:
            raise UserError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; the keys are "
                            f"{', '.join(CHANGE_KEYS)}")
        priors = _mapping(body.get("priors"), "priors", where)
        nodes = _mapping(body.get("nodes"), "nodes", where)
        drop = body.get("drop") or []
        added = body.get("evidence") or []
        if not isinstance(drop, list) or not all(isinstance(d, str) for d in drop):
            raise UserError(f"{where}: `drop` must be a list of finding ids")
        if not isinstance(added, list):
            raise UserError(f"{where}: `evidence` must be a list of findings as in a scenario")
        if nodes and self.pooled:
            raise UserError(f"{where}: table edits need one analyst's numbers; the page pools "
                            f"{', '.join(o.analyst for o in self.pooled)} (serve one --analyst "
                            "to edit tables)")
        loaded, evidence, positions = self._scenario(drop, added, where)
        sets = [_set_text(node, given, where) for node, given in priors.items()]
        overlay = self._overlay(nodes, where)
        completed = _completed_priors(loaded, sets)
        pool, weights = _pooling(body, self.pooled, where)
        analysts = self.pooled or ((overlay,) if overlay else ())
        return Changes(loaded, evidence, positions, sets, overlay, dict(nodes), completed,
                       analysts, pool, weights)

    def _scenario(self, drop: Sequence[str], added: Sequence[Any], where: str
                  ) -> tuple[LoadedScenario, list[dict[str, Any]], list[int]]:
        spec = self.loaded.spec
        ids = finding_ids(spec)
        unknown = [d for d in drop if d not in ids]
        if unknown:
            raise UserError(f"{where}: `drop` names unknown finding(s) {', '.join(map(repr, unknown))};"
                            f" the scenario's findings are {', '.join(ids) or 'none'}")
        new_specs = []
        for i, item in enumerate(added):
            try:
                new_specs.append(FindingSpec.model_validate(item))
            except ValidationError as exc:
                detail = "; ".join(_finding_problem(e) for e in exc.errors(include_url=False))
                raise UserError(f"{where}: evidence[{i}]: {detail}") from None
        if new_specs:  # each new finding checked on its own, its problems named as the request's
            alone = spec.model_copy(update={"evidence": new_specs, "priors": {}, "targets": []})
            build_scenario(alone, Document(where, {"evidence": list(added)}), self.loaded.network,
                           self.loaded.model.corpus)
        raw = self.doc.data.get("evidence") or []
        pending = list(zip(added, new_specs, strict=True))
        written: list[tuple[dict[str, Any], FindingSpec, int | None]] = []
        for j, item in enumerate(spec.evidence):
            if ids[j] not in drop:
                written.append((copy.deepcopy(raw[j]), item, j))
                continue
            k = next((k for k, (_, f) in enumerate(pending) if f.node == item.node), None)
            if k is not None:  # a regraded or changed finding keeps its place
                written.append(_page_finding(pending.pop(k)[1]))
        written += [_page_finding(f) for _, f in pending]
        new_spec = spec.model_copy(update={"evidence": [f for _, f, _ in written]})
        data = {**self.doc.data, "evidence": [w for w, _, _ in written]}
        doc = Document(self.doc.path, data, _moved_locations(self.doc, [j for _, _, j in written]))
        scenario = build_scenario(new_spec, doc, self.loaded.network, self.loaded.model.corpus)
        positions = [k for k, (_, _, j) in enumerate(written) if j is None]
        findings = list(scenario.findings)
        if len(findings) == len(written):
            for k in positions:
                findings[k] = replace(findings[k], where="the what-if page")
            scenario = replace(scenario, findings=tuple(findings))
        integrity = check_integrity(new_spec, doc, scenario, self.loaded.model)
        # a quote typed on the page is verified like one in a file; one not in its document
        # makes the run a draft (as --allow-unverified does), which every answer then says
        loaded = hold_to(LoadedScenario(scenario, new_spec, self.loaded.path, self.loaded.model,
                                        integrity), allow_unverified=True)
        return loaded, [w for w, _, _ in written], positions

    def _overlay(self, nodes: Mapping[str, Any], where: str) -> Overlay | None:
        """The start analyst's overlay with the page's node forms in place of theirs."""
        if not nodes:
            return self.analyst
        try:
            spec = OverlaySpec.model_validate({"format": "forecast-overlay/1",
                                               "analyst": PAGE_ANALYST, "nodes": dict(nodes)})
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                               for e in exc.errors(include_url=False))
            raise UserError(f"{where}: {detail}") from None
        edits = build_overlay(spec, Document(where, {"nodes": dict(nodes)}), self.loaded.model)
        if self.analyst is None:
            return replace(edits, file=None)  # made on the page, not read from a file
        return replace(self.analyst, nodes={**self.analyst.nodes, **edits.nodes},
                       priors={n: v for n, v in self.analyst.priors.items() if n not in edits.nodes})


def _finding_problem(error: Mapping[str, Any]) -> str:
    where = ".".join(map(str, error["loc"])) or "finding"
    if error["loc"] == ("grade",):
        return (f"grade: unknown grade {error.get('input')!r}; a grade is a reliability letter A-F "
                "and a credibility digit 1-6, like B2")
    return f"{where}: {error['msg']}"


def _page_finding(finding: FindingSpec) -> tuple[dict[str, Any], FindingSpec, None]:
    return finding.model_dump(exclude_none=True, mode="json"), finding, None


def _moved_locations(doc: Document, origins: list[int | None]) -> dict:
    """The scenario file's locations, with each kept finding's moved to its new position."""
    new_index = {j: k for k, j in enumerate(origins) if j is not None}
    out = {}
    for loc, where in doc.locations.items():
        if len(loc) >= 2 and loc[0] == "evidence":
            if loc[1] in new_index:
                out[("evidence", new_index[loc[1]], *loc[2:])] = where
        else:
            out[loc] = where
    return out


def _mapping(value: Any, key: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise UserError(f"{where}: `{key}` must be an object keyed by node")
    return value


def _set_text(node: str, given: Any, where: str) -> str:
    """A page prior as the `--set` text that gives it, with every number exact."""
    if not isinstance(given, dict) or not given:
        raise UserError(f"{where}: priors.{node} must be an object of state: probability")
    parts = []
    for state, p in given.items():
        if isinstance(p, bool) or not isinstance(p, (int, float)):
            raise UserError(f"{where}: priors.{node}.{state} must be a number from 0 to 1")
        parts.append(f"{state}:{float(p)!r}")
    return f"{node}={','.join(parts)}"


def _completed_priors(loaded: LoadedScenario, sets: list[str]) -> dict[str, dict[str, float]]:
    from ..usecases.snapshot import scenario_network

    network, applied = scenario_network(loaded, sets)
    return {node: {s: float(p) for s, p in zip(network[node].states, network[node].cpt, strict=True)}
            for node, a in applied.items() if a["from"] == "--set"}


def _pooling(body: Mapping[str, Any], pooled: Sequence[Overlay], where: str
             ) -> tuple[str | None, dict[str, float] | None]:
    """The page's `pool` (linear | log) and `weights` ({analyst: w}), checked as --pool and
    --weights are; they mean something only with several analysts."""
    pool, weights = body.get("pool"), body.get("weights")
    if (pool is not None or weights) and len(pooled) < 2:
        raise UserError(f"{where}: `pool` and `weights` pool several analysts; this page has "
                        f"{len(pooled) or 'no'} pooled analyst(s)")
    if pool is not None and pool not in ("linear", "log"):
        raise UserError(f"{where}: `pool` {pool!r}: use linear or log")
    if weights is None:
        return pool, None
    if not isinstance(weights, dict):
        raise UserError(f"{where}: `weights` must be an object of analyst: weight")
    for name, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w < 0:
            raise UserError(f"{where}: weights.{name} must be a finite number >= 0")
    return pool, {str(k): float(v) for k, v in weights.items()}


def run_changes(session: Session, body: Any, *, yardstick: str = "icd203",
                engine: str = "compiled", where: str = "request") -> dict[str, Any]:
    """What `forecast run --format json` answers for the scenario with these changes."""
    from ..usecases.run import run_scenario
    from ..usecases.snapshot import Checks

    changes = session.apply(body, where)
    return run_scenario(changes.loaded, engine=engine, sets=changes.sets, yardstick=yardstick,
                        checks=Checks(allow_unverified=True),   # a page quote not found: a draft
                        analysts=changes.analysts, pool=changes.pool,
                        weights=changes.weights).to_json()


def page_answer(session: Session, body: Any, *, yardstick: str = "icd203") -> dict[str, Any]:
    """Everything the page redraws after a change: the run, every node's probabilities, each
    finding's impact on the first target, and the biggest drivers of its lead outcome.

    With several analysts the run and every node's probabilities are their pool; impact and
    drivers, which need one network, are those of the model with the scenario's and the
    page's priors (as the brief does), and `on` says so."""
    import numpy as np

    from ..analysis.impact import explain
    from ..analysis.marginals import all_marginals
    from ..domain.timing import is_derived
    from ..usecases.snapshot import analyst_team, posteriors_json, team_run

    started = time.perf_counter()
    changes = session.apply(body)
    loaded = changes.loaded
    team = analyst_team(loaded, changes.sets, changes.analysts, changes.pool, changes.weights)
    run = team_run(loaded, team, loaded.scenario.targets, "compiled", yardstick)
    findings = loaded.scenario.findings
    likelihoods = loaded.scenario.likelihoods()
    per_analyst = {name: {n: p for n, p in all_marginals(net, likelihoods).items()
                          if not is_derived(n)}
                   for name, net in team.networks.items()}
    marginals = team.combine(per_analyst)
    network = team.base if len(team.networks) > 1 else next(iter(team.networks.values()))
    target = loaded.scenario.targets[0]
    single = (per_analyst[next(iter(per_analyst))] if len(team.networks) == 1
              else all_marginals(network, likelihoods))
    lead = network[target].states[int(np.argmax(single[target]))]
    impact = explain(network, findings, target)
    answer = {
        "run": run.to_json(),
        "marginals": posteriors_json(team.base, marginals),
        "impact": impact.to_json(),
        "drivers": drivers_json(network, loaded, target, lead),
        "changes": {"sets": changes.sets, "table_edits": list(changes.node_forms),
                    "added": changes.added},
        "on": ("the pool of " + ", ".join(team.networks) + "; impact and drivers on the model "
               "with the scenario's and the page's priors") if len(team.networks) > 1 else None,
    }
    answer["server_ms"] = round(1000 * (time.perf_counter() - started), 2)
    return answer


def drivers_json(network: Any, loaded: LoadedScenario, target: str, state: str) -> dict[str, Any]:
    """The biggest drivers of P(target = state) as `forecast sensitivity --sweep credible`
    ranks them (each number over its 90% credible range, a two-state distribution's number
    once), each with the words a reader names it by."""
    from ..analysis.sensitivity import sensitivity
    from ..domain.numbers import stable
    from ..report.parameter_words import parameter_words

    result = sensitivity(network, loaded.scenario.likelihoods(), target, state, sweep="credible")
    labels = {name: node.label for name, node in network.nodes.items()}
    rows = []
    for p in result.ranking()[:DRIVERS]:
        row = p.to_json()
        row["what"], row["where"] = parameter_words(row, labels)
        rows.append(row)
    return {"target": target, "label": labels.get(target), "state": state,
            "baseline": stable(result.baseline), "sweep": result.sweep, "level": result.level,
            "parameters": rows}
