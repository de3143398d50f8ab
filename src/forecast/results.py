"""What the use cases return: frozen, typed results that hold unrounded numbers.

Readers (report/, the brief, charts, the what-if page, notebooks) read attributes; numbers
are rounded once, where JSON is written (`to_json`), so the same inputs give
byte-identical JSON while nothing upstream works on rounded copies.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from .domain.numbers import ByState, freeze_fields, thawed
from .domain.window import Window, windows_json
from .spec.load import LoadedModel, LoadedScenario

if TYPE_CHECKING:
    import numpy as np

    from .analysis.ach import CompetingHypotheses
    from .analysis.compare import Comparison
    from .analysis.outside_view import OutsideView
    from .analysis.uncertainty import Uncertainty
    from .domain.adjustment import Adjustment
    from .domain.network import Network
    from .usecases.team import Team


class DictAccessWarning(DeprecationWarning):
    """Results were JSON dicts before they were typed; indexing one still reads its JSON."""


class WrittenKeys:
    """`result["posteriors"]`, as notebooks written for the dict results do: the key of
    `to_json()`, with a DictAccessWarning that names the typed way."""

    def __getitem__(self, key: str) -> Any:
        warnings.warn(f"results are typed: result[{key!r}] reads the written JSON; use the "
                      f"attribute, or result.to_json()[{key!r}]", DictAccessWarning,
                      stacklevel=2)
        return self.to_json()[key]  # type: ignore[attr-defined]


class ToJson(Protocol):
    def to_json(self) -> dict[str, Any]: ...


T = TypeVar("T", bound=ToJson)


def scenario_json(loaded: LoadedScenario) -> dict[str, Any]:
    """Which snapshot: id, title, dates and the file it came from."""
    s = loaded.scenario
    return {
        "id": s.id, "title": s.title, "as_of": s.as_of.isoformat(),
        "horizon": s.horizon.isoformat() if s.horizon else None, "path": str(loaded.path),
    }


def model_json(model: LoadedModel) -> dict[str, Any]:
    """Which model: id, title, file and the hash of its bytes."""
    import os

    out = {"id": model.network.id, "title": model.network.title,
           "path": os.path.normpath(model.path), "sha256": model.sha256}
    if model.spec.written is not None:
        out["written"] = model.spec.written.isoformat()
    return out


def integrity_json(loaded: LoadedScenario) -> dict[str, Any]:
    """`verification` and `warnings` as every scenario result carries them."""
    return {"verification": loaded.integrity.verification.to_json(),
            "warnings": loaded.integrity.warnings_json()}


def labels_of(network: Any) -> dict[str, str]:
    """Node -> label, in model order."""
    return {name: network[name].label for name in network.names}


def estimative(posteriors: Mapping[str, ByState], yardstick: str) -> dict[str, dict[str, str]]:
    """The estimative words of every state's probability on `yardstick`."""
    from .language import estimate

    return {node: {s: estimate(float(p), yardstick).words for s, p in dist.items()}
            for node, dist in posteriors.items()}


@dataclass(frozen=True)
class Context:
    """What an analysis of one scenario opens with: the scenario (with what its check found),
    the adjustments in force and the windows the target is reported for."""

    loaded: LoadedScenario
    adjustments: Sequence[Adjustment]
    windows: Mapping[str, Window] = field(default_factory=dict)

    def __post_init__(self) -> None:
        freeze_fields(self, "adjustments", "windows")

    @property
    def labels(self) -> dict[str, str]:
        """Every node's label (the quiet days' too), so readers speak in labels, not
        identifiers."""
        return labels_of(self.loaded.snapshot_network)

    def to_json(self) -> dict[str, Any]:
        return {"scenario": scenario_json(self.loaded), "model": model_json(self.loaded.model),
                **integrity_json(self.loaded),
                "adjustments": [a.to_json() for a in self.adjustments],
                **windows_json(self.windows)}


