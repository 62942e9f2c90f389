"""Statistics of the archive as it stood at each article: counts over the articles up to it in date
order, so that an article's vector never depends on a later one.

Each article is weighed as if the archive ended with it: its document frequencies count the
articles up to it (itself included), in `date_order`, and so do the share of articles a word may
reach (`max_df`), the size below which an archive is small, and the templates (paragraphs
already seen in `TEMPLATE_ARTICLES` articles), but that the first `WARM_UP` articles all count
the first `WARM_UP`. Terms are numbered in order of first use, so the
columns of the articles before any date are the same whatever comes after. Then a build that adds
a report, or edits one, changes no vector before it, and grouping can resume from there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date

import numpy as np
from scipy import sparse

from .vectors import unit_rows

# The first articles of an archive are weighed alike, by the counts over the first `WARM_UP`: a
# word's frequency among a few dozen reports says little (an edit among them regroups from the start).
WARM_UP = 500
TEMPLATE_ARTICLES = 3  # a paragraph seen in this many articles is a template (a sign-off, a notice)


def warm_up() -> int:
    """`WARM_UP` as it stands now (read at each call, so a test may shorten it)."""
    return WARM_UP


def date_order(dates: Sequence[date | float | None]) -> list[int]:
    """The articles' indices by date (undated last; one date's articles in their given order)."""
    return sorted(range(len(dates)), key=lambda i: (dates[i] is None, dates[i] or 0, i))


def templates_so_far(keys: Sequence[Sequence[str]], order: Sequence[int]) -> list[frozenset[str]]:
    """For each article, the paragraph keys of its own that at least `TEMPLATE_ARTICLES` articles
    up to it in `order` hold (each article counted once per key)."""
    seen: Counter[str] = Counter()
    found: list[frozenset[str]] = [frozenset()] * len(keys)
    for i in order[:WARM_UP]:
        seen.update(set(keys[i]))
    for n, i in enumerate(order):
        own = set(keys[i])
        if n >= WARM_UP:
            seen.update(own)
        found[i] = frozenset(k for k in own if seen[k] >= TEMPLATE_ARTICLES)
    return found


def term_counts(
    docs: Sequence[object], order: Sequence[int], terms: Callable[[object], Iterable[str]]
) -> sparse.csr_matrix:
    """Sublinear term frequencies `1 + ln(tf)` (float32), one row per document, columns numbered
    by first use in `order`."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    lengths: list[int] = []
    for i in order:  # rows in date order first, then put back in the documents' order
        found = Counter(terms(docs[i]))
        indices.extend(vocabulary.setdefault(t, len(vocabulary)) for t in found)
        counts.extend(found.values())
        lengths.append(len(found))
    return counts_in_order(indices, counts, lengths, order, len(vocabulary))


def counts_in_order(
    indices: Sequence[int] | np.ndarray,
    counts: Sequence[int] | np.ndarray,
    lengths: Sequence[int] | np.ndarray,
    order: Sequence[int],
    columns: int,
) -> sparse.csr_matrix:
    """`term_counts` from each document's term columns and counts, the documents in `order`
    (`lengths`: how many terms each holds), one row per document in their own order."""
    shape = (len(order), max(1, columns))
    by_date = sparse.csr_matrix(
        (
            np.asarray(counts, dtype=np.float32),
            np.asarray(indices, dtype=np.int64),
            np.r_[0, np.cumsum(lengths, dtype=np.int64)],
        ),
        shape=shape,
    )
    position = np.empty(len(order), dtype=np.int64)
    position[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    matrix = by_date[position]
    matrix.sort_indices()
    matrix.data = np.log(matrix.data) + np.float32(1.0)
    return matrix


def frequencies_so_far(matrix: sparse.csr_matrix, order: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """For each stored entry of `matrix` (CSR order): how many articles up to its own in `order`
    hold its term (its own included), and how many articles there are up to it; the first
    `WARM_UP` articles all count the first `WARM_UP`."""
    position = np.empty(matrix.shape[0], dtype=np.int64)
    position[np.asarray(order, dtype=np.int64)] = np.arange(matrix.shape[0])
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    entry_position = position[rows]
    by_term = np.lexsort((entry_position, matrix.indices))  # entries by term, then by position
    terms = matrix.indices[by_term]
    starts = np.r_[0, np.flatnonzero(np.diff(terms)) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(terms)]))
    df = np.empty(len(terms), dtype=np.float64)
    df[by_term] = np.arange(len(terms)) - run_start + 1
    early = entry_position < WARM_UP
    in_warm_up = np.bincount(matrix.indices[early], minlength=matrix.shape[1]).astype(np.float64)
    df[early] = in_warm_up[matrix.indices[early]]
    seen = np.maximum(entry_position + 1, min(WARM_UP, matrix.shape[0]))
    return df, seen.astype(np.float64)


def causal_tfidf(
    matrix: sparse.csr_matrix, order: Sequence[int], max_df: float = 1.0, small: int = 0
) -> sparse.csr_matrix:
    """`vectors.tfidf` rows from sublinear counts, each with the smooth idf of the articles up to
    it; a term more than `max_df` of them hold is left out, unless they are fewer than `small`."""
    df, n = frequencies_so_far(matrix, order)
    out = matrix.copy()
    idf = np.log((n + 1) / (df + 1)) + 1.0
    out.data = (out.data * idf.astype(np.float32)).astype(np.float32)
    if max_df < 1.0:
        out.data[(n >= small) & (df > max_df * n)] = 0.0
        out.eliminate_zeros()
    return unit_rows(out)


def causal_specific(matrix: sparse.csr_matrix, order: Sequence[int], small: int = 0) -> sparse.csr_matrix:
    """`features.specific` with each article's counts up to it (unchanged while fewer than
    `small` articles are)."""
    if matrix.nnz == 0:
        return matrix
    df, n = frequencies_so_far(matrix, order)
    idf = np.log((n + 1) / (df + 1))
    factor = np.where(n >= small, idf / (idf + 1.0), 1.0)
    out = matrix.tocsr(copy=True)
    out.data = (out.data * factor).astype(out.dtype)
    out.eliminate_zeros()
    return unit_rows(out)
