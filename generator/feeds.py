"""RSS 2.0 feeds (feedgen): the site feed and one per storyline; deterministic bytes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from email.utils import parseaddr

from feedgen.feed import FeedGenerator

from .config import SiteConfig
from .model import Article, SiteModel
from .urls import FEED, absolute, article_url, storyline_feed_url, storyline_url

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DESCRIPTION_CHARS = 300


def _when(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def excerpt(paragraphs: Iterable[str], limit: int = DESCRIPTION_CHARS) -> str:
    """The opening paragraph(s) as plain text, cut at a word boundary near `limit` characters."""
    text = ""
    for para in paragraphs:
        para = " ".join(para.split())
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
        fg.title(config.title)
        fg.description(config.description)
        home, self_href = base, absolute(base, FEED)
    else:
        story = next(s for s in model.grouping.storylines if s.slug == storyline)
        articles = feed_articles(model, story.articles)
        fg.title(f"{story.title} – {config.title}")
        fg.description(story.description or " ".join(story.summary) or config.description)
        home = absolute(base, storyline_url(story.slug))
        self_href = absolute(base, storyline_feed_url(story.slug))
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
        entry.title(article.title)
        entry.link(href=link)
        entry.guid(link, permalink=True)
        if article.date:
            entry.pubDate(_when(article.date))
        summary = excerpt(article.paragraphs)
        if summary:
            entry.description(summary)
        if article.author:
            name, email = parseaddr(article.author)
            if "@" in email:  # RSS <author> must be an email address
                entry.author({"email": email, **({"name": name} if name else {})})
            else:
                entry.dc.dc_creator(article.author)
    return fg.rss_str(pretty=True)
