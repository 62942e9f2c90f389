"""sitemap.xml, robots.txt, favicon, canonical and Open Graph tags, month pages that stop changing,
reader-facing article pages, and the search page: on the hand-built seed model."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import struct
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest
from support import MODEL_CONFIG, make_model

from generator.model import Page, SiteModel
from generator.render import render_site
from generator.urls import absolute, actor_url, archive_url, article_url, storyline_url

BASE = MODEL_CONFIG.absolute_base_url  # https://example.org/brief/
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def model() -> SiteModel:
    return make_model()


@pytest.fixture(scope="module")
def pages(model: SiteModel) -> dict[str, Page]:
    return {p.path: p for p in render_site(model, MODEL_CONFIG)}


class Head(HTMLParser):
    """The <link> and <meta> tags of a page, and its <main>'s attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str | None]] = []
        self.meta: dict[str, str | None] = {}
        self.main: dict[str, str | None] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link":
            self.links.append(found)
        elif tag == "meta" and (name := found.get("property") or found.get("name")):
            self.meta[name] = found.get("content")
        elif tag == "main":
            self.main = found


def html_pages(pages: dict[str, Page]) -> list[str]:
    return sorted(p for p in pages if p.endswith(".html"))


def test_sitemap_lists_every_page_by_absolute_url_with_its_content_date(model, pages) -> None:
    root = ET.fromstring(pages["sitemap.xml"].content)
    entries = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.iter(f"{SM}url")}
    wanted = [p for p in html_pages(pages) if p != "404.html"]
    assert sorted(entries) == sorted(absolute(BASE, p) for p in wanted)
    assert all(url.startswith("https://example.org/brief/") for url in entries)
    assert entries[absolute(BASE, article_url("003"))] == "2022-01-21"
    assert entries[absolute(BASE, storyline_url("kishi-austin-talks"))] == "2022-05-04"
    assert entries[absolute(BASE, actor_url("kyodo-news"))] == "2022-04-22"  # its one article, 001
    assert entries[absolute(BASE, archive_url(2022, 4))] == "2022-04-22"
    assert entries[absolute(BASE, "index.html")] == "2022-05-04"  # the site's newest article
    assert entries[absolute(BASE, article_url("005"))] is None  # undated: no lastmod at all
    again = {p.path: p for p in render_site(model, MODEL_CONFIG)}
    assert again["sitemap.xml"].content == pages["sitemap.xml"].content


def test_robots_names_the_absolute_sitemap(pages) -> None:
    lines = pages["robots.txt"].content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: https://example.org/brief/sitemap.xml" in lines


def test_every_page_has_canonical_open_graph_and_icons_that_resolve(pages) -> None:
    for path in html_pages(pages):
        head = Head(pages[path].content.decode())
        icons = [link["href"] for link in head.links if link.get("rel") == "icon"]
        assert icons, path
        for href in icons:
            if path == "404.html":  # linked from the site's base path: it answers at any depth
                assert href.startswith("/brief/"), href
                href = href.removeprefix("/brief/")
            assert posixpath.normpath(posixpath.join(posixpath.dirname(path), href)) in pages, (path, href)
        assert head.meta["twitter:card"] == "summary"
        assert head.meta["og:site_name"] == MODEL_CONFIG.title
        assert head.meta["og:title"] and head.meta["og:description"], path
        if path == "404.html":
            continue
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [absolute(BASE, path)], path
        assert head.meta["og:url"] == canonical[0]
        assert head.meta["og:type"] == ("article" if path.startswith("articles/") else "website")


def test_favicon_ico_is_a_16px_icon() -> None:
    data = {p.path: p for p in render_site(make_model(), MODEL_CONFIG)}["favicon.ico"].content
    reserved, kind, count = struct.unpack_from("<HHH", data)
    width, height, _, _, planes, bits, size, offset = struct.unpack_from("<BBBBHHII", data, 6)
    assert (reserved, kind, count, width, height, planes, bits) == (0, 1, 1, 16, 16, 1, 32)
    assert offset + size == len(data)
    header, w, h = struct.unpack_from("<Iii", data, offset)
    assert (header, w, h) == (40, 16, 32)  # a BMP header: height doubled for the AND mask
    assert size == 40 + 16 * 16 * 4 + 16 * 4


def test_article_pages_keep_provenance_out_of_the_readers_text(pages) -> None:
    for path in html_pages(pages):
        assert "date from" not in pages[path].content.decode(), path
    records = json.loads(pages["data/articles.json"].content)
    records = records if isinstance(records, list) else records.get("articles", records)
    assert {"header", "text"} <= {r.get("date_source") for r in records}


def later_rewrite(model: SiteModel) -> SiteModel:
    """`model` with a June 2022 rewrite of article 000 (April 2022) joining its storyline."""
    first = next(a for a in model.articles if a.id == "000")
    june = dataclasses.replace(first, id="006", date=date(2022, 6, 10), source="Later Wire", url=None)
    talks = dataclasses.replace(
        model.grouping.storylines[0], articles=(*model.grouping.storylines[0].articles, "006"), end=june.date
    )
    grouping = dataclasses.replace(
        model.grouping,
        storylines=(talks, *model.grouping.storylines[1:]),
        storyline_of={**model.grouping.storyline_of, "006": talks.slug},
        duplicate_of={**model.grouping.duplicate_of, "006": "000"},
    )
    actors = tuple(
        dataclasses.replace(a, articles=(*a.articles, "006")) if a.slug == "nobuo-kishi" else a
        for a in model.actors
    )
    links = {**model.article_actors, "006": model.article_actors["000"]}
    return dataclasses.replace(
        model, articles=(june, *model.articles), grouping=grouping, actors=actors, article_actors=links
    )


def test_a_past_month_page_does_not_change_when_later_articles_arrive(model, pages) -> None:
    after = {p.path: p for p in render_site(later_rewrite(model), MODEL_CONFIG)}
    june = archive_url(2022, 6)
    assert june in after and june not in pages
    assert "Later Wire" in after[article_url("000")].content.decode()  # the rewrite is shown elsewhere
    for year, month in ((2021, 11), (2022, 1), (2022, 4), (2022, 5)):
        path = archive_url(year, month)
        assert after[path].content == pages[path].content, path


def test_search_page_reads_without_javascript_and_loads_pagefind_relatively(pages) -> None:
    html = pages["search/index.html"].content.decode()
    assert re.search(r'<script src="\.\./pagefind/pagefind-ui\.js">', html)
    assert 'href="../pagefind/pagefind-ui.css"' in html
    for index in ("../storylines/index.html", "../actors/index.html", "../archive/index.html"):
        assert f'href="{index}"' in html  # the fallback a reader without JavaScript follows
    assert 'href="../search/index.html"' not in html and 'href="index.html" aria-current="page"' in html
    body = {p for p in html_pages(pages) if "data-pagefind-body" in Head(pages[p].content.decode()).main}
    assert body == {p for p in html_pages(pages) if re.match(r"(articles|actors|storylines)/[^/]+/index", p)}
    assert 'href="../search/index.html"' in pages["about/index.html"].content.decode()


def test_search_off_leaves_no_search_page_or_link(model) -> None:
    quiet = {p.path: p for p in render_site(model, dataclasses.replace(MODEL_CONFIG, search=False))}
    assert "search/index.html" not in quiet
    assert "search/index.html" not in quiet["index.html"].content.decode()
