"""What the group stage reads, digested (one digest per article), and its result as plain data.

`inputs` digests exactly what `storylines.group` reads: of each article its id, title and title
source, date, outlet, pin and paragraphs (titles and summaries read the whole text), the spans of
the sentences summaries read, its actors and places; and, shared by all, the grouping settings, the
editor's storylines.yaml, the previous permalinks, the actors' names and kinds, and the libraries
that shape slugs and numbers. Equal digests, equal groupings (keep in step with the stage).
`plain` and `grouping` turn a `Grouping` into marshal-able data and back, its articles taken from
the build's own (only the inferred dates are the stage's).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ..config import GroupingConfig
from ..incremental.cutoff import LastRun, digest, item_digests
from ..incremental.prints import Prints
from ..model import Actor, Annotations, Article, Grouping, Permalinks, Storyline
from . import causal
from .storylines import StorylineSettings
from .summaries import LEAD_SENTENCES

# Libraries whose behaviour shapes the grouping: its numbers and its slugs (and the transliteration
# python-slugify uses: Unidecode when installed, else text-unidecode).
GROUP_LIBRARIES = ("numpy", "scipy", "python-slugify", "Unidecode", "text-unidecode")


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _ordinal(day: date | None) -> int | None:
    return day.toordinal() if day else None


def article_inputs(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    article_actors: Mapping[str, Sequence[str]],
    places: Mapping[str, Sequence[str]],
    prints: Prints | None = None,
) -> list[bytes]:
    """One digest per article of what grouping reads of it (see the module docstring); its
    paragraphs by their fingerprint in `prints` (the build's, taken once for every stage)."""
    prints = prints if prints is not None else Prints()
    return item_digests(
        (
            a.id,
            a.title,
            a.title_source,
            _ordinal(a.date),
            a.source,
            a.storyline,
            prints.text(a),
            annotations[a.id].sentences[:LEAD_SENTENCES] if a.id in annotations else None,
            tuple(article_actors.get(a.id, ())),
            tuple(places.get(a.id, ())),
        )
        for a in articles
    )


def shared_inputs(
    actors: Sequence[Actor],
    config: GroupingConfig,
    settings: StorylineSettings,
    previous: Permalinks | None,
) -> bytes:
    """The digest of what grouping reads that no one article holds."""
    previous = previous or Permalinks()
    return digest(
        (
            repr(config),  # a frozen dataclass of numbers: its repr is stable
            sorted(settings.titles.items()),
            sorted(settings.descriptions.items()),
            sorted(settings.pins.items()),
            sorted(previous.storylines.items()),
            sorted(previous.redirects.items()),
            sorted((a.slug, a.name, a.kind, bool(a.roles)) for a in actors),
            [(name, _version(name)) for name in GROUP_LIBRARIES],
            (sys.version_info[:2], unicodedata.unidata_version),
        )
    )


def first_pass_inputs(config: GroupingConfig) -> bytes:
    """The digest of what the first pass reads that no one article holds (it reads no actor's
    name or kind)."""
    return digest((repr(config), [(name, _version(name)) for name in GROUP_LIBRARIES]))


def plain(
    grouping: Grouping, shared: bytes, in_order: Sequence[bytes], labels: Sequence[int]
) -> tuple[Any, ...]:
    """`grouping` as plain data (its articles left out: `grouping` takes them from the build),
    with the first pass's `labels` of the articles whose digests are `in_order` (date order) and
    `shared`, its `first_pass_inputs`."""
    storylines = [
        (s.slug, s.title, s.articles, s.actors, _ordinal(s.start), _ordinal(s.end), s.summary, s.description)
        for s in grouping.storylines
    ]
    inferred = {article_id: day.toordinal() for article_id, day in grouping.inferred_dates.items()}
    state = grouping.permalinks
    first = shared, list(in_order), list(labels)
    return (
        storylines,
        dict(grouping.duplicate_of),
        inferred,
        dict(state.storylines),
        dict(state.redirects),
        first,
    )


def grouping(value: tuple[Any, ...], articles: Sequence[Article]) -> Grouping:
    """The `Grouping` that `plain` gave `value` for, with `articles` (those it was made from,
    inferred dates applied, newest first, as `storylines.group` orders them)."""
    rows, duplicate_of, inferred_days, state, redirects, _ = value
    storylines = tuple(
        Storyline(
            slug=slug,
            title=title,
            articles=tuple(ids),
            actors=tuple(actors),
            start=date.fromordinal(start) if start is not None else None,
            end=date.fromordinal(end) if end is not None else None,
            summary=tuple(summary),
            description=description,
        )
        for slug, title, ids, actors, start, end, summary, description in rows
    )
    by_first = sorted(storylines, key=lambda s: min(s.articles))  # the stage's order of its groups
    storyline_of = {article_id: s.slug for s in by_first for article_id in s.articles}
    inferred = {article_id: date.fromordinal(day) for article_id, day in inferred_days.items()}
    dated = [
        dataclasses.replace(a, date=inferred[a.id], date_source="inferred") if a.id in inferred else a
        for a in articles
    ]
    newest_first = sorted(dated, key=lambda a: (a.date is None, -(a.date or date.min).toordinal(), a.id))
    return Grouping(
        storylines,
        storyline_of,
        dict(duplicate_of),
        inferred,
        tuple(newest_first),
        Permalinks(state, redirects),
    )


def kept_labels(last: LastRun | None, shared: bytes, in_order: Sequence[bytes]) -> list[int]:
    """The first-pass labels of the last run that this run keeps: those of the articles, in date
    order, before the first whose digest differs (none if `shared`, the `first_pass_inputs`,
    changed, or if the first change is among the first `causal.WARM_UP`, which all weigh one
    another)."""
    if last is None or last.value[5][0] != shared:
        return []
    _, digests, labels = last.value[5]
    same = 0
    for before, now in zip(digests, in_order, strict=False):
        if before != now:
            break
        same += 1
    return list(labels[:same]) if same >= causal.WARM_UP else []
