"""Storyline titles and extractive summaries, taken from the storyline's own text."""

from __future__ import annotations

import hashlib
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date

import numpy as np
from scipy import sparse

from ..incremental.cutoff import digest, item_digests
from ..incremental.terms import TermStore
from ..model import Annotations, Article
from ..read.cleaning import first_sentence, strip_opening
from .causal import warm_up
from .vectors import english_stop_words, unit_rows, word_terms

_WORDS = re.compile(r"\w+")
_QUOTE_HEAVY = re.compile(r"[\"“”]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")  # Article.text joins paragraphs with a blank line
MIN_WORDS, MAX_WORDS = 8, 55
MAX_CANDIDATES = 400  # sentences considered per storyline: the leads of its first reports
LEAD_SENTENCES = 12  # the sentences of each report a summary may take


def article_candidates(article: Article, annotations: Mapping[str, Annotations]) -> list[tuple[int, str]]:
    """(position, sentence) for the readable sentences among the article's first `LEAD_SENTENCES`
    (none without annotations): what a summary may take of it, whatever storyline holds it."""
    if article.id not in annotations:
        return []
    text = article.text
    found = []
    for position, (start, end) in enumerate(annotations[article.id].sentences[:LEAD_SENTENCES]):
        # spaCy's sentences may run across a paragraph break: "(Source: WAFB)\n\nA grand jury ..."
        for piece in _PARAGRAPH_BREAK.split(text[start:end]):
            sentence = strip_opening(" ".join(piece.split()))  # never open on "RIVERTON, Oct. 14 —"
            if sentence and _readable(sentence):
                found.append((position, sentence))
    return found


def _candidate_sentences(
    items: Sequence[Article],
    annotations: Mapping[str, Annotations],
    duplicate_of: Mapping[str, str],
    own: Callable[[Article], list[tuple[int, str]]] | None = None,
) -> list[tuple[int, int, str]]:
    """(article index, position, sentence) for readable sentences of the non-duplicate articles
    (`own(article)`: its `article_candidates`, perhaps kept from an earlier build)."""
    found: list[tuple[int, int, str]] = []
    for n, article in enumerate(items):
        if article.id in duplicate_of or article.id not in annotations:
            continue
        if len(found) >= MAX_CANDIDATES:
            break
        mine = own(article) if own is not None else article_candidates(article, annotations)
        found.extend((n, position, sentence) for position, sentence in mine)
    return found


def _readable(sentence: str) -> bool:
    """A whole sentence of reasonable length that is not mostly quotation."""
    words = len(_WORDS.findall(sentence))
    return (
        sentence[-1:] in '.!?"”'
        and sentence[0].isupper()
        and MIN_WORDS <= words <= MAX_WORDS
        and len(_QUOTE_HEAVY.findall(sentence)) <= 2
    )


def storyline_summaries(
    storylines: Sequence[Sequence[Article]],
    annotations: Mapping[str, Annotations],
    duplicate_of: Mapping[str, str],
    size: int = 3,
    store: TermStore | None = None,
    keys: Mapping[str, bytes] | None = None,
) -> list[tuple[str, ...]]:
    """For each storyline (its articles in date order), the sentences that best cover it:
    central, early, not redundant.

    A storyline of one report is summarised by its lead: its first readable sentences that do
    not repeat one another (news is written lead first). The sentences of longer storylines are
    TF-IDF vectors, each storyline's weighed by the sentences of the storylines up to it in
    order of their first report (the first `causal.WARM_UP` all by the first
    `WARM_UP`'s), so a storyline's summary never depends on a later one.

    With `store` (kept between builds) and `keys` (article id -> a digest of what its candidate
    sentences are made from, `saved.article_inputs`), each article's candidate sentences and
    their terms are taken from the last build when its digest is unchanged, and the summaries of
    the storylines before the first one whose sentences changed are the last build's."""
    store = store if store is not None else TermStore()
    keys = keys or {}

    def own(article: Article) -> list[tuple[int, str]]:
        key = keys.get(article.id)
        found = store.get(CANDIDATES + key) if key is not None else None
        if not isinstance(found, list):
            found = article_candidates(article, annotations)
        if key is not None:
            store.put(CANDIDATES + key, found)
        return found

    candidates = [_candidate_sentences(items, annotations, duplicate_of, own) for items in storylines]
    several = [i for i, found in enumerate(candidates) if len({n for n, _, _ in found}) > 1]
    tied = set(several)
    summaries = [() if i in tied else _lead(found, size) for i, found in enumerate(candidates)]
    order = sorted(several, key=lambda i: _first_report(storylines[i]))
    _causal_summaries([candidates[i] for i in order], size, store, order, summaries)
    return summaries


