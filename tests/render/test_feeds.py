"""RSS feed tests: valid, ordered, deterministic, no near-duplicates, article text kept as text."""

from __future__ import annotations

import dataclasses
from datetime import date

import feedparser
from feed_reading import fields, markup_problems, shown
from support import EVIL_AUTHOR, MODEL_CONFIG, make_model

from generator.config import SiteConfig
from generator.model import Article, Grouping, SiteModel, Storyline
from generator.render.feeds import excerpt, feed_html, render_feed, xml_safe


def parse(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_site_feed() -> None:
    data = render_feed(make_model(), MODEL_CONFIG)
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
    evil = feed.entries[4]  # HTML-escaped text: a reader shows the characters, builds no element
    assert evil.title == "&lt;script&gt;alert(1)&lt;/script&gt;" and evil.title_detail.type == "text/html"
    assert shown(evil.title, evil.title_detail.type) == "<script>alert(1)</script>"
    assert shown(evil.summary, evil.summary_detail.type) == "First <b>para</b> & more. Second para."
    assert EVIL_AUTHOR.encode() not in data


def test_deterministic_and_limited() -> None:
    model = make_model()
    assert render_feed(model, MODEL_CONFIG) == render_feed(make_model(), MODEL_CONFIG)
    small = parse(render_feed(model, dataclasses.replace(MODEL_CONFIG, feed_items=2)))
    assert [e.link.rsplit("/", 2)[-2] for e in small.entries] == ["002", "000"]


def test_storyline_feed() -> None:
    data = render_feed(make_model(), MODEL_CONFIG, "kishi-austin-talks")
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


# Article text that would become markup, or break the XML, if any field were escaped once or not at all.
HOSTILE = (
    '"><script>alert(1)</script><img src=x onerror=alert(2)>',
    "Jane <b>Doe</b> &amp; <i>friends</i>",  # tags feedparser accepts as HTML, and an entity
    "</title></item></channel>]]><![CDATA[<svg onload=alert(3)>]]> <!-- c --> <?pi x?>",
    "Bell\x07 null\x00 vtab\x0b esc\x1b[31m \ufffe\uffff lone\ud800 surrogate",
    "\u202eright-to-left override, then <a href=javascript:alert(4)>a link</a>",
)


def hostile_model() -> SiteModel:
    """One article per hostile string, in its title, body, byline (plain and email form) and storyline."""
    articles = []
    for i, text in enumerate(HOSTILE):
        author = text if i % 2 else f'"{text}" <reporter{i}@example.org>'
        body = (text, f"Second paragraph {text}")
        articles.append(
            Article(f"h{i}", "h.md", text, "editor", date(2024, 3, 9 - i), "editor", body, author=author)
        )
    story = Storyline("hostile", HOSTILE[0], tuple(a.id for a in articles), (), None, None, (), HOSTILE[2])
    grouping = Grouping((story,), {a.id: story.slug for a in articles}, {})
    return SiteModel(articles=tuple(articles), actors=(), grouping=grouping, article_actors={})


def test_hostile_text_stays_text_in_every_feed() -> None:
    model = hostile_model()
    config = SiteConfig(title=f"Site {HOSTILE[1]}", description=HOSTILE[0], base_url="https://example.org/")
    for storyline in (None, "hostile"):
        feed = parse(render_feed(model, config, storyline))
        assert len(feed.entries) == len(HOSTILE)
        assert markup_problems(feed) == [], storyline
        assert all("<" not in value for _, value, _ in fields(feed))  # no element, whatever the reader
        for entry, article in zip(feed.entries, model.articles, strict=True):
            text = " ".join(xml_safe(article.title).split())
            assert " ".join(shown(entry.title, entry.title_detail.type).split()) == text
            body = " ".join(xml_safe(" ".join(article.paragraphs)).split())  # short: the excerpt is all of it
            assert shown(entry.summary, entry.summary_detail.type) == body
            name = next(a["name"] for a in entry.authors if a.get("name"))
            assert text in " ".join(shown(name, "text/html").split())
        assert "<script>alert(1)</script>" in shown(feed.entries[0].title, feed.entries[0].title_detail.type)
        title = shown(feed.feed.title, feed.feed.title_detail.type)
        assert "<b>Doe</b> &amp; <i>friends</i>" in title  # the entity is text too, shown as typed
    site = parse(render_feed(model, config))
    assert shown(site.feed.subtitle, site.feed.subtitle_detail.type) == HOSTILE[0]
    story = parse(render_feed(model, config, "hostile"))
    assert shown(story.feed.subtitle, story.feed.subtitle_detail.type) == HOSTILE[2]


def test_text_that_is_only_forbidden_characters_still_builds() -> None:
    gone = "\x00\x01\ufffe\ud800"
    article = Article("x", "x.md", gone, "editor", date(2024, 1, 2), "editor", (gone,), author=gone)
    model = SiteModel(articles=(article,), actors=(), grouping=Grouping((), {}, {}), article_actors={})
    feed = parse(render_feed(model, SiteConfig(title=gone, description=gone)))
    assert feed.feed.title == "http://127.0.0.1:8000/" and feed.feed.subtitle == feed.feed.title
    assert [e.title for e in feed.entries] == ["http://127.0.0.1:8000/articles/x/index.html"]
    assert "summary" not in feed.entries[0] and "author" not in feed.entries[0]


def test_escaping_per_context() -> None:
    assert (
        xml_safe("a\x00b\x08c\td\ne\rf\x0b\x0c\x1f\x7f\x85\ufffe\uffff\ud800\U0001f600")
        == "abc\td\ne\rf\x7f\x85\U0001f600"
    )
    assert xml_safe("<b>&amp;\x00</b>") == "<b>&amp;</b>"  # plain text stays plain; the XML writer escapes it
    assert feed_html("<b>&amp;\x00</b> \"q\" 'a'") == "&lt;b&gt;&amp;amp;&lt;/b&gt; \"q\" 'a'"
