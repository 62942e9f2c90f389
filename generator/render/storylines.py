"""The storylines index (paginated cards, newest first) and a page per storyline."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import NamedTuple

from .. import urls
from ..model import Article, Quote, Storyline
from .index import SiteIndex, distinct_quotes
from .links import Links
from .places import storyline_places
from .views import (
    Chart,
    Day,
    Link,
    PageView,
    Planned,
    QuoteItem,
    StoryCard,
    Task,
    actor_links,
    article_item,
    bar_chart,
    feed_links,
    frame,
    quote_item,
    story_card,
)

KEY_QUOTES = 4  # quotes on a storyline page


@dataclass(frozen=True)
class Pager:
    """Where a page of a paginated list stands: page `number` of `total`, and the hrefs of the
    pages before and after it (None at either end)."""

    number: int
    total: int
    previous: str | None
    next: str | None


@dataclass(frozen=True, kw_only=True)
class StorylinesView(PageView):
    """storylines.html: `storylines` (this page's `StoryCard`s) and `pager` (`Pager`)."""

    storylines: tuple[StoryCard, ...]
    pager: Pager


@dataclass(frozen=True)
class StoryHead:
    """What storyline.html shows of the storyline itself: title, first and last day, number of
    articles (rewrites included), the editor's description and the summary sentences."""

    title: str
    start: date | None
    end: date | None
    articles: int
    description: str | None
    summary: tuple[str, ...]


class Report(NamedTuple):
    """An article as a storyline's top facts name it: link, title, date and outlet."""

    href: str
    title: str
    date: date | None
    source: str | None


@dataclass(frozen=True)
class Coverage:
    """Who covered a storyline: its `articles` (rewrites included) and the distinct `outlets` among
    them, the `days` its span covers (first and last included; 0 when undated), the article
    reported `first` (`Link` named by its outlet, else its title; None with one article) and the
    day of the newest article (`updated`)."""

    articles: int
    outlets: int
    days: int
    first: Link | None
    first_date: date | None
    updated: date | None


@dataclass(frozen=True, kw_only=True)
class StorylineView(PageView):
    """storyline.html: `story` (`StoryHead`), `meta_description` (the head's description), `latest`
    (the newest report, a `Report`; None with one report), `coverage` (`Coverage`), `chart`
    (articles per day, a `Chart`; None when undated or one day), `days` (the timeline: `Day`s
    newest first, each with its articles as `ArticleItem`s, rewrites under their original as "also
    reported by"), `quotes` (key quotes as `QuoteItem`s), `actors` (key actor `Link`s), `related`
    (`StoryCard`s of the storylines sharing its most specific key actors), `feed_href` (its RSS feed;
    all three of its feeds are `extra_feeds`)."""

    story: StoryHead
    meta_description: str
    latest: Report | None
    coverage: Coverage
    chart: Chart | None
    days: tuple[Day, ...]
    quotes: tuple[QuoteItem, ...]
    actors: tuple[Link, ...]
    related: tuple[StoryCard, ...]
    feed_href: str
    places: tuple[Link, ...] = ()  # "Where": its most named places with a page (places.storyline_places)


def pages(ix: SiteIndex) -> Iterator[Task]:
    stories, size = ix.ordered, ix.config.storylines_per_page
    chunks = [stories[i : i + size] for i in range(0, len(stories), size)] or [[]]
    for number, chunk in enumerate(chunks, 1):
        yield partial(index_page, ix, number, len(chunks), chunk)
    for story in ix.model.grouping.storylines:
        yield partial(storyline_page, ix, story)


def storyline_page(ix: SiteIndex, s: Storyline) -> Planned:
    path = urls.storyline_url(s.slug)
    links = Links(path)
    feeds = feed_links(links, urls.storyline_feed_urls(s.slug), s.title)
    everything = [ix.articles[i] for i in dict.fromkeys(s.articles) if i in ix.articles]
    shown = ix.story_articles(s)
    a = min(shown, key=lambda a: ix.newest_key(a.id)) if len(shown) > 1 else None  # else: the title's
    return Planned(
        "storyline.html",
        StorylineView(
            **frame(ix, path, s.title, "storylines"),
            extra_feeds=feeds,
            story=StoryHead(s.title, s.start, s.end, len(s.articles), s.description, s.summary),
            meta_description=s.description or " ".join(s.summary) or ix.config.description,
            latest=Report(links(ix.article_path(a.id)), a.title, a.date, a.source) if a else None,
            coverage=coverage(ix, links, everything, s),
            chart=bar_chart(Counter(a.date for a in everything if a.date), "article"),
            days=timeline(ix, links, shown),
            quotes=tuple(quote_item(ix, links, q) for q in key_quotes(ix, s)),
            actors=actor_links(links, ix.story_actors(s)),
            related=tuple(story_card(ix, links, r) for r in ix.related_storylines(s)),
            feed_href=feeds[0].href,
            places=storyline_places(ix, links, s.articles),
        ),
    )


def timeline(ix: SiteIndex, links: Links, shown: list[Article]) -> tuple[Day, ...]:
    """The articles shown (rewrites under their original) by day, newest day first, undated last;
    in a day, the storyline's order."""
    groups: dict[date | None, list[Article]] = defaultdict(list)
    for a in shown:
        groups[a.date].append(a)
    order = sorted(groups, key=lambda d: (d is None, -(d.toordinal() if d else 0)))
    return tuple(Day(d, tuple(article_item(ix, links, a) for a in groups[d])) for d in order)


def coverage(ix: SiteIndex, links: Links, everything: list[Article], s: Storyline) -> Coverage:
    """The coverage facts of storyline `s`, whose articles (rewrites included) are `everything`."""
    dated = [a for a in everything if a.date]
    first = min(dated, key=lambda a: a.date or date.min) if dated else (everything or [None])[0]
    first = first if len(everything) > 1 else None
    outlets = {a.source.casefold() for a in everything if a.source}
    return Coverage(
        len(s.articles),
        len(outlets),
        (s.end - s.start).days + 1 if s.start and s.end else 0,
        Link(links(ix.article_path(first.id)), first.source or first.title) if first else None,
        first.date if first else None,
        max(a.date for a in dated) if dated else None,
    )


def key_quotes(ix: SiteIndex, s: Storyline) -> list[Quote]:
    """Up to KEY_QUOTES quotations from the storyline's articles whose speaker is an actor: one a
    speaker before any speaker's second, speakers in key-actor order (then by how often quoted, then
    slug), each speaker's quotes from the newest article first; each wording once."""
    found = distinct_quotes(
        q
        for i in sorted((i for i in dict.fromkeys(s.articles) if i in ix.articles), key=ix.newest_key)
        for q in ix.article_quotes.get(i, ())
        if q.actor in ix.actors
    )
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for q in found:
        by_speaker[q.actor or ""].append(q)
    central = {slug: n for n, slug in enumerate(s.actors)}
    speakers = sorted(by_speaker, key=lambda a: (central.get(a, len(central)), -len(by_speaker[a]), a))
    picked: list[Quote] = []
    for turn in range(KEY_QUOTES):
        picked += [by_speaker[a][turn] for a in speakers if turn < len(by_speaker[a])]
        if len(picked) >= KEY_QUOTES:
            break
    return picked[:KEY_QUOTES]


def index_page(ix: SiteIndex, number: int, total: int, chunk: list[Storyline]) -> Planned:
    """Page `number` of `total` of the storylines index (`storylines_per_page` cards a page, newest
    first): `chunk` is its storylines."""
    path = urls.storylines_page_url(number)
    links = Links(path)
    pager = Pager(
        number,
        total,
        links(urls.storylines_page_url(number - 1)) if number > 1 else None,
        links(urls.storylines_page_url(number + 1)) if number < total else None,
    )
    title = "Storylines" if number == 1 else f"Storylines, page {number} of {total}"
    return Planned(
        "storylines.html",
        StorylinesView(
            **frame(ix, path, title, "storylines"),
            storylines=tuple(story_card(ix, links, s) for s in chunk),
            pager=pager,
        ),
    )
