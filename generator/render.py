"""The render stage: a SiteModel and SiteConfig become every output file as `Page`s (no disk writes)."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import marshal
import multiprocessing
import os
import posixpath
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from importlib import metadata
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from . import urls
from .config import SiteConfig
from .errors import BuildError, warn
from .export import dump_json, export_data
from .feeds import excerpt, render_feed
from .ids import shown
from .incremental.memo import digest
from .model import Actor, Article, Grouping, Page, SiteModel, Storyline
from .template_errors import check_templates, load_template, render_template

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
PAGE_TEMPLATES = (
    "home.html",
    "storylines.html",
    "storyline.html",
    "actors.html",
    "actor.html",
    "article.html",
    "archive.html",
    "month.html",
    "about.html",
    "404.html",
)
HOME_ARTICLES = 30
ACTORS_TOP = 24  # actors of each kind on a split actors index's first page
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
        self.order = {a.id: n for n, a in enumerate(model.articles)}
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
        self._actor_storylines: dict[str, list[Storyline]] = {}
        self._appears_with: dict[str, list[tuple[Actor, int]]] = {}
        self._distinct: dict[str, tuple[str, ...]] | None = None
        self._folded: dict[str, str] | None = None

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
        cached = self._actor_storylines.get(actor.slug)
        if cached is None:
            found = {s.slug: s for i in self.actor_articles[actor.slug] if (s := self.storyline_of(i))}
            cached = self._actor_storylines[actor.slug] = ordered_storylines(found.values())
        return cached

    def appears_with(self, actor: Actor) -> list[tuple[Actor, int]]:
        cached = self._appears_with.get(actor.slug)
        if cached is None:
            cached = self._appears_with[actor.slug] = self._count_appears_with(actor)
        return cached

    def _count_appears_with(self, actor: Actor) -> list[tuple[Actor, int]]:
        """Other actors in this actor's articles, with how many articles each shares, most first."""
        if self._distinct is None:  # each article's actor slugs once, known actors only
            known = self.actors
            self._distinct = {
                aid: tuple(s for s in dict.fromkeys(slugs) if s in known)
                for aid, slugs in self.model.article_actors.items()
            }
        if self._folded is None:
            self._folded = {slug: a.name.casefold() for slug, a in self.actors.items()}
        distinct, folded, actors = self._distinct, self._folded, self.actors
        ids = self.actor_articles[actor.slug]
        if len(ids) == 1:
            counts = dict.fromkeys(distinct.get(ids[0], ()), 1)
        else:
            counts = Counter(chain.from_iterable(distinct.get(aid, ()) for aid in ids))
        counts.pop(actor.slug, None)
        # Most shared first, then by name and slug (unique): plain tuples sort without a key function.
        order = sorted([(-n, folded[s], s) for s, n in counts.items()])
        return [(actors[s], -n) for n, _, s in order]


Groups = list[tuple[str, list[Actor]]]  # (heading, actors) on an actors index page


