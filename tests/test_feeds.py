"""RSS feed tests: valid, ordered, deterministic, no near-duplicates."""

from __future__ import annotations

import dataclasses
from datetime import date

import feedparser

from generator.config import SiteConfig
from generator.feeds import excerpt, render_feed
from generator.model import Article, Grouping, SiteModel

try:
    from .test_render import CONFIG, EVIL_AUTHOR, make_model
except ImportError:  # tests/ is not a package
    from test_render import CONFIG, EVIL_AUTHOR, make_model


def parse(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_site_feed() -> None:
    data = render_feed(make_model(), CONFIG)
    feed = parse(data)
    assert feed.version == "rss20"
    assert feed.feed.title == "Briefing Test"
    assert feed.feed.link == "https://example.org/brief/"
    assert feed.feed.language == "en-GB"
    assert b'<atom:link href="https://example.org/brief/feed.xml" rel="self"/>' in data
    assert b"<lastBuildDate>Wed, 04 May 2022 00:00:00 +0000</lastBuildDate>" in data
    links = [e.link for e in feed.entries]
    ids = [link.rsplit("/", 2)[-2] for link in links]
    assert ids == ["002", "000", "003", "004", "005"]  # newest first, undated last, 001 is a rewrite
    guids = [e.id for e in feed.entries]
    assert guids == links and len(set(guids)) == len(guids)
    assert data.count(b'<guid isPermaLink="true">') == len(feed.entries)
    assert all(link.startswith("https://example.org/brief/articles/") for link in links)
    dated = [e for e in feed.entries if "published_parsed" in e]
    assert len(dated) == 4 and "published" not in feed.entries[-1]
    assert all(len(e.summary) <= 301 for e in feed.entries)
    assert feed.entries[3].author == "Aparna Shandilya"  # dc:creator, not <author>
    assert b"<author>" not in data
    assert feed.entries[4].title == "<script>alert(1)</script>"  # escaped in XML, verbatim once parsed
    assert EVIL_AUTHOR.encode() not in data


def test_deterministic_and_limited() -> None:
    model = make_model()
    assert render_feed(model, CONFIG) == render_feed(make_model(), CONFIG)
    small = parse(render_feed(model, dataclasses.replace(CONFIG, feed_items=2)))
    assert [e.link.rsplit("/", 2)[-2] for e in small.entries] == ["002", "000"]


def test_storyline_feed() -> None:
    data = render_feed(make_model(), CONFIG, "kishi-austin-talks")
    feed = parse(data)
    assert b'href="https://example.org/brief/storylines/kishi-austin-talks/feed.xml" rel="self"' in data
    assert feed.feed.link == "https://example.org/brief/storylines/kishi-austin-talks/index.html"
    assert [e.link.rsplit("/", 2)[-2] for e in feed.entries] == ["002", "000"]


def test_empty_feed_and_email_author() -> None:
    empty = SiteModel(articles=(), actors=(), grouping=Grouping((), {}, {}), article_actors={})
    data = render_feed(empty, SiteConfig())
    assert b"<lastBuildDate>Thu, 01 Jan 1970 00:00:00 +0000</lastBuildDate>" in data
    assert parse(data).entries == []
    art = Article(
        "a", "x.md", "T", "editor", date(2024, 1, 2), "editor", ("Body.",), author="Jo <jo@example.com>"
    )
    one = SiteModel(articles=(art,), actors=(), grouping=Grouping((), {}, {}), article_actors={})
    data = render_feed(one, SiteConfig())
    assert b"<author>jo@example.com (Jo)</author>" in data
    parse(data)


def test_excerpt() -> None:
    assert excerpt(["Short."]) == "Short."
    long = "word " * 100
    out = excerpt([long, "next"], 50)
    assert out.endswith("…") and len(out) <= 51 and not out[:-1].endswith(" ")
    assert excerpt(["a  b\n c", "d"]) == "a b c d"
