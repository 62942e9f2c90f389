"""The about page: the editor's about.md, or the site's description."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from .. import urls
from .index import SiteIndex
from .views import PageView, Planned, Task, frame


@dataclass(frozen=True, kw_only=True)
class AboutView(PageView):
    """about.html: `about_html` (trusted: rendered from Markdown with raw HTML disabled; empty when
    there is no about.md, and the page shows `site.description`)."""

    about_html: str


def pages(ix: SiteIndex) -> Iterator[Task]:
    yield partial(about_page, ix)


def about_page(ix: SiteIndex) -> Planned:
    return Planned(
        "about.html", AboutView(**frame(ix, urls.ABOUT, "About", "about"), about_html=ix.model.about_html)
    )