class Pager(NamedTuple):
    """Where a page of a paginated list stands: page `number` of `total`."""

    number: int
    total: int
    url: Callable[[int], str]

    @property
    def previous(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.total else None


def by_kind(actors: Sequence[Actor]) -> Groups:
    """(heading, actors) for each kind that has actors, in the order of KINDS, then "Other"."""
    groups = [(label, [a for a in actors if a.kind == kind]) for kind, label in KINDS]
    known = {k for k, _ in KINDS}
    groups.append(("Other", [a for a in actors if a.kind not in known]))
    return [g for g in groups if g[1]]


def initial(slug: str) -> str:
    """The letter an actor is filed under: its slug's first letter (slugs are ASCII), or "0-9"."""
    first = slug[:1]
    return first if "a" <= first <= "z" else "0-9"


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
def relative(from_page_path: str, to_path: str, fragment: str = "") -> str:
    """The URL-quoted relative href from one page to another path, then `#fragment` if given (`to_path`
    is all path: a `#` in it is part of a name; an empty `to_path` is the fragment alone). Memoised,
    with a relpath that never touches the cwd: the templates ask for the same links often."""
    tail = "#" + quote(fragment) if fragment else ""
    if not to_path:
        return tail
    start = posixpath.dirname(from_page_path) or "."
    return urls.quote_path(_relpath(to_path, start)) + tail


@pass_context
def _rel(ctx: Context, to_path: str, fragment: str = "") -> str:
    """Href from the page being rendered to a site path, then `#fragment` if given (absolute from
    the base path on 404.html). All of `to_path` is path: a `#` in it is part of a name."""
    root = ctx.get("link_root")
    if root is not None:
        return root + relative("index.html", to_path, fragment)
    return relative(ctx["page_path"], to_path, fragment)


def make_env(templates_dir: Path, bytecode_dir: Path | None = None) -> Environment:
    """The Jinja environment: autoescaping, strict undefined, URL helpers and date filters.

    With `bytecode_dir`, compiled templates are kept there (Jinja checks each against its source;
    the folder must be specific to this environment's settings and Jinja version: see `render_site`).
    """
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        bytecode_cache=FileSystemBytecodeCache(str(bytecode_dir)) if bytecode_dir else None,
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


@dataclass(frozen=True)
class KeptPage(Page):
    """A page whose bytes are those of an already-published file, `source` (the writer links it).

    Only `render_site(..., reuse=...)` makes these; `content` is empty, never the page's bytes.
    """

    source: str = ""


# Decides whether a page can be reused: (page path, input key) -> published file with those bytes.
Reuse = Callable[[str, str], "str | None"]

# Code whose behaviour shapes page bytes (besides templates and config): part of every page key.
_KEY_CODE = ("render.py", "urls.py", "feeds.py", "model.py", "export.py")
_KEY_PACKAGES = ("jinja2", "markupsafe", "feedgen", "lxml")


def render_salt(config: SiteConfig, templates_dir: Path) -> str:
    """A hash of everything every page depends on: config, templates, rendering code."""
    versions = []
    for package in _KEY_PACKAGES:
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=?")
    hasher = hashlib.sha256(f"{config!r}\0{versions}".encode())
    here = Path(__file__).resolve().parent
    files = [here / name for name in _KEY_CODE]
    files += sorted(p for p in Path(templates_dir).rglob("*") if p.is_file())
    for file in files:
        hasher.update(f"\0{file}\0".encode())
        hasher.update(file.read_bytes())
    return hasher.hexdigest()


def _story_model(model: SiteModel, ix: SiteIndex, story: Storyline) -> SiteModel:
    """The slice of `model` a storyline's feed reads (same bytes, without scanning every article)."""
    order = ix.order
    ids = {i for i in story.articles if i in order}
    articles = tuple(ix.articles[i] for i in sorted(ids, key=order.__getitem__))
    dups = model.grouping.duplicate_of
    grouping = Grouping((story,), {}, {a.id: dups[a.id] for a in articles if a.id in dups})
    return SiteModel(articles=articles, actors=(), grouping=grouping, article_actors={})


def _brief(a: Article) -> tuple[Any, ...]:
    """What a list item shows of an article (plain values)."""
    return (a.id, a.title, _plain(a.date), a.source, a.author)


_ATOMS = frozenset((str, int, bool, float, bytes, type(None)))
_FIELDS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}  # dataclass -> getter of its field values


def _fields(kind: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """A function giving a dataclass instance's field values as a tuple; None if not a dataclass."""
    getter = _FIELDS.get(kind)
    if getter is None and dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))
        if len(names) > 1:
            getter = attrgetter(*names)  # a tuple of the values, in C
        else:
            getter = lambda value: tuple(getattr(value, n) for n in names)  # noqa: E731
        _FIELDS[kind] = getter
    return getter


