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


def _forecaster_name(value: str) -> str:
    """Refuse an analyst name the ledger or a printed line could mistake for something else."""
    from ..domain.forecaster import forecaster_name_problem

    problem = forecaster_name_problem(value)
    if problem:
        raise ValueError(problem)
    return value


AnalystName = Annotated[StrictStr, Field(min_length=1), AfterValidator(_forecaster_name)]
Distribution = dict[Identifier, Number] | list[Number]
Grade = Annotated[StrictStr, Field(pattern=r"^[A-F][1-6]$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Stake = Literal["interested", "neutral", "unknown"]
def _finite(value: int | float) -> int | float:
    """Refuse .inf (and .nan) where a size is meant: a window, a confidence."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{value} is not a finite number; write a positive number such as 30")
    return value


PositiveNumber = Annotated[Number, Field(gt=0), AfterValidator(_finite)]


class RelaySpec(Strict):
    """One link between a report's speaker and the page quoted, with its own reliability."""

    name: Text
    reliability: Literal["A", "B", "C", "D", "E", "F"]


class Citation(Strict):
    """A verbatim quote from a document of the seeds folder; `speaker` is who says it there,
    `stake` whether they have an interest in being believed (DESIGN section 7); `via` the
    relays it passed through (DESIGN section 8)."""

    doc: Identifier
    quote: Text
    speaker: Text | None = None
    stake: Stake | None = None
    via: Annotated[list[RelaySpec], Field(min_length=1)] | None = None


Span = Annotated[list[Number], Field(min_length=2, max_length=2)]
# the credible span of one state's number (DESIGN section 8): {state: [low, high]}
Ranges = dict[Identifier, Span]


class HazardStep(Strict):
    """From this date on, the windowed node's hazard is `weight` times the base rate (only
    the profile's shape matters; DESIGN section 8)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: dt.date = Field(alias="from")
    weight: Number


class TableRow(Strict):
    given: dict[Identifier, Identifier]
    p: Distribution
    range: Ranges | None = None


class NoisyMaxSpec(Strict):
    """`leak`: the child's distribution with every cause at its first state; `parents`:
    per parent, per state, the distribution that state alone would cause."""

    leak: Distribution
    parents: dict[Identifier, dict[Identifier, Distribution]]


class RankedSpec(Strict):
    function: Literal["wmean", "wmin", "wmax", "mixminmax"] = "wmean"
    weights: dict[Identifier, Number]
    variance: Annotated[Number, Field(gt=0, le=10)]
    range: Ranges | None = None  # stated spans of weights: {parent: [low, high]}


class NodeSpec(Strict):
    label: Text | None = None
    description: Text | None = None
    states: Annotated[list[Identifier], Field(min_length=2)]
    parents: list[Identifier] = []
    prior: Distribution | None = None
    range: Ranges | None = None  # on a prior: the stated span of one state's number
    table: list[TableRow] | None = None
    noisy_max: NoisyMaxSpec | None = None
    ranked: RankedSpec | None = None
    rationale: Text | None = None
    sources: list[Citation] = []
    basis: Literal["judgement"] | None = None  # no sources: the numbers are judgement
    confidence: Annotated[Number, Field(gt=0)] | None = None
    resolution: dict[Identifier, Text] | None = None
    observable: StrictBool = False
    window_days: PositiveNumber | None = None
    hazard: list[HazardStep] | None = None


class GradeSpec(Strict):
    """Weights of the Admiralty grades; keys omitted keep their defaults."""

    reliability: dict[Literal["A", "B", "C", "D", "E", "F"], Annotated[Number, Field(ge=0, le=1)]] = {}
    credibility: dict[Literal["1", "2", "3", "4", "5", "6"], Annotated[Number, Field(ge=0, le=1)]] = {}


class QuestionSpec(Strict):
    """The question a model answers (DESIGN section 8): the brief's bottom line answers
    P(`node` in `event`) first."""

    text: Text
    node: Identifier
    event: Annotated[list[Identifier], Field(min_length=1)]


class ModelSpec(Strict):
    format: Literal["forecast-model/1"]
    id: Identifier
    title: Text
    description: Text | None = None
    as_of: dt.date | None = None
    written: dt.date | None = None  # when the numbers were set (DESIGN section 8)
    targets: list[Identifier] = []
    question: QuestionSpec | None = None
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
    """The first format of an outside view, read as a view: it must name its `event` and
    give `p` as one number or the yardstick's words (a distribution is refused)."""

    name: Text
    target: Identifier | None = None
    event: Annotated[list[Identifier], Field(min_length=1)] | None = None
    p: Number | Text | Distribution
    by: dt.date | None = None
    basis: Text | None = None
    source: Citation | None = None


class BaseRateSpec(Strict):
    """A counted reference class on one event of a node (DESIGN section 8): `events` of
    `cases` cases, each watched for `per_days` days, saw the event."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: Identifier
    node: Identifier
    event: Annotated[list[Identifier], Field(min_length=1)]
    class_: Annotated[Text, Field(alias="class")]
    events: Annotated[Number, Field(ge=0)]
    cases: Annotated[Number, Field(ge=0)]
    per_days: PositiveNumber
    source: Citation | None = None
    note: Text | None = None


class ViewSpec(Strict):
    """What one person said, on the event they named: a number, or the yardstick's words;
    `by` the date they gave (undated views are shown, not scored)."""

    id: Identifier
    who: Text | None = None
    node: Identifier
    event: Annotated[list[Identifier], Field(min_length=1)]
    p: Number | Text
    by: dt.date | None = None
    source: Citation | None = None
    note: Text | None = None


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
    quiet_since: dt.date | None = None
    base_rates: list[BaseRateSpec] = []
    views: list[ViewSpec] = []


class DocumentSpec(Strict):
    id: Identifier
    file: Text
    title: Text | None = None
    url: Text | None = None
    outlet: Text | None = None
    published: dt.date | None = None
    published_basis: Text | None = None
    derived_from: list[Identifier] = []
    note: Text | None = None
    url: Annotated[StrictStr, Field(pattern=r"^https?://[^\s<>\"]+$")] | None = None


class OverlayNodeSpec(Strict):
    """A node's whole parameter form, as in a model, replacing the model's."""

    prior: Distribution | None = None
    range: Ranges | None = None
    table: list[TableRow] | None = None
    noisy_max: NoisyMaxSpec | None = None
    ranked: RankedSpec | None = None
    confidence: PositiveNumber | None = None
    rationale: Text | None = None


class OverlaySpec(Strict):
    """An analyst's own numbers over a model (DESIGN section 7), for `--analyst FILE`."""

    format: Literal["forecast-overlay/1"]
    analyst: AnalystName
    date: dt.date | None = None
    written: dt.date | None = None  # when the numbers were set (DESIGN section 8)
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
