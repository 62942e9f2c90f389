"""The archive: an index of months by year (and the undated articles), and a page per month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from .. import urls
from ..model import Article
from .environment import MONTHS
from .index import SiteIndex, newest_first
from .links import Links
from .views import ArticleItem, Day, PageView, Planned, Task, article_item, by_date, frame


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
    path = urls.archive_url(year, month)
    title = f"{MONTHS[month - 1]} {year}"
    return Planned(
        "month.html", MonthView(**frame(ix, path, title, "archive"), days=by_date(ix, Links(path), items))
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
