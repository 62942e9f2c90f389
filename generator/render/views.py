"""What every page view shares: the frame `base.html` shows, and the small pieces several page
templates show (article items, storyline cards, links). A view is plain, frozen data: strings,
numbers, dates, tuples and nested views, with every link an href relative to its page. Pages and
their parts are frozen dataclasses; the entries of long lists (links, article items) are named
tuples, as immutable but built several times faster (an actor page may list hundreds)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from .. import urls
from ..model import Actor, Article, Quote, Storyline
from .environment import MONTHS, format_date
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
    """A feed of the page's own: its title (for the head's autodiscovery link), href, media `type`
    and `format` ("RSS", "Atom", "JSON Feed": the text of its "Follow" link)."""

    title: str
    href: str
    type: str
    format: str


def feed_links(links: Links, paths: tuple[str, ...], name: str) -> tuple[FeedLink, ...]:
    """The `FeedLink`s of the feeds at `paths` (RSS, Atom, JSON Feed) of the storyline or actor `name`."""
    return tuple(
        FeedLink(f"\u2068{name}\u2069 ({kind})", links(path), media, kind)
        for path, media, kind in zip(paths, urls.FEED_TYPES, urls.FEED_FORMATS, strict=True)
    )


@dataclass(frozen=True, kw_only=True)
class PageView:
    """What base.html shows, in every page view:

    - `site`: `Site`; `page_title`; `section` (the main menu entry marked current);
    - `canonical`: the page's absolute URL (None: no canonical link);
    - `extra_feeds`: the page's own feeds as `FeedLink`s (a storyline's, an actor's), announced in the
      head before the site's and shown as its "Follow" links;
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


Task = Callable[[], Any]  # builds one page's view: a `Planned` (or a feed's `FeedView`, ...)


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
    site = ix.__dict__.get("_site")  # one `Site` for every page of the render
    if site is None:
        site = ix.__dict__["_site"] = Site(config.title, config.description, config.language, config.search)
    return {
        "page_path": path,
        "page_title": title,
        "section": section,
        "site": site,
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


class QuoteItem(NamedTuple):
    """A quotation (_macros.html `quote_item`): its words, the speaker's link (None on the speaker's
    own page), and the article it is from (href, title, date, source)."""

    text: str
    speaker: Link | None
    href: str
    title: str
    date: date | None
    source: str | None


def quote_item(ix: SiteIndex, links: Links, q: Quote, with_speaker: bool = True) -> QuoteItem:
    a, actor = ix.articles[q.article], ix.actors.get(q.actor or "")
    speaker = Link(links(urls.actor_url(actor.slug)), actor.name) if with_speaker and actor else None
    return QuoteItem(q.text, speaker, links(ix.article_path(a.id)), a.title, a.date, a.source)


# Bar charts (_macros.html `chart`): integer geometry in a viewBox the page's CSS scales, so the
# markup is byte-stable; a period is a day, week, month or year, the coarsest a chart needs.
CHART_MAX_BARS = 120  # beyond this many periods, the next coarser unit
CHART_SLOT = 10  # viewBox units a period takes (its bar: CHART_SLOT - 2)
CHART_HEIGHT = 40  # viewBox height of the tallest bar
CHART_PIXELS = 640  # the widest a chart is drawn (CSS pixels; a period takes 2 a unit until then)
UNITS = ("day", "week", "month", "year")


class Bar(NamedTuple):
    """A bar of a `Chart`: where it stands in the viewBox, and what it shows (a tooltip)."""

    x: int
    y: int
    height: int
    label: str


@dataclass(frozen=True)
class Chart:
    """A small SVG bar chart: its text alternative (`label`, a sentence saying what the bars show),
    the viewBox `width` and `height`, the width of a bar (`bar`) and of the picture on a page in CSS
    pixels (`pixels`, at most CHART_PIXELS: narrower screens scale it down), the `bars` (periods with
    nothing have none) and the labels of its first and last period (`first`, `last`: its axis)."""

    label: str
    width: int
    height: int
    bar: int
    pixels: int
    bars: tuple[Bar, ...]
    first: str
    last: str


def _start(day: date, unit: str) -> date:
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if unit == "month" else day.replace(month=1, day=1)


def _after(start: date, unit: str) -> date:
    if unit in ("day", "week"):
        return start + timedelta(days=1 if unit == "day" else 7)
    if unit == "year" or start.month == 12:
        return start.replace(year=start.year + 1, month=1 if unit == "month" else start.month)
    return start.replace(month=start.month + 1)


def _period(start: date, unit: str) -> str:
    if unit == "day":
        return format_date(start)
    if unit == "week":
        return f"the week of {format_date(start)}"
    return f"{MONTHS[start.month - 1]} {start.year}" if unit == "month" else str(start.year)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def bar_chart(counts: Mapping[date, int], noun: str, finest: str = "day") -> Chart | None:
    """A chart of `counts` (a number of `noun`s on each date) per `finest` unit (or a coarser one when
    there would be more than CHART_MAX_BARS bars), every period from the first to the last shown;
    None when nothing is dated or all is in one period (a single bar says nothing)."""
    dated = {d: n for d, n in counts.items() if n > 0}
    if not dated:
        return None
    lo, hi = min(dated), max(dated)
    for unit in UNITS[UNITS.index(finest) :]:
        periods = [_start(lo, unit)]
        while (nxt := _after(periods[-1], unit)) <= hi and len(periods) <= CHART_MAX_BARS:
            periods.append(nxt)
        if len(periods) <= CHART_MAX_BARS or unit == UNITS[-1]:
            break
    if len(periods) == 1:
        return None
    totals = dict.fromkeys(periods, 0)
    for d, n in dated.items():
        totals[_start(d, unit)] += n
    top = max(totals.values())
    peak = next(p for p in periods if totals[p] == top)
    bars = tuple(
        Bar(n * CHART_SLOT + 1, CHART_HEIGHT - h, h, f"{_period(p, unit)}: {_plural(totals[p], noun)}")
        for n, p in enumerate(periods)
        if totals[p] and (h := max(1, round(totals[p] * CHART_HEIGHT / top)))
    )
    first, last = _period(periods[0], unit), _period(periods[-1], unit)
    most = "" if top == 1 else f"; most {'on' if unit == 'day' else 'in'} {_period(peak, unit)} ({top})"
    label = f"{noun.capitalize()}s per {unit} from {first} to {last}: {sum(totals.values())} in all{most}."
    width = len(periods) * CHART_SLOT
    return Chart(label, width, CHART_HEIGHT, CHART_SLOT - 2, min(2 * width, CHART_PIXELS), bars, first, last)
