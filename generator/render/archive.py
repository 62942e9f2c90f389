"""The archive: an index of months by year (and the undated articles), and a page per month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .. import urls
from ..model import Article
from .environment import MONTHS
from .index import SiteIndex, newest_first
from .links import Links
from .views import ArticleItem, Day, PageView, Planned, article_item, by_date, frame


@dataclass(frozen=True)
class MonthLink:
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


def pages(ix: SiteIndex) -> Iterator[Planned]:
    months: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for a in newest_first(ix.model.articles):
        if a.date:
            months[(a.date.year, a.date.month)].append(a)
    years: dict[int, list[MonthLink]] = defaultdict(list)
    index = Links(urls.ARCHIVE)
    for (y, m), items in sorted(months.items(), reverse=True):
        path = urls.archive_url(y, m)
        years[y].append(MonthLink(index(path), MONTHS[m - 1], len(items)))
        yield Planned(
            "month.html",
            MonthView(
                **frame(ix, path, f"{MONTHS[m - 1]} {y}", "archive"), days=by_date(ix, Links(path), items)
            ),
        )
    undated = [a for a in ix.model.articles if not a.date]
    yield Planned(
        "archive.html",
        ArchiveView(
            **frame(ix, urls.ARCHIVE, "Archive", "archive"),
            years=tuple(Year(y, tuple(ms)) for y, ms in years.items()),
            undated=tuple(article_item(ix, index, a) for a in undated),
        ),
    )
