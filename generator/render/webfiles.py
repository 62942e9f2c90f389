"""The files the web expects at a site's root: `sitemap.xml` (every page with `lastmod` from its
content), `robots.txt` (naming the sitemap) and `favicon.ico` (drawn here, byte-stable)."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from datetime import date
from xml.sax.saxutils import escape

from .. import urls
from ..model import Page
from .index import SiteIndex

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
FAVICON = "favicon.ico"
NOT_LISTED = (urls.NOT_FOUND,)


def page_dates(ix: SiteIndex) -> dict[str, date | None]:
    """The newest content date each dated page shows: an article's date, a storyline's end, an
    actor's latest article, a month's newest article (None: the page shows no date). Pages not
    named here (the indexes, home, about, search) get the site's newest date from `sitemap`."""
    found: dict[str, date | None] = {}
    for a in ix.model.articles:
        found[ix.article_path(a.id)] = a.date
        if a.date:
            month = urls.archive_url(a.date.year, a.date.month)
            found[month] = max(found.get(month) or a.date, a.date)
    for s in ix.model.grouping.storylines:
        found[urls.storyline_url(s.slug)] = s.end
    for slug, ids in ix.actor_articles.items():
        found[urls.actor_url(slug)] = max((d for i in ids if (d := ix.articles[i].date)), default=None)
    return found


def sitemap(ix: SiteIndex, paths: Iterable[str]) -> bytes:
    """sitemap.xml listing every HTML page of `paths` but the 404 page, sorted, by absolute URL."""
    dated = page_dates(ix)
    newest = max((a.date for a in ix.model.articles if a.date), default=None)
    base = ix.config.absolute_base_url
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path in sorted(p for p in paths if p.endswith(".html") and p not in NOT_LISTED):
        lastmod = dated.get(path, newest)
        when = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(urls.absolute(base, path))}</loc>{when}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(ix: SiteIndex) -> bytes:
    """robots.txt: everything may be crawled; the sitemap's absolute URL."""
    where = urls.absolute(ix.config.absolute_base_url, SITEMAP)
    return f"User-agent: *\nAllow: /\n\nSitemap: {where}\n".encode()


# The icon of templates/static/favicon.svg on a 16 x 16 grid: a blue tile with three white lines.
_BLUE, _WHITE, _CLEAR = (0x8F, 0x4D, 0x1A, 0xFF), (0xFF, 0xFF, 0xFF, 0xFF), (0, 0, 0, 0)
_LINES = {4: (4, 12), 5: (4, 12), 7: (4, 12), 8: (4, 12), 10: (4, 9), 11: (4, 9)}  # row -> columns


def _pixel(x: int, y: int) -> tuple[int, int, int, int]:
    corner = (x in (0, 15)) and (y in (0, 15))
    if corner:
        return _CLEAR
    span = _LINES.get(y)
    return _WHITE if span and span[0] <= x < span[1] else _BLUE


def favicon() -> bytes:
    """A 16 x 16, 32-bit favicon.ico (one BMP image), the same bytes on every build."""
    size = 16
    rows = [b"".join(bytes(_pixel(x, y)) for x in range(size)) for y in reversed(range(size))]
    mask = b"\0" * (4 * size)  # 1 bit a pixel, rows padded to 4 bytes; alpha decides transparency
    header = struct.pack("<IiiHHIIiiII", 40, size, 2 * size, 1, 32, 0, 0, 0, 0, 0, 0)
    image = header + b"".join(rows) + mask
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), 6 + 16)
    return struct.pack("<HHH", 0, 1, 1) + entry + image


def web_files(ix: SiteIndex, paths: Iterable[str]) -> list[Page]:
    """sitemap.xml, robots.txt and favicon.ico for a site of `paths`."""
    return [Page(SITEMAP, sitemap(ix, paths)), Page(ROBOTS, robots(ix)), Page(FAVICON, favicon())]
