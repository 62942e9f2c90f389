"""A page per article: its text, and links to its actors, storyline, original and rewrites."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial

from .. import urls
from ..model import Article
from ..urls import safe_url
from .feeds import excerpt
from .index import SiteIndex
from .links import Links
from .views import Link, PageView, Planned, Rewrite, Task, actor_links, frame, rewrites


@dataclass(frozen=True)
class ArticleHead:
    """What article.html shows of the article itself."""

    title: str
    date: date | None
    source: str | None
    author: str | None
    paragraphs: tuple[str, ...]
    body_html: str | None  # trusted: rendered from the editor's Markdown with raw HTML disabled
    draft: bool = False  # shown with a "Draft" label (only a build with --drafts has drafts)


@dataclass(frozen=True)
class Original:
    """The report an article rewrites: link, title, source."""

    href: str
    title: str
    source: str | None


@dataclass(frozen=True, kw_only=True)
class ArticleView(PageView):
    """article.html: `article` (`ArticleHead`), `meta_description` (its opening, for the head),
    `link` (the original's URL when it is http(s), else None), `actors` (`Link`s), `storyline`
    (`Link` or None), `original` (`Original` when it is a rewrite, else None), `rewrites`
    (`Rewrite`s of it by other outlets)."""

    article: ArticleHead
    meta_description: str
    link: str | None
    actors: tuple[Link, ...]
    storyline: Link | None
    original: Original | None
    rewrites: tuple[Rewrite, ...]


def pages(ix: SiteIndex) -> Iterator[Task]:
    for article in ix.model.articles:
        yield partial(article_page, ix, article)


def article_page(ix: SiteIndex, a: Article) -> Planned:
    path = ix.article_path(a.id)
    links = Links(path)
    story = ix.storyline_of(a.id)
    original = None
    if a.id in ix.duplicate_of:
        o = ix.articles[ix.original(a.id)]
        original = Original(links(ix.article_path(o.id)), o.title, o.source)
    return Planned(
        "article.html",
        ArticleView(
            **frame(ix, path, a.title, "articles"),
            article=ArticleHead(
                a.title,
                a.date,
                a.source,
                a.author,
                a.paragraphs,
                a.body_html,
                a.draft,
            ),
            meta_description=excerpt(a.paragraphs, 160) or a.title,
            link=safe_url(a.url),
            actors=actor_links(links, ix.article_actors(a.id)),
            storyline=Link(links(urls.storyline_url(story.slug)), story.title) if story else None,
            original=original,
            rewrites=rewrites(ix, links, a.id),
        ),
    )
