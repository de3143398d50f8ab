"""What a notebook passes as plain mappings, made into what the use cases take.

`priors={"node": {"state": p}}` means what `--set node=state:p` means (the states named get
these numbers, the others share the rest in proportion); `evidence={"node": "state"}` is a
certain finding and `evidence={"node": {"state": likelihood, ...}}` soft evidence, each
replacing the scenario's findings on that node for this run (as a click on the what-if page
does). Short `repr`s for the typed results live here too: a RunResult holds the whole
loaded scenario, and its dataclass repr ran to hundreds of kilobytes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

from .domain.evidence import Finding, hard_likelihood
from .errors import UserError


def prior_sets(priors: Mapping[str, Mapping[str, float]] | None) -> list[str]:
    """`priors` as --set texts (checked where every --set is checked)."""
    if not priors:
        return []
    if not isinstance(priors, Mapping):
        raise UserError("priors: give a mapping {node: {state: probability}}")
    out = []
    for node, given in priors.items():
        if not isinstance(given, Mapping) or not given:
            raise UserError(f"priors[{node!r}]: give a mapping {{state: probability}}")
        for state, p in given.items():
            if isinstance(p, bool) or not isinstance(p, (int, float)):
                raise UserError(f"priors[{node!r}][{state!r}]: {p!r} is not a number")
        out.append(f"{node}=" + ",".join(f"{s}:{float(p)!r}" for s, p in given.items()))
    return out


def with_evidence(loaded: Any, evidence: Mapping[str, Any] | None) -> Any:
    """The loaded scenario with `evidence` replacing its findings on those nodes."""
    if not evidence:
        return loaded
    if not isinstance(evidence, Mapping):
        raise UserError("evidence: give a mapping {node: state} or {node: {state: likelihood}}")
    network = loaded.network
    added = []
    for node, value in evidence.items():
        if node not in network:
            raise UserError(f"evidence: unknown node {node!r}; nodes are "
                            f"{', '.join(network.names)}")
        states = network[node].states
        if isinstance(value, str):
            if value not in states:
                raise UserError(f"evidence[{node!r}]: unknown state {value!r}; states are "
                                f"{', '.join(states)}")
            added.append(Finding(node, hard_likelihood(len(states), states.index(value)),
                                 state=value, note="set in the notebook (certain)"))
            continue
        if not isinstance(value, Mapping):
            raise UserError(f"evidence[{node!r}]: give a state, or {{state: likelihood}}")
        unknown = [s for s in value if s not in states]
        if unknown:
            raise UserError(f"evidence[{node!r}]: unknown state(s) {', '.join(map(repr, unknown))}"
                            f"; states are {', '.join(states)}")
        vector = np.array([float(value.get(s, 0.0)) for s in states])
        if not np.all(np.isfinite(vector)) or np.any(vector < 0) or not vector.any():
            raise UserError(f"evidence[{node!r}]: likelihoods must be finite, >= 0, not all 0")
        added.append(Finding(node, vector, note="set in the notebook"))
    kept = [f for f in loaded.scenario.findings if f.node not in evidence]
    scenario = dataclasses.replace(loaded.scenario, findings=(*kept, *added))
    return dataclasses.replace(loaded, scenario=scenario)


# --- short reprs ----------------------------------------------------------------------------


def _dist(d: Any) -> str:
    return ", ".join(f"{s} {100 * float(p):.1f}%" for s, p in d.items())


def _posteriors(posteriors: Mapping[str, Any]) -> str:
    return "; ".join(f"{node}: {_dist(d)}" for node, d in posteriors.items())


def _snapshot(loaded: Any) -> str:
    s = loaded.scenario
    return f"{s.id} (as of {s.as_of.isoformat()})"


def run_repr(self: Any) -> str:
    named = [name for name in self.per_analyst if name]  # the model's own run has no name
    analysts = f", analysts {', '.join(named)}" if named else ""
    samples = ", with intervals" if self.uncertainty is not None else ""
    return (f"<RunResult {_snapshot(self.loaded)}: {_posteriors(self.posteriors)}; "
            f"{len(self.loaded.scenario.findings)} findings{analysts}{samples}; .to_json() for "
            "everything>")


def query_repr(self: Any) -> str:
    return (f"<QueryResult {self.model.get('id')}: {_posteriors(self.posteriors)}; "
            f"{len(self.findings)} findings>")


def analysis_repr(self: Any) -> str:
    kind = type(self.analysis).__name__
    target = getattr(self.analysis, "target", None)
    about = f" of {target}" if target else ""
    return f"<AnalysisResult {kind}{about} for {_snapshot(self.context.loaded)}; .to_json() for everything>"


def each_repr(self: Any) -> str:
    kinds = {type(r).__name__ for r in self.results.values()}
    return f"<EachAnalyst {', '.join(sorted(kinds))} for analysts {', '.join(self.results)}>"


def comparison_repr(self: Any) -> str:
    return (f"<ComparisonResult {_snapshot(self.before)} -> {_snapshot(self.after)}; "
            f"{len(getattr(self.comparison, 'attribution', ()) or ())} items attributed>")


def context_repr(self: Any) -> str:
    return f"<Context {_snapshot(self.loaded)}>"
