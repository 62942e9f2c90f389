"""TF-IDF rows as scikit-learn's `TfidfVectorizer` makes them, without importing scikit-learn.

Grouping and summaries need only the vectorizer's defaults plus sublinear tf: words of two or more
word characters, lower-cased, English stop words removed, word n-grams, document-frequency limits,
smooth idf and unit-length rows. Importing scikit-learn takes about a second (it pulls in
`scipy.stats`), a tenth of the budget of a rebuild after one edit, so this module does that much
with NumPy and SciPy, and `tests/test_vectors.py` checks it against `TfidfVectorizer` on real text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib.resources import files

import numpy as np
from scipy import sparse

TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop-word list (bundled: `generator/data/english_stop_words.txt`)."""
    text = files("generator").joinpath("data/english_stop_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


def word_terms(doc: str, stop_words: frozenset[str], ngrams: int = 1) -> list[str]:
    """The document's words (lower-cased, stop words removed) and word n-grams up to `ngrams`."""
    words = [w for w in TOKEN.findall(doc.lower()) if w not in stop_words]
    terms = list(words)
    for n in range(2, ngrams + 1):
        terms += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
    return terms


def tfidf(
    docs: Sequence,
    *,
    stop_words: str | None = None,
    ngrams: int = 1,
    max_df: float = 1.0,
    analyzer: Callable[[object], list[str]] | None = None,
) -> sparse.csr_matrix:
    """Rows of sublinear TF-IDF weights (float32, unit length) over the sorted vocabulary, as
    `TfidfVectorizer(sublinear_tf=True, dtype=np.float32, stop_words=..., ngram_range=(1, ngrams),
    max_df=..., analyzer=...)` gives them. Raises ValueError, as it does, when no term is left."""
    if stop_words not in (None, "english") or not isinstance(max_df, float):
        raise TypeError("stop_words must be None or 'english', and max_df a fraction (a float)")
    stop = english_stop_words() if stop_words == "english" else frozenset()
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for doc in docs:
        found = Counter(analyzer(doc) if analyzer else word_terms(doc, stop, ngrams))
        indices.extend(vocabulary.setdefault(term, len(vocabulary)) for term in found)
        counts.extend(found.values())
        indptr.append(len(indices))
    if not vocabulary:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    order = np.empty(len(vocabulary), dtype=np.int64)  # first-seen index -> alphabetical index
    order[[vocabulary[t] for t in sorted(vocabulary)]] = np.arange(len(vocabulary))
    n = len(indptr) - 1
    matrix = sparse.csr_matrix(
        (np.array(counts, dtype=np.float32), order[indices], np.array(indptr)),
        shape=(n, len(vocabulary)),
    )
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    if max_df < 1.0:
        kept = np.flatnonzero(df <= max_df * n)
        if not len(kept):
            raise ValueError("after pruning, no terms remain")
        matrix, df = matrix[:, kept], df[kept]
    matrix.sort_indices()
    idf = np.full(len(df), n + 1, dtype=np.float32)
    idf /= (df + 1).astype(np.float32)
    idf = np.log(idf) + np.float32(1.0)
    matrix.data = (np.log(matrix.data) + np.float32(1.0)) * idf[matrix.indices]
    return unit_rows(matrix)


def unit_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    """The rows scaled to unit Euclidean length (all-zero rows stay zero), as a new CSR matrix."""
    rows = sparse.csr_matrix(matrix, dtype=np.result_type(matrix.dtype, np.float32), copy=True)
    squares = np.bincount(
        np.repeat(np.arange(rows.shape[0]), np.diff(rows.indptr)),
        weights=rows.data.astype(np.float64) ** 2,
        minlength=rows.shape[0],
    )
    norms = np.sqrt(squares)
    norms[norms == 0.0] = 1.0
    rows.data = (rows.data / np.repeat(norms, np.diff(rows.indptr))).astype(rows.dtype, copy=False)
    return rows
