"""LinkChecker crawls the served site: every internal link and #fragment resolves, at / and under /digest/."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import Site, serve

pytestmark = pytest.mark.check


def run_linkchecker(linkchecker: str, tmp: Path, urls: list[str], intern: str) -> tuple[int, list[dict]]:
    """Crawl from `urls`, following only URLs matching `intern`; checks #fragments (AnchorCheck)."""
    config = tmp / "linkcheckerrc"
    config.write_text(
        "[checking]\nthreads=4\ntimeout=20\nmaxrequestspersecond=1000\n"
        f"[filtering]\ncheckextern=0\ninternlinks={intern}\n"
        "[AnchorCheck]\n",
        encoding="utf-8",
    )
    config.chmod(0o644)
    tmp.chmod(0o755)  # LinkChecker drops root privileges to 'nobody' before reading it
    result = subprocess.run(
        [linkchecker, "-f", str(config), "--no-status", "--verbose", "-o", "csv", *urls],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert rows, f"LinkChecker checked nothing:\n{result.stdout}\n{result.stderr}"
    return result.returncode, rows


def problems(rows: list[dict]) -> list[str]:
    return [
        f"{r['url']} (from {r['parentname']}): {r['result']} {r['warningstring']}".strip()
        for r in rows
        if r["valid"] != "True" or r["warningstring"]
    ]


def _page_url(url: str) -> str:
    url = url.split("#", 1)[0]
    return url + "index.html" if url.endswith("/") else url


def assert_whole_site_checked(site: Site, root_url: str, rows: list[dict], host: str) -> None:
    checked = {_page_url(r["url"]) for r in rows if r["result"].startswith("200")}
    missing = [p for p in site.html_pages() if root_url + p not in checked]
    assert not missing, f"pages the crawl never reached (orphans or broken navigation): {missing}"
    fetched_elsewhere = [
        r["url"]
        for r in rows
        if urlsplit(r["url"]).netloc != host
        and r["result"]
        and not r["result"].startswith("filtered")
        and urlsplit(r["url"]).scheme != "data"  # inline (Pagefind's CSS icon): nothing is fetched
    ]
    assert not fetched_elsewhere, f"LinkChecker went outside {host}: {fetched_elsewhere}"


def test_links_at_site_root(linkchecker: str, seed_site: Site, served_seed_site: str, tmp_path) -> None:
    host = urlsplit(served_seed_site).netloc
    code, rows = run_linkchecker(
        linkchecker,
        tmp_path,
        [served_seed_site, served_seed_site + "404.html"],
        "^" + re.escape(served_seed_site),
    )
    assert code == 0 and not problems(rows), "broken links:\n" + "\n".join(problems(rows))
    assert_whole_site_checked(seed_site, served_seed_site, rows, host)


def test_links_under_a_sub_path(linkchecker: str, subpath_site, tmp_path) -> None:
    """Served under /digest/ and built for that base URL. The whole host counts as internal, so a
    link that escapes /digest/ (a root-relative href) is followed and fails instead of being skipped."""
    site, server = subpath_site
    host = urlsplit(server).netloc
    code, rows = run_linkchecker(
        linkchecker, tmp_path, [site.base_url, site.base_url + "404.html"], "^" + re.escape(server)
    )
    assert code == 0 and not problems(rows), "broken links:\n" + "\n".join(problems(rows))
    assert_whole_site_checked(site, site.base_url, rows, host)
    canonical = [r for r in rows if r["url"].startswith(site.base_url) and r["result"].startswith("200")]
    assert len(canonical) >= len(site.html_pages())


def test_links_in_hostile_site(
    linkchecker: str, hostile_site: Site, served_hostile_site: str, tmp_path
) -> None:
    code, rows = run_linkchecker(
        linkchecker, tmp_path, [served_hostile_site], "^" + re.escape(served_hostile_site)
    )
    assert code == 0 and not problems(rows), "broken links:\n" + "\n".join(problems(rows))
    assert_whole_site_checked(
        hostile_site,
        served_hostile_site,
        [*rows, {"url": served_hostile_site + "404.html", "result": "200"}],
        urlsplit(served_hostile_site).netloc,
    )


def test_linkchecker_catches_broken_links_and_fragments(linkchecker: str, tmp_path) -> None:
    """The checker is really checking: a missing page and a missing #fragment on another page are
    reported. (Its handling of same-page '#x' links is unreliable, so test_fragments.py checks those.)"""
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><h1 id="here">t</h1>'
        '<a href="missing.html">missing</a> <a href="b.html#there">ok</a> '
        '<a href="b.html#gone">bad fragment</a> <a href="https://example.invalid/">external</a></body></html>',
        encoding="utf-8",
    )
    (www / "b.html").write_text(
        '<!doctype html><html lang="en"><head><title>b</title></head><body><p id="there">b</p></body></html>',
        encoding="utf-8",
    )
    with serve(www) as url:
        code, rows = run_linkchecker(linkchecker, tmp_path, [url], "^" + re.escape(url))
    found = problems(rows)
    assert code != 0
    assert any("missing.html" in p for p in found), found
    assert any("b.html#gone" in p for p in found), found
    assert len(found) == 2, found
    external = [r for r in rows if "example.invalid" in r["url"]]
    assert external and all(r["result"].startswith("filtered") for r in external), external
