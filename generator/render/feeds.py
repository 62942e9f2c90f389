"""Feeds of the site, of each storyline and of each actor named in ACTOR_FEED_MIN reports or more, each
written three ways: RSS 2.0 and Atom 1.0 (XML written directly, escaped as lxml escapes), JSON Feed 1.1
(json); deterministic bytes.

Every item carries its article's full text as HTML beside its summary, its storyline and most
mentioned actors as categories, and its page's URL as its id, so an item keeps its id in every feed
and across merges and renames of its storyline. An article's item (`FeedItem`) is made once
(`prepare`) and shared by every feed and format holding it; feeds are capped (`feed_items` for the
site's, `topic_feed_items` for a storyline's or an actor's), as Hugo and Pelican cap theirs. Dates
come from the newest item, never the clock.

Article text stays text in every feed. A view holds plain text; each format escapes it for its
context: `feed_html` for HTML fields (RSS <description>), `rss_text` for the plain-text fields of
RSS, which readers guess about, and the XML writer alone for fields a format defines as plain text
(Atom type="text", JSON Feed strings). All drop what XML 1.0 forbids (`xml_safe`).

Each feed is built from its view (`FeedView`: every value its three files write), which is also the
reuse key of each of them.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parseaddr
from functools import partial
from typing import NamedTuple
from urllib.parse import urlsplit

from .. import urls
from ..config import SiteConfig
from ..model import Article, SiteModel
from ..read.cleaning import strip_opening
from ..urls import safe_url
from .index import SiteIndex, newest_first

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DESCRIPTION_CHARS = 300
ACTOR_FEED_MIN = 2  # reports (rewrites not counted) an actor is named in to have feeds of its own
FEED_ACTORS = 5  # actors an item names as categories: its article's most mentioned (as a story card)
JSON_FEED = "https://jsonfeed.org/version/1.1"
# Characters outside XML 1.0's Char production: C0 controls but tab/LF/CR, surrogates, U+FFFE, U+FFFF;
# and those it discourages that are never text, on which the W3C validator warns ("bad characters"):
# C1 controls (mis-decoded Windows-1252) and U+FFFD (a character lost in decoding).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without what XML 1.0 cannot carry (lxml raises on it) or discourages (`_NOT_XML`)."""
    return _NOT_XML.sub("", text)


def feed_html(text: str) -> str:
    """Text for a field a reader renders as HTML (RSS <description>): HTML-escaped, so markup in it is
    shown, never run."""
    return html.escape(xml_safe(text), quote=False)


def reads_as_html(text: str) -> bool:
    """Whether a reader taking `text` as HTML would show something else: it holds a `<` or a
    character reference ("&amp;", "&copy" without its ";")."""
    return "<" in text or ("&" in text and html.unescape(text) != text)


def rss_text(text: str) -> str:
    """A plain-text RSS field (titles, authors, categories, the channel's description): the text itself
    where reading it as HTML shows the same (no `<`, no character reference), else HTML-escaped. RSS
    says nothing of these fields' type and readers guess: feedparser takes a value as HTML when it
    holds an entity or a closing tag, Miniflux HTML-unescapes titles and strips tags from authors.
    Either way such a value shows its text, and "Tom & Jerry" stays plain for readers that do not guess."""
    text = xml_safe(text)
    return html.escape(text, quote=False) if reads_as_html(text) else text


AUTHOR_CHARS = 100  # a byline longer than this is no name (a paragraph, a run-on word): not shown
_MARKUP = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)|<[^>]*>?", re.I | re.S)
_ADDRESS = re.compile(r"[^\s@<>\"()]+@[^\s@<>\"()]+\.[^\s@<>\"()]*[^\s@<>\"().,;]")
_LINK = re.compile(r"(?:https?://|www\.)\S*|\S+\.(?:com|org|net|edu|gov)(?:/\S*)?\b", re.I)
_BY = re.compile(r"(?:by|from|written by|reported by)\s*:?\s+", re.I)
_UNSHOWN = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\x7f-\x9f]")
_EDGES = " .,;:|/\\-–—\"'()[]{}<>*_#=+~`"


