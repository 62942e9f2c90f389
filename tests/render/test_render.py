"""Render stage tests on a hand-built model made from the real seed texts."""

from __future__ import annotations

import dataclasses
import itertools
import posixpath
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from support import EVIL_URL, MODEL_CONFIG, make_model

from generator.config import SiteConfig
from generator.model import Grouping, Page, SiteModel
from generator.render import render_site
from generator.render.actors import initial
from generator.render.environment import format_date, safe_url
from generator.render.index import ordered_storylines
from generator.render.links import Links
from generator.urls import (
    actor_url,
    actors_letter_url,
    archive_url,
    article_url,
    storyline_url,
    storylines_page_url,
)


@pytest.fixture(scope="module")
def model() -> SiteModel:
    return make_model()


@pytest.fixture(scope="module")
def pages(model: SiteModel) -> dict[str, Page]:
    return {p.path: p for p in render_site(model, MODEL_CONFIG)}


PAGED = dataclasses.replace(MODEL_CONFIG, storylines_per_page=1, actors_per_page=3)


@pytest.fixture(scope="module")
def paged(model: SiteModel) -> dict[str, Page]:
    """The same site with one storyline card a page and the actors index split by letter."""
    return {p.path: p for p in render_site(model, PAGED)}


class Doc(HTMLParser):
    """Collects what the tests look at: tags with attributes, ids, links and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]

    def hrefs(self) -> list[str]:
        return [a["href"] or "" for t, a in self.tags if t in ("a", "link") and "href" in a]


def html_pages(pages: dict[str, Page]) -> dict[str, Doc]:
    return {p: Doc(pg.content.decode()) for p, pg in pages.items() if p.endswith(".html")}


# The Pagefind bundle the build adds beside the rendered pages (generator.search): the search page
# links into it; tests/test_search.py and the check tests look at it in a built site.
SEARCH_BUNDLE = "pagefind/"
SEARCH_PAGE = "search/index.html"


def test_urls() -> None:
    assert article_url("000") == "articles/000/index.html"
    assert storyline_url("x") == "storylines/x/index.html"
    assert actor_url("y") == "actors/y/index.html"
    assert archive_url(2022, 5) == "archive/2022/05/index.html"
    assert Links("storylines/x/index.html")("actors/y/index.html") == "../../actors/y/index.html"
    assert Links("index.html")("feed.xml") == "feed.xml"
    assert Links("archive/2022/05/index.html")("index.html", "main") == "../../../index.html#main"
    assert Links("index.html")("articles/a b/index.html") == "articles/a%20b/index.html"


def test_helpers() -> None:
    assert format_date(date(2022, 5, 4)) == "4 May 2022"
    assert safe_url("https://a.example/x") == "https://a.example/x"
    assert safe_url(EVIL_URL) is None
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,hi") is None


def test_expected_pages(pages: dict[str, Page]) -> None:
    expected = {
        "index.html",
        "404.html",
        "feed.xml",
        "static/style.css",
        "storylines/index.html",
        "storylines/kishi-austin-talks/index.html",
        "storylines/kishi-austin-talks/feed.xml",
        "actors/index.html",
        "actors/nobuo-kishi/index.html",
        "articles/000/index.html",
        "articles/005/index.html",
        "archive/index.html",
        "archive/2022/05/index.html",
        "archive/2021/11/index.html",
        "about/index.html",
        "data/articles.json",
        "data/storylines.json",
        "data/actors.json",
    }
    assert expected <= set(pages)
    paths = [p.path for p in render_site(make_model(), MODEL_CONFIG)]
    assert paths == sorted(paths) and len(paths) == len(set(paths))


def test_deterministic(model: SiteModel, pages: dict[str, Page]) -> None:
    again = render_site(make_model(), MODEL_CONFIG)
    assert {p.path: p.content for p in again} == {p: pg.content for p, pg in pages.items()}


def test_all_relative_links_resolve(pages: dict[str, Page], paged: dict[str, Page]) -> None:
    assert_links_resolve(pages)
    assert_links_resolve(paged)


def assert_links_resolve(pages: dict[str, Page]) -> None:
    docs = html_pages(pages)
    base_path = urlsplit(MODEL_CONFIG.absolute_base_url).path
    checked = 0
    for path, doc in docs.items():
        for href in doc.hrefs():
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme, f"{path}: unexpected scheme in {href}"
            if href.startswith("/"):
                assert path == "404.html", f"{path}: absolute link {href}"
                assert href.startswith(base_path)
                target = unquote(parts.path[len(base_path) :])
            elif parts.path:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))
            else:
                target = path
            if path == SEARCH_PAGE and target.startswith(SEARCH_BUNDLE):
                continue
            assert target in pages, f"{path}: broken link {href}"
            assert not target.endswith("/"), f"{path}: directory link {href}"
            if parts.fragment:
                assert parts.fragment in docs[target].ids, f"{path}: missing #{parts.fragment} in {target}"
            checked += 1
    assert checked > 100


def test_page_structure(pages: dict[str, Page]) -> None:
    for path, doc in html_pages(pages).items():
        html = pages[path].content.decode()
        assert html.startswith("<!doctype html>"), path
        assert doc.all("html")[0].get("lang") == "en-GB", path
        assert len(doc.all("h1")) == 1, path
        assert len(doc.all("main")) == 1 and doc.all("main")[0].get("id") == "main", path
        assert doc.all("meta")[0].get("charset") == "utf-8", path
        assert any(m.get("name") == "viewport" for m in doc.all("meta")), path
        outside_svg = Doc(re.sub(r"<svg.*?</svg>", "", html, flags=re.S))  # a chart's <title>s name it
        assert (
            len(outside_svg.all("title")) == 1 and doc.all("header") and doc.all("footer") and doc.all("nav")
        ), path
        links = doc.all("link")
        assert any(lk.get("rel") == "stylesheet" for lk in links), path
        assert any(lk.get("type") == "application/rss+xml" for lk in links), path
        skip = doc.all("a")[0]
        assert skip.get("href") == "#main" and "Skip to content" in "".join(doc.text), path
        if path != SEARCH_PAGE:  # the one page with a script: progressive enhancement
            assert not doc.all("script"), path
        levels = [int(t[1]) for t, _ in doc.tags if re.fullmatch(r"h[1-6]", t)]
        assert levels[0] == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), f"{path}: {levels}"
        nav = {"Home", "Storylines", "Actors", "Archive", "About", "Feed"}
        assert nav <= {t.strip() for t in doc.text}, path


def test_escaping(pages: dict[str, Page]) -> None:
    for path, page in pages.items():
        if path.endswith((".json", ".ico")):
            continue  # data, not markup: json.loads gives the title back verbatim
        text = page.content.decode()
        assert text.lower().count("<script") == (3 if path == SEARCH_PAGE else 0), path  # search's own three
        assert "<img" not in text.lower(), path
        if path.endswith(".html"):
            doc = Doc(text)
            for tag, attrs in doc.tags:
                assert "onerror" not in attrs, f"{path}: {tag}"
            assert not any(h.lower().startswith("javascript:") for h in doc.hrefs()), path
    evil = pages["articles/005/index.html"].content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil
    assert "&lt;b&gt;para&lt;/b&gt; &amp; more." in evil
    assert "Evil &amp; Co" in evil


def test_storyline_page_and_duplicate(pages: dict[str, Page]) -> None:
    html = pages["storylines/kishi-austin-talks/index.html"].content.decode()
    doc = Doc(html)
    items = [a["href"] for a in doc.all("a") if a.get("class") == "item-title"]
    assert items == ["../../articles/002/index.html", "../../articles/000/index.html"]  # newest day first
    assert "Also reported by:" in html
    assert '<a href="../../articles/001/index.html" dir="auto">ANI</a>' in html
    assert '<time datetime="2022-04-21">21 April 2022</time>' in html
    assert "4 May 2022" in html and "3 articles" in html
    assert "../../actors/nobuo-kishi/index.html" in html
    assert "Kishi plans to visit the United States." in html
    assert "feed.xml" in [lk["href"] for lk in doc.all("link") if lk.get("title", "").endswith("(RSS)")][-1]


def test_article_page(pages: dict[str, Page]) -> None:
    html = pages["articles/004/index.html"].content.decode()
    assert "By <bdi>Aparna Shandilya</bdi>" in html and "date from" not in html
    assert '<a href="https://example.com/news/004"' in html
    assert '<a href="../../storylines/japan-us-two-plus-two/index.html" dir="auto">' in html
    dup = pages["articles/001/index.html"].content.decode()
    assert "Rewrite of" in dup and 'href="../000/index.html"' in dup
    orig = pages["articles/000/index.html"].content.decode()
    assert "Also reported by" in orig and 'href="../001/index.html"' in orig
    evil = pages["articles/005/index.html"].content.decode()
    assert "javascript:" not in evil and "Undated" in evil


def test_home_and_indexes(pages: dict[str, Page]) -> None:
    home = pages["index.html"].content.decode()
    assert home.index("Kishi and Austin defence talks") < home.index("Japan-US two-plus-two")
    items = [a["href"] for a in Doc(home).all("a") if a.get("class") == "item-title"]
    assert "articles/002/index.html" in items and "articles/001/index.html" not in items
    assert 'Also reported by: <a href="articles/001/index.html" dir="auto">ANI</a>' in home
    assert "Key actors:" in home and 'datetime="2022-05-04"' in home
    actors = pages["actors/index.html"].content.decode()
    assert actors.index("People") < actors.index("Organisations") < actors.index("Countries")
    assert "12 mentions" in actors
    archive = pages["archive/index.html"].content.decode()
    assert 'href="2022/05/index.html"' in archive and "articles/005/index.html" in archive
    month = pages["archive/2022/04/index.html"].content.decode()
    assert "22 April 2022" in month and "21 April 2022" in month
    about = pages["about/index.html"].content.decode()
    assert "<h1>About this site</h1>" in about and "<em>seeds</em>" in about
    notfound = pages["404.html"].content.decode()
    assert 'href="/brief/index.html"' in notfound and 'href="/brief/static/style.css"' in notfound


def test_actor_page(pages: dict[str, Page]) -> None:
    html = pages["actors/lloyd-austin/index.html"].content.decode()
    assert "Defense Secretary" in html and "Austin" in html and "person" in html
    assert html.index("articles/002/") < html.index("articles/000/") < html.index("articles/004/")
    assert "Appears with" in html and "../nobuo-kishi/index.html" in html
    assert "4 articles" in html  # Kishi and Japan co-occur in all four
    assert "../../storylines/kishi-austin-talks/index.html" in html


def test_empty_model() -> None:
    empty = SiteModel(articles=(), actors=(), grouping=Grouping((), {}, {}), article_actors={})
    out = {p.path: p for p in render_site(empty, SiteConfig())}
    assert {"index.html", "feed.xml", "404.html", "about/index.html", "data/actors.json"} <= set(out)
    for path, doc in html_pages(out).items():
        assert len(doc.all("h1")) == 1, path


def test_templates_dir_override(tmp_path: Path, model: SiteModel) -> None:
    import shutil

    src = Path(__file__).resolve().parents[2] / "templates"
    shutil.copytree(src, tmp_path / "t")
    (tmp_path / "t" / "static" / "extra.txt").write_text("hi")
    out = {
        p.path for p in render_site(dataclasses.replace(model, about_html=""), MODEL_CONFIG, tmp_path / "t")
    }
    assert "static/extra.txt" in out


def test_storylines_index_is_paginated(model: SiteModel, paged: dict[str, Page]) -> None:
    stories = ordered_storylines(model.grouping.storylines)
    total = len(stories)
    assert total >= 2
    for number, story in enumerate(stories, 1):
        path = storylines_page_url(number)
        doc = Doc(paged[path].content.decode())
        cards = [a["href"] for a in doc.all("a") if (a["href"] or "").endswith(f"{story.slug}/index.html")]
        assert len(cards) == 1, f"{path} should show {story.slug}"
        rels = {a.get("rel"): a["href"] for a in doc.all("a") if a.get("rel")}
        assert ("prev" in rels) == (number > 1) and ("next" in rels) == (number < total)
        assert f"Page {number} of {total}" in "".join(doc.text)
    assert storylines_page_url(total + 1) not in paged
    assert storylines_page_url(2) == "storylines/page/2/index.html"


def test_actors_index_splits_by_initial_beyond_the_limit(model: SiteModel, paged: dict[str, Page]) -> None:
    assert len(model.actors) > PAGED.actors_per_page
    letters = sorted({initial(a.slug) for a in model.actors})
    listed: list[str] = []
    for letter in letters:
        doc = Doc(paged[actors_letter_url(letter)].content.decode())
        found = (re.fullmatch(r"\.\./\.\./([^./][^/]*)/index\.html", a["href"] or "") for a in doc.all("a"))
        slugs = [m.group(1) for m in found if m]
        assert slugs and all(initial(s) == letter for s in slugs)
        listed += slugs
    assert sorted(listed) == sorted(a.slug for a in model.actors)  # each actor on exactly one page
    back = Doc(paged[actors_letter_url(letters[0])].content.decode())
    assert any(a["href"] == "../../index.html" for a in back.all("a"))  # to the most mentioned
    index = paged["actors/index.html"].content.decode()
    assert all(f'href="letter/{x}/index.html"' in index for x in letters)
    people = [a for a in model.actors if a.kind == "person"]
    top = max(people, key=lambda a: sum(a.mentions.values()))
    assert "Most mentioned: people" in index and f'href="{top.slug}/index.html"' in index
    # a small site keeps one page with every actor
    single = {p.path for p in render_site(model, MODEL_CONFIG)}
    assert not any(p.startswith("actors/letter/") for p in single)
