"""Search in Chromium: the seeds built for and served under /digest/ by a plain file server; typing
a seed actor's name on the search page lists a result whose link opens that actor's page, with the
index in one bundle (the seeds fit in one shard) and split into shards the page merges. Without
JavaScript the page still reads, with links to the site's indexes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from .conftest import ROOT, Site, build_site, free_port, serve

pytestmark = pytest.mark.check

ACTOR = "actors/nobuo-kishi/index.html"


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The seeds under /digest/ with at most four pages a search shard, so the index is many bundles."""
    tmp = tmp_path_factory.mktemp("sharded-site")
    config = tmp / "config" / "site.yaml"
    config.parent.mkdir()
    config.write_text((ROOT / "content" / "site.yaml").read_text() + "\nsearch_shard_pages: 4\n")
    port = free_port()
    base = f"http://127.0.0.1:{port}/digest/"
    extra = ("--root", str(ROOT), "--cache-dir", str(tmp / "cache"), "--base-url", base)
    build_site(tmp / "www" / "digest", config, *extra)
    with serve(tmp / "www", port):
        yield Site(tmp / "www" / "digest", base)


def bundles(site: Site) -> list[str]:
    listed = (site.path / "pagefind" / "bundles.js").read_text()
    return json.loads(re.search(r"= (\[.*\]);", listed).group(1))


def naming(site: Site, word: str) -> list[str]:
    """The indexed pages whose indexed text (the `data-pagefind-body` element) holds a word that
    starts with `word`, as Pagefind matches a query's last word."""
    found = []
    for path in site.path.rglob("*.html"):
        body = re.search(r"<main[^>]*\sdata-pagefind-body[^>]*>(.*?)</main>", path.read_text(), re.S)
        if body and re.search(rf"\b{word}", re.sub(r"<[^>]+>", " ", body.group(1)), re.I):
            found.append(path.relative_to(site.path).as_posix())
    return found


def search_hrefs(page, query: str) -> list[str]:
    """The result links the search page lists for `query`, every page of them loaded."""
    page.locator("#search input").fill(query)
    results = page.locator("#search .pagefind-ui__result-link")
    results.first.wait_for(timeout=15_000)
    more = page.locator("#search .pagefind-ui__button")
    while more.count() and more.first.is_visible():
        shown = results.count()
        more.first.click()
        page.wait_for_function(
            f"document.querySelectorAll('#search .pagefind-ui__result-link').length > {shown}", timeout=15_000
        )
    return [results.nth(i).get_attribute("href") for i in range(results.count())]


def test_search_finds_a_seed_actor_under_a_sub_path(open_page, subpath_site) -> None:
    site, _ = subpath_site
    assert (site.path / "pagefind" / "pagefind-ui.js").is_file()
    assert bundles(site) == ["all"]  # the seeds fit in one shard
    page, visit = open_page(site.base_url + "search/index.html")
    assert not page.locator(".search-fallback").is_visible()  # the script took over
    page.locator("#search input").fill("Kishi")
    results = page.locator("#search .pagefind-ui__result-link")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert all(h.startswith("/digest/") and h.endswith("/index.html") for h in hrefs), hrefs
    assert f"/digest/{ACTOR}" in hrefs, hrefs  # on the first page of results
    page.locator(f'#search a[href="/digest/{ACTOR}"]').first.click()
    page.wait_for_load_state()
    assert page.url == site.base_url + ACTOR
    assert "Kishi" in page.locator("h1").inner_text()
    assert not visit.problems(), visit.problems()


def test_search_merges_every_shard_under_a_sub_path(open_page, sharded_site) -> None:
    names = bundles(sharded_site)
    assert len(names) > 5
    page, visit = open_page(sharded_site.base_url + "search/index.html")
    hrefs = search_hrefs(page, "Kishi")
    assert all(h.startswith("/digest/") and h.endswith("/index.html") for h in hrefs), hrefs
    assert len(set(hrefs)) == len(hrefs)  # each page once, from its own shard
    assert {h.split("/")[2] for h in hrefs} == {"actors", "articles", "storylines"}
    assert sorted(h.removeprefix("/digest/") for h in hrefs) == sorted(naming(sharded_site, "kishi"))
    assert f"/digest/{ACTOR}" in hrefs, hrefs
    page.locator(f'#search a[href="/digest/{ACTOR}"]').first.click()
    page.wait_for_load_state()
    assert page.url == sharded_site.base_url + ACTOR
    assert not visit.problems(), visit.problems()


def test_search_page_reads_without_javascript(browser, subpath_site) -> None:
    site, _ = subpath_site
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.base_url + "search/index.html")
        fallback = page.locator(".search-fallback")
        assert fallback.is_visible()
        for link in fallback.locator("a").all():
            target = page.evaluate("(a) => a.href", link.element_handle())
            assert context.request.get(target).ok, target
    finally:
        context.close()