def feed_author(byline: str) -> tuple[str | None, str | None]:
    """A byline as a feed shows it: (name, email address), either None. The name is the person or
    outlet alone, as text: markup, character references, control and direction characters, links,
    the address and a leading "By" are dropped; what is left must hold a letter and be at most
    AUTHOR_CHARS long, else there is no name (an author element with no name is not valid Atom, a
    name that is an address or holds HTML draws the W3C validator's warnings). The address is the
    byline's own, if it has one (RSS <author> must be one)."""
    text = xml_safe(byline)
    found = _ADDRESS.search(parseaddr(text)[1]) or _ADDRESS.search(text)
    email = found.group(0).strip(_EDGES) if found else None
    text = _ADDRESS.sub(" ", text)
    text = html.unescape(_MARKUP.sub(" ", text))
    text = _LINK.sub(" ", _UNSHOWN.sub("", xml_safe(text)))
    text = " ".join(text.replace("<", " ").replace(">", " ").split()).strip(_EDGES)
    text = _BY.sub("", text + " ", count=1).strip(_EDGES) if _BY.match(text + " ") else text
    name = text if any(c.isalpha() for c in text) and len(text) <= AUTHOR_CHARS else None
    return name, email


def _when(day: date | None, second: int = 0) -> datetime:
    when = datetime.combine(day, time(0, 0), tzinfo=UTC) if day else EPOCH
    return when + timedelta(seconds=second)


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


class FeedItem(NamedTuple):
    """An article as every feed holding it shows it (plain text but `content_html`): its page's absolute
    URL (its link, and its id in every feed), title, date, summary (its opening), full text as HTML
    (`content_html`), author's name and email address (either may be None), and `categories` (its
    storyline's title, then its FEED_ACTORS most mentioned actors' names)."""

    url: str
    title: str
    date: date | None
    summary: str
    content_html: str
    author: str | None
    email: str | None
    categories: tuple[str, ...]
    second: int = 0  # its Atom <updated> second within its day (`day_seconds`)


@dataclass(frozen=True)
class FeedView:
    """A feed, written as three files: their site paths (`paths`: RSS, Atom, JSON Feed), their own
    absolute URLs (`urls`; at a redirected storyline's old paths, those of the feed copied), the page
    it is of (`home`), title, description, language, `author` (the site's title as a name, see
    `feed_author`: the feed's author in Atom and JSON Feed), the newest item's day (`newest`; None
    when none is dated) and its `items`, newest first."""

    paths: tuple[str, str, str]
    urls: tuple[str, str, str]
    home: str
    title: str
    description: str
    language: str
    author: str
    newest: date | None
    items: tuple[FeedItem, ...]


def content_html(article: Article) -> str:
    """An article's full text as HTML: its Markdown body, else a paragraph per paragraph (escaped);
    a headline-only report says so and links to its source, as its page does."""
    if article.body_html:
        return xml_safe(article.body_html).strip()
    paragraphs = [p for p in map(feed_html, article.paragraphs) if p.strip()]
    if paragraphs:
        return "".join(f"<p>{p}</p>" for p in paragraphs)
    link = safe_url(article.url)
    source = f' <a href="{html.escape(xml_safe(link))}">Read it at the source</a>.' if link else ""
    return f"<p>Only the headline of this report is available.{source}</p>"


def day_seconds(articles: Iterable[Article]) -> dict[str, int]:
    """Article id -> a second of its day, distinct among the articles of that day: the last of a day
    in `articles` (newest first) 0, the one before it 1, ... Dates have no time of day, and two Atom
    entries with one `updated` draw a W3C validator warning; the same second in every feed."""
    by_day: dict[date, list[str]] = {}
    for a in articles:
        if a.date:
            by_day.setdefault(a.date, []).append(a.id)
    return {i: len(ids) - 1 - n for ids in by_day.values() for n, i in enumerate(ids)}


