"""What a feed reader shows of a feed: the text of every human-readable field, and any markup in it.

Import as `from feed_reading import ...` (pytest puts `tests/` on the path). Feeds are parsed with
feedparser and `sanitize_html=False`, so nothing is cleaned up on the reader's side: a field that
would carry an element or an attribute from article text to a reader that renders it as HTML is
reported, whatever type feedparser guessed for it (readers guess differently).
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

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
    """(where, value, type) for every human-readable field of the channel and of each entry."""
    for name in FEED_FIELDS:
        if name in parsed.feed:
            yield f"feed {name}", parsed.feed[name], _kind(parsed.feed, name)
    for index, entry in enumerate(parsed.entries):
        for name in ENTRY_FIELDS:
            if name in entry:
                yield f"entry {index} {name}", entry[name], _kind(entry, name)
        for content in entry.get("content", ()):
            yield f"entry {index} content", content.value, content.type
        for author in entry.get("authors", ()):
            if author.get("name"):
                yield f"entry {index} author name", author["name"], "text/html"


def _kind(node: feedparser.FeedParserDict, name: str) -> str:
    # Authors carry no type; readers such as Miniflux read them as HTML (they strip tags).
    return node.get(f"{name}_detail", {}).get("type", "text/html")


def shown(value: str, kind: str) -> str:
    """The text a reader shows for a parsed field: HTML-typed values are read as HTML."""
    return "".join(_Reading(value).text) if "html" in kind else value


def markup(value: str) -> list[str]:
    """The elements, attributes, comments and declarations `value` holds when read as HTML."""
    return _Reading(value).markup


def markup_problems(parsed: feedparser.FeedParserDict) -> list[str]:
    """Every field of the feed that holds markup when read as HTML, as 'where: markup'."""
    return [f"{where}: {found}" for where, value, _ in fields(parsed) if (found := markup(value))]
