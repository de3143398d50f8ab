"""BM25 ranking of passages against every indicator's weighted query, with bm25s.

Two indexes over the same passages: the sentences alone, and each sentence in its window
(the unit before, the sentence, the unit after). A passage scores

    score = BM25(sentence) + CONTEXT_WEIGHT x BM25(window)

so a sentence that says the thing itself beats its neighbours, and a sentence whose subject
is named in the heading or sentence before it is still found. Terms are lower-cased, English
stop words dropped and words reduced to their Snowball stems (PyStemmer), so "deployments"
meets "deployment". All queries are answered at once: the BM25 score matrix (passages x
terms) times the queries' weight matrix (terms x indicators). IDF is counted over the
passages being read plus `background` (the documents the model already knows), so that a
single short article still tells common words from rare ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

CONTEXT_WEIGHT = 0.5
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


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased word stems without English stop words, one list per text."""
    import bm25s

    if not texts:
        return []
    tokens = bm25s.tokenize(texts, lower=True, stopwords="en", stemmer=_stemmer().stemWords,
                            return_ids=False, show_progress=False)
    return [list(t) for t in tokens]


def score_matrix(texts: list[str]):
    """The BM25 score of every term in every text: a sparse (texts x vocabulary) matrix and the
    vocabulary (term -> column)."""
    import bm25s
    import scipy.sparse as sp

    tokens = tokenize(texts)
    # a text with no word left (all stop words) still takes its row
    tokens = [t if t else [""] for t in tokens]
    retriever = bm25s.BM25(k1=K1, b=B)
    retriever.index(tokens, show_progress=False)
    s = retriever.scores
    columns = len(s["indptr"]) - 1  # bm25s names "" in its vocabulary without a column
    matrix = sp.csc_matrix((s["data"], s["indices"], s["indptr"]),
                           shape=(s["num_docs"], columns)).tocsr()
    vocab = {term: i for term, i in retriever.vocab_dict.items() if term and i < columns}
    return matrix, vocab


def rank(sentences: Sequence[str], windows: Sequence[str], queries: Sequence[dict[str, float]],
         top: int, background: Sequence[str] = ()) -> list[list[Hit]]:
    """For each query, its best `top` passages with a positive score, best first (ties in
    reading order). `sentences[i]` and `windows[i]` are passage i alone and in its window."""
    import scipy.sparse as sp

    n = len(sentences)
    if n == 0 or not queries:
        return [[] for _ in queries]
    total = np.zeros((n, len(queries)))
    for texts, weight in ((sentences, 1.0), (windows, CONTEXT_WEIGHT)):
        matrix, vocab = score_matrix([*texts, *background])
        rows, cols, vals = [], [], []
        for k, query in enumerate(queries):
            for term, w in query.items():
                column = vocab.get(term)
                if column is not None:
                    rows.append(column)
                    cols.append(k)
                    vals.append(w)
        weights = sp.csr_matrix((vals, (rows, cols)), shape=(matrix.shape[1], len(queries)))
        total += weight * np.asarray((matrix[:n] @ weights).todense(), dtype=float)
    out = []
    for k in range(len(queries)):
        column = total[:, k]
        order = np.lexsort((np.arange(n), -column))
        out.append([Hit(int(i), float(column[i])) for i in order[:top] if column[i] > 0])
    return out