def feed_item(ix: SiteIndex, article: Article) -> FeedItem:
    """The article's `FeedItem`, made once (kept in `ix.feed_items`)."""
    found = ix.feed_items.get(article.id)
    if found is not None:
        return found
    url = urls.absolute(ix.config.absolute_base_url, ix.article_path(article.id))
    summary = excerpt(map(xml_safe, article.paragraphs))
    name, email = feed_author(article.author or "")
    story = ix.storyline_of(article.id)
    categories = [story.title] if story else []
    categories += [a.name for a in ix.article_actors(article.id)[:FEED_ACTORS]]
    title = " ".join(xml_safe(article.title).split()) or summary or url
    seconds = ix.feed_seconds
    if seconds is None:
        seconds = ix.feed_seconds = day_seconds(a for a in ix.model.articles if a.id not in ix.duplicate_of)
    found = FeedItem(
        url,
        title,
        article.date,
        summary,
        content_html(article),
        name,
        email,
        tuple(dict.fromkeys(c for c in map(xml_safe, categories) if c.strip())),
        seconds.get(article.id, 0) % 86_400,
    )
    ix.feed_items[article.id] = found
    return found


def prepare(ix: SiteIndex) -> None:
    """Make every article's feed item (before the render processes fork, so each inherits them)."""
    for a in ix.model.articles:
        if a.id not in ix.duplicate_of:
            feed_item(ix, a)


def _view(
    ix: SiteIndex,
    paths: tuple[str, str, str],
    own: tuple[str, str, str],
    home: str,
    title: str,
    description: str,
    articles: Iterable[Article],
    limit: int,
) -> FeedView:
    config = ix.config
    base = config.absolute_base_url
    kept = newest_first(a for a in articles if a.id not in ix.duplicate_of)
    dated = [a.date for a in kept if a.date]
    home_url = urls.absolute(base, home)
    title = " ".join(xml_safe(title).split()) or home_url  # every format requires a title
    return FeedView(
        paths,
        tuple(urls.absolute(base, p) for p in own),  # type: ignore[arg-type]
        home_url,
        title,
        " ".join(xml_safe(description).split()) or title,
        config.language,
        feed_author(config.title)[0] or urlsplit(base).hostname or home_url,  # a name, as an Atom author's
        max(dated) if dated else None,
        tuple(feed_item(ix, a) for a in kept[:limit]),
    )


def site_feed(ix: SiteIndex) -> FeedView:
    """The view of the site's own feeds."""
    config, paths = ix.config, urls.feed_urls("")
    return _view(ix, paths, paths, "", config.title, config.description, ix.model.articles, config.feed_items)


def storyline_feed(ix: SiteIndex, slug: str, at: str | None = None) -> FeedView:
    """The view of storyline `slug`'s feeds; written at old slug `at`'s paths when given (see `feeds`)."""
    config, story = ix.config, ix.storylines[slug]
    own = urls.storyline_feed_urls(slug)
    ids = sorted({i for i in story.articles if i in ix.order}, key=ix.order.__getitem__)
    return _view(
        ix,
        urls.storyline_feed_urls(at) if at else own,
        own,
        urls.storyline_url(slug),
        f"{story.title} – {config.title}",
        story.description or " ".join(story.summary) or config.description,
        (ix.articles[i] for i in ids),
        config.topic_feed_items,
    )


def actor_feed(ix: SiteIndex, slug: str) -> FeedView:
    """The view of actor `slug`'s feeds: the newest reports naming it."""
    config, actor = ix.config, ix.actors[slug]
    own = urls.actor_feed_urls(slug)
    articles = (ix.articles[i] for i in ix.actor_articles[slug])
    title, about = f"{actor.name} – {config.title}", f"The latest reports naming {actor.name}."
    return _view(ix, own, own, urls.actor_url(slug), title, about, articles, config.topic_feed_items)


def has_feed(ix: SiteIndex, actor_slug: str) -> bool:
    """Whether an actor has feeds of its own: named in ACTOR_FEED_MIN reports, rewrites not counted."""
    ids = ix.actor_articles.get(actor_slug, ())
    return len(ids) >= ACTOR_FEED_MIN and sum(i not in ix.duplicate_of for i in ids) >= ACTOR_FEED_MIN


