"""Storyline titles and extractive summaries, taken from the storyline's own text."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from ..model import Annotations, Article
from ..read.cleaning import first_sentence, strip_opening
from .vectors import english_stop_words, tfidf

_WORDS = re.compile(r"\w+")
_QUOTE_HEAVY = re.compile(r"[\"“”]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")  # Article.text joins paragraphs with a blank line
MIN_WORDS, MAX_WORDS = 8, 55
MAX_CANDIDATES = 400  # sentences considered per storyline: the leads of its first reports
LEAD_SENTENCES = 12  # the sentences of each report a summary may take


def _candidate_sentences(
    items: Sequence[Article], annotations: Mapping[str, Annotations], duplicate_of: Mapping[str, str]
) -> list[tuple[int, int, str]]:
    """(article index, position, sentence) for readable sentences of the non-duplicate articles."""
    found = []
    for n, article in enumerate(items):
        if article.id in duplicate_of or article.id not in annotations:
            continue
        text = article.text
        if len(found) >= MAX_CANDIDATES:
            break
        for position, (start, end) in enumerate(annotations[article.id].sentences[:LEAD_SENTENCES]):
            # spaCy's sentences may run across a paragraph break: "(Source: WAFB)\n\nA grand jury ..."
            for piece in _PARAGRAPH_BREAK.split(text[start:end]):
                sentence = strip_opening(" ".join(piece.split()))  # never open on "RIVERTON, Oct. 14 —"
                if sentence and _readable(sentence):
                    found.append((n, position, sentence))
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
) -> list[tuple[str, ...]]:
    """For each storyline, the sentences that best cover it: central, early, not redundant.

    A storyline of one report is summarised by its lead: its first readable sentences that do
    not repeat one another (news is written lead first). For longer storylines one TF-IDF model
    is fitted on all their candidate sentences, so the cost is one pass over the archive.
    """
    candidates = [_candidate_sentences(items, annotations, duplicate_of) for items in storylines]
    several = [i for i, found in enumerate(candidates) if len({n for n, _, _ in found}) > 1]
    summaries = [_lead(found, size) for found in candidates]
    flat = [sentence for i in several for _, _, sentence in candidates[i]]
    if not flat:
        return summaries
    try:
        vectors = tfidf(flat, stop_words="english")
    except ValueError:  # nothing but stop words: keep the leads
        return summaries
    offset = 0
    for i in several:
        found = candidates[i]
        summaries[i] = _choose(found, vectors[offset : offset + len(found)], size)
        offset += len(found)
    return summaries


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
