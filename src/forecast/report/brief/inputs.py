"""What goes into a brief: the use cases' results per snapshot and the model's data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SnapshotInput:
    run: Mapping[str, Any]            # run_scenario result (intervals with --samples)
    sensitivity: Mapping[str, Any]    # sensitivity_scenario result
    explain: Mapping[str, Any]        # explain_scenario result (with `ach`)
    answer: Mapping[str, Any] | None = None  # answer_scenario: the asked event, confidence


@dataclass(frozen=True)
class BriefInput:
    snapshots: Sequence[SnapshotInput]            # oldest first
    comparisons: Sequence[Mapping[str, Any]]      # compare_scenarios(previous, next)
    voi: Mapping[str, Any] | None                 # voi_scenario of the latest snapshot
    nodes: Mapping[str, Mapping[str, Any]]        # name -> label, states, parents, resolution
    documents: Mapping[str, Mapping[str, Any]]    # id -> title, outlet, published, file, ...
    model_citations: Mapping[str, Sequence[str]] = field(default_factory=dict)  # doc -> nodes
    model_card: str | None = None                 # the card's markdown text
    model_card_path: str | None = None            # where it was (or would have been) found
    network: Mapping[str, Any] | None = None      # network_data of the latest snapshot
    yardstick: str = "icd203"
    marking: str | None = None
    author: str | None = None                     # who wrote the brief (cover, metadata)
    summary: bool = False                         # one-page executive brief
