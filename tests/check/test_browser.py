"""Debian's Chromium (via Playwright) loads every kind of page: no script runs, no error, no request
leaves 127.0.0.1, axe-core finds no serious or critical accessibility violation, nothing overflows
at 390px; screenshots go to test-output/screenshots/."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, PHONE, SCREENSHOTS, Site, overflow, serious_violations

pytestmark = pytest.mark.check


def page_types(site: Site) -> dict[str, str]:
    """One site path for each kind of page."""
    pages = site.html_pages()

    def first(pattern: str) -> str:
        found = [p for p in pages if re.fullmatch(pattern, p)]
        assert found, f"no page matches {pattern}"
        return found[0]

    return {
        "home": "index.html",
        "storylines": "storylines/index.html",
        "storyline": first(r"storylines/[^/]+/index\.html"),
        "actors": "actors/index.html",
        "actor": first(r"actors/[^/]+/index\.html"),
        "article": first(r"articles/[^/]+/index\.html"),
        "archive": "archive/index.html",
        "month": first(r"archive/\d{4}/\d{2}/index\.html"),
        "about": "about/index.html",
        "not-found": "404.html",
    }


KINDS = ["home", "storylines", "storyline", "actors", "actor", "article", "archive", "month", "about"]
KINDS += ["not-found"]


@pytest.mark.parametrize("kind", KINDS)
def test_page_in_browser(kind: str, open_page, axe, seed_site: Site, served_seed_site: str) -> None:
    path = page_types(seed_site)[kind]
    page, visit = open_page(served_seed_site + path)
    assert not visit.problems(), f"{path}: {visit.problems()}"
    assert page.title(), f"{path}: no title"
    assert page.locator("h1").count() == 1, f"{path}: expected one <h1>"
    # the stylesheet really applied (a missing CSS file would leave the default serif, 8px margin)
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px", f"{path}: no stylesheet"
    assert overflow(page) <= 0, f"{path}: {overflow(page)}px horizontal overflow at 390px"
    violations = serious_violations(axe, page)
    assert not violations, f"{path}: axe-core:\n" + "\n".join(violations)


@pytest.mark.parametrize("kind", ["home", "storyline", "actor"])
@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots(kind: str, width: int, open_page, seed_site: Site, served_seed_site: str) -> None:
    path = page_types(seed_site)[kind]
    page, visit = open_page(served_seed_site + path, PHONE if width == 390 else DESKTOP)
    assert not visit.problems()
    assert overflow(page) <= 0, f"{path}: {overflow(page)}px horizontal overflow at {width}px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{kind}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5_000


def test_skip_link_moves_focus_to_main(open_page, seed_site: Site, served_seed_site: str) -> None:
    page, _ = open_page(served_seed_site)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_subpath_pages_in_browser(open_page, subpath_site) -> None:
    """Under /digest/, every page loads its stylesheet and nothing 404s."""
    site, _ = subpath_site
    for path in site.html_pages():
        page, visit = open_page(site.base_url + path)
        assert not visit.problems(), f"{path}: {visit.problems()}"
        assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px", f"{path}: no stylesheet"
        page.context.close()
