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
from .links import Links, sibling_hrefs
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
_tuple = tuple.__new__  # a named tuple made from its values without a Python-level call
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


class Shared(NamedTuple):
    """What the actor pages share, computed once per render (before the render processes fork):
    each article as an actor page lists it (href, title, date, source), each actor and storyline
    as an actor page links it (href, name), and each article's place in newest-first order."""

    articles: dict[str, tuple[str, str, date | None, str | None]]
    actors: dict[str, tuple[str, str]]
    storylines: dict[str, tuple[str, str]]
    newest: dict[str, int]  # article id -> sort key: newest first, undated last
    together: dict[str, list[tuple[str, CountedLink]]]  # article id -> its actors' rows, sharing it


def shared(ix: SiteIndex) -> Shared:
    """The `Shared` lookups of `ix`'s actor pages, made on first use."""
    found = ix.__dict__.get("_actor_pages")
    if found is None and not ix.model.actors:  # no actor page to share anything
        found = ix.__dict__["_actor_pages"] = Shared({}, {}, {}, {}, {})
    if found is None:
        model = ix.model
        pages = [urls.actor_url(a.slug) for a in model.actors[:2]]
        article = sibling_hrefs(pages, [ix.article_path(a.id) for a in model.articles])
        actor = sibling_hrefs(pages, [urls.actor_url(a.slug) for a in model.actors])
        story = sibling_hrefs(pages, [urls.storyline_url(s.slug) for s in model.grouping.storylines])
        articles = {a.id: (article[ix.article_path(a.id)], a.title, a.date, a.source) for a in model.articles}
        actors = {a.slug: (actor[urls.actor_url(a.slug)], a.name) for a in model.actors}
        stories = {s.slug: (story[urls.storyline_url(s.slug)], s.title) for s in model.grouping.storylines}
        newest = {a.id: -a.date.toordinal() if a.date else 1 for a in model.articles}
        found = ix.__dict__["_actor_pages"] = Shared(articles, actors, stories, newest, {})
    return found


def pages(ix: SiteIndex) -> Iterator[Task]:
    yield from index_pages(ix)
    shared(ix)
    for actor in ix.model.actors:
        yield partial(actor_page, ix, actor)


def actor_page(ix: SiteIndex, actor: Actor) -> Planned:
    path = urls.actor_url(actor.slug)
    links = Links(path)
    counts = actor.mentions
    rows = shared(ix)
    ids = sorted(ix.actor_articles[actor.slug], key=rows.newest.__getitem__)  # stable: newest first
    articles = rows.articles
    mentions = tuple([_tuple(Mention, (*articles[i], counts.get(i, 0))) for i in ids])
    monthly: dict[date, int] = defaultdict(int)
    for m in mentions:
        if m.date:
            monthly[m.date] += m.count if counts else 1
    dated = [m.date for m in mentions if m.date]
    said = ix.actor_quotes(actor)
    stories = rows.storylines
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
            storylines=tuple([Link(*stories[s.slug]) for s in ix.actor_storylines(actor)]),
            appears_with=appears_with(ix, rows, actor, ids),
        ),
    )


def appears_with(ix: SiteIndex, rows: Shared, actor: Actor, ids: list[str]) -> tuple[CountedLink, ...]:
    """`ix.appears_with` as links; an actor of one article lists that article's other actors, one
    shared article each: those rows are made once per article, for all its actors."""
    slug = actor.slug
    if len(ids) == 1:
        together = rows.together.get(ids[0])
        if together is None:
            refs = rows.actors
            together = rows.together[ids[0]] = [
                (s, _tuple(CountedLink, (*refs[s], 1))) for s in ix.by_name(ids[0])
            ]
        return tuple([row for s, row in together if s != slug])
    refs = rows.actors
    return tuple([_tuple(CountedLink, (*refs[s], n)) for s, n in ix.appears_with(actor)])


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
