"""Every feed of a built site (RSS 2.0, Atom 1.0, JSON Feed 1.1) parses (feedparser, no bozo; json) and
keeps the rules its format's spec and the W3C feed validator set; the three files of a feed hold the
same items; every autodiscovery link, "Follow" link and feeds.opml entry resolves to a written feed."""

from __future__ import annotations

import email.utils
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from feed_reading import (
    atom_problems,
    content_markup,
    fields,
    json_feed_problems,
    markup,
    markup_problems,
    parse,
    shown,
)

from generator.urls import FEED_TYPES

from .conftest import Site

pytestmark = pytest.mark.check

# The elements a feed item's full text may hold: a paragraph per paragraph of a text, a link to the
# source of a headline-only report, and what Markdown (raw HTML disabled) makes of an editor's body.
FULL_TEXT_MARKUP = {"<p>", "</p>", "<a href=>", "</a>"} | {
    f"<{slash}{tag}>"
    for tag in (
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "hr",
        "br",
    )
    for slash in ("", "/")
}

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
        encoded = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
        assert encoded and encoded.strip(), f"{feed_path}: item {link} has no full text (content:encoded)"
    assert len(parsed.entries) == len(items)
    return len(items)


def check_atom(site: Site, feed_path: str) -> list[str]:
    """All the checks for one Atom feed; returns its entry ids."""
    data = (site.path / feed_path).read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, f"{feed_path}: feedparser bozo: {parsed.get('bozo_exception')!r}"
    assert parsed.version == "atom10", f"{feed_path}: parsed as {parsed.version!r}"
    assert atom_problems(data, site.base_url + feed_path) == [], feed_path
    root = ET.fromstring(data)
    for link in root.iter(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate":
            href = link.get("href") or ""
            assert _local_file(site, href).is_file(), f"{feed_path}: link {href} is not a page of the site"
    return [entry.id for entry in parsed.entries]


def check_json(site: Site, feed_path: str) -> list[str]:
    """All the checks for one JSON Feed; returns its item ids."""
    data = (site.path / feed_path).read_bytes()
    assert json_feed_problems(data) == [], feed_path
    feed = json.loads(data)
    assert feed["feed_url"] == site.base_url + feed_path, feed_path
    assert _local_file(site, feed["home_page_url"]).is_file(), f"{feed_path}: home {feed['home_page_url']}"
    for item in feed["items"]:
        assert _local_file(site, item["url"]).is_file(), f"{feed_path}: item url {item['url']}"
    return [item["id"] for item in feed["items"]]


def _rss_ids(site: Site, feed_path: str) -> list[str]:
    return [e.id for e in parse((site.path / feed_path).read_bytes()).entries]


def _resolves(site: Site, page: str, href: str) -> bool:
    return _local_file(site, urljoin(site.base_url + page, href)).is_file()


def _all_feeds(site: Site) -> None:
    feeds = site.feeds()
    rss = [f for f in feeds if f.endswith("feed.xml")]
    assert "feed.xml" in rss and any(f.startswith("storylines/") for f in rss), f"no storyline feeds in {rss}"
    assert any(f.startswith("actors/") for f in rss), f"no actor feeds in {rss}"
    counts = {f: check_feed(site, f) for f in rss}
    assert counts["feed.xml"] >= 1, counts
    for path in rss:  # the three files of a feed hold the same items, in the same order
        folder = path.removesuffix("feed.xml")
        ids = _rss_ids(site, path)
        assert check_atom(site, folder + "atom.xml") == ids, folder
        assert check_json(site, folder + "feed.json") == ids, folder
    assert len(feeds) == 3 * len(rss), feeds
    types = "|".join(re.escape(t) for t in FEED_TYPES)
    for page in site.html_pages():  # every feed a page announces or links exists
        html = (site.path / page).read_text(encoding="utf-8")
        head = html.split("</head>")[0]
        announced = re.findall(rf'<link rel="alternate" type="(?:{types})"[^>]* href="([^"]+)"', head)
        if 'http-equiv="refresh"' in head:
            continue  # a redirect page
        assert len(announced) >= 3, f"{page}: the site's three feeds are not announced"
        for href in announced:
            assert _resolves(site, page, href), f"{page}: feed link {href} does not resolve"
        follow = re.search(r'<p class="follow">(.*?)</p>', html)
        own = page.removesuffix("index.html")
        if page.startswith(("storylines/", "actors/")) and (site.path / own / "feed.xml").is_file():
            assert follow, f"{page}: no Follow line"
            hrefs = re.findall(r'href="([^"]+)"', follow.group(1))
            assert [urljoin(site.base_url + page, h) for h in hrefs] == [
                site.base_url + own + name for name in ("feed.xml", "atom.xml", "feed.json")
            ], page
            assert announced[:3] == hrefs, f"{page}: its own feeds are not announced first"
        else:
            assert follow is None, f"{page}: a Follow line but no feeds of its own"
    _check_opml(site, rss)


def _check_opml(site: Site, rss: list[str]) -> None:
    """feeds.opml is OPML 2.0 listing each feed once (redirect copies are no feeds of their own),
    each at a written file; the home and about pages link it."""
    root = ET.fromstring((site.path / "feeds.opml").read_bytes())
    assert root.tag == "opml" and root.get("version") == "2.0" and root.findtext("head/title")
    outlines = [o for o in root.iter("outline") if o.get("type") == "rss"]
    listed = [o.get("xmlUrl") or "" for o in outlines]
    assert len(listed) == len(set(listed)), "a feed listed twice"
    for outline in outlines:
        assert outline.get("text"), outline.attrib
        assert _local_file(site, outline.get("xmlUrl") or "").is_file(), outline.get("xmlUrl")
        assert _local_file(site, outline.get("htmlUrl") or "").is_file(), outline.get("htmlUrl")
    moved = {
        f
        for f in rss
        if 'http-equiv="refresh"' in (site.path / f.replace("feed.xml", "index.html")).read_text()
    }
    assert {site.base_url + f for f in rss if f not in moved} == set(listed)
    for page in ("index.html", "about/index.html"):
        html = (site.path / page).read_text(encoding="utf-8")
        assert any(_resolves(site, page, h) for h in re.findall(r'href="([^"]*feeds\.opml)"', html)), page


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
        data = (hostile_site.path / feed_path).read_bytes()
        if feed_path.endswith(".json"):
            for item in json.loads(data)["items"]:  # JSON strings are plain text; content_html is HTML
                assert item["title"] == articles[item["url"].rsplit("/", 2)[-2]]["title"], feed_path
                assert set(markup(item["content_html"])) <= FULL_TEXT_MARKUP, (feed_path, item["id"])
            continue
        parsed = parse(data)
        assert markup_problems(parsed) == [], feed_path
        assert content_markup(parsed) <= FULL_TEXT_MARKUP, feed_path
        for where, value, kind in fields(parsed):
            if not where.endswith(" content") and (feed_path.endswith("feed.xml") or "html" in kind):
                assert "<" not in value, f"{feed_path}: {where} {value[:80]!r} could become markup"
        for entry in parsed.entries:
            article = articles[entry.link.rsplit("/", 2)[-2]]
            assert shown(entry.title, entry.title_detail.type) == article["title"], feed_path
            if entry.get("author"):  # the byline's name alone, as text (no markup, address or link)
                kind = "text/html" if feed_path.endswith("feed.xml") else "text/plain"
                name = shown(entry.author, kind)
                assert "<" not in name and "@" not in name and "://" not in name, (feed_path, name)
                assert any(c.isalpha() for c in name), (feed_path, name)
            seen.add(article["id"])
    assert "feed-markup" in seen and "script-in-every-field" in seen
    entry = next(
        e for e in parse((hostile_site.path / "feed.xml").read_bytes()).entries if "feed-markup" in e.link
    )
    summary = shown(entry.summary, entry.summary_detail.type)
    assert "<b>tariffs</b>" in summary and "<![CDATA[<script>alert(3)</script>]]>" in summary
    assert "</description></item></channel></rss>" in summary
    assert shown(entry.author, "text/html") == "Jane Doe & Roe"  # the byline's tags dropped, its text kept
