"""A new case's files (`forecast init`): the texts of a model, a scenario, a sources index with
one document, an overlay, a model card and a README that validate and run as written, each
with comments saying what to fill in. Pure: names and texts in, {relative path: text} out."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import UserError
from .interop.names import IDENTIFIER, identifier

CAUSE = "driver"
CAUSE_STATES = ("weak", "strong")
SCENARIO = "first"
DOCUMENT = "example_source"
DOCUMENT_FILE = "example_source.txt"
OVERLAY = "analyst_a"
QUOTE_CAUSE = "The driver of the outcome was reported to be strong this week."
QUOTE_OUTCOME = "A strong driver makes the higher outcomes more likely, observers said."


@dataclass(frozen=True)
class CaseNames:
    """What `init` was asked for, made into identifiers (each slug said back to the user)."""

    case: str                    # the model id and the stem of its files
    question: str
    outcome: str                 # the outcome node
    states: tuple[str, ...]      # its states, in the order given (ordered low -> high)
    slugged: tuple[tuple[str, str], ...] = ()   # (as written, identifier) where they differ


def slug(text: str) -> str:
    """Lower-case snake_case identifier of free text ('' when nothing usable is left)."""
    words = re.sub(r"[^A-Za-z0-9]+", "_", text.strip().lower()).strip("_")
    return identifier(words) if words else ""


def case_names(folder_name: str, question: str, outcomes: Sequence[str],
               outcome_node: str = "outcome") -> CaseNames:
    """The identifiers of a new case, or a UserError naming the option to fix."""
    problems: list[str] = []
    case = slug(folder_name) or "case"
    if not question.strip():
        problems.append("--question is empty; write the question the case answers, e.g. "
                        "--question 'Will X happen by June?'")
    written = [o.strip() for o in outcomes if o.strip()]
    if len(written) < 2:
        problems.append(f"--outcome gives {len(written)} state(s); give at least two, comma "
                        "separated, in order from 'nothing happened' up, e.g. "
                        "--outcome no_change,partial,full")
    states: list[str] = []
    slugged: list[tuple[str, str]] = []
    for text in written:
        name = text if IDENTIFIER.match(text) else slug(text)
        if not name:
            problems.append(f"--outcome {text!r} has no letter or digit to make a state name "
                            "from; use letters, digits and _")
            continue
        if name in states:
            problems.append(f"--outcome names state {name!r} twice (from {text!r}); outcome "
                            "states must be distinct")
            continue
        if name != text:
            slugged.append((text, name))
        states.append(name)
    node = outcome_node if IDENTIFIER.match(outcome_node) else slug(outcome_node)
    if not node:
        problems.append(f"--target {outcome_node!r} cannot be a node name; use letters, digits "
                        "and _")
    elif node == CAUSE:
        problems.append(f"--target {outcome_node!r} clashes with the skeleton's cause node "
                        f"{CAUSE!r}; choose another name")
    if problems:
        raise UserError(problems)
    return CaseNames(case, question.strip(), node, tuple(states), tuple(slugged))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _rows(k: int) -> tuple[list[float], list[float]]:
    """Placeholder rows: a weak driver favours the first state, a strong one is flat.
    Written to two decimals summing to exactly 1."""
    weights = [k - i for i in range(k)]
    weak = [round(w / sum(weights), 2) for w in weights]
    flat = [round(1 / k, 2)] * k
    for row in (weak, flat):
        row[0] = round(row[0] + 1 - sum(row), 2)
    return weak, flat


def _dist(states: Sequence[str], values: Sequence[float]) -> str:
    return "{" + ", ".join(f"{s}: {v:g}" for s, v in zip(states, values, strict=True)) + "}"


def model_yaml(n: CaseNames, as_of: dt.date) -> str:
    weak, flat = _rows(len(n.states))
    resolution = "\n".join(
        f"      {s}: TODO what must have happened by the horizon for {s!r} to be true"
        for s in n.states)
    return f"""\
