"""Redirect pages: a storyline slug that no storyline keeps (storylines merged, or one split off)
still answers at `storylines/<old>/index.html` with a page that sends the reader on to the storyline
now answering for it (meta refresh, canonical link, a plain link), relative so it works under any
sub-path and from `file://`. Listed in no index. The page is a few fixed lines written here, not a
template, so a theme made before redirects still builds. The old feed is `feeds.moved_feeds`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from html import escape

from .. import urls
from .index import SiteIndex
from .views import Task


@dataclass(frozen=True)
class RedirectView:
    """The redirect page at `path`: where it sends the reader (`href`, relative; `canonical`,
    absolute) and the storyline's title; the site's title and language."""

    path: str
    href: str
    canonical: str
    title: str
    site_title: str
    language: str


def pages(ix: SiteIndex) -> Iterator[Task]:
    for old, new in sorted(ix.model.grouping.permalinks.redirects.items()):
        if new in ix.storylines:
            yield partial(redirect_page, ix, old, new)


def redirect_page(ix: SiteIndex, old: str, new: str) -> RedirectView:
    config = ix.config
    return RedirectView(
        path=urls.storyline_url(old),
        href=f"../{urls.quote_path(new)}/index.html",  # both pages are storylines/<slug>/index.html
        canonical=urls.absolute(config.absolute_base_url, urls.storyline_url(new)),
        title=ix.storylines[new].title,
        site_title=config.title,
        language=config.language,
    )


def redirect_bytes(view: RedirectView) -> bytes:
    """The redirect page's HTML."""
    href, title, site = escape(view.href), escape(view.title), escape(view.site_title)
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(view.language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Moved: &#x2068;{title}&#x2069; · &#x2068;{site}&#x2069;</title>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{escape(view.canonical)}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n"
        "<body>\n"
        "<main>\n"
        "<h1>This storyline has moved</h1>\n"
        f'<p>It continues as <a href="{href}" dir="auto">{title}</a>.</p>\n'
        "</main>\n"
        "</body>\n"
        "</html>\n"
    ).encode()
