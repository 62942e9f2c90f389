"""RSS 2.0 feeds (feedgen): the site feed and one per storyline; deterministic bytes.

Article text stays text in every feed. Each field goes through the function for its context:
`feed_html` for fields a reader may render as HTML (in RSS 2.0, every readable field); a field a
format defines as plain text (Atom type="text", JSON Feed titles) needs only `xml_safe`. Both drop
what XML 1.0 forbids, so lxml never refuses a string and a feed always builds.

Each feed is built from its view (`FeedView`: every value it writes, escaped as written), which is
also its reuse key.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import parseaddr
from functools import partial
from typing import NamedTuple

from feedgen.feed import FeedGenerator

from ..config import SiteConfig
from ..model import Article, SiteModel, Storyline
from ..read.cleaning import strip_opening
from ..urls import FEED, absolute, storyline_feed_url, storyline_url
from .index import SiteIndex, newest_first

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DESCRIPTION_CHARS = 300
# Characters outside XML 1.0's Char production: C0 controls but tab/LF/CR, surrogates, U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (lxml raises on them)."""
    return _NOT_XML.sub("", text)


def feed_html(text: str) -> str:
    """A field a reader renders as HTML: the text HTML-escaped, so markup in it is shown, never run.

    In RSS 2.0 this is every human-readable field. <description> is HTML by the spec; for <title>,
    <author> and <dc:creator> the spec says nothing and readers guess: feedparser takes a value as
    HTML when it holds an entity or a closing tag, Miniflux HTML-unescapes titles and strips tags
    from authors. Escaped, such a value shows its text to readers of all these kinds.
    """
    return html.escape(xml_safe(text), quote=False)


def _when(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def excerpt(paragraphs: Iterable[str], limit: int = DESCRIPTION_CHARS) -> str:
    """The opening paragraph(s) as plain text, cut at a word boundary near `limit` characters; never
    opening with a dateline, a credit or a page stamp."""
    text = ""
    for para in paragraphs:
        para = " ".join(para.split())
        if not text:
            para = strip_opening(para)
        if not para:
            continue
        text = f"{text} {para}".strip()
        if len(text) >= limit:
            break
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


class FeedEntry(NamedTuple):
    """An item of a feed: title, link (also its guid), date, summary (the opening, HTML-escaped),
    and its author: an email (with a name) for <author>, or a name for <dc:creator>."""

    title: str
    link: str
    date: date | None
    summary: str
    email: str | None
    name: str | None
    creator: str | None


@dataclass(frozen=True)
class FeedView:
    """An RSS feed at site path `path`: title, description, its own URL, the page it is of,
    language, newest article's day (None: the epoch) and the `FeedEntry`s, newest first
    (`feed_items` of them)."""

    path: str
    title: str
    description: str
    self_href: str
    home: str
    language: str
    newest: date | None
    entries: tuple[FeedEntry, ...]


def _entry(ix: SiteIndex, article: Article) -> FeedEntry:
    link = absolute(ix.config.absolute_base_url, ix.article_path(article.id))
    summary = feed_html(excerpt(map(xml_safe, article.paragraphs)))
    email = name = creator = None
    author = xml_safe(article.author or "").strip()
    if author:
        parsed_name, parsed_email = parseaddr(author)
        if "@" in parsed_email:  # RSS <author> must be an email address
            email, name = feed_html(parsed_email), feed_html(parsed_name) if parsed_name else None
        else:
            creator = feed_html(author)
    title = feed_html(article.title).strip() or summary or feed_html(link)
    return FeedEntry(title, link, article.date, summary, email, name, creator)


def feed_view(ix: SiteIndex, story: Storyline | None = None, at: str | None = None) -> FeedView:
    """The view of the site's feed, or of `story`'s (published at `at` if given: see `feeds`)."""
    config, dups = ix.config, ix.model.grouping.duplicate_of
    base = config.absolute_base_url
    if story is None:
        path = FEED
        articles = newest_first(a for a in ix.model.articles if a.id not in dups)
        title, description = config.title, config.description
        home, self_href = base, absolute(base, FEED)
    else:
        path = at or storyline_feed_url(story.slug)
        order = ix.order
        ids = sorted({i for i in story.articles if i in order}, key=order.__getitem__)
        articles = newest_first(ix.articles[i] for i in ids if i not in dups)
        title = f"{story.title} – {config.title}"
        description = story.description or " ".join(story.summary) or config.description
        home = absolute(base, storyline_url(story.slug))
        self_href = absolute(base, storyline_feed_url(story.slug))
    title = feed_html(title).strip() or feed_html(home)  # RSS requires a non-empty title and description
    dated = [a.date for a in articles if a.date]
    return FeedView(
        path,
        title,
        feed_html(description).strip() or title,
        self_href,
        home,
        config.language,
        max(dated) if dated else None,
        tuple(_entry(ix, a) for a in articles[: config.feed_items]),
    )


def feeds(ix: SiteIndex) -> Iterator[Callable[[], FeedView]]:
    """A task building the view of the site's feed, one for each storyline's, and one for each
    redirected slug's old feed path: a copy of the feed of the storyline now answering for it (its
    self link the new feed's), so a subscriber's reader keeps receiving its items under the same
    guids. A static site cannot redirect a feed, and a one-item "moved" feed would stop updating."""
    yield partial(feed_view, ix)
    for story in ix.model.grouping.storylines:
        yield partial(feed_view, ix, story)
    for old, new in sorted(ix.model.grouping.permalinks.redirects.items()):
        if new in ix.storylines:
            yield partial(feed_view, ix, ix.storylines[new], storyline_feed_url(old))


def feed_bytes(view: FeedView) -> bytes:
    """The RSS 2.0 document of a feed view."""
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.title(view.title)
    fg.description(view.description)
    fg.link(href=view.self_href, rel="self")
    fg.link(href=view.home, rel="alternate")  # feedgen uses the last link as the RSS <link>
    fg.language(view.language)
    fg.generator("briefing")
    fg.docs("https://www.rssboard.org/rss-specification")
    fg.lastBuildDate(_when(view.newest) if view.newest else EPOCH)
    for item in view.entries:
        entry = fg.add_entry(order="append")
        entry.title(item.title)
        entry.link(href=item.link)
        entry.guid(item.link, permalink=True)
        if item.date:
            entry.pubDate(_when(item.date))
        if item.summary:
            entry.description(item.summary)
        if item.email:
            entry.author({"email": item.email, **({"name": item.name} if item.name else {})})
        elif item.creator:
            entry.dc.dc_creator(item.creator)
    return fg.rss_str(pretty=True)


def render_feed(model: SiteModel, config: SiteConfig, storyline: str | None = None) -> bytes:
    """The RSS 2.0 feed of the whole site, or of one storyline when `storyline` is a slug."""
    ix = SiteIndex(model, config)
    return feed_bytes(feed_view(ix, ix.storylines[storyline] if storyline is not None else None))
