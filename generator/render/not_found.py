"""The 404 page: served at any address, so it links from the site's base path, not relatively."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from .. import urls
from .index import SiteIndex
from .views import PageView, Planned, Task, frame


@dataclass(frozen=True, kw_only=True)
class NotFoundView(PageView):
    """404.html: the frame alone, with `link_root` the base path and no canonical link."""


def pages(ix: SiteIndex) -> Iterator[Task]:
    yield partial(not_found_page, ix)


def not_found_page(ix: SiteIndex) -> Planned:
    fields = {**frame(ix, urls.NOT_FOUND, "Page not found", ""), "canonical": None}
    root = urlsplit(ix.config.absolute_base_url).path or "/"
    return Planned("404.html", NotFoundView(**fields, link_root=root))
