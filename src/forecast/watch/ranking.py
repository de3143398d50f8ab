"""BM25 ranking of passages against every indicator's weighted query, with bm25s.

One index over every unit of the documents read (sentences and the headings between them):
each unit's BM25 score for each query. A passage then scores

    score = BM25(sentence) + CONTEXT_WEIGHT x (BM25(unit before) + BM25(unit after))

(neighbours in the same document only), so a sentence that says the thing itself beats its
neighbours, and a sentence whose subject is named in the heading or sentence before it is
still found. Terms are lower-cased, English stop words dropped and words reduced to their
Snowball stems (PyStemmer), so "deployments" meets "deployment". All queries are answered
at once: the BM25 score matrix (units x terms) times the queries' weight matrix (terms x
indicators). IDF is counted over the units read plus `background` (the documents the model
already knows), so that a single short article still tells common words from rare ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

CONTEXT_WEIGHT = 0.25  # the neighbours together weigh half a sentence
K1 = 1.5
B = 0.75


@dataclass(frozen=True)
class Hit:
    passage: int  # index into the passages ranked
    score: float


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def _tokenize(texts: list[str], ids: bool):
    import bm25s

    return bm25s.tokenize(texts, lower=True, stopwords="en", stemmer=_stemmer().stemWords,
                          return_ids=ids, show_progress=False)


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased word stems without English stop words, one list per text."""
    if not texts:
        return []
    return [list(t) for t in _tokenize(list(texts), ids=False)]


def unit_scores(texts: Sequence[str], queries: Sequence[dict[str, float]]) -> np.ndarray:
    """BM25 score of every text for every weighted query: an array (texts x queries)."""
    import bm25s
    import scipy.sparse as sp

    tokenized = _tokenize(list(texts), ids=True)
    vocab = dict(tokenized.vocab)
    ids = [t if t else [_blank(vocab)] for t in tokenized.ids]  # a text of stop words only
    retriever = bm25s.BM25(k1=K1, b=B)
    retriever.index((ids, vocab), show_progress=False)
    s = retriever.scores
    columns = len(s["indptr"]) - 1
    matrix = sp.csc_matrix((s["data"], s["indices"], s["indptr"]),
                           shape=(s["num_docs"], columns)).tocsr()
    rows, cols, vals = [], [], []
    for k, query in enumerate(queries):
        for term, w in query.items():
            column = vocab.get(term)
            if term and column is not None and column < columns:
                rows.append(column)
                cols.append(k)
                vals.append(w)
    weights = sp.csr_matrix((vals, (rows, cols)), shape=(columns, len(queries)))
    return np.asarray((matrix @ weights).todense(), dtype=float)


def _blank(vocab: dict[str, int]) -> int:
    return vocab.setdefault("", len(vocab))


def rank(units: Sequence[str], documents: Sequence[int], passage_units: Sequence[int],
         queries: Sequence[dict[str, float]], top: int, background: Sequence[str] = ()
         ) -> list[list[Hit]]:
    """For each query, its best `top` passages with a positive score, best first (ties in
    reading order). `units` are every unit read, in order, `documents[u]` the document of
    unit u, and `passage_units[i]` the unit of passage i."""
    n = len(passage_units)
    if n == 0 or not queries:
        return [[] for _ in queries]
    scores = unit_scores([*units, *background], queries)[:len(units)]
    same = np.asarray(documents[1:]) == np.asarray(documents[:-1])
    context = np.zeros_like(scores)
    context[1:] += scores[:-1] * same[:, None]  # the unit before, in the same document
    context[:-1] += scores[1:] * same[:, None]  # the unit after
    total = (scores + CONTEXT_WEIGHT * context)[np.asarray(passage_units)]
    out = []
    order = np.arange(n)
    for k in range(len(queries)):
        column = total[:, k]
        if n > 4 * top:  # only the best few need sorting
            keep = np.argpartition(-column, top)[:top + 1]
            cut = column[keep].min()
            candidates = order[column >= cut]
        else:
            candidates = order
        best = candidates[np.lexsort((candidates, -column[candidates]))][:top]
        out.append([Hit(int(i), float(column[i])) for i in best if column[i] > 0])
    return out