def feeds(ix: SiteIndex) -> Iterator[Callable[[], FeedView]]:
    """A task building the view of the site's feeds, one for each storyline's, one for each actor's
    (`has_feed`), and one for each redirected slug's old feed paths: a copy of the feeds of the
    storyline now answering for it (their self links the new feeds'), so a subscriber's reader keeps
    receiving its items under the same ids. A static site cannot redirect a feed, and a one-item
    "moved" feed would stop updating."""
    yield partial(site_feed, ix)
    for story in ix.model.grouping.storylines:
        yield partial(storyline_feed, ix, story.slug)
    for actor in ix.model.actors:
        if has_feed(ix, actor.slug):
            yield partial(actor_feed, ix, actor.slug)
    for old, new in sorted(ix.model.grouping.permalinks.redirects.items()):
        if new in ix.storylines:
            yield partial(storyline_feed, ix, new, old)


# XML escapes, as lxml writes them (the feeds were once written through it, byte for byte): in text
# `&`, `<`, `>` and carriage returns; in attribute values also quotes, line feeds and tabs.
# RSS writes `&`, `<` and `>` as hexadecimal references, as the RSS Best Practices Profile asks of
# plain text ("&#x26;", "&#x3C;"): the same characters, as more readers read them.
XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
RSS_ESCAPES = (("&", "&#x26;"), ("<", "&#x3C;"), (">", "&#x3E;"))
_ATTRIBUTE_ESCAPES = (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
RSS_NAMESPACES = (
    'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
)
DC_NAMESPACE = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'
DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"


def xml_text(text: str, escapes: tuple[tuple[str, str], ...] = XML_ESCAPES) -> str:
    """`text` as the content of an XML element (`escapes`: XML_ESCAPES, or RSS_ESCAPES in RSS)."""
    for character, escape in escapes:
        if character in text:
            text = text.replace(character, escape)
    return text.replace("\r", "&#13;") if "\r" in text else text


def xml_attribute(text: str, escapes: tuple[tuple[str, str], ...] = XML_ESCAPES) -> str:
    """`text` as an XML attribute's value, between double quotes."""
    text = xml_text(text, escapes)
    for character, escape in _ATTRIBUTE_ESCAPES:
        if character in text:
            text = text.replace(character, escape)
    return text


def rfc822(when: datetime) -> str:
    """A date as RSS writes it (RFC 822, English names whatever the locale):
    "Sun, 07 Jul 2013 00:00:00 +0000"."""
    return when.strftime(f"{_DAYS[when.weekday()]}, %d {_MONTHS[when.month - 1]} %Y %H:%M:%S %z")


def _rss_element(tag: str, text: str, indent: str = "      ") -> str:
    return f"{indent}<{tag}>{xml_text(text, RSS_ESCAPES)}</{tag}>\n"


def _atom_element(tag: str, text: str, indent: str = "    ") -> str:
    return f"{indent}<{tag}>{xml_text(text)}</{tag}>\n"


def _atom_text(tag: str, text: str, indent: str = "    ") -> str:
    """An Atom text construct (title, subtitle, summary): plain text, Atom's default, unless it
    `reads_as_html`: then declared type="html" and written HTML-escaped (the same text to every reader,
    and no W3C validator warning)."""
    if reads_as_html(text):
        return f'{indent}<{tag} type="html">{xml_text(html.escape(text, quote=False))}</{tag}>\n'
    return _atom_element(tag, text, indent)


# Each item's entry, per format, written once per render process and copied into every feed holding
# it: (format, item) -> its XML (0 RSS, 1 Atom) or JSON line (2). An entry is the same in every feed
# (the feed's own elements aside).
_ENTRIES: dict[tuple[int, FeedItem], str] = {}


def reset() -> None:
    """Forget the entries kept for the last render."""
    _ENTRIES.clear()


def _rss_entry(item: FeedItem) -> str:
    found = _ENTRIES.get((0, item))
    if found is not None:
        return found
    parts = ["    <item>\n"]
    title = rss_text(item.title)
    if title:
        parts.append(_rss_element("title", title))
    parts.append(_rss_element("link", item.url))
    content = item.content_html  # in a CDATA section, unless it holds the section's end: escaped
    content = xml_text(content, RSS_ESCAPES) if "]]>" in content else f"<![CDATA[{content}]]>"
    description = feed_html(item.summary) if item.summary else ""
    if description:
        parts.append(_rss_element("description", description))
        parts.append(f"      <content:encoded>{content}</content:encoded>\n")
    else:
        parts.append(f"      <description>{content}</description>\n")
    if item.email and item.author:  # "address (name)": an address alone draws a validator warning
        name = rss_text(item.author)
        parts.append(_rss_element("author", f"{item.email} ({name})" if name else item.email))
    parts.append(f'      <guid isPermaLink="true">{xml_text(item.url, RSS_ESCAPES)}</guid>\n')
    parts.extend(_rss_element("category", rss_text(c)) for c in item.categories)
    if item.date:
        parts.append(_rss_element("pubDate", rfc822(_when(item.date))))
    if item.author and not item.email:  # a byline without an address: Dublin Core's creator
        parts.append(_rss_element("dc:creator", rss_text(item.author)))
    parts.append("    </item>\n")
    found = _ENTRIES[(0, item)] = "".join(parts)
    return found


def rss_bytes(view: FeedView) -> bytes:
    """The RSS 2.0 document of a feed view."""
    dc = any(item.author and not item.email for item in view.items)  # a byline without an address
    parts = [
        DECLARATION,
        f'<rss {DC_NAMESPACE + " " if dc else ""}{RSS_NAMESPACES} version="2.0">\n',
        "  <channel>\n",
        _rss_element("title", rss_text(view.title), "    "),
        _rss_element("link", view.home, "    "),
        _rss_element("description", rss_text(view.description), "    "),
        f'    <atom:link href="{xml_attribute(view.urls[0], RSS_ESCAPES)}" rel="self" '
        f'type="{urls.FEED_TYPES[0]}"/>\n',
        "    <docs>https://www.rssboard.org/rss-specification</docs>\n",
        "    <generator>briefing</generator>\n",
    ]
    if view.language:
        parts.append(_rss_element("language", view.language, "    "))
    parts.append(_rss_element("lastBuildDate", rfc822(_when(view.newest)), "    "))
    parts.extend(map(_rss_entry, view.items))
    parts.append("  </channel>\n</rss>\n")
    return "".join(parts).encode()


def _atom_entry(item: FeedItem) -> str:
    found = _ENTRIES.get((1, item))
    if found is not None:
        return found
    parts = [
        "  <entry>\n",
        _atom_element("id", item.url),
        _atom_text("title", item.title),
        _atom_element("updated", _when(item.date, item.second).isoformat()),
    ]
    if item.author:
        parts.append("    <author>\n")
        parts.append(_atom_element("name", item.author, "      "))
        if item.email:
            parts.append(_atom_element("email", item.email, "      "))
        parts.append("    </author>\n")
    if item.content_html:
        parts.append(f'    <content type="html">{xml_text(item.content_html)}</content>\n')
    else:
        parts.append('    <content type="html"/>\n')
    parts.append(f'    <link href="{xml_attribute(item.url)}"/>\n')  # rel="alternate": Atom's default
    if item.summary:
        parts.append(_atom_text("summary", item.summary))
    parts.extend(f'    <category term="{xml_attribute(c)}"/>\n' for c in item.categories)
    if item.date:
        parts.append(_atom_element("published", _when(item.date).isoformat()))
    parts.append("  </entry>\n")
    found = _ENTRIES[(1, item)] = "".join(parts)
    return found


def atom_bytes(view: FeedView) -> bytes:
    """The Atom 1.0 document of a feed view: text constructs plain text (or declared HTML, see
    `_atom_text`), content HTML."""
    newest = [_when(i.date, i.second) for i in view.items if i.date == view.newest]
    updated = max(newest) if newest else _when(view.newest)  # never before an entry's <updated>
    language = f' xml:lang="{xml_attribute(view.language)}"' if view.language else ""
    parts = [
        DECLARATION,
        f'<feed xmlns="http://www.w3.org/2005/Atom"{language}>\n',
        _atom_element("id", view.urls[1], "  "),
        _atom_text("title", view.title, "  "),
        _atom_element("updated", updated.isoformat(), "  "),
    ]
    if view.author:
        parts.append(f"  <author>\n{_atom_element('name', view.author)}  </author>\n")
    parts.append(f'  <link href="{xml_attribute(view.urls[1])}" rel="self" type="{urls.FEED_TYPES[1]}"/>\n')
    parts.append(f'  <link href="{xml_attribute(view.home)}" rel="alternate" type="text/html"/>\n')
    parts.append("  <generator>briefing</generator>\n")
    if view.description:
        parts.append(_atom_text("subtitle", view.description, "  "))
    parts.extend(map(_atom_entry, view.items))
    parts.append("</feed>\n")
    return "".join(parts).encode()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _json_item(item: FeedItem) -> str:
    """An item's JSON Feed line, written once per render process (kept with the entries)."""
    found = _ENTRIES.get((2, item))
    if found is not None:
        return found
    record: dict[str, object] = {"id": item.url, "url": item.url, "title": item.title}
    record["content_html"] = item.content_html
    if item.summary:
        record["summary"] = item.summary
    if item.date:
        record["date_published"] = _when(item.date).isoformat()
    if item.author:
        record["authors"] = [{"name": item.author}]
    if item.categories:
        record["tags"] = list(item.categories)
    found = _ENTRIES[(2, item)] = _json(record)
    return found


def json_bytes(view: FeedView) -> bytes:
    """The JSON Feed 1.1 document of a feed view: keys sorted, `items` last, one item a line."""
    head = _json(
        {
            "version": JSON_FEED,
            "title": view.title,
            "home_page_url": view.home,
            "feed_url": view.urls[2],
            "description": view.description,
            "language": view.language,
            "authors": [{"name": view.author}],
        }
    )
    lines = list(map(_json_item, view.items))
    items = ",\n".join(lines)
    return (
        f'{head[:-1]}, "items": [\n{items}\n]}}\n'.encode()
        if lines
        else f'{head[:-1]}, "items": []}}\n'.encode()
    )


WRITERS = (rss_bytes, atom_bytes, json_bytes)


def feed_files(view: FeedView) -> list[tuple[str, bytes]]:
    """The feed's three files: (site path, bytes) for RSS, Atom and JSON Feed."""
    return [(path, write(view)) for path, write in zip(view.paths, WRITERS, strict=True)]


def render_feed(
    model: SiteModel,
    config: SiteConfig,
    storyline: str | None = None,
    actor: str | None = None,
    kind: int = 0,
) -> bytes:
    """A feed of the site, or of one storyline or actor (by slug): `kind` 0 RSS, 1 Atom, 2 JSON Feed."""
    ix = SiteIndex(model, config)
    if storyline is not None:
        view = storyline_feed(ix, storyline)
    elif actor is not None:
        view = actor_feed(ix, actor)
    else:
        view = site_feed(ix)
    return WRITERS[kind](view)


def _attr(value: str) -> str:
    return html.escape(" ".join(xml_safe(value).split()), quote=True)


def _outline(text: str, rss: str, home: str, base: str) -> str:
    return (
        f'<outline type="rss" version="RSS2" text="{_attr(text)}" title="{_attr(text)}" '
        f'xmlUrl="{_attr(urls.absolute(base, rss))}" htmlUrl="{_attr(urls.absolute(base, home))}"/>'
    )


def opml(ix: SiteIndex) -> bytes:
    """feeds.opml (OPML 2.0): every feed of the site once, by its RSS URL (a feed reader imports one
    subscription a feed): the site's, then each storyline's (most recently active first) and each
    actor's that has feeds (by name), under a heading each."""
    config, base = ix.config, ix.config.absolute_base_url
    title = " ".join(xml_safe(config.title).split()) or base
    stories = [
        _outline(s.title, urls.storyline_feed_url(s.slug), urls.storyline_url(s.slug), base)
        for s in ix.ordered
    ]
    actors = sorted(
        (a for a in ix.model.actors if has_feed(ix, a.slug)), key=lambda a: (a.name.casefold(), a.slug)
    )
    named = [_outline(a.name, urls.actor_feed_urls(a.slug)[0], urls.actor_url(a.slug), base) for a in actors]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "<head>",
        f"<title>{html.escape(title, quote=False)}: every feed</title>",
        "<docs>http://opml.org/spec2.opml</docs>",
        "</head>",
        "<body>",
        _outline(title, urls.FEED, "", base),  # the site's home: its base URL
    ]
    for heading, outlines in (("Storylines", stories), ("Actors", named)):
        if outlines:
            lines += [f'<outline text="{heading}">', *outlines, "</outline>"]
    lines += ["</body>", "</opml>"]
    return ("\n".join(lines) + "\n").encode("utf-8")