@dataclass(frozen=True)
class AnalysisResult(WrittenKeys, Generic[T]):
    """An analysis (sensitivity, explain, voi) of one scenario, in its context; `ach` is the
    matrix of competing hypotheses when it was asked for (explain --ach)."""

    context: Context
    analysis: T
    ach: CompetingHypotheses | None = None

    def checked_scenarios(self) -> list[tuple[str | None, LoadedScenario]]:
        """The loaded scenarios whose checks this result reports, tagged by id when there
        are several (what the quote check and the warnings lines are made from)."""
        return [(None, self.context.loaded)]

    def to_json(self) -> dict[str, Any]:
        out = {**self.context.to_json(), **self.analysis.to_json()}
        if self.ach is not None:
            out["ach"] = self.ach.to_json()
        return out


@dataclass(frozen=True)
class EachAnalyst(WrittenKeys, Generic[T]):
    """One analysis per analyst's overlay (a pool of analysts is not one network): the
    shared context, every adjustment, and each analyst's result."""

    adjustments: Sequence[Adjustment]
    results: Mapping[str, T]

    def __post_init__(self) -> None:
        freeze_fields(self, "adjustments", "results")

    @property
    def first(self) -> T:
        return next(iter(self.results.values()))

    def to_json(self) -> dict[str, Any]:
        firsts = self.first.to_json()
        context = {k: firsts[k] for k in ("scenario", "from", "to", "model", "verification",
                                          "warnings") if k in firsts}
        return {**context, "adjustments": [a.to_json() for a in self.adjustments],
                "analysts": {name: r.to_json() for name, r in self.results.items()}}


@dataclass(frozen=True)
class ComparisonResult(WrittenKeys):
    """Two snapshots of one model compared: each with its window, what each check found, the
    adjustments in force, and the Shapley attribution (`comparison`)."""

    before: LoadedScenario
    after: LoadedScenario
    windows_before: Mapping[str, Window]
    windows_after: Mapping[str, Window]
    adjustments: Sequence[Adjustment]
    comparison: Comparison

    def __post_init__(self) -> None:
        freeze_fields(self, "windows_before", "windows_after", "adjustments")

    def checked_scenarios(self) -> list[tuple[str | None, LoadedScenario]]:
        """The loaded scenarios whose checks this result reports, tagged by id when there
        are several (what the quote check and the warnings lines are made from)."""
        return [(s.scenario.id, s) for s in (self.before, self.after)]

    def to_json(self) -> dict[str, Any]:
        a, b = self.before, self.after
        return {"from": {**scenario_json(a), **windows_json(self.windows_before)},
                "to": {**scenario_json(b), **windows_json(self.windows_after)},
                "model": model_json(b.model),
                "verification": {"from": a.integrity.verification.to_json(),
                                 "to": b.integrity.verification.to_json()},
                "warnings": [*({**w, "scenario": a.scenario.id}
                               for w in a.integrity.warnings_json()),
                             *({**w, "scenario": b.scenario.id}
                               for w in b.integrity.warnings_json())],
                "adjustments": [a.to_json() for a in self.adjustments],
                **self.comparison.to_json()}


