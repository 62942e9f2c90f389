"""The storylines index (paginated cards, newest first) and a page per storyline."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial

from .. import urls
from ..model import Storyline
from .index import SiteIndex
from .links import Links
from .places import storyline_places
from .views import (
    ArticleItem,
    FeedLink,
    Link,
    PageView,
    Planned,
    StoryCard,
    Task,
    actor_links,
    article_item,
    frame,
    story_card,
)


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


@dataclass(frozen=True, kw_only=True)
class StorylineView(PageView):
    """storyline.html: `story` (`StoryHead`), `meta_description` (the head's description), `actors`
    (key actor `Link`s), `items` (its articles as `ArticleItem`s, rewrites under their original),
    `feed_href` (its RSS feed)."""

    story: StoryHead
    meta_description: str
    actors: tuple[Link, ...]
    items: tuple[ArticleItem, ...]
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
    feed = links(urls.storyline_feed_url(s.slug))
    return Planned(
        "storyline.html",
        StorylineView(
            **frame(ix, path, s.title, "storylines"),
            extra_feeds=(FeedLink(f"\u2068{s.title}\u2069 (RSS)", feed),),
            story=StoryHead(s.title, s.start, s.end, len(s.articles), s.description, s.summary),
            meta_description=s.description or " ".join(s.summary) or ix.config.description,
            actors=actor_links(links, ix.story_actors(s)),
            items=tuple(article_item(ix, links, a) for a in ix.story_articles(s)),
            feed_href=feed,
            places=storyline_places(ix, links, s.articles),
        ),
    )


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
