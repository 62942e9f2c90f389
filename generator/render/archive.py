"""The archive: an index of months by year (and the undated articles), and a page per month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import NamedTuple

from .. import urls
from ..model import Article
from .environment import MONTHS
from .index import SiteIndex, newest_first
from .links import Links
from .views import ArticleItem, Day, Link, PageView, Planned, Task, article_item, frame


class MonthLink(NamedTuple):
    """A month in the archive index: its page, name and number of articles."""

    href: str
    name: str
    count: int


@dataclass(frozen=True)
class Year:
    """A year of the archive index and its months, newest first."""

    year: int
    months: tuple[MonthLink, ...]


@dataclass(frozen=True, kw_only=True)
class ArchiveView(PageView):
    """archive.html: `years` (`Year`s, newest first) and `undated` (`ArticleItem`s)."""

    years: tuple[Year, ...]
    undated: tuple[ArticleItem, ...]


@dataclass(frozen=True, kw_only=True)
class MonthView(PageView):
    """month.html: `page_title` is the month ("May 2022"); `days` (`Day`s, newest first)."""

    days: tuple[Day, ...]


def pages(ix: SiteIndex) -> Iterator[Task]:
    months: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for a in newest_first(ix.model.articles):
        if a.date:
            months[(a.date.year, a.date.month)].append(a)
    newest = sorted(months.items(), reverse=True)
    for (y, m), items in newest:
        yield partial(month_page, ix, y, m, items)
    yield partial(archive_page, ix, [(y, m, len(items)) for (y, m), items in newest])


def month_page(ix: SiteIndex, year: int, month: int, items: list[Article]) -> Planned:
    """A month's page shows only what was published by the month's end (its articles, and their
    rewrites dated by then), so it stops changing once the month is over."""
    path = urls.archive_url(year, month)
    links = Links(path)
    days: dict[date | None, list[ArticleItem]] = {}
    for a in items:
        days.setdefault(a.date, []).append(_month_item(ix, links, a, (year, month)))
    title = f"{MONTHS[month - 1]} {year}"
    view = MonthView(
        **frame(ix, path, title, "archive"), days=tuple(Day(d, tuple(i)) for d, i in days.items())
    )
    return Planned("month.html", view)


def _month_item(ix: SiteIndex, links: Links, a: Article, month: tuple[int, int]) -> ArticleItem:
    """`article_item` with only the rewrites dated in `month` or before (undated ones may come later)."""
    item = article_item(ix, links, a)
    by_then = [r for r in ix.rewrites.get(a.id, ()) if r.date and (r.date.year, r.date.month) <= month]
    return item._replace(
        rewrites=tuple(Link(links(ix.article_path(r.id)), r.source or r.title) for r in by_then)
    )


def archive_page(ix: SiteIndex, months: list[tuple[int, int, int]]) -> Planned:
    """The archive index: `months` as (year, month, number of articles), newest first."""
    links = Links(urls.ARCHIVE)
    years: dict[int, list[MonthLink]] = defaultdict(list)
    for y, m, count in months:
        years[y].append(MonthLink(links(urls.archive_url(y, m)), MONTHS[m - 1], count))
    undated = [a for a in ix.model.articles if not a.date]
    return Planned(
        "archive.html",
        ArchiveView(
            **frame(ix, urls.ARCHIVE, "Archive", "archive"),
            years=tuple(Year(y, tuple(ms)) for y, ms in years.items()),
            undated=tuple(article_item(ix, links, a) for a in undated),
        ),
    )
