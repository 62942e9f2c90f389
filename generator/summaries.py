"""Storyline titles and extractive summaries, taken from the storyline's own text."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import Annotations, Article

_WORDS = re.compile(r"\w+")
_QUOTE_HEAVY = re.compile(r"[\"“”]")
MIN_WORDS, MAX_WORDS = 8, 55


def _candidate_sentences(
    items: Sequence[Article], annotations: Mapping[str, Annotations], duplicate_of: Mapping[str, str]
) -> list[tuple[int, int, str]]:
    """(article index, position, sentence) for readable sentences of the non-duplicate articles."""
    found = []
    for n, article in enumerate(items):
        if article.id in duplicate_of or article.id not in annotations:
            continue
        text = article.text
        for position, (start, end) in enumerate(annotations[article.id].sentences[:12]):
            sentence = " ".join(text[start:end].split())
            words = len(_WORDS.findall(sentence))
            readable = sentence[-1:] in '.!?"”' and sentence[0].isupper()
            if readable and MIN_WORDS <= words <= MAX_WORDS and len(_QUOTE_HEAVY.findall(sentence)) <= 2:
                found.append((n, position, sentence))
    return found


def storyline_summary(
    items: Sequence[Article],
    annotations: Mapping[str, Annotations],
    duplicate_of: Mapping[str, str],
    size: int = 3,
) -> tuple[str, ...]:
    """Two or three sentences that best cover the storyline: central, early, not redundant."""
    candidates = _candidate_sentences(items, annotations, duplicate_of)
    if not candidates:
        return ()
    try:
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [s for _, _, s in candidates]
        )
    except ValueError:
        return tuple(s for _, _, s in candidates[:size])
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    centrality = vectors @ centroid / (np.linalg.norm(centroid) or 1.0)
    score = [c * (1.0 + 0.5 / (1 + pos)) for c, (_, pos, _) in zip(centrality, candidates, strict=True)]
    chosen: list[int] = []
    for i in sorted(range(len(candidates)), key=lambda i: (-score[i], i)):
        if len(chosen) == size:
            break
        if all((vectors[i] @ vectors[j].T).toarray()[0, 0] < 0.5 for j in chosen):
            chosen.append(i)
    chosen.sort(key=lambda i: candidates[i][:2])
    return tuple(candidates[i][2] for i in chosen)


def storyline_title(
    items: Sequence[Article],
    actors: Sequence[str],
    actor_names: Mapping[str, str],
    places: Mapping[str, Sequence[str]],
    duplicate_of: Mapping[str, str],
) -> str:
    """The storyline's title: the headline of its latest headed report, else its latest lead title."""
    originals = [a for a in items if a.id not in duplicate_of] or list(items)
    headed = [a for a in originals if a.title_source in ("editor", "headline", "metadata")]
    return (headed or originals)[-1].title
