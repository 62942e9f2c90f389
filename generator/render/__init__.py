"""The render stage: a SiteModel and SiteConfig become every output file as `Page`s (no disk writes).

Each page family is a module (`home`, `storylines`, `actors`, `articles`, `archive`, `about`,
`not_found`, `feeds`, `exports`) that builds one frozen view per page: exactly what its template
shows, as plain data. Templates read only their view; a page's reuse key is a digest of its view
(`reuse`), so the key covers whatever the page shows.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterator
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from jinja2 import Template

from ..config import SiteConfig
from ..errors import BuildError
from ..model import Page, SiteModel
from ..template_errors import check_templates, load_template, render_template
from . import about, actors, archive, articles, home, links, not_found, parallel, storylines
from .environment import bytecode_folder, make_env
from .exports import dump_json, export_data
from .feeds import FeedView, feed_bytes, feeds
from .index import SiteIndex
from .links import Links
from .reuse import KeptPage, Keys, Reuse, render_salt
from .static import static_pages
from .views import PageView, Planned

__all__ = ["KeptPage", "Reuse", "render_site"]

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates"
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
FAMILIES = (home, storylines, actors, articles, archive, about, not_found)


def html_pages(ix: SiteIndex) -> Iterator[Planned]:
    """Every HTML page's template and view, family by family."""
    return chain.from_iterable(family.pages(ix) for family in FAMILIES)


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


def _html_page(template: Template, folder: Path, view: PageView) -> Page:
    return Page(view.page_path, render_template(template, _context(view), folder).encode("utf-8"))


def _feed_page(path: str, view: FeedView) -> Page:
    return Page(path, feed_bytes(view))


def render_site(
    model: SiteModel,
    config: SiteConfig,
    templates_dir: Path | None = None,
    reuse: Reuse | None = None,
    keys: dict[str, str] | None = None,
    bytecode_dir: Path | None = None,
) -> list[Page]:
    """Every output file of the site (HTML, static assets, feeds, JSON), sorted by path.

    With `keys` (a dict to fill), every page but the static files gets an input key: a digest of
    its view (everything it shows) plus templates, config and rendering code.
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
    templates = {name: load_template(env, tdir, name) for name in PAGE_TEMPLATES}  # before any fork
    keyed = Keys(salt, reuse if keys is not None else None) if keys is not None else None
    pages: list[Page] = []
    jobs: list[Any] = []  # run later, possibly split across processes
    collecting = gc.isenabled()
    gc.disable()  # views are ~10^6 short-lived acyclic objects: collections only slow them down
    try:
        ix = SiteIndex(model, config)
        for template, view in html_pages(ix):
            kept = keyed.kept(view.page_path, template, view) if keyed is not None else None
            if kept is not None:
                pages.append(kept)
            else:
                jobs.append(partial(_html_page, templates[template], tdir, view))
        for path, feed in feeds(ix):
            kept = keyed.kept(path, feed) if keyed is not None else None
            if kept is not None:
                pages.append(kept)
            else:
                jobs.append(partial(_feed_page, path, feed))
        for path, data in export_data(model):
            content = dump_json(data)  # cheap (the C encoder): the bytes are their own key
            kept = keyed.kept(path, content) if keyed is not None else None
            pages.append(kept if kept is not None else Page(path, content))
    finally:
        if collecting:
            gc.enable()
    try:
        pages += parallel.run_jobs(jobs)
    finally:
        links.reset()
    pages += static_pages(tdir)
    if keys is not None and keyed is not None:
        keys.update(keyed.keys)
    return sorted(pages, key=lambda p: p.path)
