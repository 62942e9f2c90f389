"""What a feed reader shows of a feed: the text of every human-readable field, and any markup in it.

Import as `from feed_reading import ...` (pytest puts `tests/` on the path). Feeds are parsed with
feedparser and `sanitize_html=False`, so nothing is cleaned up on the reader's side: a field that
would carry an element or an attribute from article text to a reader that renders it as HTML is
reported, whatever type feedparser guessed for it (readers guess differently).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import feedparser

ENTRY_FIELDS = ("title", "summary", "description", "author")
FEED_FIELDS = ("title", "subtitle", "description", "author")


class _Reading(HTMLParser):
    """One field read as HTML: its text and the markup a browser would build from it."""

    def __init__(self, value: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.markup: list[str] = []
        self.feed(value)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.markup.append(f"<{tag}{''.join(f' {name}=' for name, _ in attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        self.markup.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self.markup.append("<!--comment-->")

    def handle_decl(self, decl: str) -> None:
        self.markup.append(f"<!{decl[:20]}>")

    def handle_pi(self, data: str) -> None:
        self.markup.append(f"<?{data[:20]}>")

    def unknown_decl(self, data: str) -> None:
        self.markup.append(f"<![{data[:20]}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(data: bytes) -> feedparser.FeedParserDict:
    """The feed as a reader gets it; a feed that is not well-formed fails the test."""
    parsed = feedparser.parse(data, sanitize_html=False)
    assert not parsed.bozo, f"feedparser bozo: {parsed.get('bozo_exception')!r}"
    return parsed


def fields(parsed: feedparser.FeedParserDict) -> Iterator[tuple[str, str, str]]:
    """(where, value, type) for every human-readable field of the channel and of each entry (an
    entry's full text: "entry N content"). RSS leaves readers to guess a field's type: its authors
    are read as HTML (Miniflux strips their tags); Atom declares each text's type, names are text."""
    declared = parsed.get("version", "").startswith("atom")
    for name in FEED_FIELDS:
        if name in parsed.feed:
            yield f"feed {name}", parsed.feed[name], _kind(parsed.feed, name, declared)
    for index, entry in enumerate(parsed.entries):
        for name in ENTRY_FIELDS:
            if name in entry:
                yield f"entry {index} {name}", entry[name], _kind(entry, name, declared)
        for content in entry.get("content", ()):
            yield f"entry {index} content", content.value, content.type
        for author in entry.get("authors", ()):
            if author.get("name"):
                yield f"entry {index} author name", author["name"], "text/plain" if declared else "text/html"


def _kind(node: feedparser.FeedParserDict, name: str, declared: bool) -> str:
    # Authors carry no type: in Atom a name is text; RSS readers such as Miniflux read it as HTML.
    return node.get(f"{name}_detail", {}).get("type", "text/plain" if declared else "text/html")


def shown(value: str, kind: str) -> str:
    """The text a reader shows for a parsed field: HTML-typed values are read as HTML."""
    return "".join(_Reading(value).text) if "html" in kind else value


def markup(value: str) -> list[str]:
    """The elements, attributes, comments and declarations `value` holds when read as HTML."""
    return _Reading(value).markup


def markup_problems(parsed: feedparser.FeedParserDict) -> list[str]:
    """Every field of the feed but the full text that holds markup when read as HTML, as 'where:
    markup': in RSS whatever type feedparser guessed (readers guess differently); in Atom, the
    fields it declares HTML."""
    declared = parsed.get("version", "").startswith("atom")
    return [
        f"{where}: {found}"
        for where, value, kind in fields(parsed)
        if not where.endswith(" content")
        and not (declared and "html" not in kind)
        and (found := markup(value))
    ]


def content_markup(parsed: feedparser.FeedParserDict) -> set[str]:
    """The elements the entries' full texts hold (HTML by every format), each once."""
    return {tag for where, value, _ in fields(parsed) if where.endswith(" content") for tag in markup(value)}


# --- format rules: what the specs and the W3C feed validator require ------------------------------

RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
ATOM = "{http://www.w3.org/2005/Atom}"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): each key a feed, item, author or hub may have
# and its type; "_" starts an extension. `None` in a tuple: any JSON object.
_STR, _LIST, _BOOL = (str,), (list,), (bool,)
JSON_FEED_KEYS = {
    "version": _STR, "title": _STR, "home_page_url": _STR, "feed_url": _STR, "description": _STR,
    "user_comment": _STR, "next_url": _STR, "icon": _STR, "favicon": _STR, "authors": _LIST,
    "language": _STR, "expired": _BOOL, "hubs": _LIST, "items": _LIST,
}  # fmt: skip
JSON_ITEM_KEYS = {
    "id": _STR, "url": _STR, "external_url": _STR, "title": _STR, "content_html": _STR,
    "content_text": _STR, "summary": _STR, "image": _STR, "banner_image": _STR, "date_published": _STR,
    "date_modified": _STR, "authors": _LIST, "tags": _LIST, "language": _STR, "attachments": _LIST,
}  # fmt: skip
JSON_AUTHOR_KEYS = {"name": _STR, "url": _STR, "avatar": _STR}


def _typed(where: str, record: object, allowed: dict[str, tuple[type, ...]]) -> list[str]:
    if not isinstance(record, dict):
        return [f"{where}: not an object"]
    problems = []
    for key, value in record.items():
        if key.startswith("_"):
            continue
        if key not in allowed:
            problems.append(f"{where}: unknown key {key!r}")
        elif not isinstance(value, allowed[key]):
            problems.append(f"{where}: {key} is {type(value).__name__}, not {allowed[key][0].__name__}")
    return problems


