"""Every href/src in every page resolves to a built file, and every #fragment to an id there.

Deterministic and offline, over the built files: it complements LinkChecker, which does not
reliably report broken same-page '#x' links."""

from __future__ import annotations

import html.parser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from .conftest import Site

pytestmark = pytest.mark.check


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value is not None and (name == "id" or tag == "a"):
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(site: Site) -> list[str]:
    parsed = {page: _parse(site.path / page) for page in site.html_pages()}
    found = []
    for page, doc in parsed.items():
        page_url = site.base_url + page
        for href in doc.links:
            url = urljoin(page_url, href)
            if not url.startswith(site.base_url):
                if urlsplit(url).netloc == urlsplit(site.base_url).netloc:
                    found.append(f"{page}: {href} leaves the site's base path")
                continue  # external
            parts = urlsplit(url[len(site.base_url) :])
            target = unquote(parts.path) or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (site.path / target).is_file():
                found.append(f"{page}: {href} -> {target} does not exist")
            elif parts.fragment:
                ids = parsed[target].ids if target in parsed else set()
                if unquote(parts.fragment) not in ids:
                    found.append(f"{page}: {href} -> no id {unquote(parts.fragment)!r} in {target}")
    return found


def test_seed_site_links_and_fragments(seed_site: Site) -> None:
    assert not broken_links(seed_site), "\n".join(broken_links(seed_site))


def test_subpath_site_links_and_fragments(subpath_site) -> None:
    site, _ = subpath_site
    assert not broken_links(site), "\n".join(broken_links(site))


def test_hostile_site_links_and_fragments(hostile_site: Site) -> None:
    assert not broken_links(hostile_site), "\n".join(broken_links(hostile_site))


def test_fragment_check_catches_problems(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<p id="a"><a href="#a">ok</a> <a href="#b">bad</a> <a href="x.html">missing</a> '
        '<a href="/elsewhere/">outside</a> <a href="https://example.org/">external</a></p>',
        encoding="utf-8",
    )
    found = broken_links(Site(tmp_path, "http://127.0.0.1:1/site/"))
    assert len(found) == 3, found
