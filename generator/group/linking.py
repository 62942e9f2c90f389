"""The second grouping pass: a learned linker joins storylines that tell one story.

Follow-ups (an arrest, a trial, a funeral) come weeks or months after the first reports, beyond
the time decay of the first pass; what ties them is a name few other storylines carry. Every pair
of storylines sharing a rare word or a rare central name is a candidate. Each candidate is
described by `FEATURES` and scored by a logistic regression whose weights are settings
(`GroupingConfig.linker`, fitted on both labelled corpora pooled by `bench/fit_linker.py`). What a
pair shares is weighed by how specific it is: a name held by two storylines of a thousand says
more than one held by six (`name_specificity`, the summed ln(storylines / holders) of the shared
names), and so are the words of their headlines (`title_specificity`). Time weighs against a pair
unless it shares a participant (`names.participants`: a victim, a suspect, the street): an arrest
months later names them, another shooting in the same town a year later does not. Pairs scoring
at least `link_threshold` are joined, most likely first.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..config import GroupingConfig, LinkerWeights
from ..model import Article
from .features import Features, tfidf_or_zeros
from .vectors import english_stop_words, unit_rows, word_terms

FEATURES = tuple(f.name for f in dataclasses.fields(LinkerWeights) if f.name != "bias")
MAX_SHARED = 10  # shared-token counts are capped: beyond this, more says nothing new
MAX_SPECIFICITY = 60.0  # and so is the summed specificity of shared names (about ten rare ones)
# A name's specificity is ln(storylines / storylines holding it), counted as if the archive held at
# least this many storylines: the linker is meant for archives of hundreds of articles (by default
# it needs 200); in a smaller one, where settings force it on, a shared name stays good evidence.
MIN_SCALE = 100


@dataclass(frozen=True)
class Candidates:
    """Storyline pairs (a < b) worth scoring, with one row of `FEATURES` each."""

    pairs: list[tuple[int, int]]
    features: np.ndarray  # shape (len(pairs), len(FEATURES))


def _compact(labels: Sequence[int]) -> list[int]:
    """Labels renumbered 0..k-1 in order of first appearance."""
    seen: dict[int, int] = {}
    return [seen.setdefault(label, len(seen)) for label in labels]


def _shared(
    holders: Sequence[np.ndarray] | Sequence[list[int]],
    counts: Counter[tuple[int, int]],
    weight: float = 0.0,
    weights: Counter[tuple[int, int]] | None = None,
) -> None:
    """Count, for every pair of storylines, the tokens both hold (each holder list sorted), and
    add `weight` per token to `weights`."""
    for held in holders:
        for x in range(len(held)):
            for y in range(x + 1, len(held)):
                pair = (int(held[x]), int(held[y]))
                counts[pair] += 1
                if weights is not None:
                    weights[pair] += weight


def row_dots(matrix: sparse.csr_matrix, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """The dot products of many row pairs at once."""
    if not pairs:
        return np.zeros(0)
    left, right = zip(*pairs, strict=True)
    return np.asarray(matrix[list(left)].multiply(matrix[list(right)]).sum(axis=1)).ravel()


def _title_vectors(articles: Sequence[Article]) -> sparse.csr_matrix:
    return tfidf_or_zeros([a.title for a in articles], stop_words="english")


def candidates(
    articles: Sequence[Article],
    labels: Sequence[int],
    features: Features,
    names: Sequence[Sequence[str]],
    config: GroupingConfig,
    participants: Sequence[Collection[str]] | None = None,
) -> Candidates:
    """Pairs of storylines (compact labels) sharing a rare word or name, with their features
    (`participants`: the names of each article that name a participant, `names.participants`).

    A token is rare when at most `rare_max_storylines` storylines, and at most `rare_max_share` of
    the articles, hold it: in a small archive no token is rare enough to say so.
    """
    limit = min(config.rare_max_storylines, int(len(labels) * config.rare_max_share))
    k = max(labels) + 1 if len(labels) else 0
    if limit < 2 or k < 2:
        return Candidates([], np.zeros((0, len(FEATURES))))
    indicator = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (list(labels), np.arange(len(labels)))),
        shape=(k, len(labels)),
    )
    held = ((indicator @ (features.words > 0).astype(np.float32)) > 0).astype(np.int8).tocsc()
    held.sort_indices()  # each word's storylines in order: pairs come out as (a, b) with a < b
    frequency = np.diff(held.indptr)
    words: Counter[tuple[int, int]] = Counter()
    _shared(
        [
            held.indices[held.indptr[c] : held.indptr[c + 1]]
            for c in np.flatnonzero(frequency >= 2)
            if frequency[c] <= limit
        ],
        words,
    )
    holders: dict[str, set[int]] = defaultdict(set)
    for i, article_names in enumerate(names):
        for name in article_names:
            holders[name].add(labels[i])
    shared_names: Counter[tuple[int, int]] = Counter()
    specificity: Counter[tuple[int, int]] = Counter()  # sum of ln(k / storylines) of the names shared
    scale = max(k, MIN_SCALE)
    for h in holders.values():
        if 2 <= len(h) <= limit:
            _shared([sorted(h)], shared_names, float(np.log(scale / len(h))), specificity)
    pairs = sorted(set(words) | set(shared_names))
    if not pairs:
        return Candidates([], np.zeros((0, len(FEATURES))))
    shares = _shares_participant(labels, participants, pairs, k)
    counts = (words, shared_names, specificity, shares)
    return Candidates(pairs, _describe(articles, labels, indicator, features, pairs, *counts))


def _shares_participant(
    labels: Sequence[int],
    participants: Sequence[Collection[str]] | None,
    pairs: Sequence[tuple[int, int]],
    k: int,
) -> np.ndarray:
    """1 for each pair whose storylines both name one participant, else 0."""
    held: list[set[str]] = [set() for _ in range(k)]
    for label, found in zip(labels, participants or [()] * len(labels), strict=True):
        held[label].update(found)
    return np.array([float(not held[a].isdisjoint(held[b])) for a, b in pairs])


def title_specificity(
    articles: Sequence[Article], labels: Sequence[int], pairs: Sequence[tuple[int, int]]
) -> np.ndarray:
    """For each pair, the summed specificity `ln(storylines / holders)` of the words of more than
    three letters both storylines' headlines hold (numbers and stop words left out; storylines
    floored at `MIN_SCALE`, the sum capped at `MAX_SPECIFICITY`, over 10): "Copeland", "Alturas" or
    "Poore" in two headlines, not "shooting" or "police"."""
    k = max(labels) + 1 if len(labels) else 0
    stop = english_stop_words()
    held: list[set[str]] = [set() for _ in range(k)]
    for label, article in zip(labels, articles, strict=True):
        held[label].update(w for w in word_terms(article.title, stop) if len(w) > 3 and not w.isdigit())
    holders = Counter(w for words in held for w in words)
    scale = max(k, MIN_SCALE)
    sums = [sum(np.log(scale / holders[w]) for w in held[a] & held[b]) for a, b in pairs]
    return np.minimum(np.array(sums, dtype=np.float64), MAX_SPECIFICITY) / 10.0


def _describe(
    articles: Sequence[Article],
    labels: Sequence[int],
    indicator: sparse.csr_matrix,
    features: Features,
    pairs: list[tuple[int, int]],
    words: Counter[tuple[int, int]],
    shared_names: Counter[tuple[int, int]],
    specificity: Counter[tuple[int, int]],
    shares: np.ndarray,
) -> np.ndarray:
    """One row of `FEATURES` per pair (`shares`: whether it shares a participant)."""
    k = indicator.shape[0]
    first = np.full(k, np.inf)
    last = np.full(k, -np.inf)
    sources: list[set[str]] = [set() for _ in range(k)]
    for label, article in zip(labels, articles, strict=True):
        if article.date:
            day = article.date.toordinal()
            first[label], last[label] = min(first[label], day), max(last[label], day)
        if article.source:
            sources[label].add(article.source)
    sizes = np.asarray(indicator.sum(axis=1)).ravel()
    a, b = (np.array(side) for side in zip(*pairs, strict=True))
    gap = np.maximum(0.0, np.maximum(first[b] - last[a], first[a] - last[b]))
    gap[~np.isfinite(gap)] = 365.0  # an undated storyline: far, as far as the linker knows
    cos_words = row_dots(unit_rows(indicator @ features.words), pairs)
    cos_mixed = row_dots(unit_rows(indicator @ features.matrix), pairs)
    n_words = np.minimum([words[p] for p in pairs], MAX_SHARED)
    n_names = np.minimum([shared_names[p] for p in pairs], MAX_SHARED)
    columns = {
        "cos_words": cos_words,
        "cos_entities": row_dots(unit_rows(indicator @ features.entities), pairs),
        "cos_mixed": cos_mixed,
        "cos_titles": row_dots(unit_rows(indicator @ _title_vectors(articles)), pairs),
        "shared_words": n_words,
        "shared_names": n_names,
        "name_specificity": np.minimum([specificity[p] for p in pairs], MAX_SPECIFICITY) / 10.0,
        "log_gap_days": np.log1p(gap),
        "same_source": np.array([float(bool(sources[x] & sources[y])) for x, y in pairs]),
        "log_sizes": np.log(sizes[a] * sizes[b]),
        "cos_words_x_names": cos_words * n_names,
        "cos_mixed_x_words": cos_mixed * n_words,
        "shares_participant": shares,
        "log_gap_no_participant": (1.0 - shares) * np.log1p(gap),
        "title_specificity": title_specificity(articles, labels, pairs),
    }
    return np.column_stack([columns[name] for name in FEATURES]).astype(np.float64)


def probabilities(found: Candidates, weights: LinkerWeights) -> np.ndarray:
    """The linker's probability that each candidate pair tells one story."""
    if not found.pairs:
        return np.zeros(0)
    coefficients = np.array([getattr(weights, name) for name in FEATURES])
    return 1.0 / (1.0 + np.exp(-(found.features @ coefficients + weights.bias)))