CANDIDATES, LAST, TITLE = b"c:", b"last", b"h:"  # an article's sentences; the last summaries; a title


def _first_report(items: Sequence[Article]) -> tuple[bool, date, str]:
    first = items[0]
    return (first.date is None, first.date or date.min, first.id)


def _causal_summaries(
    in_order: Sequence[list[tuple[int, int, str]]],
    size: int,
    store: TermStore,
    order: Sequence[int],
    summaries: list[tuple[str, ...]],
) -> None:
    """`_choose` for each storyline's candidates, `in_order` (causal order), written into
    `summaries` at the indices `order` gives: the last build's where every storyline up to it
    has the same candidates as then (and the warm-up too), else weighed afresh."""
    stop = english_stop_words()
    salt = digest((size, sys.version_info[:2], unicodedata.unidata_version))
    digests = item_digests(in_order)
    last = store.get(LAST)
    start = 0
    if isinstance(last, tuple) and len(last) == 3 and last[0] == salt:
        same = 0
        for before, now in zip(last[1], digests, strict=False):
            if before != now:
                break
            same += 1
        whole = same == len(digests) == len(last[1])
        start = same if same >= warm_up() or whole else 0
        for p in range(start):
            summaries[order[p]] = tuple(last[2][p])
    entries = []  # per storyline: each sentence's term numbers and counts
    for found in in_order:
        entries.append(
            [
                store.numbered(
                    salt + hashlib.blake2b(sentence.encode(), digest_size=16).digest(),
                    lambda sentence=sentence: Counter(word_terms(sentence, stop)),
                )
                for _, _, sentence in found
            ]
        )
    if start < len(in_order):
        df = np.zeros(len(store.terms), dtype=np.float64)
        counted = start if start >= warm_up() else min(warm_up(), len(in_order))
        held = np.frombuffer(b"".join(ids for row in entries[:counted] for ids, _ in row), dtype=np.int32)
        df += np.bincount(held, minlength=len(df))
        n = sum(len(row) for row in entries[:counted])
        for p in range(start, len(in_order)):
            ids = [np.frombuffer(e[0], dtype=np.int32) for e in entries[p]]
            if p >= counted:
                np.add.at(df, np.concatenate(ids), 1.0)
                n += len(ids)
            counts = [np.frombuffer(e[1], dtype=np.int32) for e in entries[p]]
            vectors = _vectors(ids, counts, df, n, store.terms)
            summaries[order[p]] = _choose(in_order[p], vectors, size)
    store.put(LAST, (salt, digests, [list(summaries[i]) for i in order]))


def _vectors(
    ids: list[np.ndarray], counts: list[np.ndarray], df: np.ndarray, n: int, terms: Sequence[str]
) -> sparse.csr_matrix:
    """Sublinear TF-IDF rows (float32, unit length, as `vectors.tfidf` makes them) of one
    storyline's sentences, given as term numbers and counts, with the document frequencies `df`
    of `n` sentences; the columns are the storyline's own terms in alphabetical order (so the
    result does not depend on how the store numbers terms)."""
    flat = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32)
    local, inverse = np.unique(flat, return_inverse=True)
    rank = np.empty(len(local), dtype=np.int64)
    rank[sorted(range(len(local)), key=lambda j: terms[local[j]])] = np.arange(len(local))
    matrix = sparse.csr_matrix(
        (
            np.concatenate(counts).astype(np.float32) if counts else np.zeros(0, dtype=np.float32),
            rank[inverse.reshape(-1)],
            np.r_[0, np.cumsum([len(i) for i in ids], dtype=np.int64)],
        ),
        shape=(len(ids), max(1, len(local))),
    )
    matrix.sort_indices()
    idf = np.full(len(local), n + 1, dtype=np.float32)
    idf /= (df[local] + 1).astype(np.float32)
    by_column = np.empty(len(local), dtype=np.float32)
    by_column[rank] = np.log(idf) + np.float32(1.0)
    matrix.data = (np.log(matrix.data) + np.float32(1.0)) * by_column[matrix.indices]
    return unit_rows(matrix)


def _lead(found: list[tuple[int, int, str]], size: int) -> tuple[str, ...]:
    """The first sentences, skipping one that mostly repeats an earlier one (a standfirst)."""
    chosen: list[str] = []
    seen: list[set[str]] = []
    for _, _, sentence in found:
        words = {w.lower() for w in _WORDS.findall(sentence)}
        if all(len(words & other) < 0.6 * min(len(words), len(other)) for other in seen):
            chosen.append(sentence)
            seen.append(words)
        if len(chosen) == size:
            break
    return tuple(chosen)


