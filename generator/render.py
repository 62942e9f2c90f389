"""The render stage: a SiteModel and SiteConfig become every output file as `Page`s (no disk writes)."""

from __future__ import annotations

import multiprocessing
import os
import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from . import urls
from .config import SiteConfig
from .errors import BuildError
from .export import export_pages
from .feeds import excerpt, render_feed
from .model import Actor, Article, Page, SiteModel, Storyline

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
HOME_ARTICLES = 30
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
KINDS = (
    ("person", "People"),
    ("organisation", "Organisations"),
    ("country", "Countries"),
    ("place", "Places"),
)


def format_date(day: date | None) -> str:
    """'4 May 2022' (locale-independent)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "Undated"


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), percent-encoded where HTML forbids raw characters, else None
    (never link `javascript:` and friends)."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe="%/:?#[]@!$&'()*+,;=~")


def _newest_first(items: Iterable[Article]) -> list[Article]:
    return sorted(items, key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0)))


def _by_date(articles: Iterable[Article]) -> list[tuple[date | None, list[Article]]]:
    """Group articles (already in display order) by day, keeping that order."""
    groups: dict[date | None, list[Article]] = {}
    for a in articles:
        groups.setdefault(a.date, []).append(a)
    return list(groups.items())


class SiteIndex:
    """Lookups the templates need, computed once from the model."""

    def __init__(self, model: SiteModel) -> None:
        self.model = model
        self.articles = {a.id: a for a in model.articles}
        self.actors = {a.slug: a for a in model.actors}
        self.storylines = {s.slug: s for s in model.grouping.storylines}
        self.duplicate_of = {k: v for k, v in model.grouping.duplicate_of.items() if k in self.articles}
        self.rewrites: dict[str, list[Article]] = defaultdict(list)
        for a in model.articles:
            root = self.original(a.id)
            if root != a.id:
                self.rewrites[root].append(a)
        mentioned_in: dict[str, list[str]] = defaultdict(list)
        for aid, slugs in model.article_actors.items():
            for slug in slugs:
                mentioned_in[slug].append(aid)
        self.actor_articles = {
            slug: [i for i in dict.fromkeys(actor.articles or mentioned_in[slug]) if i in self.articles]
            for slug, actor in self.actors.items()
        }

    def original(self, article_id: str) -> str:
        """The report an article (transitively) rewrites, or itself."""
        seen = {article_id}
        while article_id in self.duplicate_of and self.duplicate_of[article_id] in self.articles:
            article_id = self.duplicate_of[article_id]
            if article_id in seen:
                break
            seen.add(article_id)
        return article_id

    def storyline_of(self, article_id: str) -> Storyline | None:
        slug = self.model.grouping.storyline_of.get(article_id) or self.articles[article_id].storyline
        return self.storylines.get(slug) if slug else None

    def article_actors(self, article_id: str) -> list[Actor]:
        slugs = self.model.article_actors.get(article_id, ())
        return [self.actors[s] for s in slugs if s in self.actors]

    def story_actors(self, story: Storyline) -> list[Actor]:
        return [self.actors[s] for s in story.actors if s in self.actors]

    def story_articles(self, story: Storyline) -> list[Article]:
        """Articles shown as items on a storyline page: rewrites go under their original instead."""
        ids = [i for i in story.articles if i in self.articles]
        members = set(ids)
        return [self.articles[i] for i in ids if self.original(i) == i or self.original(i) not in members]

    def mention_count(self, actor: Actor) -> int:
        return sum(actor.mentions.values()) or len(self.actor_articles[actor.slug])

    def actor_storylines(self, actor: Actor) -> list[Storyline]:
        found = {s.slug: s for i in self.actor_articles[actor.slug] if (s := self.storyline_of(i))}
        return ordered_storylines(found.values())

    def appears_with(self, actor: Actor) -> list[tuple[Actor, int]]:
        counts: Counter[str] = Counter()
        for aid in self.actor_articles[actor.slug]:
            counts.update({s for s in self.model.article_actors.get(aid, ()) if s != actor.slug})
        pairs = [(self.actors[s], n) for s, n in counts.items() if s in self.actors]
        return sorted(pairs, key=lambda p: (-p[1], p[0].name.casefold(), p[0].slug))


def ordered_storylines(stories: Iterable[Storyline]) -> list[Storyline]:
    """Most recently active first; undated last; stable otherwise."""
    return sorted(stories, key=lambda s: (s.end is None, -(s.end.toordinal() if s.end else 0)))


@lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` for two relative site paths, without touching the cwd."""
    if path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [p for p in posixpath.normpath(path).split("/") if p != "."]
    base = [p for p in posixpath.normpath(start).split("/") if p != "."]
    if ".." in to or ".." in base:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    return "/".join(parts) if parts else "."


