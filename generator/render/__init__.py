"""The render stage: a SiteModel and SiteConfig become every output file as `Page`s (no disk writes).

Each page family is a module (`home`, `storylines`, `actors`, `articles`, `archive`, `about`,
`not_found`, `redirects`, `feeds`, `exports`) that builds one frozen view per page (a feed's view
makes its three files): exactly what its template shows, as plain data. Templates read only their
view; a page's reuse key is a digest of its view (`reuse`), so the key covers whatever the page shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Iterator
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from jinja2 import Template

from .. import urls
from ..collector import collector_paused
from ..config import SiteConfig
from ..model import Page, SiteModel
from ..template_errors import check_templates, load_template, render_template
from ..theme import Theme, as_theme
from . import (
    about,
    actors,
    archive,
    articles,
    home,
    links,
    not_found,
    parallel,
    places,
    redirects,
    search,
    storylines,
)
from .environment import bytecode_folder, make_env
from .exports import export_files
from .feeds import FeedView, feed_files, feeds, opml
from .feeds import prepare as prepare_feeds
from .feeds import reset as reset_feeds
from .index import SiteIndex
from .links import Links
from .redirects import RedirectView, redirect_bytes
from .reuse import Keys, Reuse, SiteReuse, render_salt, reused_site
from .static import static_pages
from .views import PageView, Task
from .webfiles import web_files

__all__ = ["Reuse", "SiteReuse", "render_pages", "render_site"]

PAGE_TEMPLATES = (
    "home.html",
    "storylines.html",
    "storyline.html",
    "actors.html",
    "actor.html",
    "places.html",
    "place.html",
    "article.html",
    "archive.html",
    "month.html",
    "about.html",
    "404.html",
    "search.html",
)
FAMILIES = (home, storylines, actors, places, articles, archive, about, not_found, redirects, search)


def tasks(ix: SiteIndex) -> Iterator[Task]:
    """A task per page building its view (`Planned`, a `RedirectView`, or a feed's `FeedView`, which
    makes its three files), family by family."""
    return chain(chain.from_iterable(family.pages(ix) for family in FAMILIES), feeds(ix))


_NAMES: dict[type, tuple[str, ...]] = {}


def _context(view: PageView) -> dict[str, Any]:
    """A view's fields as the template's variables, and the `links` its `rel` filter uses."""
    kind = type(view)
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    context = {name: getattr(view, name) for name in names}
    context["links"] = Links(view.page_path, view.link_root)
    return context


class PageBuilder:
    """Builds a page from its task: the view, its key (with `keys`), then the published file when
    `keys` reuses it, else the rendered bytes. Run in the render processes."""

    def __init__(self, templates: dict[str, Template], theme: Theme, keys: Keys | None) -> None:
        self.templates, self.theme, self.keys = templates, theme, keys

    def __call__(self, task: Task) -> list[tuple[Page, str | None]]:
        # A view, its key and its bytes are thousands of short-lived objects, acyclic but a few
        # the template's context holds: collections only slow the page (the next one finds them).
        with collector_paused():
            return self._build(task)

    def _build(self, task: Task) -> list[tuple[Page, str | None]]:
        made = task()
        if isinstance(made, FeedView):
            return self._feed(made)
        path, inputs = (made.path, (made,)) if isinstance(made, RedirectView) else (made.view.page_path, made)
        key = self.keys.key(path, *inputs) if self.keys is not None else None
        kept = self.keys.kept(path, key) if self.keys is not None and key is not None else None
        if kept is not None:
            return [(kept, key)]
        if isinstance(made, RedirectView):
            return [(Page(path, redirect_bytes(made)), key)]
        content = render_template(self.templates[made.template], _context(made.view), self.theme)
        return [(Page(path, content.encode("utf-8")), key)]

    def _feed(self, view: FeedView) -> list[tuple[Page, str | None]]:
        """A feed's three files, each kept when `keys` reuses it; the view is the key of each."""
        if self.keys is None:
            return [(Page(path, data), None) for path, data in feed_files(view)]
        keys = self.keys.keys(view.paths, view)
        kept = [self.keys.kept(path, key) for path, key in zip(view.paths, keys, strict=True)]
        if all(page is not None for page in kept):
            return list(zip(kept, keys, strict=True))  # type: ignore[arg-type]
        made = [k or Page(path, data) for k, (path, data) in zip(kept, feed_files(view), strict=True)]
        return list(zip(made, keys, strict=True))


