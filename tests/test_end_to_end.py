"""The `briefing build` command on the real seeds: links, feed, determinism, atomicity, bad input."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import feedparser
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for key in ("href", "src"):
            if values.get(key):
                self.links.append(values[key] or "")


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def site(seeds_site: Path) -> Path:
    """The bundled example, built once for the session (conftest.py); the golden test reads it too."""
    return seeds_site


def test_every_internal_link_and_fragment_resolves(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    parsed = {}
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parsed[page] = parser
    broken = []
    for page, parser in parsed.items():
        for link in parser.links:
            if link.startswith(("http://", "https://", "mailto:")) or page.name == "404.html":
                continue
            target, fragment = urldefrag(link)
            path = (page.parent / unquote(target)).resolve() if target else page
            if not path.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif fragment and path.suffix == ".html":
                ids = parsed[path].ids if path in parsed else set()
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)} -> {link} (no #{fragment})")
    assert not broken, broken[:10]


def test_feed_parses_with_absolute_links_and_no_duplicate(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    links = [e.link for e in feed.entries]
    assert all(link.startswith("http://127.0.0.1:8000/articles/") for link in links)
    assert len(links) == 4  # five articles, one of them a rewrite shown as "also reported by"
    assert not any("001_98907c2f242617df" in link for link in links)


def test_pages_for_every_storyline_actor_article_and_month(site: Path) -> None:
    assert (site / "articles/004_0fd9d44081501451/index.html").is_file()
    assert (site / "actors/nobuo-kishi/index.html").is_file()
    assert (site / "archive/2022/05/index.html").is_file()
    assert len(list((site / "storylines").glob("*/index.html"))) == 3
    storyline = next(p for p in (site / "storylines").glob("2022-04-21-*/index.html"))
    assert "Also reported by" in storyline.read_text(encoding="utf-8")


def test_same_input_builds_byte_identical_files(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_build("--output", str(again), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert _digest(again) == _digest(site)


def test_bad_input_fails_cleanly_and_keeps_the_previous_site(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = _digest(out)
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\ndate: 2022-01-01\n---\nBody text here.\n", encoding="utf-8")
    result = run_build("--source", str(bad), "--output", str(out))
    assert result.returncode != 0
    assert str(bad) in result.stderr and "Traceback" not in result.stderr
    assert _digest(out) == before


def test_missing_source_is_one_clear_line(tmp_path: Path) -> None:
    result = run_build("--source", str(tmp_path / "nowhere"), "--output", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "nowhere" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_model_names_the_install_command(tmp_path: Path) -> None:
    config = tmp_path / "site.yaml"
    config.write_text(
        "extract: {model: no_such_model_xx, model_package: no-such-model-xx}\n", encoding="utf-8"
    )
    result = run_build(
        "--config",
        str(config),
        "--source",
        str(ROOT / "seeds"),
        "--output",
        str(tmp_path / "o"),
        "--no-cache",
    )
    assert result.returncode != 0
    assert "pip install no-such-model-xx" in result.stderr and "Traceback" not in result.stderr
