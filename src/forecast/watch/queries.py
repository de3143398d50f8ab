"""What each observable indicator is about, as a weighted bag of terms for BM25.

The query is the analyst's own words for the indicator, field by field: its label, its
description, its state names (with the wording that defines them: `resolution`), its
rationale and the quotes already cited for it (by the model and by the snapshot's accepted
findings). Fields that define the indicator weigh more than those that argue about it:

    label 3, states 2, description 2, quotes 1, rationale 0.5

The rationale weighs least: it argues about the numbers, mostly in terms of the node's
causes, while the other fields say what would be seen. A term's weight is the sum over
fields of field weight x count, saturated as BM25 saturates query-term frequency (k3), so a
long rationale that repeats a word does not drown the label, then multiplied by its
specificity in the model, log(1 + N / n_t) for a term used by n_t of the N nodes' queries
(every node, latent ones too): a word every node uses ("Belarus", "observed"), or one that
belongs to a cause ("pressure"), cannot tell which indicator a passage is about.
Pure: tokenising is handed in.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

FIELD_WEIGHTS: dict[str, float] = {"label": 3.0, "states": 2.0, "description": 2.0,
                                   "quotes": 1.0, "rationale": 0.5}
K3 = 4.0  # saturation of a term's weighted count in the query


@dataclass(frozen=True)
class IndicatorQuery:
    """One observable node's words, by field."""

    node: str
    label: str
    fields: dict[str, str]


def indicator_query(name: str, node_spec, cited: Sequence[str]) -> IndicatorQuery:
    """The query of model node `name` (its spec) with the quotes the snapshot cites for it."""
    states = [s.replace("_", " ") for s in node_spec.states]
    resolution = node_spec.resolution or {}
    fields = {
        "label": node_spec.label or name.replace("_", " "),
        "states": " ".join([*states, *resolution.values()]),
        "description": node_spec.description or "",
        "quotes": " ".join([*(c.quote for c in node_spec.sources), *cited]),
        "rationale": node_spec.rationale or "",
    }
    return IndicatorQuery(name, node_spec.label or name, fields)


def term_weights(queries: Sequence[IndicatorQuery],
                 tokenize: Callable[[list[str]], list[list[str]]]) -> list[dict[str, float]]:
    """Per query, each term's weight (see the module's docstring), in a stable order."""
    fields = list(FIELD_WEIGHTS)
    texts = [q.fields.get(f, "") for q in queries for f in fields]
    tokens = tokenize(texts)
    raw: list[Counter[str]] = []
    for k in range(len(queries)):
        counts: Counter[str] = Counter()
        for j, field in enumerate(fields):
            for term in tokens[k * len(fields) + j]:
                counts[term] += FIELD_WEIGHTS[field]
        raw.append(counts)
    used_by = Counter(term for counts in raw for term in counts)
    n = len(queries)
    out = []
    for counts in raw:
        weights = {}
        for term in sorted(counts):
            saturated = counts[term] * (K3 + 1) / (K3 + counts[term])
            weights[term] = saturated * math.log(1 + n / used_by[term])
        out.append(weights)
    return out
