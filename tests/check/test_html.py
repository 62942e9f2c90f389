"""The Nu HTML Checker (vnu.jar, the W3C validator) reports no error on any built page."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import ROOT, Site

pytestmark = pytest.mark.check


def run_vnu(vnu: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*vnu, *args], capture_output=True, text=True, timeout=300)


def assert_valid_html(vnu: list[str], site: Site) -> None:
    pages = site.html_pages()
    assert len(pages) >= 5, f"expected a site, found {pages}"
    result = run_vnu(vnu, "--skip-non-html", "--errors-only", str(site.path))
    assert result.returncode == 0 and not result.stderr.strip(), (
        f"vnu found errors in {site.path}:\n{result.stderr}{result.stdout}"
    )


def test_seed_site_pages_are_valid_html(vnu: list[str], seed_site: Site) -> None:
    assert_valid_html(vnu, seed_site)


def test_hostile_site_pages_are_valid_html(vnu: list[str], hostile_site: Site) -> None:
    assert_valid_html(vnu, hostile_site)


def test_stylesheet_is_valid_css(vnu: list[str]) -> None:
    result = run_vnu(vnu, "--css", "--errors-only", str(ROOT / "templates" / "static" / "style.css"))
    assert result.returncode == 0, f"vnu found CSS errors:\n{result.stderr}{result.stdout}"


def test_vnu_catches_an_invalid_page(vnu: list[str], tmp_path) -> None:
    """The checker is really checking: a page with a stray end tag and a duplicate id fails."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">one</p><p id="a">two</p></div></body></html>',
        encoding="utf-8",
    )
    result = run_vnu(vnu, "--errors-only", str(page))
    assert result.returncode != 0
    assert "Duplicate ID" in result.stderr