def _plain(value: Any) -> Any:
    """`value` as values `marshal` stores: dataclasses by their fields, dates by ordinal, tagged."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is tuple or kind is list:
        return value if _ATOMS.issuperset(map(type, value)) else [_plain(v) for v in value]
    if kind is date:
        return (b"date", value.toordinal())
    if kind is dict:
        if _ATOMS.issuperset(map(type, value)) and _ATOMS.issuperset(map(type, value.values())):
            return (b"dict", value)
        return (b"dict", [(_plain(k), _plain(v)) for k, v in value.items()])
    getter = _fields(kind)
    if getter is not None:
        return (kind.__qualname__.encode(), [v if type(v) in _ATOMS else _plain(v) for v in getter(value)])
    if kind is set or kind is frozenset:  # in a canonical order: iteration order follows the hash seed
        return (b"set", sorted((_plain(v) for v in value), key=_bytes))
    return (b"repr", repr(value))


def _same(value: Any) -> Any:
    """The value itself (a key function for data that is its own key)."""
    return value


def _bytes(value: Any) -> bytes:
    """Plain values as bytes: marshal version 0 (type-tagged and length-prefixed, so unambiguous;
    unlike later versions, its bytes do not depend on string interning or reference counts)."""
    return marshal.dumps(value, 0)


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
    def __init__(
        self,
        model: SiteModel,
        config: SiteConfig,
        env: Environment,
        salt: str = "",
        reuse: Reuse | None = None,
    ) -> None:
        self.model, self.config, self.env = model, config, env
        self.ix = SiteIndex(model)
        self.jobs: list[Callable[[], Page]] = []  # run later, possibly split across processes
        self.kept: list[Page] = []
        self.salt, self.reuse = salt, reuse
        self.keys: dict[str, str] = {}  # page path -> input key, for pages that have one
        self._full_digests: dict[str, bytes] = {}
        self._item_digests: dict[str, bytes] = {}
        self._mention_digests: dict[str, bytes] = {}
        self._actor_digests: dict[str, bytes] = {}
        self._hasher = hashlib.blake2b(_bytes(salt), digest_size=20)

    def _kept(self, path: str, key: Callable[[], Any] | None) -> bool:
        """Record the page's input key; True when a published file with those inputs is reused."""
        if key is None or not self.salt:
            return False
        hasher = self._hasher.copy()
        hasher.update(_bytes((path, key())))
        digest = hasher.hexdigest()
        self.keys[path] = digest
        source = self.reuse(path, digest) if self.reuse is not None else None
        if source is None:
            return False
        self.kept.append(KeptPage(path, b"", source))
        return True

    def page(
        self,
        path: str,
        template: str,
        title: str,
        section: str,
        key: Callable[[], Any] | None = None,
        lazy: Callable[[], dict[str, Any]] | None = None,
        **ctx: Any,
    ) -> None:
        """Queue a page (with `lazy`'s context too), unless its key lets the published file be reused."""
        if self._kept(path, key):
            return
        if lazy is not None:
            ctx.update(lazy())
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
        folder = Path(self.env.loader.searchpath[0])  # type: ignore[union-attr]
        compiled = load_template(self.env, folder, template)  # compiled once, here, before any fork
        self.jobs.append(lambda: Page(path, render_template(compiled, context, folder).encode("utf-8")))

    # Page keys: everything a page shows, as plain values (templates, config and code are in the salt).
    # Per-article parts are digested once and shared by the pages that list the article.
    def _full(self, article: Article) -> bytes:
        """Digest of every field of an article (its page and feed entries show most of them)."""
        found = self._full_digests.get(article.id)
        if found is None:
            found = self._full_digests[article.id] = digest(_plain(article))
        return found

    def _actor(self, actor: Actor) -> bytes:
        """Digest of every field of an actor."""
        found = self._actor_digests.get(actor.slug)
        if found is None:
            found = self._actor_digests[actor.slug] = digest(_plain(actor))
        return found

    def _item(self, article: Article) -> bytes:
        """Digest of an article as a list item: its brief and its rewrites."""
        found = self._item_digests.get(article.id)
        if found is None:
            rewrites = [(r.id, r.source, r.title) for r in self.ix.rewrites.get(article.id, ())]
            found = self._item_digests[article.id] = digest((_brief(article), rewrites))
        return found

    def _mention(self, article_id: str) -> bytes:
        """Digest of what an actor page takes from one of its articles: the list item, the article's
        storyline (its order key too) and the other actors in it (for "appears with")."""
        found = self._mention_digests.get(article_id)
        if found is None:
            ix = self.ix
            story = ix.storyline_of(article_id)
            label = (story.slug, story.title, _plain(story.end)) if story else None
            slugs = dict.fromkeys(ix.model.article_actors.get(article_id, ()))
            cast = [(s, ix.actors[s].name) for s in slugs if s in ix.actors]
            found = digest((_brief(ix.articles[article_id]), label, cast))
            self._mention_digests[article_id] = found
        return found

    def _article_key(self, article: Article, original: Article | None) -> Any:
        ix = self.ix
        story = ix.storyline_of(article.id)
        return (
            self._full(article),
            [(a.slug, a.name) for a in ix.article_actors(article.id)],
            (story.slug, story.title) if story else None,
            (original.id, original.title, original.source) if original else None,
            [(r.id, r.source, r.title) for r in ix.rewrites.get(article.id, ())],
        )

    def _story_key(self, story: Storyline, items: list[Article]) -> Any:
        return (
            _plain(story),
            [self._item(a) for a in items],
            [(a.slug, a.name) for a in self.ix.story_actors(story)],
        )

    def _list_key(self, items: list[Article]) -> Any:
        """A month page: its articles as list items (with their rewrites), in order."""
        return [self._item(a) for a in items]

    def _actor_key(self, actor: Actor) -> Any:
        """The actor and, per article it is in (in order), what its page takes from that article:
        this determines the mentions list and count, the storylines and the "appears with" list."""
        return (self._actor(actor), [self._mention(i) for i in self.ix.actor_articles[actor.slug]])

    def _cards_key(self, stories: list[Storyline], pager: Pager) -> Any:
        """A storylines page: a card per storyline, and where it stands among the pages."""
        actors = self.ix.story_actors
        return (pager.number, pager.total), [
            (
                s.slug,
                s.title,
                _plain(s.start),
                _plain(s.end),
                len(s.articles),
                [(a.slug, a.name) for a in actors(s)[:5]],
            )
            for s in stories
        ]

    def _index_key(self, groups: Groups, letters: list[str], letter: str | None) -> Any:
        """An actors page: each kind's actors with their mention counts, and the letters."""
        count = self.ix.mention_count
        listed = [(label, [(a.slug, a.name, count(a)) for a in actors]) for label, actors in groups]
        return listed, letters, letter

    def _mentions(self, actor: Actor) -> dict[str, Any]:
        """An actor page's articles, newest first (only computed for pages rendered)."""
        return {"mentions": _newest_first(self.ix.articles[i] for i in self.ix.actor_articles[actor.slug])}

    def exports(self) -> list[Page]:
        """The JSON exports whose bytes changed (the others join `self.kept`): encoding them is cheap
        (the C encoder), so their bytes are their key."""
        encoded = [(path, dump_json(data)) for path, data in export_data(self.model)]
        return [
            Page(path, content) for path, content in encoded if not self._kept(path, partial(_same, content))
        ]

    def _feed(self, story: Storyline) -> None:
        path = urls.storyline_feed_url(story.slug)
        sliced = _story_model(self.model, self.ix, story)

        def key() -> Any:
            from .feeds import feed_articles

            chosen = feed_articles(sliced)
            dated = [a.date for a in chosen if a.date]
            newest = _plain(max(dated)) if dated else None
            return (_plain(story), newest, [self._full(a) for a in chosen[: self.config.feed_items]])

        if not self._kept(path, key):
            self.jobs.append(partial(_feed_page, path, sliced, self.config, story.slug))

    def run(self) -> list[Page]:
        """Every page: reused, or rendered (queued first, then run, maybe across processes)."""
        collecting = gc.isenabled()
        gc.disable()  # keys make ~10^6 short-lived acyclic objects: collections only slow them down
        try:
            self.queue()
            exported = self.exports()
        finally:
            if collecting:
                gc.enable()
        return run_jobs(self.jobs) + self.kept + exported

    def queue(self) -> None:
        """Queue every page but the exports (or keep it, when its key allows)."""
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
        self.storyline_index(stories)
        for story in model.grouping.storylines:
            feed = {"title": f"\u2068{story.title}\u2069 (RSS)", "path": urls.storyline_feed_url(story.slug)}
            items = ix.story_articles(story)
            self.page(
                urls.storyline_url(story.slug),
                "storyline.html",
                story.title,
                "storylines",
                key=partial(self._story_key, story, items),
                story=story,
                items=items,
                extra_feeds=[feed],
            )
            self._feed(story)
        self.actor_index(model.actors)
        for actor in model.actors:
            self.page(
                urls.actor_url(actor.slug),
                "actor.html",
                actor.name,
                "actors",
                key=partial(self._actor_key, actor),
                lazy=partial(self._mentions, actor),
                actor=actor,
            )
        for article in model.articles:
            original = ix.articles[ix.original(article.id)] if article.id in ix.duplicate_of else None
            self.page(
                urls.article_url(article.id),
                "article.html",
                article.title,
                "articles",
                key=partial(self._article_key, article, original),
                article=article,
                original=original,
            )
        self.archives()
        self.page(urls.ABOUT, "about.html", "About", "about", about_html=model.about_html)
        base_path = urlsplit(cfg.absolute_base_url).path or "/"
        self.page(urls.NOT_FOUND, "404.html", "Page not found", "", canonical=None, link_root=base_path)

    def storyline_index(self, stories: list[Storyline]) -> None:
        """The storylines index, `storylines_per_page` cards a page, newest first."""
        size = self.config.storylines_per_page
        chunks = [stories[i : i + size] for i in range(0, len(stories), size)] or [[]]
        for number, chunk in enumerate(chunks, 1):
            pager = Pager(number, len(chunks), urls.storylines_page_url)
            self.page(
                urls.storylines_page_url(number),
                "storylines.html",
                "Storylines" if number == 1 else f"Storylines, page {number} of {len(chunks)}",
                "storylines",
                key=partial(self._cards_key, chunk, pager),
                storylines=chunk,
                pager=pager,
            )

    def actor_index(self, actors: Sequence[Actor]) -> None:
        """The actors index: one page while there are at most `actors_per_page` actors; beyond that
        the most mentioned of each kind, and a page per initial letter (a new name changes one)."""
        if len(actors) <= self.config.actors_per_page:
            self._actor_page(urls.ACTORS, "Actors", by_kind(actors), [], None)
            return
        count = self.ix.mention_count
        top = [
            (
                f"Most mentioned: {label.lower()}",
                sorted(group, key=lambda a: (-count(a), a.slug))[:ACTORS_TOP],
            )
            for label, group in by_kind(actors)
        ]
        letters: dict[str, list[Actor]] = defaultdict(list)
        for actor in actors:
            letters[initial(actor.slug)].append(actor)
        order = sorted(letters)
        self._actor_page(urls.ACTORS, "Actors", top, order, None)
        for letter in order:
            title = f"Actors: {letter.upper()}"
            self._actor_page(urls.actors_letter_url(letter), title, by_kind(letters[letter]), order, letter)

    def _actor_page(
        self,
        path: str,
        title: str,
        groups: Groups,
        letters: list[str],
        letter: str | None,
    ) -> None:
        key = partial(self._index_key, groups, letters, letter)
        self.page(
            path, "actors.html", title, "actors", key=key, groups=groups, letters=letters, letter=letter
        )

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
                key=partial(self._list_key, items),
                year=y,
                month=m,
                days=_by_date(items),
            )
        undated = [a for a in self.model.articles if not a.date]
        self.page(
            urls.ARCHIVE, "archive.html", "Archive", "archive", years=list(years.items()), undated=undated
        )