def _choose(found: list[tuple[int, int, str]], vectors, size: int) -> tuple[str, ...]:
    """Rank by closeness to the storyline's centroid (with a bonus for early sentences), then
    take the best that do not repeat one another. All from one small Gram matrix."""
    gram = (vectors @ vectors.T).toarray()
    total = float(gram.sum())
    centrality = gram.sum(axis=1) / np.sqrt(total) if total > 0 else np.zeros(len(found))
    score = [c * (1.0 + 0.5 / (1 + pos)) for c, (_, pos, _) in zip(centrality, found, strict=True)]
    chosen: list[int] = []
    for i in sorted(range(len(found)), key=lambda i: (-score[i], i)):
        if len(chosen) == size:
            break
        if all(gram[i, j] < 0.5 for j in chosen):
            chosen.append(i)
    chosen.sort(key=lambda i: found[i][:2])
    return tuple(found[i][2] for i in chosen)


HEADED = ("editor", "headline", "metadata")  # title sources that are a real headline


def _content_words(text: str) -> set[str]:
    stop = english_stop_words()
    return {w for w in (m.lower() for m in _WORDS.findall(text)) if len(w) > 2 and w not in stop}


def cut_short(article: Article) -> bool:
    """Whether the headline looks cut off by the site that carried it: it ends with "..." or its
    last word is not a word of the report but begins a longer one ("... of 6-year-old dea")."""
    if article.title.rstrip().endswith(("...", "…")):
        return True
    words = _WORDS.findall(article.title)
    last = words[-1].lower() if words else ""
    if len(last) < 2 or not last.isalpha() or article.title[-1:] in ".!?\"”'’)":
        return False
    text = article.text.lower()
    return re.search(rf"\b{last}\b", text) is None and re.search(rf"\b{last}[a-z]", text) is not None


def storyline_title(
    items: Sequence[Article],
    actors: Sequence[str],
    actor_names: Mapping[str, str],
    places: Mapping[str, Sequence[str]],
    duplicate_of: Mapping[str, str],
) -> str:
    """The title of the report that best heads the storyline: a real headline over one made from
    a lead, a whole one over one cut short; among those, in a storyline of three reports or more,
    the most central (its words found in most of the other reports' titles and leads, per word it
    holds); then the one naming most of the key actors and places; then the latest (`items` are in
    date order). Two reports have no centre: the latest development heads them."""
    originals = [a for a in items if a.id not in duplicate_of] or list(items)
    names = [actor_names[s] for s in actors[:4] if s in actor_names]
    key_places = [p for a in originals for p in places.get(a.id, ())[:2]]
    keys = {n.split()[-1].lower() for n in [*names, *key_places] if n.split()}
    profiles = [
        _content_words(f"{a.title} {first_sentence(a.paragraphs[0]) if a.paragraphs else ''}")
        for a in originals
    ]
    spread = Counter(w for profile in profiles for w in profile)  # in how many reports each word is
    headed = any(a.title_source in HEADED for a in originals)

    def score(position: int) -> tuple[int, int, float, int, int]:
        article, profile = originals[position], profiles[position]
        words = _content_words(article.title)
        centrality = 0.0
        if len(originals) >= 3 and words:
            centrality = round(sum(spread[w] - (w in profile) for w in words) / math.sqrt(len(words)), 9)
        real = article.title_source in HEADED or not headed
        named = len(keys & {w.lower() for w in _WORDS.findall(article.title)})
        return (int(real), int(not cut_short(article)), centrality, named, position)

    return originals[max(range(len(originals)), key=score)].title


def kept_title(
    store: TermStore | None,
    keys: Mapping[str, bytes] | None,
    items: Sequence[Article],
    actors: Sequence[str],
    actor_names: Mapping[str, str],
    places: Mapping[str, Sequence[str]],
    duplicate_of: Mapping[str, str],
) -> str:
    """`storyline_title`, kept in `store` under a digest of what it reads: its articles' `keys`
    (`saved.article_inputs`: titles, title sources, texts and places) in their order, which of
    them are duplicates, and the names of the first key actors."""
    if store is None or not keys or any(a.id not in keys for a in items):
        return storyline_title(items, actors, actor_names, places, duplicate_of)
    key = TITLE + digest(
        (
            b"".join(keys[a.id] for a in items),
            [a.id in duplicate_of for a in items],
            [actor_names.get(s) for s in actors[:4]],
        )
    )
    found = store.get(key)
    if not isinstance(found, str):
        found = storyline_title(items, actors, actor_names, places, duplicate_of)
    store.put(key, found)
    return found