@lru_cache(maxsize=1 << 16)
def relative(from_page_path: str, to_path: str) -> str:
    """`urls.relative` with a faster relpath and memoised: the templates ask for the same links often."""
    path, sep, fragment = to_path.partition("#")
    if not path:
        return "#" + quote(fragment)
    start = posixpath.dirname(from_page_path) or "."
    href = quote(_relpath(path, start), safe="/")
    return href + (sep + quote(fragment) if sep else "")


@pass_context
def _rel(ctx: Context, to_path: str) -> str:
    """Href from the page being rendered to a site path (absolute from the base path on 404.html)."""
    root = ctx.get("link_root")
    if root is not None:
        return root + relative("index.html", to_path)
    return relative(ctx["page_path"], to_path)


def make_env(templates_dir: Path) -> Environment:
    """The Jinja environment: autoescaping, strict undefined, URL helpers and date filters."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        rel=_rel,
        urls=urls,
        article_url=urls.article_url,
        storyline_url=urls.storyline_url,
        actor_url=urls.actor_url,
        archive_url=urls.archive_url,
        month_name=lambda m: MONTHS[m - 1],
    )
    env.filters.update(rel=_rel, date=format_date, safe_url=safe_url, excerpt=excerpt)
    return env


# Rendering is split across processes (forked, so the model is shared, not copied) for big sites.
RENDER_PROCESSES = min(os.cpu_count() or 1, 4)
PARALLEL_MIN_PAGES = 2000
_JOBS: list[Callable[[], Page]] = []  # the jobs a forked render worker inherits


def _feed_page(path: str, model: SiteModel, config: SiteConfig, slug: str) -> Page:
    return Page(path, render_feed(model, config, slug))


def _run_slice(bounds: tuple[int, int]) -> list[Page]:
    return [job() for job in _JOBS[bounds[0] : bounds[1]]]


def run_jobs(jobs: list[Callable[[], Page]], processes: int | None = None) -> list[Page]:
    """Run page jobs in order; a large list is split across forked processes (same pages, faster)."""
    global _JOBS
    processes = RENDER_PROCESSES if processes is None else processes
    methods = multiprocessing.get_all_start_methods()
    if processes < 2 or len(jobs) < PARALLEL_MIN_PAGES or "fork" not in methods:
        return [job() for job in jobs]
    step = -(-len(jobs) // (processes * 8))
    chunks = [(i, min(i + step, len(jobs))) for i in range(0, len(jobs), step)]
    _JOBS = jobs
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return [page for chunk in pool.map(_run_slice, chunks) for page in chunk]
    finally:
        _JOBS = []


class _Renderer:
    def __init__(self, model: SiteModel, config: SiteConfig, env: Environment) -> None:
        self.model, self.config, self.env = model, config, env
        self.ix = SiteIndex(model)
        self.jobs: list[Callable[[], Page]] = []  # run later, possibly split across processes

    def page(self, path: str, template: str, title: str, section: str, **ctx: Any) -> None:
        context: dict[str, Any] = {
            "site": self.config,
            "ix": self.ix,
            "page_path": path,
            "page_title": title,
            "section": section,
            "canonical": urls.absolute(self.config.absolute_base_url, path),
            "link_root": None,
            "extra_feeds": [],
        }
        context.update(ctx)
        compiled = self.env.get_template(template)  # compiled once, here, before any fork
        self.jobs.append(lambda: Page(path, compiled.render(context).encode("utf-8")))

    def run(self) -> list[Page]:
        ix, model, cfg = self.ix, self.model, self.config
        stories = ordered_storylines(model.grouping.storylines)
        shown = [a for a in model.articles if a.id not in ix.duplicate_of][:HOME_ARTICLES]
        self.page(
            urls.HOME,
            "home.html",
            cfg.title,
            "home",
            storylines=stories[: cfg.home_storylines],
            more_storylines=len(stories) > cfg.home_storylines,
            days=_by_date(shown),
        )
        self.page(urls.STORYLINES, "storylines.html", "Storylines", "storylines", storylines=stories)
        for story in model.grouping.storylines:
            feed = {"title": f"{story.title} (RSS)", "path": urls.storyline_feed_url(story.slug)}
            self.page(
                urls.storyline_url(story.slug),
                "storyline.html",
                story.title,
                "storylines",
                story=story,
                items=ix.story_articles(story),
                extra_feeds=[feed],
            )
            self.jobs.append(partial(_feed_page, feed["path"], model, cfg, story.slug))
        groups = [(label, [a for a in model.actors if a.kind == kind]) for kind, label in KINDS]
        known = {k for k, _ in KINDS}
        groups.append(("Other", [a for a in model.actors if a.kind not in known]))
        self.page(urls.ACTORS, "actors.html", "Actors", "actors", groups=[g for g in groups if g[1]])
        for actor in model.actors:
            mentions = _newest_first(ix.articles[i] for i in ix.actor_articles[actor.slug])
            self.page(
                urls.actor_url(actor.slug),
                "actor.html",
                actor.name,
                "actors",
                actor=actor,
                mentions=mentions,
            )
        for article in model.articles:
            self.page(
                urls.article_url(article.id),
                "article.html",
                article.title,
                "articles",
                article=article,
                original=ix.articles[ix.original(article.id)] if article.id in ix.duplicate_of else None,
            )
        self.archives()
        self.page(urls.ABOUT, "about.html", "About", "about", about_html=model.about_html)
        base_path = urlsplit(cfg.absolute_base_url).path or "/"
        self.page(urls.NOT_FOUND, "404.html", "Page not found", "", canonical=None, link_root=base_path)
        return run_jobs(self.jobs)

    def archives(self) -> None:
        months: dict[tuple[int, int], list[Article]] = defaultdict(list)
        for a in _newest_first(self.model.articles):
            if a.date:
                months[(a.date.year, a.date.month)].append(a)
        years: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for (y, m), items in sorted(months.items(), reverse=True):
            years[y].append((m, len(items)))
            self.page(
                urls.archive_url(y, m),
                "month.html",
                f"{MONTHS[m - 1]} {y}",
                "archive",
                year=y,
                month=m,
                days=_by_date(items),
            )
        undated = [a for a in self.model.articles if not a.date]
        self.page(
            urls.ARCHIVE, "archive.html", "Archive", "archive", years=list(years.items()), undated=undated
        )


def static_pages(templates_dir: Path) -> list[Page]:
    """Files under `templates/static/`, copied to `static/`."""
    root = templates_dir / "static"
    if not root.is_dir():
        return []
    return [
        Page("static/" + p.relative_to(root).as_posix(), p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file()
    ]


def render_site(model: SiteModel, config: SiteConfig, templates_dir: Path | None = None) -> list[Page]:
    """Every output file of the site (HTML, static assets, feeds, JSON), sorted by path."""
    tdir = Path(templates_dir) if templates_dir else TEMPLATES_DIR
    if not (tdir / "base.html").is_file():
        raise BuildError(str(tdir), "templates folder not found (set 'templates' in site.yaml)")
    pages = _Renderer(model, config, make_env(tdir)).run()
    pages += static_pages(tdir)
    pages.append(Page(urls.FEED, render_feed(model, config)))
    pages += export_pages(model)
    return sorted(pages, key=lambda p: p.path)