def join(
    labels: Sequence[int],
    pairs: Sequence[tuple[int, int]],
    scores: np.ndarray,
    threshold: float,
    vectors: sparse.csr_matrix | None = None,
    min_similarity: float = 0.0,
) -> list[int]:
    """Join the storylines of every pair scoring at least `threshold`, most likely first.

    With article `vectors` (unit rows), each join is checked between the two whole storylines as
    they stand by then: the mean similarity of their articles across the two (average link) must
    reach `min_similarity`, so a pair link never drags in a storyline that is not like the rest.
    """
    k = max(labels) + 1 if len(labels) else 0
    parent = list(range(k))
    sums: dict[int, sparse.csr_matrix] = {}  # storyline -> sum of its article vectors, when needed
    sizes = np.bincount(np.asarray(labels, dtype=np.int64), minlength=k).astype(np.float64)
    total = None
    if vectors is not None:
        indicator = sparse.csr_matrix(
            (np.ones(len(labels)), (list(labels), np.arange(len(labels)))), shape=(k, len(labels))
        )
        total = (indicator @ vectors).tocsr()

    def summed(c: int) -> sparse.csr_matrix:
        if c not in sums:
            sums[c] = total[c]
        return sums[c]

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for index in np.lexsort((np.arange(len(pairs)), -scores)):
        if scores[index] < threshold:
            break
        ra, rb = root(pairs[index][0]), root(pairs[index][1])
        if ra == rb:
            continue
        keep, drop = min(ra, rb), max(ra, rb)
        if total is not None:
            mean = float(summed(ra).multiply(summed(rb)).sum()) / (sizes[ra] * sizes[rb])
            if mean < min_similarity:
                continue
            sums[keep] = summed(keep) + summed(drop)
        sizes[keep] += sizes[drop]
        parent[drop] = keep
    return [root(label) for label in labels]


def link(
    articles: Sequence[Article],
    labels: Sequence[int],
    features: Features,
    names: Sequence[Sequence[str]],
    config: GroupingConfig,
    participants: Sequence[Collection[str]] | None = None,
) -> list[int]:
    """The first pass's storylines, with those the linker finds to tell one story joined, each
    join checked against the two storylines' whole membership (`join`)."""
    labels = _compact(labels)
    found = candidates(articles, labels, features, names, config, participants)
    scores = probabilities(found, config.linker)
    return join(
        labels, found.pairs, scores, config.link_threshold, features.matrix, config.link_min_similarity
    )
