"""Every feed parses with feedparser (no bozo) and keeps the RSS 2.0 rules we promise."""

from __future__ import annotations

import email.utils
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from feed_reading import fields, markup_problems, parse, shown

from .conftest import Site

pytestmark = pytest.mark.check

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 822 (as updated by RFC 1123: four-digit year), the form RSS 2.0 requires.
RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UT|[A-IK-Z]|[ECMP][SD]T)"
)


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _local_file(site: Site, url: str):
    """The file in the built site an absolute URL under the site's base URL points to."""
    assert url.startswith(site.base_url), f"{url} is not under the site's base URL {site.base_url}"
    path = unquote(urlsplit(url[len(site.base_url) :]).path) or "index.html"
    if path.endswith("/"):
        path += "index.html"
    return site.path / path


def check_feed(site: Site, feed_path: str) -> int:
    """All the checks for one feed; returns its number of items."""
    data = (site.path / feed_path).read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, f"{feed_path}: feedparser bozo: {parsed.get('bozo_exception')!r}"
    assert parsed.version == "rss20", f"{feed_path}: parsed as {parsed.version!r}"

    root = ET.fromstring(data)
    assert root.tag == "rss" and root.get("version") == "2.0", feed_path
    channel = root.find("channel")
    assert channel is not None, f"{feed_path}: no <channel>"
    for tag in ("title", "link", "description"):
        text = channel.findtext(tag)
        assert text and text.strip(), f"{feed_path}: channel <{tag}> missing or empty"
    link = channel.findtext("link")
    assert _absolute(link), f"{feed_path}: channel link {link!r} is not absolute"
    assert _local_file(site, link).is_file(), f"{feed_path}: channel link {link} is not a page of the site"

    selfs = [a for a in channel.findall(f"{ATOM}link") if a.get("rel") == "self"]
    assert len(selfs) == 1, f"{feed_path}: expected one atom:link rel=self, found {len(selfs)}"
    assert selfs[0].get("href") == site.base_url + feed_path, (
        f"{feed_path}: atom:link self {selfs[0].get('href')!r} != {site.base_url + feed_path!r}"
    )

    for tag in ("lastBuildDate", "pubDate"):
        value = channel.findtext(tag)
        if value is not None:
            assert RFC822.fullmatch(value), f"{feed_path}: channel {tag} {value!r} is not RFC 822"

    guids: set[str] = set()
    items = channel.findall("item")
    for item in items:
        title, description = item.findtext("title"), item.findtext("description")
        assert (title or "").strip() or (description or "").strip(), f"{feed_path}: item without title/desc"
        link = item.findtext("link")
        assert link and _absolute(link), f"{feed_path}: item link {link!r} is not absolute"
        assert _local_file(site, link).is_file(), f"{feed_path}: item link {link} is not a page of the site"
        guid = item.find("guid")
        assert guid is not None and guid.text, f"{feed_path}: item {link} has no guid"
        assert guid.text not in guids, f"{feed_path}: duplicate guid {guid.text}"
        guids.add(guid.text)
        if guid.get("isPermaLink", "true") == "true":
            assert _absolute(guid.text), f"{feed_path}: permalink guid {guid.text!r} is not absolute"
        date = item.findtext("pubDate")
        if date is not None:
            assert RFC822.fullmatch(date), f"{feed_path}: pubDate {date!r} is not RFC 822"
            assert email.utils.parsedate_to_datetime(date).tzinfo is not None
        author = item.findtext("author")
        if author is not None:
            assert "@" in email.utils.parseaddr(author)[1], f"{feed_path}: <author> {author!r} has no email"
    assert len(parsed.entries) == len(items)
    return len(items)


def _all_feeds(site: Site) -> None:
    feeds = site.feeds()
    assert "feed.xml" in feeds
    assert any(f.startswith("storylines/") for f in feeds), f"no storyline feeds in {feeds}"
    counts = {f: check_feed(site, f) for f in feeds}
    assert counts["feed.xml"] >= 1, counts
    # Every HTML page that advertises a feed points at one that exists.
    for page in site.html_pages():
        html = (site.path / page).read_text(encoding="utf-8")
        feed_links = r'<link rel="alternate" type="application/rss\+xml"[^>]* href="([^"]+)"'
        for href in re.findall(feed_links, html):
            url = urljoin(site.base_url + page, href)
            assert _local_file(site, url).is_file(), f"{page}: feed link {href} does not resolve"


def test_seed_feeds(seed_site: Site) -> None:
    _all_feeds(seed_site)


def test_subpath_feeds(subpath_site) -> None:
    site, _ = subpath_site
    _all_feeds(site)


def test_hostile_feeds(hostile_site: Site) -> None:
    _all_feeds(hostile_site)
    data = (hostile_site.path / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in data  # only ever as escaped text
    titles = [shown(e.title, e.title_detail.type) for e in parse(data.encode("utf-8")).entries]
    assert any("<script>alert(1)</script>" in t for t in titles), "hostile title not kept as text"
    assert any("\u202e" in t for t in titles), "right-to-left override dropped from the feed"
    assert not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", t) for t in titles)


def test_hostile_text_stays_text_for_feed_readers(hostile_site: Site) -> None:
    """Every field of every feed, read by feedparser without its sanitiser, holds no element or
    attribute from article text, and shows the text the article's page shows."""
    records = json.loads((hostile_site.path / "data" / "articles.json").read_text(encoding="utf-8"))
    articles = {a["id"]: a for a in records}
    seen: set[str] = set()
    for feed_path in hostile_site.feeds():
        parsed = parse((hostile_site.path / feed_path).read_bytes())
        assert markup_problems(parsed) == [], feed_path
        for where, value, _ in fields(parsed):
            assert "<" not in value, f"{feed_path}: {where} {value[:80]!r} could become markup"
        for entry in parsed.entries:
            article = articles[entry.link.rsplit("/", 2)[-2]]
            assert shown(entry.title, entry.title_detail.type) == article["title"], feed_path
            if article["author"] and "@" not in article["author"]:
                assert shown(entry.author, "text/html") == article["author"], feed_path
            seen.add(article["id"])
    assert "feed-markup" in seen and "script-in-every-field" in seen
    entry = next(
        e for e in parse((hostile_site.path / "feed.xml").read_bytes()).entries if "feed-markup" in e.link
    )
    summary = shown(entry.summary, entry.summary_detail.type)
    assert "<b>tariffs</b>" in summary and "<![CDATA[<script>alert(3)</script>]]>" in summary
    assert "</description></item></channel></rss>" in summary
    assert shown(entry.author, "text/html") == "Jane <b>Doe</b> &amp; <i>Roe</i>"
