"""The actors index (one page, or the most mentioned and a page per initial) and a page per actor."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import NamedTuple

from .. import urls
from ..model import Actor
from .feeds import has_feed
from .index import SiteIndex
from .links import Links
from .views import (
    Chart,
    CountedLink,
    Link,
    PageView,
    Planned,
    QuoteItem,
    Task,
    bar_chart,
    feed_links,
    frame,
    quote_item,
)

ACTORS_TOP = 24  # actors of each kind on a split actors index's first page
ACTOR_QUOTES = 10  # quotes on an actor page, newest first
KINDS = (
    ("person", "People"),
    ("organisation", "Organisations"),
    ("country", "Countries"),
    ("place", "Places"),
)


@dataclass(frozen=True)
class Group:
    """A heading of the actors index and its actors (`CountedLink`: href, name, mentions)."""

    label: str
    actors: tuple[CountedLink, ...]


class Letter(NamedTuple):
    """An initial in the actors index's letter menu: the letter, its page, whether it is this one."""

    text: str
    href: str
    current: bool


@dataclass(frozen=True, kw_only=True)
class ActorsView(PageView):
    """actors.html: `groups` (`Group`s by kind), and on a split index `letters` (`Letter`s; empty on
    a single page), `letter` (this page's initial, None on the first page) and `top_href` (the
    first page, "Most mentioned")."""

    groups: tuple[Group, ...]
    letters: tuple[Letter, ...]
    letter: str | None
    top_href: str


@dataclass(frozen=True)
class ActorHead:
    """What actor.html shows of the actor itself: name, kind, roles and aliases."""

    name: str
    kind: str
    roles: tuple[str, ...]
    aliases: tuple[str, ...]


class Mention(NamedTuple):
    """An article an actor is in: link, title, date, source and the actor's mentions in it."""

    href: str
    title: str
    date: date | None
    source: str | None
    count: int


@dataclass(frozen=True, kw_only=True)
class ActorView(PageView):
    """actor.html: `actor` (`ActorHead`), `mention_count` (its mentions in all), `mentions` (its
    articles, newest first, as `Mention`s), `storylines` (`Link`s, most recent first), `appears_with`
    (other actors of its articles with the number shared, most first, as `CountedLink`s),
    `first_seen` and `last_seen` (the days of its first and last dated article), `chart` (its
    mentions per month, a `Chart`; None when undated), `quotes` (its newest ACTOR_QUOTES quotations,
    `QuoteItem`s without speaker) of `quote_count` in all. An actor named in two reports or more has
    feeds of its own (`extra_feeds`; else none)."""

    actor: ActorHead
    mention_count: int
    first_seen: date | None
    last_seen: date | None
    chart: Chart | None
    quotes: tuple[QuoteItem, ...]
    quote_count: int
    mentions: tuple[Mention, ...]
    storylines: tuple[Link, ...]
    appears_with: tuple[CountedLink, ...]


def by_kind(actors: Sequence[Actor]) -> list[tuple[str, list[Actor]]]:
    """(heading, actors) for each kind that has actors, in the order of KINDS, then "Other"."""
    groups = [(label, [a for a in actors if a.kind == kind]) for kind, label in KINDS]
    known = {k for k, _ in KINDS}
    groups.append(("Other", [a for a in actors if a.kind not in known]))
    return [g for g in groups if g[1]]


def initial(slug: str) -> str:
    """The letter an actor is filed under: its slug's first letter (slugs are ASCII), or "0-9"."""
    first = slug[:1]
    return first if "a" <= first <= "z" else "0-9"


def pages(ix: SiteIndex) -> Iterator[Task]:
    yield from index_pages(ix)
    for actor in ix.model.actors:
        yield partial(actor_page, ix, actor)


def actor_page(ix: SiteIndex, actor: Actor) -> Planned:
    path = urls.actor_url(actor.slug)
    links = Links(path)
    counts = actor.mentions
    articles = ix.articles
    found = sorted(
        (articles[i] for i in ix.actor_articles[actor.slug]),
        key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0)),
    )
    mentions = tuple(
        Mention(links(ix.article_path(a.id)), a.title, a.date, a.source, counts.get(a.id, 0)) for a in found
    )
    monthly: dict[date, int] = defaultdict(int)
    for a in found:
        if a.date:
            monthly[a.date] += counts.get(a.id, 0) if counts else 1
    dated = [a.date for a in found if a.date]
    said = ix.actor_quotes(actor)
    return Planned(
        "actor.html",
        ActorView(
            **frame(ix, path, actor.name, "actors"),
            extra_feeds=feed_links(links, urls.actor_feed_urls(actor.slug), actor.name)
            if has_feed(ix, actor.slug)
            else (),
            actor=ActorHead(actor.name, actor.kind, actor.roles, actor.aliases),
            mention_count=ix.mention_count(actor),
            first_seen=min(dated) if dated else None,
            last_seen=max(dated) if dated else None,
            chart=bar_chart(monthly, "mention", "month"),
            quotes=tuple(quote_item(ix, links, q, with_speaker=False) for q in said[:ACTOR_QUOTES]),
            quote_count=len(said),
            mentions=mentions,
            storylines=tuple(
                Link(links(urls.storyline_url(s.slug)), s.title) for s in ix.actor_storylines(actor)
            ),
            appears_with=tuple(
                CountedLink(links(urls.actor_url(o.slug)), o.name, n) for o, n in ix.appears_with(actor)
            ),
        ),
    )


def index_pages(ix: SiteIndex) -> Iterator[Task]:
    """The actors index: one page while there are at most `actors_per_page` actors; beyond that
    the most mentioned of each kind, and a page per initial letter (a new name changes one)."""
    actors = ix.model.actors
    if len(actors) <= ix.config.actors_per_page:
        yield partial(index_page, ix, urls.ACTORS, "Actors", by_kind(actors), [], None)
        return
    count = ix.mention_count
    top = [
        (f"Most mentioned: {label.lower()}", sorted(group, key=lambda a: (-count(a), a.slug))[:ACTORS_TOP])
        for label, group in by_kind(actors)
    ]
    letters: dict[str, list[Actor]] = defaultdict(list)
    for actor in actors:
        letters[initial(actor.slug)].append(actor)
    order = sorted(letters)
    yield partial(index_page, ix, urls.ACTORS, "Actors", top, order, None)
    for letter in order:
        path, title = urls.actors_letter_url(letter), f"Actors: {letter.upper()}"
        yield partial(index_page, ix, path, title, by_kind(letters[letter]), order, letter)


def index_page(
    ix: SiteIndex,
    path: str,
    title: str,
    groups: list[tuple[str, list[Actor]]],
    letters: list[str],
    letter: str | None,
) -> Planned:
    links, count = Links(path), ix.mention_count
    return Planned(
        "actors.html",
        ActorsView(
            **frame(ix, path, title, "actors"),
            groups=tuple(
                Group(
                    label, tuple(CountedLink(links(urls.actor_url(a.slug)), a.name, count(a)) for a in group)
                )
                for label, group in groups
            ),
            letters=tuple(Letter(x, links(urls.actors_letter_url(x)), x == letter) for x in letters),
            letter=letter,
            top_href=links(urls.ACTORS),
        ),
    )
