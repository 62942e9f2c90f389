"""Plain data passed between the build stages: read -> extract -> resolve -> group -> render."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

# Where an article's date came from, best evidence first.
DATE_SOURCES = ("editor", "header", "updated", "published", "caption", "dateline", "text", "inferred", "none")


@dataclass(frozen=True)
class Article:
    """One news article after reading and cleaning (the `read` stage's output)."""

    id: str
    path: str  # source file, as given on the command line or in the config
    title: str
    title_source: str  # "headline", "lead", "editor" or "metadata"
    date: date | None
    date_source: str  # one of DATE_SOURCES
    paragraphs: tuple[str, ...]  # cleaned body text, no boilerplate, no byline
    source: str | None = None  # outlet, e.g. "Kyodo News"
    url: str | None = None
    author: str | None = None  # byline; never an actor
    storyline: str | None = None  # editor's pin: a storyline slug
    body_html: str | None = None  # rendered Markdown for curated articles, else None
    line: int = 0  # 1-based line in `path` for JSONL, else 0
    draft: bool = False  # `draft: true`: published only by a build with drafts (`--drafts`, `serve`)

    @property
    def text(self) -> str:
        """The body as one string; entity offsets refer to this."""
        return "\n\n".join(self.paragraphs)


class Mention(NamedTuple):
    """One entity mention found by the model in `Article.text`.

    A named tuple rather than a dataclass: an archive has ~30 per article, and a tuple is built
    (and unpickled from the extraction cache) twice as fast.
    """

    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LOC, FAC, ...
    start: int  # character offsets into Article.text
    end: int
    sentence: int  # index into Annotations.sentences
    # What the text around it says (names.mention_context), found at extraction and cached:
    title_part: bool = False  # a word of a title: "Defense" Minister, Secretary of "State"
    document: bool = False  # names a document: "National Security Strategy"
    acronym: str = ""  # written right after it: "(NPT)"
    role: str = ""  # title-like words right before it, untrimmed: "US Defense Secretary"

    def values(self) -> tuple[str, str, int, int, int, bool, bool, str, str]:
        """The fields in order, as a plain tuple (`Mention(*values)` rebuilds it)."""
        return tuple(self)  # type: ignore[return-value]


@dataclass(frozen=True)
class Annotations:
    """The `extract` stage's output for one article."""

    article_id: str
    mentions: tuple[Mention, ...]
    sentences: tuple[tuple[int, int], ...]  # (start, end) character spans in Article.text


@dataclass(frozen=True)
class Quote:
    """A direct quotation in an article and who said it (`resolve.quotes`)."""

    article: str  # article id
    start: int  # character offset of the opening quote mark in Article.text
    sentence: int  # index into Annotations.sentences of the sentence it opens in
    text: str  # the words quoted, without the marks; paragraphs of a long quote joined by a space
    speaker: str | None  # the words naming the speaker ("Nobuo Kishi", "the spokesman"), or None
    actor: str | None  # the speaker's actor slug, or None when not resolved to a published actor


@dataclass(frozen=True)
class Actor:
    """A resolved real-world actor: one per person, organisation or country."""

    slug: str
    name: str
    kind: str  # "person", "organisation", "country", "place"
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # e.g. "Defense Minister", "press secretary"
    articles: tuple[str, ...] = ()  # article ids, date order
    mentions: dict[str, int] = field(default_factory=dict)  # article id -> mention count


@dataclass(frozen=True)
class Storyline:
    """A group of articles about one developing story."""

    slug: str
    title: str
    articles: tuple[str, ...]  # ids in date order (duplicates included)
    actors: tuple[str, ...]  # key actor slugs, most central first
    start: date | None
    end: date | None
    summary: tuple[str, ...] = ()  # 2-3 extractive sentences
    description: str | None = None  # editor's text from content/storylines.yaml


@dataclass(frozen=True)
class Permalinks:
    """Which storyline has which URL (`content/permalinks.yaml`, group/permalinks.py): each live
    slug's member article ids (sorted), and each old slug that now redirects to a live one."""

    storylines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # old slug -> live slug


@dataclass(frozen=True)
class Grouping:
    """The `group` stage's output."""

    storylines: tuple[Storyline, ...]
    storyline_of: dict[str, str]  # article id -> storyline slug
    duplicate_of: dict[str, str]  # article id -> id of the report it rewrites
    inferred_dates: dict[str, date] = field(default_factory=dict)  # undated article -> its original's date
    articles: tuple[Article, ...] = ()  # every article, inferred dates applied, newest first
    permalinks: Permalinks = field(default_factory=Permalinks)  # this build's assignment (and redirects)


@dataclass(frozen=True)
class SiteModel:
    """Everything the render stage needs, fully resolved."""

    articles: tuple[Article, ...]  # newest first
    actors: tuple[Actor, ...]  # sorted by name
    grouping: Grouping
    article_actors: dict[str, tuple[str, ...]]  # article id -> actor slugs, most mentioned first
    about_html: str = ""
    quotes: tuple[Quote, ...] = ()  # by article id, then position
    places: dict[str, tuple[str, ...]] = field(default_factory=dict)  # article id -> place names, most first
    sites: frozenset[str] = frozenset()  # place names standing for a site or institution: no page


@dataclass(frozen=True)
class Page:
    """One output file, as a path relative to the site root and its bytes; or, for a page reused
    from the last build, the published file (`source`) whose bytes it has (`content` is then empty:
    the writer links the file without reading it)."""

    path: str
    content: bytes
    source: str | None = None
