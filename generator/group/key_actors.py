"""A storyline's key actors: the ones central to that story, not the most frequent everywhere.

TF-IDF over storylines: an actor's weight in a storyline grows with how many of its articles name it
and how high (most mentioned first: 1, 1/2, 1/3 ...), and falls with the share of storylines that
name it at all (log S/df: zero for an actor every storyline names, whose order then follows the
weight alone); so the ministers who met rank above the countries every report of the region names."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from ..model import Article

KEY_ACTORS = 8  # at most this many per storyline


def _weight(rank: int) -> float:
    """An article's vote for the actor it names at `rank` (0: the most mentioned)."""
    return 1.0 / (rank + 1)


def key_actors(
    storylines: Sequence[Sequence[Article]],
    article_actors: Mapping[str, Sequence[str]],
    limit: int = KEY_ACTORS,
) -> list[tuple[str, ...]]:
    """For each storyline (its articles), its key actor slugs, most central first (ties by slug)."""
    terms: list[Counter[str]] = []
    spread: Counter[str] = Counter()  # actor -> storylines naming it
    for items in storylines:
        tf: Counter[str] = Counter()
        for article in items:
            for rank, slug in enumerate(article_actors.get(article.id, ())):
                tf[slug] += _weight(rank)
        terms.append(tf)
        spread.update(tf.keys())
    total = len(storylines)
    found = []
    for tf in terms:
        score = {slug: w * math.log(total / spread[slug]) for slug, w in tf.items()}
        found.append(tuple(sorted(score, key=lambda s: (-score[s], -tf[s], s))[:limit]))
    return found