def _authors(where: str, authors: object) -> list[str]:
    problems = []
    for n, author in enumerate(authors if isinstance(authors, list) else []):
        problems += _typed(f"{where} author {n}", author, JSON_AUTHOR_KEYS)
        if isinstance(author, dict) and not {"name", "url", "avatar"} & author.keys():
            problems.append(f"{where} author {n}: has none of name, url, avatar")
    return problems


def json_feed_problems(data: bytes) -> list[str]:
    """Everything in a JSON Feed document that breaks the JSON Feed 1.1 spec: UTF-8 JSON, the required
    fields (version, title, items; each item's id and content_html or content_text) and the type of
    every field, RFC 3339 dates, absolute URLs, unique item ids."""
    try:
        feed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return [f"not UTF-8 JSON: {error}"]
    problems = _typed("feed", feed, JSON_FEED_KEYS)
    if problems and problems[0] == "feed: not an object":
        return problems
    if feed.get("version") != JSON_FEED_VERSION:
        problems.append(f"version {feed.get('version')!r} is not {JSON_FEED_VERSION}")
    for key in ("title", "items"):
        if key not in feed:
            problems.append(f"feed: required {key!r} missing")
    for key in ("home_page_url", "feed_url"):
        if isinstance(feed.get(key), str) and not _absolute(feed[key]):
            problems.append(f"feed: {key} {feed[key]!r} is not an absolute URL")
    problems += _authors("feed", feed.get("authors"))
    ids: set[str] = set()
    for n, item in enumerate(feed.get("items") if isinstance(feed.get("items"), list) else []):
        where = f"item {n}"
        problems += _typed(where, item, JSON_ITEM_KEYS)
        if not isinstance(item, dict):
            continue
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: required string 'id' missing")
        elif item["id"] in ids:
            problems.append(f"{where}: id {item['id']!r} repeated")
        else:
            ids.add(item["id"])
        if "content_html" not in item and "content_text" not in item:
            problems.append(f"{where}: neither content_html nor content_text")
        for key in ("date_published", "date_modified"):
            if key in item and not RFC3339.fullmatch(str(item[key])):
                problems.append(f"{where}: {key} {item[key]!r} is not RFC 3339")
        if isinstance(item.get("url"), str) and not _absolute(item["url"]):
            problems.append(f"{where}: url {item['url']!r} is not absolute")
        tags = item.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            problems.append(f"{where}: tags are not a list of strings")
        problems += _authors(where, item.get("authors"))
    return problems


def atom_problems(data: bytes, url: str) -> list[str]:
    """What the W3C feed validator requires of an Atom 1.0 feed served at `url`, checked here: one
    atom:id, title and updated (RFC 3339) on the feed and on each entry, a self link to `url`, an
    author on the feed or on every entry, unique entry ids, an alternate link where no content."""
    root = ET.fromstring(data)
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}, not atom:feed"]
    problems = []

    def once(node: ET.Element, where: str, tag: str) -> str | None:
        found = node.findall(f"{ATOM}{tag}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{tag}, not one")
            return None
        return found[0].text or ""

    for tag in ("id", "title"):
        once(root, "feed", tag)
    updated = once(root, "feed", "updated")
    if updated is not None and not RFC3339.fullmatch(updated):
        problems.append(f"feed: updated {updated!r} is not RFC 3339")
    selfs = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if selfs != [url]:
        problems.append(f"feed: self links {selfs} are not [{url!r}]")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    problems += person_problems(root, "feed")
    ids: set[str] = set()
    for n, entry in enumerate(root.findall(f"{ATOM}entry")):
        where = f"entry {n}"
        entry_id = once(entry, where, "id")
        if entry_id is not None:
            if not _absolute(entry_id):
                problems.append(f"{where}: id {entry_id!r} is not an absolute IRI")
            if entry_id in ids:
                problems.append(f"{where}: id {entry_id!r} repeated")
            ids.add(entry_id)
        once(entry, where, "title")
        for tag in ("updated", "published"):
            for value in entry.findall(f"{ATOM}{tag}"):
                if not RFC3339.fullmatch(value.text or ""):
                    problems.append(f"{where}: {tag} {value.text!r} is not RFC 3339")
        once(entry, where, "updated")
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no author, and none on the feed")
        problems += person_problems(entry, where)
        alternate = [lk for lk in entry.findall(f"{ATOM}link") if lk.get("rel", "alternate") == "alternate"]
        if entry.find(f"{ATOM}content") is None and not alternate:
            problems.append(f"{where}: neither content nor an alternate link")
    return problems


# What the W3C validator warns of in an Atom person's name (its `nonhtml`, `nonemail`, `nonblank`):
# an HTML end tag or character reference, an address in angle brackets, an empty name.
_END_TAG = re.compile(r"</\w+>")
_REFERENCE = re.compile(r"&(?:#\w+|[A-Za-z]+;)")
_BRACKETED_ADDRESS = re.compile(r"<[^\s<>@]+@[^\s<>@]+>")


def person_problems(node: ET.Element, where: str) -> list[str]:
    """The W3C validator's rules for each atom:author of `node` (the feed or an entry): exactly one
    name, not blank, no HTML, no address (an address belongs in atom:email)."""
    problems = []
    for author in node.findall(f"{ATOM}author"):
        names = [n.text or "" for n in author.findall(f"{ATOM}name")]
        if len(names) != 1:
            problems.append(f"{where}: author with {len(names)} names, not one")
        for name in names:
            if not name.strip():
                problems.append(f"{where}: author name is blank")
            if _END_TAG.search(name) or _REFERENCE.search(name):
                problems.append(f"{where}: author name {name!r} contains HTML")
            if _BRACKETED_ADDRESS.search(name) or "@" in name:
                problems.append(f"{where}: author name {name!r} contains an email address")
    return problems


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