def bytecode_folder(root: Path, salt: str) -> Path | None:
    """`root/<salt>` for compiled templates, created, other salts' folders removed (None on failure).

    The salt covers the templates, config, rendering code (the environment's settings) and the
    Jinja version, so compiled code is never used by an environment it was not compiled for.
    """
    folder = Path(root) / salt[:24]
    try:
        if Path(root).is_dir():
            for old in Path(root).iterdir():
                if old != folder and old.is_dir() and not old.is_symlink():
                    shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def static_pages(templates_dir: Path) -> list[Page]:
    """Files under `templates/static/`, copied to `static/`, sorted by path.

    A symlink is followed only while its target stays inside the templates folder (as sources
    treat theirs): one leaving it, broken or looping is not published, with a warning naming it,
    so a link cannot publish a system file. Entries that are no regular file are skipped with a
    warning; a file that cannot be read is a `BuildError` naming it."""
    root = templates_dir / "static"
    if not root.is_dir():
        return []
    inside = Path(os.path.realpath(templates_dir))
    found: dict[str, Path] = {}
    _static_files(root, "static", inside, {os.path.realpath(root)}, found)
    pages = []
    for rel in sorted(found):
        try:
            pages.append(Page(rel, found[rel].read_bytes()))
        except OSError as exc:
            raise BuildError(shown(found[rel]), f"cannot read ({exc.strerror or exc})") from None
    return pages