# The model: the factors that bear on the question, their states and numbers.
# Check it with `forecast validate models/{n.case}.yaml`; `forecast schema model` prints every key.
format: forecast-model/1
id: {n.case}
title: {_q(n.question)}
description: TODO what the model covers and what it leaves out.
as_of: {as_of.isoformat()}          # what its numbers may know: later citations are hindsight
targets: [{n.outcome}]
confidence: 20                  # how firmly the numbers are held (Dirichlet sample size)
nodes:
  # A cause. Replace it with the factors your sources name; a factor without parents
  # takes a `prior`, one with parents a `table` (or noisy_max, ranked).
  {CAUSE}:
    label: TODO what the factor is
    description: TODO how it would be observed
    states: [{", ".join(CAUSE_STATES)}]       # ordered low -> high
    prior: {{weak: 0.5, strong: 0.5}}
    rationale: TODO why these numbers
    observable: true            # reports can be collected on it (an indicator)
    sources:
      - {{doc: {DOCUMENT}, quote: {_q(QUOTE_CAUSE)}}}
  # The outcome: mutually exclusive states that cover every case, in order from
  # "nothing happened" up. Say in `resolution` what makes each one true.
  {n.outcome}:
    label: {_q(n.question)}
    states: [{", ".join(n.states)}]
    parents: [{CAUSE}]
    table:                      # one row per combination of the parents' states
      - given: {{{CAUSE}: weak}}
        p: {_dist(n.states, weak)}
      - given: {{{CAUSE}: strong}}
        p: {_dist(n.states, flat)}
    rationale: TODO why these numbers
    resolution:
{resolution}
    sources:
      - {{doc: {DOCUMENT}, quote: {_q(QUOTE_OUTCOME)}}}
"""


def scenario_yaml(n: CaseNames, as_of: dt.date, horizon: dt.date) -> str:
    return f"""\
# A snapshot: what was known on `as_of`, the evidence quoted from the sources and graded.
# Run it with `forecast run scenarios/{SCENARIO}.yaml`. Copy this file for each new snapshot.
format: forecast-scenario/1
id: {SCENARIO}
title: TODO what happened that makes this snapshot worth taking
as_of: {as_of.isoformat()}
horizon: {horizon.isoformat()}        # the question is about what happens by this date
model: ../models/{n.case}.yaml
targets: [{n.outcome}]
evidence:
  # One finding per report: the node, the state it reports, an Admiralty grade
  # (source A-F, information 1-6) and a verbatim quote from a document in seeds/.
  - id: driver_reported_strong
    node: {CAUSE}
    state: strong
    grade: C3                   # TODO grade the source and the information
    origin: example_report      # the event or speaker the report traces to
    source: {{doc: {DOCUMENT}, quote: {_q(QUOTE_CAUSE)}}}
    note: TODO why this grade
priors: {{}}                      # adjustments of root priors for this snapshot, if any
"""


def sources_yaml(as_of: dt.date) -> str:
    return f"""\
# The documents the model and the scenarios quote. Each file lives in this folder;
# every quote must occur in its document (`forecast sources check`).
format: forecast-sources/1
documents:
  - id: {DOCUMENT}
    file: {DOCUMENT_FILE}
    title: TODO the document's headline
    url: null                   # TODO where it was found (printed in the brief's sources)
    outlet: null                # TODO who published it; null when the text does not say
    published: {as_of.isoformat()}
    published_basis: TODO how the date was found (a dateline, a timestamp)
"""


def document_text() -> str:
    return (
        "TODO: replace this file with the text of a source document (saved as UTF-8 text),\n"
        "and add one entry per document to index.yaml.\n\n"
        f"{QUOTE_CAUSE} {QUOTE_OUTCOME}\n")


def overlay_yaml(n: CaseNames, as_of: dt.date) -> str:
    weak, _ = _rows(len(n.states))
    reversed_row = list(reversed(weak))
    return f"""\
# An analyst's own numbers over the model, kept beside it instead of in a copy:
#   forecast run scenarios/{SCENARIO}.yaml --analyst overlays/{OVERLAY}.yaml
format: forecast-overlay/1
analyst: {OVERLAY}
date: {as_of.isoformat()}
model: ../models/{n.case}.yaml
rationale: TODO why these numbers differ from the model's
priors:                         # root priors this analyst holds
  {CAUSE}: {{weak: 0.4, strong: 0.6}}
