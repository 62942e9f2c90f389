"""The search page: a Pagefind search box (the index is `generator.search`), with links to the
site's indexes for a reader without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from .index import SiteIndex
from .views import PageView, Planned, Task, frame

SEARCH = "search/index.html"


@dataclass(frozen=True, kw_only=True)
class SearchView(PageView):
    """search.html: nothing beyond the frame (its links are fixed site paths)."""


def pages(ix: SiteIndex) -> Iterator[Task]:
    if ix.config.search:
        yield partial(search_page, ix)


def search_page(ix: SiteIndex) -> Planned:
    return Planned("search.html", SearchView(**frame(ix, SEARCH, "Search", "search")))
