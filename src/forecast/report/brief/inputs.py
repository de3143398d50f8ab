"""What goes into a brief: the use cases' typed results per snapshot and the model's data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...analysis.impact import Explanation
    from ...analysis.sensitivity import Sensitivity
    from ...analysis.voi import ValueOfInformation
    from ...domain.network import Network
    from ...domain.numbers import ByState
    from ...results import AnalysisResult, ComparisonResult, RunResult
    from ...usecases.answer import Answer
    from ...watch.board import Board


@dataclass(frozen=True)
class SnapshotInput:
    run: RunResult                            # run_scenario (narrowed to --target), intervals with --samples
    sensitivity: AnalysisResult[Sensitivity]  # the answer's drivers (credible sweep)
    explain: AnalysisResult[Explanation]      # explain_scenario, `ach` the CompetingHypotheses
    answer: Answer | None = None              # answer_scenario: the asked event, confidence


@dataclass(frozen=True)
class NetworkInput:
    """The latest snapshot's network (its adjustments applied) and every node's posterior
    (windowed nodes for the days left to the horizon)."""

    network: Network
    posteriors: Mapping[str, ByState]


@dataclass(frozen=True)
class BriefInput:
    snapshots: Sequence[SnapshotInput]            # oldest first
    comparisons: Sequence[ComparisonResult]       # compare_scenarios(previous, next)
    voi: AnalysisResult[ValueOfInformation] | None  # voi_scenario of the latest snapshot
    nodes: Mapping[str, Mapping[str, Any]]        # name -> label, states, parents, resolution
    documents: Mapping[str, Mapping[str, Any]]    # id -> title, outlet, published, file, ...
    model_citations: Mapping[str, Sequence[str]] = field(default_factory=dict)  # doc -> nodes
    model_card: str | None = None                 # the card's markdown text
    model_card_path: str | None = None            # where it was (or would have been) found
    network: NetworkInput | None = None           # the model's network as of the latest snapshot
    yardstick: str = "icd203"
    marking: str | None = None
    author: str | None = None                     # who wrote the brief (cover, metadata)
    summary: bool = False                         # one-page executive brief
    annex: bool = False                           # ACH, full evidence tables, the network
    warn: Any = None                              # warn_scenario of the latest snapshot
    board: Board | None = None                    # the indicator board over the snapshots
