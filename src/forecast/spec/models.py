"""Pydantic models of the three file formats (DESIGN section 2): the contract users write to.

Only shape and types are checked here; cross-references (parents, states, documents) are
checked in `build.py`, so that `forecast validate` reports every problem in one pass.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
)

IDENTIFIER_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
Identifier = Annotated[StrictStr, Field(pattern=IDENTIFIER_PATTERN)]
Text = Annotated[StrictStr, Field(min_length=1)]


def _float_sized(value: int | float) -> int | float:
    """Refuse integers too large to be a float (they would overflow in every computation)."""
    if isinstance(value, int) and abs(value) > sys.float_info.max:
        raise ValueError("the number is too large; write a probability or weight of sensible size")
    return value


Number = Annotated[StrictInt | StrictFloat, AfterValidator(_float_sized)]
Distribution = dict[Identifier, Number] | list[Number]
Grade = Annotated[StrictStr, Field(pattern=r"^[A-F][1-6]$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Stake = Literal["interested", "neutral", "unknown"]
PositiveNumber = Annotated[Number, Field(gt=0)]


class Citation(Strict):
    """A verbatim quote from a document of the seeds folder; `speaker` is who says it there,
    `stake` whether they have an interest in being believed (DESIGN section 7)."""

    doc: Identifier
    quote: Text
    speaker: Text | None = None
    stake: Stake | None = None


class TableRow(Strict):
    given: dict[Identifier, Identifier]
    p: Distribution


class NoisyMaxSpec(Strict):
    """`leak`: the child's distribution with every cause at its first state; `parents`:
    per parent, per state, the distribution that state alone would cause."""

    leak: Distribution
    parents: dict[Identifier, dict[Identifier, Distribution]]


class RankedSpec(Strict):
    function: Literal["wmean", "wmin", "wmax", "mixminmax"] = "wmean"
    weights: dict[Identifier, Number]
    variance: Annotated[Number, Field(gt=0, le=10)]


class NodeSpec(Strict):
    label: Text | None = None
    description: Text | None = None
    states: Annotated[list[Identifier], Field(min_length=2)]
    parents: list[Identifier] = []
    prior: Distribution | None = None
    table: list[TableRow] | None = None
    noisy_max: NoisyMaxSpec | None = None
    ranked: RankedSpec | None = None
    rationale: Text | None = None
    sources: list[Citation] = []
    confidence: Annotated[Number, Field(gt=0)] | None = None
    resolution: dict[Identifier, Text] | None = None
    observable: StrictBool = False
    window_days: PositiveNumber | None = None


class GradeSpec(Strict):
    """Weights of the Admiralty grades; keys omitted keep their defaults."""

    reliability: dict[Literal["A", "B", "C", "D", "E", "F"], Annotated[Number, Field(ge=0, le=1)]] = {}
    credibility: dict[Literal["1", "2", "3", "4", "5", "6"], Annotated[Number, Field(ge=0, le=1)]] = {}


class ModelSpec(Strict):
    format: Literal["forecast-model/1"]
    id: Identifier
    title: Text
    description: Text | None = None
    as_of: dt.date | None = None
    targets: list[Identifier] = []
    confidence: Annotated[Number, Field(gt=0)] = 20
    grades: GradeSpec | None = None
    seeds: Text | None = None
    nodes: Annotated[dict[Identifier, NodeSpec], Field(min_length=1)]


class FindingSpec(Strict):
    """A finding (`state`, optionally graded) or soft evidence (`likelihood`) on one node."""

    id: Identifier | None = None
    node: Identifier
    state: Identifier | None = None
    grade: Grade | None = None
    likelihood: dict[Identifier, Number] | None = None
    origin: Text | None = None
    source: Citation | None = None
    note: Text | None = None
    # written by `forecast watch --draft`: not used by any computation until an analyst
    # judges it and removes the flag (DESIGN section 8)
    proposed: StrictBool = False


class ReferenceSpec(Strict):
    """An outside view (experts, a base rate) shown and scored beside the model's forecast."""

    name: Text
    target: Identifier | None = None
    p: Distribution
    basis: Text | None = None
    source: Citation | None = None


class ScenarioSpec(Strict):
    format: Literal["forecast-scenario/1"]
    id: Identifier
    title: Text
    description: Text | None = None
    as_of: dt.date
    horizon: dt.date | None = None
    model: Text
    targets: list[Identifier] = []
    evidence: list[FindingSpec] = []
    priors: dict[Identifier, Distribution] = {}
    reference: list[ReferenceSpec] = []


class DocumentSpec(Strict):
    id: Identifier
    file: Text
    title: Text | None = None
    outlet: Text | None = None
    published: dt.date | None = None
    published_basis: Text | None = None
    derived_from: list[Identifier] = []
    note: Text | None = None


class OverlayNodeSpec(Strict):
    """A node's whole parameter form, as in a model, replacing the model's."""

    prior: Distribution | None = None
    table: list[TableRow] | None = None
    noisy_max: NoisyMaxSpec | None = None
    ranked: RankedSpec | None = None
    confidence: PositiveNumber | None = None
    rationale: Text | None = None


class OverlaySpec(Strict):
    """An analyst's own numbers over a model (DESIGN section 7), for `--analyst FILE`."""

    format: Literal["forecast-overlay/1"]
    analyst: Text
    date: dt.date | None = None
    rationale: Text | None = None
    model: Text | None = None
    priors: dict[Identifier, Distribution] = {}
    nodes: dict[Identifier, OverlayNodeSpec] = {}


class SourcesSpec(Strict):
    format: Literal["forecast-sources/1"]
    documents: list[DocumentSpec]


SPECS: dict[str, type[Strict]] = {
    "model": ModelSpec,
    "scenario": ScenarioSpec,
    "sources": SourcesSpec,
    "overlay": OverlaySpec,
}
FORMATS: dict[str, str] = {
    "forecast-model/1": "model",
    "forecast-scenario/1": "scenario",
    "forecast-sources/1": "sources",
    "forecast-overlay/1": "overlay",
}
