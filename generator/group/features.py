"""Article vectors for grouping: TF-IDF over words, and over resolved actors and places."""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from ..config import GroupingConfig
from ..incremental.cutoff import digest, item_digests
from ..incremental.terms import TermStore
from ..model import Article
from .causal import causal_specific, causal_tfidf, counts_in_order, date_order, templates_so_far, term_counts
from .vectors import english_stop_words, tfidf, unit_rows, word_terms

TEXT_CHARS = 4000  # the lead carries the story; long tails add mostly noise
SMALL_ARCHIVE = 50  # below this many articles, how many hold a word says little about its specificity


@dataclass(frozen=True)
class Features:
    """Row i describes article i; rows are L2-normalised."""

    words: sparse.csr_matrix
    entities: sparse.csr_matrix
    matrix: sparse.csr_matrix  # words and entities mixed by GroupingConfig.entity_weight


def _entity_tokens(article_id: str, actors: Mapping[str, Sequence[str]], places: Mapping[str, Sequence[str]]):
    return [f"actor:{s}" for s in actors.get(article_id, ())] + [
        f"place:{p.lower()}" for p in places.get(article_id, ())
    ]


def tfidf_or_zeros(docs: Sequence, **options: Any) -> sparse.csr_matrix:
    """`vectors.tfidf` rows, or all-zero rows when no document has a term."""
    if not any(len(d) for d in docs):
        return sparse.csr_matrix((len(docs), 1), dtype=np.float32)
    try:
        return tfidf(docs, **options)
    except ValueError:  # every document empty after stop words
        return sparse.csr_matrix((len(docs), 1), dtype=np.float32)


def _key(paragraph: str) -> str:
    return " ".join(paragraph.lower().split())


def lead_paragraphs(article: Article, chars: int) -> list[str]:
    """The article's first paragraphs, up to the one that reaches `chars` characters of its text."""
    kept, total = [], 0
    for paragraph in article.paragraphs:
        if total >= chars:
            break
        kept.append(paragraph)
        total += len(paragraph) + 2  # paragraphs are joined by a blank line in Article.text
    return kept


def _lead(article: Article) -> list[str]:
    """The paragraphs that can reach the grouping text (template paragraphs removed from the lead
    make room for the next ones)."""
    return lead_paragraphs(article, 2 * TEXT_CHARS)


def _grouping_text(article: Article, lead: list[str], keys: list[str], templates: frozenset[str]) -> str:
    body = "\n".join(p for p, key in zip(lead, keys, strict=True) if key not in templates)
    return f"{article.title}\n{article.title}\n{body[:TEXT_CHARS]}"


def word_vectors(
    articles: Sequence[Article], config: GroupingConfig, store: TermStore | None = None
) -> sparse.csr_matrix:
    """TF-IDF rows of every article's title and lead text (template paragraphs left out), each
    weighed by the articles up to it in date order (`causal`).

    With `store`, the terms of an article whose title, lead and template paragraphs are as in the
    last build are taken from it, and only the others' texts are tokenised. They need no
    annotation, so a build computes them while spaCy runs (`build.build_model`)."""
    store = store if store is not None else TermStore()
    order = date_order([a.date for a in articles])
    leads = [_lead(a) for a in articles]
    names = item_digests((a.title, tuple(lead)) for a, lead in zip(articles, leads, strict=True))
    keys = [_paragraph_keys(store, name, lead) for name, lead in zip(names, leads, strict=True)]
    templates = templates_so_far(keys, order)
    stop = english_stop_words()
    salt = digest((config.word_ngrams, sys.version_info[:2], unicodedata.unidata_version))

    def count(n: int) -> Counter[str]:
        i = order[n]
        text = _grouping_text(articles[i], leads[i], keys[i], templates[i])
        return Counter(word_terms(text, stop, config.word_ngrams))

    texts = [salt + names[i] + bytes(k in templates[i] for k in keys[i]) for i in order]
    indices, counts, lengths, columns = store.rows(texts, count)
    matrix = counts_in_order(indices, counts, lengths, order, columns)
    return causal_tfidf(matrix, order, max_df=0.5, small=SMALL_ARCHIVE)


def _paragraph_keys(store: TermStore, name: bytes, lead: list[str]) -> list[bytes]:
    """Digests of the lead paragraphs' `_key`s (what templates are counted by), kept in `store`
    under `name`, the digest of the article's title and lead."""
    found = store.get(name)
    if not (isinstance(found, list) and len(found) == len(lead)):
        found = item_digests(_key(p) for p in lead)
    store.put(name, found)
    return found


def build_features(
    articles: Sequence[Article],
    actors: Mapping[str, Sequence[str]],
    places: Mapping[str, Sequence[str]],
    config: GroupingConfig,
    words: sparse.csr_matrix | None = None,
) -> Features:
    """Vectorise every article's title and lead text (unless `words` holds `word_vectors` of
    the same articles and config), and its actors and places; both weighted by `specific`, so
    the words of a topic (shooting, police, Senate, vaccine) tie storylines less than the words
    of one event. A small archive keeps plain TF-IDF words: there every article may tell of one
    topic, and its words are what tie one event's reports."""
    if words is None:
        words = word_vectors(articles, config)
    order = date_order([a.date for a in articles])
    words = causal_specific(words, order, small=SMALL_ARCHIVE)
    tokens = [_entity_tokens(a.id, actors, places) for a in articles]
    entities = causal_specific(causal_tfidf(term_counts(tokens, order, _identity), order), order)
    w = config.entity_weight
    matrix = sparse.hstack([words * np.sqrt(1 - w), entities * np.sqrt(w)]).tocsr()
    return Features(unit_rows(words), unit_rows(entities), matrix.astype(np.float32))


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def specific(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """TF-IDF rows reweighted by specificity: the smooth idf `1 + ln((n+1)/(df+1))` becomes
    `ln((n+1)/(df+1))`, so a name held by every article weighs nothing and one held by a large
    share of them ("the United States", the president) little, against the names of few (unit rows
    again; a row of only such names is all zero)."""
    if matrix.nnz == 0:
        return matrix
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.float64)
    idf = np.log((n + 1) / (df + 1))
    out = matrix.tocsr(copy=True)
    out.data = (out.data * (idf / (idf + 1.0))[out.indices]).astype(out.dtype)
    out.eliminate_zeros()
    return unit_rows(out)
