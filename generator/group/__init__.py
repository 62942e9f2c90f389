"""The group stage: near-duplicates, storylines (a first pass, then joins between whole
storylines), inferred dates, titles, summaries and key actors."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from scipy import sparse

from ..config import GroupingConfig
from ..incremental import Reuse
from ..incremental.cutoff import Cutoff
from ..incremental.terms import TermStore
from ..model import Annotations, Article, Grouping, Permalinks
from ..resolve import Resolution
from . import features, saved, storylines, summaries
from .cast import cast_of
from .causal import date_order
from .features import word_vectors
from .storylines import StorylineSettings, load_storyline_settings

__all__ = ["StorylineSettings", "group", "load_storyline_settings", "word_vectors_ahead"]

WordVectors = Callable[[], sparse.csr_matrix]


def word_vectors_ahead(
    articles: Sequence[Article], config: GroupingConfig, background: bool, reuse: Reuse | None = None
) -> WordVectors:
    """The articles' word vectors (they need no annotation), computed in a thread from now on when
    `background` (a build does so while spaCy works in other processes), else when first asked;
    with `reuse`, only the changed articles' texts are tokenised (`stored_word_vectors`)."""
    if not background:
        return lambda: stored_word_vectors(articles, config, reuse)
    pool = ThreadPoolExecutor(1, thread_name_prefix="word-vectors")
    future = pool.submit(stored_word_vectors, articles, config, reuse)
    pool.shutdown(wait=False)
    return future.result


def stored_word_vectors(
    articles: Sequence[Article], config: GroupingConfig, reuse: Reuse | None
) -> sparse.csr_matrix:
    """`features.word_vectors`, the articles' term counts kept in `reuse`'s cache folder between
    builds (counted afresh for the articles whose texts changed)."""
    store = TermStore(reuse.memo("word-terms", features.__name__) if reuse is not None else None)
    matrix = word_vectors(articles, config, store)
    store.save()
    return matrix


def group(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    resolution: Resolution,
    config: GroupingConfig,
    settings: StorylineSettings,
    reuse: Reuse | None = None,
    words: WordVectors | None = None,
    permalinks: Permalinks | None = None,
) -> Grouping:
    """Storylines of `articles`, with the final articles (inferred dates applied, newest first).

    With `reuse`, the last build's grouping is taken as it is when what grouping reads is
    unchanged (`saved.article_inputs`, `saved.shared_inputs`), else the overlaps of report pairs
    measured by earlier builds are reused; with `permalinks`, storylines keep the previous
    build's slugs (`permalinks.assign`)."""
    memo = reuse.memo("grouping", __name__) if reuse is not None else None
    cutoff = Cutoff(memo) if memo is not None else None
    kept: list[int] = []
    keys: dict[str, bytes] | None = None
    if cutoff is not None:
        shared = saved.shared_inputs(resolution.actors, config, settings, permalinks)
        prints = reuse.prints if reuse is not None else None
        items = saved.article_inputs(
            articles, annotations, resolution.article_actors, resolution.places, prints
        )
        known = cutoff.reuse(shared, items)
        if known is not None:
            grouping = saved.grouping(known, articles)
            storylines.warn_settings(articles, settings, grouping.permalinks, grouping.storylines)
            cutoff.save()
            return grouping
        order = date_order([a.date for a in articles])
        in_order = [items[i] for i in order]
        first_shared = saved.first_pass_inputs(config)
        kept = saved.kept_labels(cutoff.last(), first_shared, in_order)
        keys = {a.id: item for a, item in zip(articles, items, strict=True)}
    overlaps = reuse.memo("overlaps", storylines.__name__) if reuse is not None else None
    names = {a.slug: a.name for a in resolution.actors}
    if words is None and reuse is not None and reuse.on:
        words = word_vectors_ahead(articles, config, False, reuse)
    matrix = words() if words is not None else None
    found = resolution.article_actors, resolution.places, names
    cast = cast_of(resolution.actors, resolution.places)
    first = storylines.first_pass(articles, found[0], found[1], config, matrix, cast, kept)
    store = TermStore(reuse.memo("summaries", summaries.__name__)) if reuse is not None else None
    grouping = storylines.group(
        articles,
        annotations,
        *found,
        config,
        settings,
        overlaps,
        matrix,
        permalinks,
        cast,
        first,
        summary_store=store,
        keys=keys,
    )
    if overlaps is not None:
        overlaps.save()
    if store is not None:
        store.save()
    if cutoff is not None:
        labels = [first.labels[i] for i in order]
        cutoff.record(shared, items, saved.plain(grouping, first_shared, in_order, labels))
        cutoff.save()
    return grouping
