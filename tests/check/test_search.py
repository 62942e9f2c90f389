"""Search in Chromium: the seeds built for and served under /digest/ by a plain file server; typing
a seed actor's name on the search page lists a result whose link opens that actor's page. Without
JavaScript the page still reads, with links to the site's indexes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.check


def test_search_finds_a_seed_actor_under_a_sub_path(open_page, subpath_site) -> None:
    site, _ = subpath_site
    assert (site.path / "pagefind" / "pagefind-ui.js").is_file()
    page, visit = open_page(site.base_url + "search/index.html")
    assert not page.locator(".search-fallback").is_visible()  # the script took over
    page.locator("#search input").fill("Kishi")
    results = page.locator("#search .pagefind-ui__result-link")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert all(h.startswith("/digest/") and h.endswith("/index.html") for h in hrefs), hrefs
    assert "/digest/actors/nobuo-kishi/index.html" in hrefs, hrefs
    page.locator('#search a[href="/digest/actors/nobuo-kishi/index.html"]').first.click()
    page.wait_for_load_state()
    assert page.url == site.base_url + "actors/nobuo-kishi/index.html"
    assert "Kishi" in page.locator("h1").inner_text()
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
