"""RSS 2.0 feeds (feedgen): the site feed and one per storyline; deterministic bytes.

Article text stays text in every feed. Each field goes through the function for its context:
`feed_html` for fields a reader may render as HTML (in RSS 2.0, every readable field); a field a
format defines as plain text (Atom type="text", JSON Feed titles) needs only `xml_safe`. Both drop
what XML 1.0 forbids, so lxml never refuses a string and a feed always builds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from email.utils import parseaddr

from feedgen.feed import FeedGenerator

from .config import SiteConfig
from .model import Article, SiteModel
from .read.cleaning import strip_opening
from .urls import FEED, absolute, article_url, storyline_feed_url, storyline_url

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


def feed_articles(model: SiteModel, ids: Iterable[str] | None = None) -> list[Article]:
    """Articles for a feed: no near-duplicates, newest first, undated last (stable on model order)."""
    wanted = None if ids is None else set(ids)
    dups = model.grouping.duplicate_of
    chosen = [a for a in model.articles if a.id not in dups and (wanted is None or a.id in wanted)]
    return sorted(chosen, key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0)))


def render_feed(model: SiteModel, config: SiteConfig, storyline: str | None = None) -> bytes:
    """The RSS 2.0 feed of the whole site, or of one storyline when `storyline` is a slug."""
    base = config.absolute_base_url
    fg = FeedGenerator()
    fg.load_extension("dc")
    if storyline is None:
        articles = feed_articles(model)
        title, description = config.title, config.description
        home, self_href = base, absolute(base, FEED)
    else:
        story = next(s for s in model.grouping.storylines if s.slug == storyline)
        articles = feed_articles(model, story.articles)
        title = f"{story.title} – {config.title}"
        description = story.description or " ".join(story.summary) or config.description
        home = absolute(base, storyline_url(story.slug))
        self_href = absolute(base, storyline_feed_url(story.slug))
    title = feed_html(title).strip() or feed_html(home)  # RSS requires a non-empty title and description
    fg.title(title)
    fg.description(feed_html(description).strip() or title)
    fg.link(href=self_href, rel="self")
    fg.link(href=home, rel="alternate")  # feedgen uses the last link as the RSS <link>
    fg.language(config.language)
    fg.generator("briefing")
    fg.docs("https://www.rssboard.org/rss-specification")
    dated = [a.date for a in articles if a.date]
    fg.lastBuildDate(_when(max(dated)) if dated else EPOCH)
    for article in articles[: config.feed_items]:
        link = absolute(base, article_url(article.id))
        entry = fg.add_entry(order="append")
        summary = feed_html(excerpt(map(xml_safe, article.paragraphs)))
        entry.title(feed_html(article.title).strip() or summary or feed_html(link))
        entry.link(href=link)
        entry.guid(link, permalink=True)
        if article.date:
            entry.pubDate(_when(article.date))
        if summary:
            entry.description(summary)
        author = xml_safe(article.author or "").strip()
        if author:
            name, email = parseaddr(author)
            if "@" in email:  # RSS <author> must be an email address
                entry.author({"email": feed_html(email), **({"name": feed_html(name)} if name else {})})
            else:
                entry.dc.dc_creator(feed_html(author))
    return fg.rss_str(pretty=True)