@dataclass(frozen=True)
class RunResult(WrittenKeys):
    """A scenario run: the posteriors of its targets (for the days left to the horizon where
    a target has a window; `elicited` holds those nodes for their elicited window), with
    everything a reader needs to trace them. With several analysts `posteriors` is their
    pool and `per_analyst` holds each one's; with --samples, `uncertainty`."""

    loaded: LoadedScenario
    network: Network  # with the adjustments applied, converted to the snapshot
    engine: str
    targets: tuple[str, ...]
    posteriors: Mapping[str, ByState]
    elicited: Mapping[str, ByState]
    windows: Mapping[str, Window]
    yardstick: str
    priors: Mapping[str, Any]  # the prior adjustments applied (`priors` JSON)
    team: Team
    per_analyst: Mapping[str, Mapping[str, np.ndarray]]  # each analyst's posteriors
    uncertainty: Uncertainty | None = None
    outside_weight: float | None = None  # --outside: blend the model with its base rates

    def __post_init__(self) -> None:
        freeze_fields(self, "targets", "posteriors", "elicited", "windows", "priors",
                      "per_analyst")

    def outside(self) -> OutsideView:
        """The scenario's base rates and views beside the model's probability of each event."""
        from .analysis.outside_view import outside_view

        scenario = self.loaded.scenario
        days = (scenario.horizon - scenario.as_of).days if scenario.horizon else None
        return outside_view(scenario.base_rates, scenario.views, days, self.posteriors)

    def blends(self) -> tuple[Any, ...]:
        """With --outside: each base rate's node blended with it, labelled as a blend."""
        if self.outside_weight is None:
            return ()
        from .analysis.outside_view import blends

        return blends(self.outside(), self.posteriors, self.outside_weight)

    @property
    def findings(self) -> tuple[Any, ...]:
        return tuple(self.loaded.scenario.findings)

    @property
    def labels(self) -> dict[str, str]:
        return labels_of(self.network)

    def estimative(self) -> dict[str, dict[str, str]]:
        """The estimative words of every target state on the run's yardstick."""
        return estimative(self.posteriors, self.yardstick)

    def checked_scenarios(self) -> list[tuple[str | None, LoadedScenario]]:
        """The loaded scenarios whose checks this result reports, tagged by id when there
        are several (what the quote check and the warnings lines are made from)."""
        return [(None, self.loaded)]

    def to_json(self) -> dict[str, Any]:
        scenario = self.loaded.scenario
        out = {
            "scenario": scenario_json(self.loaded),
            "model": model_json(self.loaded.model),
            "engine": self.engine,
            "targets": list(self.targets),
            "labels": self.labels,
            "posteriors": {n: d.to_json(closed=True) for n, d in self.posteriors.items()},
        }
        if self.windows:
            out.update({**windows_json(self.windows), "elicited_posteriors": {
                n: d.to_json(closed=True) for n, d in self.elicited.items()}})
        out.update({
            "yardstick": self.yardstick,
            "estimative": self.estimative(),
            "evidence": [f.to_json() for f in scenario.findings],
            "priors": thawed(self.priors),
            "reference": [],  # the first format's key: its entries are read as views now
            **self.outside().to_json(),
            **integrity_json(self.loaded),
            **self.team.to_json(self.per_analyst),
        })
        if self.uncertainty is not None:
            out.update(self.uncertainty.to_json())
        if self.outside_weight is not None:
            out["blend"] = [b.to_json() for b in self.blends()]
        return out


@dataclass(frozen=True)
class QueryResult(WrittenKeys):
    """A plain query of a model or network file: posteriors of some nodes given hard
    evidence (windowed nodes stay in their elicited window: a query has no dates)."""

    model: Mapping[str, Any]  # id, title, path and sha256 of the file read
    engine: str
    targets: tuple[str, ...]
    findings: tuple[Any, ...]
    posteriors: Mapping[str, ByState]
    windows: Mapping[str, Window]
    yardstick: str
    uncertainty: None = None

    def __post_init__(self) -> None:
        freeze_fields(self, "model", "targets", "findings", "posteriors", "windows")

    def estimative(self) -> dict[str, dict[str, str]]:
        return estimative(self.posteriors, self.yardstick)

    def checked_scenarios(self) -> list[tuple[str | None, LoadedScenario]]:
        """None: a query of a model file checks no quote and has no scenario."""
        return []

    def to_json(self) -> dict[str, Any]:
        return {"model": thawed(self.model), "engine": self.engine, "targets": list(self.targets),
                "evidence": [f.to_json() for f in self.findings],
                "posteriors": {n: d.to_json(closed=True) for n, d in self.posteriors.items()},
                **windows_json(self.windows), "estimative": self.estimative()}


def _short_reprs() -> None:
    """A result's repr says what it is in a line (the dataclass repr printed the whole loaded
    scenario, hundreds of kilobytes, in a notebook cell)."""
    from . import notebook

    for cls, short in ((RunResult, notebook.run_repr), (QueryResult, notebook.query_repr),
                       (AnalysisResult, notebook.analysis_repr), (EachAnalyst, notebook.each_repr),
                       (ComparisonResult, notebook.comparison_repr), (Context, notebook.context_repr)):
        cls.__repr__ = short  # type: ignore[method-assign]


_short_reprs()
