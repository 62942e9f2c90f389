"""The site's URL scheme: page paths relative to the site root, quoted and absolute URLs (the relative
hrefs between pages are `render.relative`).

Every page is an explicit `.../index.html` file so the site works at any sub-path and from `file://`.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from .ids import page_path

HOME = "index.html"
STORYLINES = "storylines/index.html"
ACTORS = "actors/index.html"
PLACES = "places/index.html"
ARCHIVE = "archive/index.html"
ABOUT = "about/index.html"
FEED = "feed.xml"  # the site's RSS feed
# A feed's three files, in the site's root and in each storyline's and actor's folder: RSS 2.0,
# Atom 1.0 and JSON Feed 1.1, with the media type each is announced with.
FEED_FILES = ("feed.xml", "atom.xml", "feed.json")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
FEED_FORMATS = ("RSS", "Atom", "JSON Feed")
OPML = "feeds.opml"  # every feed of the site, for a feed reader to import
NOT_FOUND = "404.html"


def article_url(article_id: str) -> str:
    """Path of an article's page."""
    return f"articles/{page_path(article_id)}/index.html"


def storyline_url(slug: str) -> str:
    """Path of a storyline's page."""
    return f"storylines/{slug}/index.html"


def storyline_feed_url(slug: str) -> str:
    """Path of a storyline's own RSS feed."""
    return f"storylines/{slug}/feed.xml"


def feed_urls(folder: str) -> tuple[str, str, str]:
    """Paths of the RSS, Atom and JSON feeds in `folder` (a page's folder; "" for the site's own)."""
    prefix = f"{folder}/" if folder else ""
    rss, atom, json = (prefix + name for name in FEED_FILES)
    return rss, atom, json


def storyline_feed_urls(slug: str) -> tuple[str, str, str]:
    """Paths of a storyline's own feeds (RSS, Atom, JSON Feed)."""
    return feed_urls(f"storylines/{slug}")


def actor_feed_urls(slug: str) -> tuple[str, str, str]:
    """Paths of an actor's own feeds (RSS, Atom, JSON Feed)."""
    return feed_urls(f"actors/{slug}")


def actor_url(slug: str) -> str:
    """Path of an actor's page."""
    return f"actors/{slug}/index.html"


def place_url(slug: str) -> str:
    """Path of a place's page."""
    return f"places/{slug}/index.html"


def places_letter_url(letter: str) -> str:
    """Path of the places index page for names starting with `letter` (a-z, or "0-9")."""
    return f"places/letter/{letter}/index.html"


def storylines_page_url(number: int) -> str:
    """Path of page `number` (from 1) of the storylines index, as Hugo pages a list."""
    return STORYLINES if number == 1 else f"storylines/page/{number}/index.html"


def actors_letter_url(letter: str) -> str:
    """Path of the actors index page for names starting with `letter` (a-z, or "0-9")."""
    return f"actors/letter/{letter}/index.html"


def archive_url(year: int, month: int) -> str:
    """Path of a month's archive page."""
    return f"archive/{year:04d}/{month:02d}/index.html"


def quote_path(path: str) -> str:
    """A site path as URL text: every character but `/` and unreserved ones percent-encoded, so an
    id holding `#`, `?` or `%` names its own page (`report#2` -> `report%232`)."""
    return quote(path, safe="/")


def absolute(base_url: str, to_path: str) -> str:
    """An absolute URL for a site path under `base_url` (for feeds and canonical links)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return base + quote_path(to_path)


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), percent-encoded where HTML forbids raw characters, else None
    (never link `javascript:` and friends)."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe="%/:?#[]@!$&'()*+,;=~")