def _static_files(folder: Path, prefix: str, inside: Path, seen: set[str], found: dict[str, Path]) -> None:
    """Fill `found` (site path -> file) with the files under `folder` (see `static_pages`)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise BuildError(shown(folder), f"cannot read ({exc.strerror or exc})") from None
    for entry in entries:
        path, rel = folder / entry.name, f"{prefix}/{entry.name}"
        if entry.is_symlink():
            target = os.path.realpath(path)
            if not Path(target).is_relative_to(inside):
                warn(shown(path), "symlink leaves the templates folder; not published")
                continue
            if not os.path.exists(target):
                warn(shown(path), "broken symlink; not published")
                continue
        if entry.is_dir():
            real = os.path.realpath(path)
            if real in seen:
                warn(shown(path), "symlink loops back to a folder above it; not followed")
                continue
            _static_files(path, rel, inside, seen | {real}, found)
        elif entry.is_file():
            found[rel] = path
        else:
            warn(shown(path), "not a regular file; not published")


def render_site(
    model: SiteModel,
    config: SiteConfig,
    templates_dir: Path | None = None,
    reuse: Reuse | None = None,
    keys: dict[str, str] | None = None,
    bytecode_dir: Path | None = None,
) -> list[Page]:
    """Every output file of the site (HTML, static assets, feeds, JSON), sorted by path.

    With `keys` (a dict to fill), the article, actor, storyline, month and index pages, storyline
    feeds and JSON exports get an input key: a hash of everything the page shows plus templates,
    config and rendering code.
    With `reuse` too, a page whose key `reuse(path, key)` maps to a published file is not
    rendered: it comes back as a `KeptPage` naming that file, whose bytes equal a fresh render.
    With `bytecode_dir`, compiled templates are cached under it (see `bytecode_folder`).
    """
    tdir = Path(templates_dir) if templates_dir else TEMPLATES_DIR
    if not (tdir / "base.html").is_file():
        raise BuildError(str(tdir), "templates folder not found (set 'templates' in site.yaml)")
    salt = render_salt(config, tdir) if keys is not None or bytecode_dir else ""
    compiled = bytecode_folder(bytecode_dir, salt) if bytecode_dir else None
    env = make_env(tdir, compiled)
    check_templates(env, tdir, PAGE_TEMPLATES)
    renderer = _Renderer(
        model, config, env, salt if keys is not None else "", reuse if keys is not None else None
    )
    pages = renderer.run()
    if keys is not None:
        keys.update(renderer.keys)
    pages += static_pages(tdir)
    pages.append(Page(urls.FEED, render_feed(model, config)))
    return sorted(pages, key=lambda p: p.path)