nodes:
  {n.outcome}:
    table:                      # single rows: the rows not given stay the model's
      - given: {{{CAUSE}: strong}}
        p: {_dist(n.states, reversed_row)}
"""


def card_md(n: CaseNames, as_of: dt.date, horizon: dt.date) -> str:
    rows = "\n".join(f"| `{s}` | TODO what must happen by the horizon |" for s in n.states)
    return f"""\
# Model card: {n.question} (`{n.case}`)

File: `models/{n.case}.yaml` (as of {as_of.isoformat()}). Scenarios: `scenarios/{SCENARIO}.yaml`.
Sources: the documents in `seeds/` (listed in `seeds/index.yaml`).

**Read this first.** TODO: say in two or three sentences what the model is and is not: whose
judgements its numbers are, what they rest on, and what nobody has checked yet.

## 1. The question

> {n.question}

Target node: `{n.outcome}`. Its states are mutually exclusive, cover every case and are listed
from "nothing happened" up. Horizon: {horizon.isoformat()}.

| state | resolves true when |
|---|---|
{rows}

## 2. Structure

TODO: each node, why it is there, and why its parents are its parents.

## 3. Where the numbers come from

TODO: for each number, the source or the judgement behind it, and its credible range.

## 4. Known weaknesses

- TODO: the assumption you are least sure of, and what it would change.

## 5. How to adjust it

TODO: which numbers matter most (`forecast sensitivity scenarios/{SCENARIO}.yaml`), and how to
write an overlay instead of editing the model.
"""


def _files_table(n: CaseNames) -> str:
    rows = [
        ("file", "what it holds", "fill in"),
        ("---", "---", "---"),
        (f"`models/{n.case}.yaml`", "the network: factors, states, numbers, citations",
         "the causes your sources name, their numbers and rationales"),
        (f"`models/{n.case}.md`", "the model card (checked by `forecast validate`, read by "
         "the brief)", "how each outcome resolves, the weaknesses"),
        (f"`scenarios/{SCENARIO}.yaml`", "a dated snapshot: the evidence, graded and quoted",
         "the findings of your sources"),
        (f"`seeds/index.yaml`, `seeds/{DOCUMENT_FILE}`", "the source documents",
         "one entry and one text file per document"),
        (f"`overlays/{OVERLAY}.yaml`", "an analyst's own numbers over the model",
         "rows or priors where you disagree"),
    ]
    return "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)


def readme_md(n: CaseNames) -> str:
    states = ", ".join(f"`{s}`" for s in n.states)
    return f"""\
# {n.question}

A `forecast` case: a model, its snapshots and the sources they quote. Outcome: `{n.outcome}`
({states}).

{_files_table(n)}

Run from this folder (with `forecast` on PATH, or `.venv/bin/forecast` of the clone):

```sh
forecast validate models/{n.case}.yaml scenarios/{SCENARIO}.yaml seeds/index.yaml overlays/{OVERLAY}.yaml
forecast run scenarios/{SCENARIO}.yaml
forecast run scenarios/{SCENARIO}.yaml --analyst overlays/{OVERLAY}.yaml
forecast sensitivity scenarios/{SCENARIO}.yaml
forecast explain scenarios/{SCENARIO}.yaml
```

Every line marked TODO is yours to write; `forecast schema model|scenario|sources|overlay`
describes every key.
"""


def case_files(n: CaseNames, as_of: dt.date, horizon: dt.date) -> dict[str, str]:
    """Every file of a fresh case, by path relative to its folder."""
    return {
        "README.md": readme_md(n),
        f"models/{n.case}.yaml": model_yaml(n, as_of),
        f"models/{n.case}.md": card_md(n, as_of, horizon),
        f"scenarios/{SCENARIO}.yaml": scenario_yaml(n, as_of, horizon),
        "seeds/index.yaml": sources_yaml(as_of),
        f"seeds/{DOCUMENT_FILE}": document_text(),
        f"overlays/{OVERLAY}.yaml": overlay_yaml(n, as_of),
    }