def page_builder(
    theme: Theme | Path | None = None, keys: Keys | None = None, bytecode_dir: Path | None = None
) -> PageBuilder:
    """A `PageBuilder` with the theme's templates checked and compiled (before any fork); `theme`:
    a Theme, a templates folder over the default theme, or None for the default theme."""
    theme = as_theme(theme)
    env = make_env(theme, bytecode_dir)
    check_templates(env, theme, PAGE_TEMPLATES)
    templates = {name: load_template(env, theme, name) for name in PAGE_TEMPLATES}
    return PageBuilder(templates, theme, keys)


def render_site(
    model: SiteModel,
    config: SiteConfig,
    theme: Theme | Path | None = None,
    reuse: Reuse | None = None,
    keys: dict[str, str] | None = None,
    bytecode_dir: Path | None = None,
    site: SiteReuse | None = None,
) -> list[Page]:
    """Every output file of the site (HTML, static assets, feeds, JSON), sorted by path: the
    pages of `render_pages`, all at once."""
    pages = render_pages(model, config, theme, reuse, keys, bytecode_dir, site)
    return sorted(pages, key=lambda p: p.path)


def render_pages(
    model: SiteModel,
    config: SiteConfig,
    theme: Theme | Path | None = None,
    reuse: Reuse | None = None,
    keys: dict[str, str] | None = None,
    bytecode_dir: Path | None = None,
    site: SiteReuse | None = None,
) -> Generator[Page, None, None]:
    """Every output file of the site (HTML, static assets, feeds, JSON), as it is made: the
    templates are checked and the shared lookups computed now, each page is rendered when the
    iterator reaches it (in a fixed order: the same pages in the same order every time), so a
    writer taking them one by one never holds the site's bytes. Close it if not run to its end.

    With `keys` (a dict to fill), every page but the static files gets an input key: a digest of
    its view (everything it shows) plus templates, config and rendering code; `keys` holds them all
    once the iterator is done.
    With `reuse` too, a page whose key `reuse(path, key)` maps to a published file is not
    rendered: it comes back as a `Page` whose `source` names that file, whose bytes equal a fresh render.
    With `keys` and `site`, when `site` has the last render's pages under this render's site key
    (`reuse.site_digest`: settings, theme, code and the whole model), those come back (with the
    static files) and no view is built.
    With `bytecode_dir`, compiled templates are cached under it (see `bytecode_folder`).
    `theme`: a `Theme` (`theme.project_theme`), a templates folder over the default theme, or None
    for the default theme alone.
    """
    theme = as_theme(theme)
    salt = render_salt(config, theme) if keys is not None or bytecode_dir else ""
    kept_site = reused_site(site, salt, model) if site is not None and keys is not None else None
    if kept_site is not None and keys is not None:  # nothing the render reads changed
        keys.update({page.path: key for page, key in kept_site})
        kept = sorted([page for page, _ in kept_site] + static_pages(theme), key=lambda p: p.path)
        return (page for page in kept)  # a generator, as below: the writer closes what it is given
    compiled = bytecode_folder(bytecode_dir, salt) if bytecode_dir else None
    keyed = Keys(salt, reuse) if keys is not None else None
    build = page_builder(theme, keyed, compiled)
    ix = SiteIndex(model, config)
    ix.prepare()  # the lookups every page shares, computed once before the render processes fork
    prepare_feeds(ix)  # every article's feed item, likewise
    return _pages(ix, model, theme, build, keyed, keys)


def _pages(
    ix: SiteIndex,
    model: SiteModel,
    theme: Theme,
    build: PageBuilder,
    keyed: Keys | None,
    keys: dict[str, str] | None,
) -> Generator[Page, None, None]:
    """The pages of `render_pages`: the templated pages and feeds, then the data exports, the
    OPML list, the web files (sitemap and the like) and the static assets."""
    paths: list[str] = []
    found: dict[str, str] = {}
    try:
        for built in parallel.iter_jobs([partial(build, task) for task in tasks(ix)]):
            for page, key in built:
                paths.append(page.path)
                if key is not None:
                    found[page.path] = key
                yield page
    finally:
        links.reset()
        reset_feeds()
    made_files = chain(
        export_files(model, places.lookup(ix)),  # one export at a time (the C encoder: cheap)
        [(urls.OPML, opml(ix))],
        ((p.path, p.content) for p in web_files(ix, paths)),
    )
    for path, content in made_files:  # the bytes are their own key
        kept = None
        if keyed is not None:
            found[path] = key = keyed.key(path, content)
            kept = keyed.kept(path, key)
        yield kept if kept is not None else Page(path, content)
    yield from static_pages(theme)
    if keys is not None:
        keys.update(found)
