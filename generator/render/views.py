"""What every page view shares: the frame `base.html` shows, and the small pieces several page
templates show (article items, storyline cards, links). A view is plain, frozen data: strings,
numbers, dates, tuples and nested views, with every link an href relative to its page. Pages and
their parts are frozen dataclasses; the entries of long lists (links, article items) are named
tuples, as immutable but built several times faster (an actor page may list hundreds)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from .. import urls
from ..model import Actor, Article, Storyline
from .index import SiteIndex
from .links import Links


@dataclass(frozen=True)
class Site:
    """`site` in every template: the site's title, description and language, and whether it has
    a search page."""

    title: str
    description: str
    language: str
    search: bool = False


class FeedLink(NamedTuple):
    """An extra RSS <link> in the page head (base.html `extra_feeds`): its title and href."""

    title: str
    href: str


@dataclass(frozen=True, kw_only=True)
class PageView:
    """What base.html shows, in every page view:

    - `site`: `Site`; `page_title`; `section` (the main menu entry marked current);
    - `canonical`: the page's absolute URL (None: no canonical link);
    - `extra_feeds`: `FeedLink`s for the head;
    - `page_path` and `link_root` (the base path the 404 page links from): where the `rel` filter
      links fixed site paths from (`'feed.xml' | rel`).
    """

    page_path: str
    page_title: str
    section: str
    site: Site
    canonical: str | None
    link_root: str | None = None
    extra_feeds: tuple[FeedLink, ...] = ()


class Planned(NamedTuple):
    """A page to render: its template and its view."""

    template: str
    view: PageView


Task = Callable[[], Any]  # builds one page's view: a `Planned` (or a feed's `FeedView`)


class Link(NamedTuple):
    """A link: href and text (an actor by name, a storyline by title)."""

    href: str
    text: str


class CountedLink(NamedTuple):
    """A link with a count after it (an actor and its mentions, or the articles it shares)."""

    href: str
    text: str
    count: int


class Rewrite(NamedTuple):
    """Another outlet's rewrite of a report (`r.source or r.title` links to it)."""

    href: str
    source: str | None
    title: str


class ArticleItem(NamedTuple):
    """An article in a list (_macros.html `article_item`): link, title, date, source, author, and
    the rewrites shown under it (`Link`s named by their source, else their title)."""

    href: str
    title: str
    date: date | None
    source: str | None
    author: str | None
    rewrites: tuple[Link, ...]


@dataclass(frozen=True)
class Day:
    """A day heading and the articles under it."""

    date: date | None
    items: tuple[ArticleItem, ...]


@dataclass(frozen=True)
class StoryCard:
    """A storyline card (_macros.html `story_card`): link, title, first and last day, number of
    articles, and its first five key actors."""

    href: str
    title: str
    start: date | None
    end: date | None
    articles: int
    actors: tuple[Link, ...]


def frame(ix: SiteIndex, path: str, title: str, section: str) -> dict[str, object]:
    """The `PageView` fields of the page at `path` (keyword arguments for its view)."""
    config = ix.config
    return {
        "page_path": path,
        "page_title": title,
        "section": section,
        "site": Site(config.title, config.description, config.language, config.search),
        "canonical": urls.absolute(config.absolute_base_url, path),
    }


def rewrites(ix: SiteIndex, links: Links, article_id: str) -> tuple[Rewrite, ...]:
    found = ix.rewrites.get(article_id, ())
    return tuple(Rewrite(links(ix.article_path(r.id)), r.source, r.title) for r in found)


def article_item(ix: SiteIndex, links: Links, a: Article) -> ArticleItem:
    found = ix.rewrites.get(a.id, ())
    also = tuple(Link(links(ix.article_path(r.id)), r.source or r.title) for r in found)
    return ArticleItem(links(ix.article_path(a.id)), a.title, a.date, a.source, a.author, also)


def by_date(ix: SiteIndex, links: Links, articles: list[Article]) -> tuple[Day, ...]:
    """Articles (already in display order) as items under their day, keeping that order."""
    groups: dict[date | None, list[ArticleItem]] = {}
    for a in articles:
        groups.setdefault(a.date, []).append(article_item(ix, links, a))
    return tuple(Day(day, tuple(items)) for day, items in groups.items())


def actor_links(links: Links, actors: list[Actor]) -> tuple[Link, ...]:
    return tuple(Link(links(urls.actor_url(a.slug)), a.name) for a in actors)


def story_card(ix: SiteIndex, links: Links, s: Storyline) -> StoryCard:
    return StoryCard(
        links(urls.storyline_url(s.slug)),
        s.title,
        s.start,
        s.end,
        len(s.articles),
        actor_links(links, ix.story_actors(s)[:5]),
    )
